"""The deployment files in deploy/ agree with each other, with the code and with the lock file.

These read the files (images pinned, requirements equal to uv.lock, endpoints parsed by Rasa
itself with the environment filled in, Helm values valid against the chart's schema, no
literal secrets). `make test-deploy` (scripts/check_deploy.py) builds and runs them;
docs/scaleout.md says what was run.
"""

import json
import subprocess
import sys
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from rasa.core.lock_store import RedisLockStore
from rasa.core.utils import AvailableEndpoints, _lock_store_is_multi_worker_compatible
from rasa.shared.exceptions import RasaException
from rasa.shared.utils.common import class_from_module_path

from addons.tracker_store import StrictSQLTrackerStore

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ENDPOINTS = DEPLOY / "endpoints.scaleout.yml"
RASA_VERSION, SDK_VERSION = "3.6.21", "3.6.2"
OUR_TRACKER_STORE = "addons.tracker_store.StrictSQLTrackerStore"
# Variables Rasa's Helm chart puts into the Rasa container (rasa-common's psql/redis envs, the
# action server URL): the endpoints file must use these names, or ones the values' extraEnv sets.
CHART_ENV = {
    "DB_HOST",
    "DB_PORT",
    "DB_USER",
    "DB_PASSWORD",
    "DB_DATABASE",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_PASSWORD",
    "ACTION_SERVER_URL",
}
FAKE_ENV = {
    "DB_HOST": "db.internal",
    "DB_PORT": "5432",
    "DB_USER": "rasa",
    "DB_PASSWORD": "pw-from-env",
    "DB_DATABASE": "rasa",
    "REDIS_HOST": "redis.internal",
    "REDIS_PORT": "6379",
    "REDIS_PASSWORD": "redis-pw-from-env",
    "ACTION_SERVER_URL": "http://action-server:5055/webhook",
    "ACTION_SERVER_TOKEN": "action-token-from-env",
}
SECRET_WORDS = re.compile(r"pass(word)?|secret|token", re.IGNORECASE)
# Keys that hold the *name* of a Kubernetes Secret (or of a key in it), not a secret.
SECRET_NAMES = re.compile(r"^existingSecret", re.IGNORECASE)
ENV_REFERENCE = re.compile(r"^\$\{[A-Z0-9_]+(:?[?-][^}]*)?\}$|^\$\([A-Z0-9_]+\)$")


def load(path: Path):
    return yaml.safe_load(path.read_text())


def env_names(text: str) -> set:
    """Variables a YAML text really uses (in its values, not in its comments)."""
    return set(re.findall(r"\$\{([A-Z0-9_]+)", " ".join(strings(yaml.safe_load(text)))))


def uv_lock_version(package: str) -> str:
    lock = (ROOT / "uv.lock").read_text()
    found = re.search(rf'^name = "{re.escape(package)}"\nversion = "([^"]+)"', lock, re.MULTILINE)
    assert found, f"{package} not in uv.lock"
    return found.group(1)


def read_endpoints(path: Path, monkeypatch, env: dict = FAKE_ENV) -> AvailableEndpoints:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return AvailableEndpoints.read_endpoints(str(path))


