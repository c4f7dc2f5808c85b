"""The deployment files in deploy/ agree with each other, with the code and with the lock file.

Docker and Kubernetes are not available where these tests run, so nothing here builds an
image or installs the chart: the tests read the files and check what can be checked without
them (images pinned, endpoints parsed by Rasa itself with the environment filled in, files
referenced by compose present, no literal secrets). docs/scaleout.md says what was run.
"""
import re
from pathlib import Path

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
# action server URL): the endpoints file must use these names to fit the chart too.
CHART_ENV = {"DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_DATABASE", "REDIS_HOST", "REDIS_PORT",
             "REDIS_PASSWORD", "ACTION_SERVER_URL"}
FAKE_ENV = {
    "DB_HOST": "db.internal", "DB_PORT": "5432", "DB_USER": "rasa", "DB_PASSWORD": "pw-from-env",
    "DB_DATABASE": "rasa", "REDIS_HOST": "redis.internal", "REDIS_PORT": "6379", "REDIS_PASSWORD": "redis-pw-from-env",
    "ACTION_SERVER_URL": "http://action-server:5055/webhook",
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
            if (SECRET_WORDS.search(str(key)) and not SECRET_NAMES.match(str(key))
                    and isinstance(item, (str, int)) and str(item).strip()):
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


def pip_pins(text: str) -> dict:
    return dict(re.findall(r"([A-Za-z0-9_.-]+)==([0-9][0-9A-Za-z.]*)", text))


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


def test_scaleout_endpoints_use_the_helm_charts_variable_names():
    assert env_names(ENDPOINTS.read_text()) <= CHART_ENV


def test_scaleout_endpoints_hold_no_secret():
    assert secret_literals(load(ENDPOINTS)) == []


# --- images -------------------------------------------------------------------------------

def test_images_are_pinned_to_the_locked_rasa_versions():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"rasa[spacy]=={RASA_VERSION}"' in pyproject and f'"rasa-sdk=={SDK_VERSION}"' in pyproject
    assert uv_lock_version("rasa") == RASA_VERSION and uv_lock_version("rasa-sdk") == SDK_VERSION
    assert from_image(dockerfile("Dockerfile")) == f"rasa/rasa:{RASA_VERSION}"
    assert from_image(dockerfile("Dockerfile.actions")) == f"rasa/rasa-sdk:{SDK_VERSION}"


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.actions"])
def test_extra_packages_are_pinned_as_in_uv_lock(name):
    pins = pip_pins(dockerfile(name))
    assert {"spacy", "negspacy", "spacy-lookups-data"} <= set(pins)
    for package, version in pins.items():
        assert version == uv_lock_version(package.lower()), f"{name}: {package}=={version}"


@pytest.mark.parametrize("name", ["Dockerfile", "Dockerfile.actions"])
def test_images_copy_what_exists_or_what_make_builds(name):
    text = dockerfile(name)
    makefile = (ROOT / "Makefile").read_text()
    built = {re.search(r"^SPACY_PIPELINE := (\S+)", makefile, re.MULTILINE).group(1) + "/",
             re.search(r"^MODEL := (\S+)", makefile, re.MULTILINE).group(1)}
    ignore = (DEPLOY / f"{name}.dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    assert "*" in ignore, "the build context must be a whitelist (the venv is gigabytes)"
    for source in copy_sources(text):
        assert (ROOT / source).exists() or source in built, f"{name} copies {source}, which nothing provides"
        assert source.rstrip("/") in allowed, f"{source} is excluded from the build context"


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
    return {name: service for name, service in compose["services"].items()
            if service.get("build", {}).get("dockerfile") == "deploy/Dockerfile"}


def test_compose_has_the_pieces(compose):
    services = compose["services"]
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert len(rasa_services(compose)) == 2
    assert services["action-server"]["build"]["dockerfile"] == "deploy/Dockerfile.actions"
    assert services["action-server"]["image"].endswith(f":{SDK_VERSION}")
    for service in rasa_services(compose).values():
        assert service["image"].endswith(f":{RASA_VERSION}")
    for name, service in services.items():
        assert ":" in service.get("image", "") and not service["image"].endswith(":latest"), name


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
        assert "--auth-token" in command and "$$RASA_API_TOKEN" in command  # the API only with a token


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


def test_helm_values_pin_our_images(helm):
    assert helm["image"]["tag"] == RASA_VERSION
    assert helm["rasa-action-server"]["image"]["tag"] == SDK_VERSION
    assert helm["image"]["repository"] and helm["rasa-action-server"]["image"]["repository"]


def test_helm_values_scale_out_on_external_stores(helm, tmp_path, monkeypatch):
    assert helm["replicaCount"] >= 2
    assert helm["postgresql"]["install"] is False and helm["postgresql"]["external"]["enabled"] is True
    assert helm["redis"]["install"] is False and helm["redis"]["external"]["enabled"] is True
    assert helm["rasa-action-server"]["install"] is True
    assert helm["applicationSettings"]["initialModel"] == "" and helm["applicationSettings"]["trainInitialModel"] is False
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
    for name in ("RASA_API_TOKEN", "SOCKETIO_SESSION_SECRET"):
        assert "secretKeyRef" in env[name]["valueFrom"], name
    assert "$(RASA_API_TOKEN)" in helm["args"] and "--jwt-secret" not in helm["args"]
    assert helm["global"]["postgresql"]["existingSecret"] and helm["redis"]["existingSecret"]
    credentials = helm["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    ours = load(ROOT / "credentials.yml")
    assert set(credentials) == set(ours)  # the same channels as credentials.yml


def test_no_secret_shaped_text_anywhere_in_deploy():
    shapes = re.compile(r"xox[abp]-|-----BEGIN|\b[0-9]{8,10}:[A-Za-z0-9_-]{30,}|\b[a-f0-9]{32,}\b")
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            assert not shapes.search(path.read_text(errors="replace")), path


# --- the action-server guard -------------------------------------------------------------

def test_the_guard_probes_the_deployed_action_server(monkeypatch, compose, helm):
    """The deploy files tell the guard where the action server's /health is, and it listens."""
    from addons.action_server_guard import action_server_health_url

    for service in rasa_services(compose).values():
        environment = service["environment"]
        assert environment["ACTION_SERVER_HEALTH_URL"] == environment["ACTION_SERVER_URL"].replace("/webhook", "/health")
    helm_env = {item["name"]: item.get("value") for item in helm["extraEnv"]}
    action_service = helm["rasa-action-server"]["fullnameOverride"]
    assert helm_env["ACTION_SERVER_HEALTH_URL"] == f"http://{action_service}/health"
    monkeypatch.setenv("ACTION_SERVER_HEALTH_URL", "http://action-server:5055/health")
    assert action_server_health_url() == "http://action-server:5055/health"