def strings(value):
    """Every string inside a parsed YAML/JSON-like value."""
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def secret_literals(value, path=""):
    """(path, value) of keys that name a secret but hold a literal instead of a reference."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if (
                SECRET_WORDS.search(str(key))
                and not SECRET_NAMES.match(str(key))
                and isinstance(item, (str, int))
                and str(item).strip()
            ):
                if not ENV_REFERENCE.match(str(item).strip()):
                    found.append((where, item))
            found += secret_literals(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += secret_literals(item, f"{path}[{index}]")
    return found


def dockerfile(name: str) -> str:
    return (DEPLOY / name).read_text()


def from_image(text: str) -> str:
    return re.search(r"^FROM\s+(\S+)", text, re.MULTILINE).group(1)


def copy_sources(text: str) -> list:
    sources = []
    for line in re.findall(r"^COPY\s+(.+)$", text, re.MULTILINE):
        parts = [part for part in line.split() if not part.startswith("--")]
        sources += parts[:-1]
    return sources


def build_arg_default(text: str, name: str) -> str:
    return re.search(rf"^ARG {name}=(\S+)$", text, re.MULTILINE).group(1)


def compose_default(value: str) -> str:
    """The value compose uses when the variable is not set: ${NAME:-default} -> default."""
    found = re.fullmatch(r"\$\{[A-Z0-9_]+:-([^}]*)\}", value)
    return found.group(1) if found else value


# --- endpoints ----------------------------------------------------------------------------


def test_scaleout_endpoints_parse_with_rasa_and_fill_in_every_variable(monkeypatch):
    endpoints = read_endpoints(ENDPOINTS, monkeypatch)
    store, lock, action = endpoints.tracker_store, endpoints.lock_store, endpoints.action
    assert store.type == OUR_TRACKER_STORE
    assert store.url == "db.internal" and store.kwargs["dialect"] == "postgresql"
    assert store.kwargs["password"] == "pw-from-env" and store.kwargs["username"] == "rasa"
    assert "login_db" not in store.kwargs  # a missing database must stop the server, not loop
    assert lock.url == "redis.internal" and lock.kwargs["password"] == "redis-pw-from-env"
    assert action.url == "http://action-server:5055/webhook"
    assert action.headers == {"Authorization": "Bearer action-token-from-env"}  # the action server checks it
    everything = [store.url, lock.url, action.url, *strings(store.kwargs), *strings(lock.kwargs)]
    assert not [value for value in everything if "${" in value], "a quoted ${...} is not substituted by Rasa"


def test_scaleout_endpoints_name_our_stores(monkeypatch):
    endpoints = read_endpoints(ENDPOINTS, monkeypatch)
    assert class_from_module_path(endpoints.tracker_store.type) is StrictSQLTrackerStore
    lock_class = class_from_module_path(endpoints.lock_store.type)
    assert issubclass(lock_class, RedisLockStore)  # a Redis lock store
    assert _lock_store_is_multi_worker_compatible(endpoints.lock_store)  # SANIC_WORKERS > 1 allowed


def test_scaleout_endpoints_refuse_a_missing_variable(monkeypatch):
    env = dict(FAKE_ENV)
    del env["DB_PASSWORD"]
    monkeypatch.delenv("DB_PASSWORD", raising=False)
    with pytest.raises(RasaException, match="DB_PASSWORD"):
        read_endpoints(ENDPOINTS, monkeypatch, env)


def test_scaleout_endpoints_use_the_helm_charts_variable_names(helm):
    extra_env = {item["name"] for item in helm["extraEnv"]}
    assert env_names(ENDPOINTS.read_text()) <= CHART_ENV | extra_env


def test_scaleout_endpoints_hold_no_secret():
    assert secret_literals(load(ENDPOINTS)) == []


# --- images -------------------------------------------------------------------------------


def test_images_are_pinned_to_the_locked_rasa_versions():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"rasa[spacy]=={RASA_VERSION}"' in pyproject and f'"rasa-sdk=={SDK_VERSION}"' in pyproject
    assert uv_lock_version("rasa") == RASA_VERSION and uv_lock_version("rasa-sdk") == SDK_VERSION
    rasa, actions = dockerfile("Dockerfile"), dockerfile("Dockerfile.actions")
    # The base is a build argument whose default is the public image.
    assert build_arg_default(rasa, "RASA_IMAGE") == f"rasa/rasa:{RASA_VERSION}"
    assert build_arg_default(actions, "SDK_IMAGE") == f"rasa/rasa-sdk:{SDK_VERSION}"
    assert re.findall(r"^FROM (\S+)$", rasa, re.MULTILINE)[-1] == "${RASA_IMAGE}"
    assert re.findall(r"^FROM (\S+)$", actions, re.MULTILINE)[-1] == "${SDK_IMAGE}"


def test_the_requirements_are_the_lock():
    """deploy/requirements/*.txt are what deploy/requirements.py writes from uv.lock now."""
    found = subprocess.run([sys.executable, str(DEPLOY / "requirements.py"), "--check"], capture_output=True, text=True)
    assert found.returncode == 0, found.stdout + found.stderr
    rasa = (DEPLOY / "requirements" / "rasa.txt").read_text()
    assert f"\nrasa=={RASA_VERSION} \\\n" in rasa and "--hash=sha256:" in rasa


@pytest.mark.parametrize("name, requirements", [("Dockerfile", "rasa.txt"), ("Dockerfile.actions", "actions.txt")])
def test_images_install_the_requirements_with_hashes_and_no_build_tools(name, requirements):
    text = dockerfile(name)
    assert f"deploy/requirements/{requirements}" in text and "--require-hashes" in text
    final = text[text.rindex("\nFROM ") :]  # the last stage is the image
    assert "build-essential" not in final and "--no-index" in final and "pip check" in final
    assert "HEALTHCHECK" in final and "USER 1001" in final


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.actions"])
def test_images_copy_what_exists_or_what_make_builds(name):
    text = dockerfile(name)
    makefile = (ROOT / "Makefile").read_text()
    built = {
        re.search(r"^SPACY_PIPELINE := (\S+)", makefile, re.MULTILINE).group(1) + "/",
        re.search(r"^MODEL := (\S+)", makefile, re.MULTILINE).group(1),
        "build/deploy/wheelhouse/",
    }  # scripts/check_deploy.py fills it (PACKAGES=wheelhouse)
    ignore = (DEPLOY / f"{name}.dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    assert "*" in ignore, "the build context must be a whitelist (the venv is gigabytes)"
    for source in copy_sources(text):
        assert (ROOT / source).exists() or source in built, f"{name} copies {source}, which nothing provides"
        assert source.rstrip("/") in allowed or source.startswith(tuple(f"{entry}/" for entry in allowed)), (
            f"{source} is excluded from the build context"
        )


def test_the_rasa_image_has_everything_config_and_the_model_need():
    sources = {source.rstrip("/") for source in copy_sources(dockerfile("Dockerfile"))}
    config = (ROOT / "config.yml").read_text()
    assert re.search(r"model: (\S+)", config).group(1) in sources  # SpacyNLP's pipeline path
    assert {"addons", "actions", "credentials.yml", "deploy/endpoints.scaleout.yml"} <= sources
    assert "USER 1001" in dockerfile("Dockerfile") and "USER 1001" in dockerfile("Dockerfile.actions")


# --- docker compose -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose():
    return load(DEPLOY / "docker-compose.yml")


def rasa_services(compose) -> dict:
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("build", {}).get("dockerfile") == "deploy/Dockerfile"
    }


def test_compose_has_the_pieces(compose):
    services = compose["services"]
    # Public images by default; make test-deploy sets the variables to its stand-ins.
    assert compose_default(services["postgres"]["image"]) == "postgres:15"
    assert compose_default(services["redis"]["image"]) == "redis:7"
    assert compose_default(services["nginx"]["image"]).startswith("nginx:1.")
    assert len(rasa_services(compose)) == 2
    assert services["action-server"]["build"]["dockerfile"] == "deploy/Dockerfile.actions"
    assert compose_default(services["action-server"]["image"]).endswith(f":{SDK_VERSION}")
    assert compose_default(services["action-server"]["build"]["args"]["SDK_IMAGE"]) == f"rasa/rasa-sdk:{SDK_VERSION}"
    for service in rasa_services(compose).values():
        assert compose_default(service["image"]).endswith(f":{RASA_VERSION}")
        assert compose_default(service["build"]["args"]["RASA_IMAGE"]) == f"rasa/rasa:{RASA_VERSION}"
    for name, service in services.items():
        image = compose_default(service.get("image", ""))
        assert ":" in image and not image.endswith(":latest"), name


def test_compose_references_files_that_exist(compose):
    for name, service in compose["services"].items():
        build = service.get("build")
        if build:
            context = (DEPLOY / build["context"]).resolve()
            assert (context / build["dockerfile"]).is_file(), name
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).is_file(), f"{name} mounts {source}"


def test_compose_publishes_only_on_loopback(compose):
    published = [(name, port) for name, service in compose["services"].items() for port in service.get("ports", [])]
    assert published, "the load balancer must be reachable"
    for name, port in published:
        assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def test_compose_rasa_services_get_every_endpoints_variable(compose):
    needed = env_names(ENDPOINTS.read_text())
    for name, service in rasa_services(compose).items():
        assert needed <= set(service["environment"]), f"{name} misses {needed - set(service['environment'])}"
        assert service["environment"]["ACTION_SERVER_URL"].startswith("http://action-server:")
        command = " ".join(service["command"])
        # The API only with a JWT secret, which the image's entrypoint reads from the environment.
        assert "--enable-api" in command and "--auth-token" not in command and "--jwt-secret" not in command
        assert service["environment"]["RASA_JWT_SECRET"].startswith("${RASA_JWT_SECRET:?")
        assert "/app/deploy/endpoints.yml" in command
    assert compose["services"]["action-server"]["environment"]["ACTION_SERVER_TOKEN"].startswith(
        "${ACTION_SERVER_TOKEN:?"
    )


def test_compose_holds_no_literal_secret(compose):
    assert secret_literals(compose) == []
    assert secret_literals({"x": compose.get("x-rasa", {})}) == []


def test_nginx_balances_over_the_compose_rasa_services(compose):
    conf = (DEPLOY / "nginx.conf").read_text()
    upstreams = dict(re.findall(r"upstream (\w+) \{(.*?)\}", conf, re.DOTALL))
    expected = {f"{name}:5005" for name in rasa_services(compose)}
    for name, body in upstreams.items():
        assert set(re.findall(r"server (\S+?)[ ;]", body)) == expected, name
    assert "ip_hash" in upstreams["rasa_socketio"]
    assert "proxy_pass http://rasa_socketio" in conf and "proxy_pass http://rasa;" in conf
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in compose["services"]["nginx"]["volumes"]


# --- Helm ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def helm():
    return load(DEPLOY / "helm" / "values.yml")


def chart_endpoints(values: dict) -> str:
    """endpoints.yml as the chart's config-map template renders it (key: value per line)."""
    lines = []
    settings = values["applicationSettings"]["endpoints"]
    for section, key in (("tracker_store", "trackerStore"), ("lock_store", "lockStore")):
        lines.append(f"{section}:")
        for name, value in settings[key].items():
            if name != "enabled" and value is not None:  # Helm drops keys set to null
                lines.append(f"  {name}: {value}")
    lines += ["action_endpoint:", "  url: ${ACTION_SERVER_URL}"]
    return "\n".join(lines) + "\n"


SCHEMAS = DEPLOY / "helm" / "schema"


def without_nulls(value):
    """The values as Helm checks them: a key set to null is deleted by Helm's merge first."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def schema_errors(values: dict, schema_file: str) -> list:
    schema = json.loads((SCHEMAS / schema_file).read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'.'.join(map(str, error.path))}: {error.message}" for error in validator.iter_errors(without_nulls(values))
    ]


def test_helm_values_name_the_chart_version_of_the_kept_schema():
    text = (DEPLOY / "helm" / "values.yml").read_text()
    assert "--version 1.16.1" in text and (SCHEMAS / "rasa-1.16.1.values.schema.json").is_file()
    assert "fb898a2613a4073b2a0233891df62e7db1e2da1a" in (SCHEMAS / "README.md").read_text()


def test_helm_values_are_valid_for_the_charts_schemas(helm):
    assert schema_errors(helm, "rasa-1.16.1.values.schema.json") == []
    assert schema_errors(helm["rasa-action-server"], "rasa-action-server-1.0.x.values.schema.json") == []


@pytest.mark.parametrize(
    "path, value, schema_file",
    [
        (("rasa-action-server", "fullnameOverride"), "twitch-rasa-action-server", "rasa-action-server"),
        (("rasa-action-server", "image", "repository"), "registry.example.com/actions", "rasa-action-server"),
        (("replicaCount",), "2", "rasa"),
        (("applicationSettings", "endpoints", "lockStore", "db"), 1, "rasa"),
    ],
)
def test_the_schema_check_catches_a_wrong_type(helm, path, value, schema_file):
    broken = json.loads(json.dumps(helm))
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    part = broken["rasa-action-server"] if schema_file == "rasa-action-server" else broken
    files = {
        "rasa": "rasa-1.16.1.values.schema.json",
        "rasa-action-server": "rasa-action-server-1.0.x.values.schema.json",
    }
    assert schema_errors(part, files[schema_file]) != []


def test_helm_values_pin_our_images(helm):
    assert helm["image"]["tag"] == RASA_VERSION
    assert helm["rasa-action-server"]["image"]["tag"] == SDK_VERSION
    assert helm["image"]["repository"]
    assert helm["rasa-action-server"]["registry"] and helm["rasa-action-server"]["image"]["name"]


def test_helm_values_scale_out_on_external_stores(helm, tmp_path, monkeypatch):
    assert helm["replicaCount"] >= 2
    assert helm["postgresql"]["install"] is False and helm["postgresql"]["external"]["enabled"] is True
    assert helm["redis"]["install"] is False and helm["redis"]["external"]["enabled"] is True
    assert helm["rasa-action-server"]["install"] is True
    assert (
        helm["applicationSettings"]["initialModel"] == "" and helm["applicationSettings"]["trainInitialModel"] is False
    )
    rendered = tmp_path / "endpoints.yml"
    rendered.write_text(chart_endpoints(helm))
    endpoints = read_endpoints(rendered, monkeypatch)
    assert endpoints.tracker_store.type == OUR_TRACKER_STORE and endpoints.tracker_store.url == "db.internal"
    assert "login_db" not in endpoints.tracker_store.kwargs
    assert issubclass(class_from_module_path(endpoints.lock_store.type), RedisLockStore)
    assert endpoints.lock_store.kwargs["password"] == "redis-pw-from-env"
    assert env_names(rendered.read_text()) <= CHART_ENV


def test_helm_values_take_secrets_from_kubernetes_secrets(helm):
    assert secret_literals(helm) == []
    env = {item["name"]: item for item in helm["extraEnv"]}
    for name in ("RASA_JWT_SECRET", "SOCKETIO_SESSION_SECRET", "ACTION_SERVER_TOKEN"):
        assert "secretKeyRef" in env[name]["valueFrom"], name
    # No secret in the arguments: the image's entrypoint adds the JWT secret inside the process.
    assert "--enable-api" in helm["args"] and not {"--auth-token", "--jwt-secret"} & set(helm["args"])
    assert "rasa_quiet.py" in dockerfile("Dockerfile") and "scripts/api_secret.py" in dockerfile("Dockerfile")
    # Rasa reads the image's endpoints (with the action server's token header), not the chart's.
    assert helm["args"][helm["args"].index("--endpoints") + 1] == "/app/deploy/endpoints.yml"
    action_env = {item["name"]: item for item in helm["rasa-action-server"]["extraEnv"]}
    assert action_env["ACTION_SERVER_TOKEN"]["valueFrom"] == env["ACTION_SERVER_TOKEN"]["valueFrom"]
    assert helm["global"]["postgresql"]["existingSecret"] and helm["redis"]["existingSecret"]
    credentials = helm["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    ours = load(ROOT / "credentials.yml")
    assert set(credentials) == set(ours)  # the same channels as credentials.yml


def test_no_secret_shaped_text_anywhere_in_deploy():
    shapes = re.compile(r"xox[abp]-|-----BEGIN|\b[0-9]{8,10}:[A-Za-z0-9_-]{30,}|\b[a-f0-9]{32,}\b")
    for path in DEPLOY.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(errors="replace")
            # Package hashes and the schemas' source commits are long hex strings, not secrets.
            text = re.sub(r"--hash=sha256:[0-9a-f]{64}|commit `[0-9a-f]{40}`", "", text)
            assert not shapes.search(text), path


# --- the action-server guard -------------------------------------------------------------


def test_the_guard_probes_the_deployed_action_server(monkeypatch, compose, helm):
    """The deploy files tell the guard where the action server's /health is, and it listens."""
    from addons.action_server_guard import action_server_health_url

    for service in rasa_services(compose).values():
        environment = service["environment"]
        assert environment["ACTION_SERVER_HEALTH_URL"] == environment["ACTION_SERVER_URL"].replace(
            "/webhook", "/health"
        )
    helm_env = {item["name"]: item.get("value") for item in helm["extraEnv"]}
    # The sub-chart names its Service after the release: <release>-rasa-action-server.
    release = re.search(r"helm install (\S+) rasa/rasa", (DEPLOY / "helm" / "values.yml").read_text()).group(1)
    action_service = f"{release}-rasa-action-server"
    assert helm_env["ACTION_SERVER_HEALTH_URL"] == f"http://{action_service}/health"
    monkeypatch.setenv("ACTION_SERVER_HEALTH_URL", "http://action-server:5055/health")
    assert action_server_health_url() == "http://action-server:5055/health"
