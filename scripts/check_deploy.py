"""The deployment run for real (`make test-deploy`): deploy/docker-compose.yml built, started and checked.

1. Host: Debian's docker.io, debootstrap and a compose implementation are installed when
   missing, and dockerd is started when none answers (and stopped again at the end).
2. Stand-ins for the public base images, which this machine kind cannot pull: Debian bookworm
   from debootstrap (`docker import`), then Python 3.10, PostgreSQL 15, Redis 7 and nginx on it
   from Debian's packages (deploy/standin/, deploy/README.md). They are kept between runs
   unless --fresh; a changed Dockerfile rebuilds its stand-in.
3. The locked packages (deploy/requirements/rasa.txt) downloaded on the host, hashes checked
   (build/deploy/wheelhouse/, kept like the stand-ins), then both project images built from
   deploy/Dockerfile and deploy/Dockerfile.actions with the stand-in bases and PACKAGES=wheelhouse.
4. `compose up`: nginx (the only published port, 127.0.0.1 in 17000-17999), two Rasa
   replicas, the action server, PostgreSQL and Redis, with secrets generated for this run.
5. Through nginx: an FAQ answer with its Source, a symptom check whose turns both replicas
   answer, an emergency, the widget's socket.io handshake and chat on one replica while REST
   alternates (and, as a control, the same session refused by the other replica), then one
   replica stopped in the middle of a check: the next turn answered by the other, nothing lost
   in the tracker. The replica of each request is read from nginx's log (request ids).
6. `compose down -v`, the project images and the build cache removed, also on failure; the
   stand-ins and the wheelhouse stay for the next run (--drop-cache removes them too).

Prints one ok/FAIL line per check ("--" lines are steps, a failed step ends the run as a
FAIL) and a closing "N passed, N failed" line; exits non-zero on any failure. Every wait is bounded and the whole run is cut off after --budget seconds.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from check_report import check  # noqa: E402

DEPLOY = ROOT / "deploy"
STANDIN = DEPLOY / "standin"
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
WHEELHOUSE = ROOT / "build" / "deploy" / "wheelhouse"
PYTHON_CONTEXT = ROOT / "build" / "deploy" / "standin-python"
LOGS = ROOT / "results" / "logs"
MODEL = ROOT / "models" / "twitch-assistant.tar.gz"
PROJECT = "twitch-deploy-test"
RASA_IMAGE, ACTIONS_IMAGE = "twitch-assistant-rasa:test-deploy", "twitch-assistant-actions:test-deploy"
KEY_LABEL = "org.twitch-assistant.stand-in-key"
DEBIAN = "twitch-standin/debian:bookworm"
# (image, Dockerfile, extra files of its build context) built on DEBIAN.
STANDINS = {
    "python": ("twitch-standin/python:3.10", "Dockerfile.python", ()),
    "postgres": ("twitch-standin/postgres:15", "Dockerfile.postgres", ("postgres-entrypoint.sh",)),
    "redis": ("twitch-standin/redis:7", "Dockerfile.redis", ()),
    "nginx": ("twitch-standin/nginx:1.22", "Dockerfile.nginx", ()),
}
SERVICES = ("postgres", "redis", "action-server", "rasa-1", "rasa-2", "nginx")
WIDGET_ORIGIN = "http://localhost:8080"
PORT_RANGE = range(17005, 18000)
DEFAULT_BUDGET_S = 3000
REQUEST_TIMEOUT_S = 60
BUILD_TIMEOUT_S = 1800
UP_TIMEOUT_S = 900
# What the Python stand-in leaves out of the interpreter it copies: the machine's own
# site-packages (the venv brings pip and setuptools from ensurepip), tests, IDLE and Tk.
PYTHON_EXCLUDED = re.compile(
    r"^(lib/python3\.10/(site-packages/.+|test|idlelib|tkinter|turtledemo)(/|$)"
    r"|lib/python3\.10/lib-dynload/_tkinter|share/|.*\.a$)"
)


class Failed(RuntimeError):
    """A step that the checks after it cannot do without."""


class OutOfTime(Exception):
    pass


def info(name: str, detail: str) -> None:
    """A step's outcome that is no check (a failed step raises and is reported as one)."""
    print(f"--   {name} ({detail})", flush=True)


def log_path(name: str) -> Path:
    LOGS.mkdir(parents=True, exist_ok=True)
    return LOGS / name


def run(
    command: List[str],
    timeout: float = 120,
    env: Optional[Dict[str, str]] = None,
    log: Optional[str] = None,
    check_rc: bool = True,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess:
    """Run a command with a time limit; its output goes to results/logs/<log> when given."""
    full_env = {**os.environ, **(env or {})}
    if log:
        with open(log_path(log), "ab") as out:
            out.write(f"\n$ {' '.join(command)}\n".encode())
            out.flush()
            result = subprocess.run(
                command, cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout
            )
    else:
        result = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)
    if check_rc and result.returncode != 0:
        tail = log_path(log).read_text(errors="replace")[-1500:] if log else (result.stderr or result.stdout)[-1500:]
        raise Failed(f"{' '.join(command[:4])}... exited {result.returncode}: {tail.strip()}")
    return result


def out(command: List[str], timeout: float = 60) -> str:
    return run(command, timeout=timeout).stdout.strip()


# --- 1. the host --------------------------------------------------------------------------


def sudo() -> List[str]:
    return [] if os.geteuid() == 0 else ["sudo"]


def docker_cli() -> str:
    """A docker CLI that builds with BuildKit without the buildx plugin: Debian's (20.10) does."""
    return os.environ.get("DOCKER") or ("/usr/bin/docker" if Path("/usr/bin/docker").exists() else "docker")


def compose_cli(docker: str) -> List[str]:
    if subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise Failed("no compose implementation (docker compose or docker-compose)")


def apt_candidate(name: str) -> bool:
    shown = subprocess.run(["apt-cache", "policy", name], capture_output=True, text=True)
    return bool(re.search(r"Candidate: (?!\(none\))", shown.stdout))


def install_host_tools() -> List[str]:
    """Debian's packages for what is missing; returns the packages installed."""
    missing = []
    if not shutil.which("dockerd"):
        missing.append("docker.io")
    if not shutil.which("debootstrap") and not Path("/usr/sbin/debootstrap").exists():
        missing.append("debootstrap")
    has_compose = shutil.which("docker-compose") or (
        shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    )
    if not missing and has_compose:
        return []
    run(sudo() + ["apt-get", "update", "-qq"], timeout=300, log="deploy-host.log")
    if not has_compose:
        # The compose plugin where the release has it, else Debian's docker-compose (1.29).
        missing.append(
            next(
                (
                    name
                    for name in ("docker-compose-plugin", "docker-compose-v2", "docker-compose")
                    if apt_candidate(name)
                ),
                "docker-compose",
            )
        )
    # No service may start during the install: dockerd is started below, by this script.
    policy = Path("/usr/sbin/policy-rc.d")
    added_policy = not policy.exists()
    if added_policy:
        run(sudo() + ["sh", "-c", f"printf '#!/bin/sh\\nexit 101\\n' > {policy} && chmod 755 {policy}"])
    try:
        run(
            sudo() + ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", *missing],
            timeout=600,
            log="deploy-host.log",
        )
    finally:
        if added_policy:
            run(sudo() + ["rm", "-f", str(policy)], check_rc=False)
    return missing


@contextlib.contextmanager
def docker_daemon(docker: str) -> Iterator[bool]:
    """A running dockerd: the one that answers, or one started here and stopped at the end."""
    if subprocess.run([docker, "info"], capture_output=True, timeout=30).returncode == 0:
        yield False
        return
    log = open(log_path("dockerd.log"), "ab")
    daemon = subprocess.Popen(sudo() + ["dockerd"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while subprocess.run([docker, "info"], capture_output=True, timeout=30).returncode != 0:
            if daemon.poll() is not None or time.monotonic() > deadline:
                raise Failed(f"dockerd did not start (results/logs/dockerd.log): exit {daemon.poll()}")
            time.sleep(1)
        yield True
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait(timeout=10)
        log.close()


# --- 2. stand-ins ---------------------------------------------------------------------------


def image_label(docker: str, image: str) -> Optional[str]:
    """The stand-in key of an image, or None when there is no such image."""
    found = subprocess.run(
        [docker, "image", "inspect", "-f", f'{{{{index .Config.Labels "{KEY_LABEL}"}}}}', image],
        capture_output=True,
        text=True,
    )
    return found.stdout.strip() if found.returncode == 0 else None


def digest(*parts: bytes) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(hashlib.sha256(part).digest())
    return hashed.hexdigest()[:16]


def python_prefix() -> Tuple[Path, str]:
    """The CPython 3.10 that `make install` uses (scripts/find_python.sh): its prefix and version."""
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    interpreter = out([str(ROOT / "scripts" / "find_python.sh"), uv], timeout=300).splitlines()[-1]
    found = out([interpreter, "-c", "import sys, platform; print(sys.base_prefix); print(platform.python_version())"])
    prefix, version = found.splitlines()
    if Path(prefix) == Path("/usr"):
        raise Failed(
            f"{interpreter} is the system Python in /usr: the stand-in needs a self-contained "
            "prefix (pyenv or uv's), not the distribution's"
        )
    return Path(prefix), version


def python_context(prefix: Path) -> None:
    """build/deploy/standin-python/python/: the interpreter's prefix without what it leaves out."""
    shutil.rmtree(PYTHON_CONTEXT, ignore_errors=True)
    target = PYTHON_CONTEXT / "python"
    target.mkdir(parents=True)
    archive = PYTHON_CONTEXT / "python.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(prefix, arcname=".", filter=lambda info: None if PYTHON_EXCLUDED.match(info.name[2:]) else info)
    with tarfile.open(archive) as tar:
        tar.extractall(target)
    archive.unlink()


def build_standins(docker: str, fresh: bool) -> Dict[str, str]:
    """The stand-in images, rebuilt when missing, changed, or --fresh; returns {what: 'built'|'cached'}."""
    done: Dict[str, str] = {}
    env = {"DOCKER": docker, "DOCKER_BUILDKIT": "1"}
    debian_key = digest((STANDIN / "debian.sh").read_bytes())
    if fresh or image_label(docker, DEBIAN) != debian_key:
        run([str(STANDIN / "debian.sh"), DEBIAN], timeout=900, env=env, log="deploy-standins.log")
        relabel(docker, DEBIAN, debian_key, env)
        done["debian"] = "built"
    else:
        done["debian"] = "cached"
    debian_id = out([docker, "image", "inspect", "-f", "{{.Id}}", DEBIAN])
    prefix, version = python_prefix()
    for name, (image, dockerfile, extra) in STANDINS.items():
        files = [STANDIN / dockerfile, *(STANDIN / item for item in extra)]
        key = digest(
            debian_id.encode(), version.encode() if name == "python" else b"", *(f.read_bytes() for f in files)
        )
        if not fresh and image_label(docker, image) == key:
            done[name] = "cached"
            continue
        context = STANDIN
        if name == "python":
            python_context(prefix)
            context = PYTHON_CONTEXT
        run(
            [
                docker,
                "build",
                "--progress=plain",
                "-f",
                str(STANDIN / dockerfile),
                "--build-arg",
                f"DEBIAN_IMAGE={DEBIAN}",
                "--label",
                f"{KEY_LABEL}={key}",
                "-t",
                image,
                str(context),
            ],
            timeout=900,
            env=env,
            log="deploy-standins.log",
        )
        done[name] = "built"
    shutil.rmtree(PYTHON_CONTEXT, ignore_errors=True)
    return done


def relabel(docker: str, image: str, key: str, env: Dict[str, str]) -> None:
    """Give an imported image its stand-in key (docker import sets no labels)."""
    dockerfile = f"FROM {image}\nLABEL {KEY_LABEL}={key}\n"
    subprocess.run(
        [docker, "build", "-q", "-t", image, "-"],
        input=dockerfile.encode(),
        check=True,
        timeout=120,
        capture_output=True,
        env={**os.environ, **env},
    )


# --- 3. wheelhouse and project images -------------------------------------------------------


def wheelhouse_complete(requirements: Path) -> bool:
    """Does build/deploy/wheelhouse hold, for every requirement that applies here, a file with one of its hashes?"""
    from packaging.markers import Marker

    if not WHEELHOUSE.is_dir():
        return False
    present = {hashlib.sha256(path.read_bytes()).hexdigest() for path in WHEELHOUSE.iterdir() if path.is_file()}
    for block in re.split(r"\n(?=\S)", requirements.read_text()):
        first = re.match(r"^[A-Za-z0-9_.-]+==[^ ;\\]+\s*(?:;\s*([^\\]+?))?\s*\\?$", block.splitlines()[0])
        if not first or (first.group(1) and not Marker(first.group(1)).evaluate()):
            continue
        if not present & set(re.findall(r"--hash=sha256:([0-9a-f]{64})", block)):
            return False
    return True


def fill_wheelhouse() -> int:
    """Download the lock's files for Linux into build/deploy/wheelhouse (pip checks each hash)."""
    if wheelhouse_complete(DEPLOY / "requirements" / "rasa.txt"):
        return len(list(WHEELHOUSE.iterdir()))
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    interpreter = out([str(ROOT / "scripts" / "find_python.sh"), uv], timeout=300).splitlines()[-1]
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    run(
        [
            interpreter,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--require-hashes",
            "-r",
            str(DEPLOY / "requirements" / "rasa.txt"),
            "-d",
            str(WHEELHOUSE),
        ],
        timeout=1200,
        log="deploy-wheelhouse.log",
    )
    return len(list(WHEELHOUSE.iterdir()))


def build_project_images(docker: str, base: str) -> Dict[str, float]:
    """Both images at once (their slow steps are mostly I/O); returns seconds per image."""
    env = {**os.environ, "DOCKER_BUILDKIT": "1"}
    builds = {
        RASA_IMAGE: ["-f", "deploy/Dockerfile", "--build-arg", f"RASA_IMAGE={base}"],
        ACTIONS_IMAGE: ["-f", "deploy/Dockerfile.actions", "--build-arg", f"SDK_IMAGE={base}"],
    }
    started = time.monotonic()
    processes = {}
    for image, args in builds.items():
        log = open(log_path(f"deploy-build-{image.split(':')[0]}.log"), "wb")
        command = [docker, "build", "--progress=plain", *args, "--build-arg", "PACKAGES=wheelhouse", "-t", image, "."]
        processes[image] = (subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log)
    seconds: Dict[str, float] = {}
    try:
        for image, (process, log) in processes.items():
            remaining = max(1.0, BUILD_TIMEOUT_S - (time.monotonic() - started))
            code = process.wait(timeout=remaining)
            seconds[image] = time.monotonic() - started
            log.close()
            if code != 0:
                tail = log_path(f"deploy-build-{image.split(':')[0]}.log").read_text(errors="replace")[-1500:]
                raise Failed(f"docker build of {image} exited {code}: {tail}")
    finally:
        for process, log in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
            log.close()
    return seconds


def locked_versions(requirements: Path) -> Dict[str, str]:
    """{normalised name: version} of the requirements that apply to this Linux machine."""
    from packaging.markers import Marker

    found = {}
    for line in requirements.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if match and (
            not match.group(3)
            or Marker(match.group(3)).evaluate({"python_version": "3.10", "python_full_version": "3.10.13"})
        ):
            found[normalise(match.group(1))] = match.group(2)
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def check_image(docker: str, image: str, requirements: Path) -> List[bool]:
    """Non-root, a health check, no compilers, and exactly the locked versions (pip freeze)."""
    config = json.loads(out([docker, "image", "inspect", "-f", "{{json .Config}}", image]))
    results = [
        check(
            f"{image}: runs as user 1001, not root, with a HEALTHCHECK",
            config.get("User") == "1001" and bool((config.get("Healthcheck") or {}).get("Test")),
            f"User={config.get('User')!r}; Healthcheck={' '.join((config.get('Healthcheck') or {}).get('Test') or [])[:90]}",
        )
    ]
    tools = out(
        [
            docker,
            "run",
            "--rm",
            "--network",
            "none",
            "--entrypoint",
            "sh",
            image,
            "-c",
            "for tool in gcc cc g++ c++ make ld; do command -v $tool || true; done",
        ],
        timeout=120,
    )
    results.append(check(f"{image}: no build tools (gcc, cc, g++, make, ld)", tools == "", tools or "none on PATH"))
    listed = out(
        [
            docker,
            "run",
            "--rm",
            "--network",
            "none",
            "--entrypoint",
            "python",
            image,
            "-m",
            "pip",
            "list",
            "--format=json",
            "--disable-pip-version-check",
        ],
        timeout=120,
    )
    installed = {normalise(item["name"]): item["version"] for item in json.loads(listed)}
    locked = locked_versions(requirements)
    wrong = {name: (installed.get(name), version) for name, version in locked.items() if installed.get(name) != version}
    extra = sorted(set(installed) - set(locked) - {"pip"})
    results.append(
        check(
            f"{image}: every package at its uv.lock version ({requirements.name}), nothing else but pip",
            not wrong and not extra,
            f"{len(locked)} locked, {len(installed)} installed; differing {dict(list(wrong.items())[:3])}; "
            f"extra {extra[:5]}",
        )
    )
    return results


# --- 4. compose -----------------------------------------------------------------------------


def free_port() -> int:
    for port in PORT_RANGE:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise Failed(f"no free port in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


def stack_env(port: int) -> Dict[str, str]:
    """Secrets made for this run (never written to a file), the stand-ins and the built images."""
    return {
        "POSTGRES_PASSWORD": secrets.token_urlsafe(24),
        "REDIS_PASSWORD": secrets.token_urlsafe(24),
        "RASA_JWT_SECRET": secrets.token_urlsafe(32),
        "SOCKETIO_SESSION_SECRET": secrets.token_urlsafe(32),
        "ACTION_SERVER_TOKEN": secrets.token_urlsafe(32),
        "REST_CHANNEL_TOKEN": secrets.token_urlsafe(32),
        "WIDGET_ORIGIN": WIDGET_ORIGIN,
        "NGINX_PORT": str(port),
        "RASA_APP_IMAGE": RASA_IMAGE,
        "ACTIONS_APP_IMAGE": ACTIONS_IMAGE,
        "RASA_BASE_IMAGE": STANDINS["python"][0],
        "SDK_BASE_IMAGE": STANDINS["python"][0],
        "PACKAGES": "wheelhouse",
        "POSTGRES_IMAGE": STANDINS["postgres"][0],
        "REDIS_IMAGE": STANDINS["redis"][0],
        "NGINX_IMAGE": STANDINS["nginx"][0],
    }


class Stack:
    """The compose project: containers by service, nginx's log, the replica behind a request."""

    def __init__(self, docker: str, compose: List[str], env: Dict[str, str]):
        self.docker, self.env = docker, env
        self.compose = compose + ["-p", PROJECT, "-f", str(COMPOSE_FILE)]
        self.port = int(env["NGINX_PORT"])
        self.ips: Dict[str, str] = {}

    def run(self, *args: str, timeout: float = 120, log: str = "deploy-compose.log") -> subprocess.CompletedProcess:
        return run(self.compose + list(args), timeout=timeout, env=self.env, log=log)

    def containers(self) -> Dict[str, str]:
        """{service: container id} of every container of the project, running or not."""
        listed = out([self.docker, "ps", "-a", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}"])
        found = {}
        for container in listed.split():
            service = out(
                [self.docker, "inspect", "-f", '{{index .Config.Labels "com.docker.compose.service"}}', container]
            )
            found[service] = container
        return found

    def states(self) -> Dict[str, str]:
        """{service: health status, or the state of a container without a health check}."""
        found = {}
        for service, container in self.containers().items():
            found[service] = out(
                [
                    self.docker,
                    "inspect",
                    "-f",
                    "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
                    container,
                ]
            )
        return found

    def wait_healthy(self, timeout: float) -> Tuple[bool, Dict[str, str], float]:
        started = time.monotonic()
        states: Dict[str, str] = {}
        while time.monotonic() - started < timeout:
            states = self.states()
            if set(states) == set(SERVICES) and all(state in ("healthy", "running") for state in states.values()):
                if all(states[name] == "healthy" for name in SERVICES if name != "nginx"):
                    return True, states, time.monotonic() - started
            if any(state in ("unhealthy", "exited", "dead") for state in states.values()):
                break
            time.sleep(3)
        return False, states, time.monotonic() - started

    def learn_addresses(self) -> None:
        for service, container in self.containers().items():
            for address in out(
                [self.docker, "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", container]
            ).split():
                self.ips[address] = service

    def nginx_log(self) -> str:
        container = self.containers()["nginx"]
        return run([self.docker, "logs", container], timeout=60).stdout

    def upstreams(self, request_id: str, wait: float = 10) -> List[str]:
        """The replicas nginx tried for a request, in order (the last one answered)."""
        deadline = time.monotonic() + wait
        while True:
            match = re.search(rf"{re.escape(request_id)} .* upstream=(\S+(?:, \S+)*) upstream_status", self.nginx_log())
            if match:
                return [self.ips.get(address.split(":")[0], address) for address in match.group(1).split(", ")]
            if time.monotonic() > deadline:
                return []
            time.sleep(0.5)


# --- 5. through nginx -----------------------------------------------------------------------


def http(
    port: int,
    method: str,
    path: str,
    body: Optional[bytes] = None,
    headers: Optional[Dict[str, str]] = None,
    timeout: float = REQUEST_TIMEOUT_S,
) -> Tuple[int, Dict[str, str], bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Rest:
    """The REST channel through nginx, remembering which replica answered each message."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.token = stack.env["REST_CHANNEL_TOKEN"]

    def say(self, sender: str, text: str) -> Tuple[str, List[str], int]:
        """(the bot's replies joined, the replicas nginx tried, HTTP status)."""
        status, headers, body = http(
            self.stack.port,
            "POST",
            "/webhooks/rest/webhook",
            json.dumps({"sender": sender, "message": text}).encode(),
            {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        replies = (
            " | ".join(reply.get("text") or "" for reply in json.loads(body)) if status == 200 else body.decode()[:200]
        )
        return replies, self.stack.upstreams(headers.get("X-Request-ID", "?")), status

    def user_turns(self, sender: str) -> List[Tuple[str, int]]:
        """(user text, number of bot replies after it) of the conversation, through the HTTP API."""
        from api_secret import bearer_token

        token = bearer_token(self.stack.env["RASA_JWT_SECRET"])
        status, _, body = http(
            self.stack.port,
            "GET",
            f"/conversations/rest:{sender}/tracker?include_events=ALL",
            headers={"Authorization": f"Bearer {token}"},
        )
        if status != 200:
            raise Failed(f"tracker of {sender}: HTTP {status} {body[:200]!r}")
        found: List[Tuple[str, int]] = []
        for event in json.loads(body)["events"]:
            if event.get("event") == "user":
                found.append((event.get("text") or "", 0))
            elif event.get("event") == "bot" and found:
                found[-1] = (found[-1][0], found[-1][1] + 1)
        return found


def has_source(text: str) -> bool:
    """The FAQ answers end with "Source: <article>" (or "Sources: ..." for two)."""
    return re.search(r"\bSources?: \S", text) is not None


def faq(rest: Rest) -> List[bool]:
    text, replicas, status = rest.say(f"faq-{uuid.uuid4().hex[:8]}", "what causes muscle twitching?")
    return [
        check(
            "FAQ through nginx: answered with its Source: line",
            status == 200 and has_source(text),
            f"{replicas[-1:]} {text[-160:]}",
        )
    ]


def symptom_check_across_replicas(rest: Rest) -> List[bool]:
    sender = f"check-{uuid.uuid4().hex[:8]}"
    steps = [
        ("my left calf has twitched for three weeks", lambda t: "other symptoms" in t, "asks about other symptoms"),
        ("/deny", lambda t: "start suddenly" in t, "asks whether it started suddenly"),
        ("it came on slowly", lambda t: "?" in t and "start suddenly" not in t, "moves on from the onset question"),
    ]
    results, served = [], []
    for number, (text, fits, meaning) in enumerate(steps, 1):
        reply, replicas, status = rest.say(sender, text)
        served.append(replicas[-1] if replicas else "?")
        results.append(
            check(
                f"symptom check turn {number}, answered by {served[-1]}: {meaning}",
                status == 200 and fits(reply),
                f"{text!r} -> {reply[:150]}",
            )
        )
    results.append(
        check(
            "symptom check: its turns were answered by both replicas (round robin), the state carried across",
            {"rasa-1", "rasa-2"} <= set(served),
            f"turns answered by {served}",
        )
    )
    return results


def emergency(rest: Rest) -> List[bool]:
    text, replicas, status = rest.say(f"emergency-{uuid.uuid4().hex[:8]}", "I can't breathe")
    return [
        check(
            "emergency through nginx: answered EMERGENCY:",
            status == 200 and text.startswith("EMERGENCY:"),
            f"{replicas[-1:]} {text[:120]}",
        )
    ]


class Polling:
    """The widget's socket.io session over Engine.IO 4 long-polling, one HTTP request at a time."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.sid = ""
        self.replicas: List[str] = []
        self.headers = {"Origin": WIDGET_ORIGIN}

    def request(self, method: str, body: Optional[str] = None, timeout: float = 40) -> str:
        query = f"/socket.io/?EIO=4&transport=polling&t={uuid.uuid4().hex[:6]}" + (
            f"&sid={self.sid}" if self.sid else ""
        )
        headers = dict(self.headers, **({"Content-Type": "text/plain;charset=UTF-8"} if body is not None else {}))
        status, response_headers, data = http(
            self.stack.port, method, query, body.encode() if body is not None else None, headers, timeout=timeout
        )
        replicas = self.stack.upstreams(response_headers.get("X-Request-ID", "?"))
        self.replicas.append(replicas[-1] if replicas else "?")
        if status != 200:
            raise Failed(f"socket.io {method} answered {status}: {data[:200]!r}")
        return data.decode()

    def open(self) -> dict:
        packet = self.request("GET")
        if not packet.startswith("0"):
            raise Failed(f"no Engine.IO open packet: {packet[:100]!r}")
        handshake = json.loads(packet[1:])
        self.sid = handshake["sid"]
        return handshake

    def send(self, packet: str) -> None:
        if self.request("POST", packet).lower() != "ok":
            raise Failed(f"socket.io POST {packet[:40]!r} not accepted")

    def events(self, wanted: str, fits=lambda data: True, timeout: float = 60) -> List[dict]:
        """Poll until an event named `wanted` whose data fits arrives; the data of every such event seen."""
        seen: List[list] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for packet in self.request("GET").split("\x1e"):
                if packet == "2":  # the server's ping
                    self.send("3")
                elif packet.startswith("42"):
                    seen.append(json.loads(packet[2:]))
            matching = [event[1] if len(event) > 1 else {} for event in seen if event[0] == wanted]
            if any(fits(data) for data in matching):
                return matching
        raise Failed(f"no fitting {wanted} within {timeout:.0f} s (saw {[event[0] for event in seen]})")


def websocket_upgrade(port: int, sid: str) -> Tuple[str, str]:
    """The upgrade request the widget sends next: (status line, X-Request-ID)."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /socket.io/?EIO=4&transport=websocket&sid={sid} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        f"Sec-WebSocket-Version: 13\r\nOrigin: {WIDGET_ORIGIN}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 8192:
            chunk = connection.recv(1024)
            if not chunk:
                break
            head += chunk
    lines = head.decode(errors="replace").split("\r\n")
    request_id = next(
        (line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("x-request-id:")), "?"
    )
    return lines[0], request_id


def socketio_sticky(stack: Stack) -> List[bool]:
    session = Polling(stack)
    results = []
    handshake = session.open()
    session.send("40")
    packets = session.request("GET")
    results.append(
        check(
            "socket.io through nginx: Engine.IO handshake and namespace connect",
            bool(handshake.get("sid")) and packets.startswith("40"),
            f"upgrades {handshake.get('upgrades')}, first poll {packets[:40]!r}",
        )
    )
    session.send('42["session_request",{}]')
    session_id = session.events("session_confirm")[0].get("session_id")
    message = {"message": "what causes muscle twitching?", "session_id": session_id}
    session.send("42" + json.dumps(["user_uttered", message], separators=(",", ":")))
    replies = [
        data.get("text") or ""
        for data in session.events("bot_uttered", lambda data: has_source(data.get("text") or ""))
    ]
    results.append(
        check(
            "socket.io through nginx: session confirmed, the widget's question answered with its Source:",
            bool(session_id) and any(has_source(reply) for reply in replies),
            f"session {str(session_id)[:8]}..., {len(replies)} bubbles, {' | '.join(replies)[-120:]}",
        )
    )
    status, request_id = websocket_upgrade(stack.port, session.sid)
    upgrade_replica = stack.upstreams(request_id)
    session.replicas.append(upgrade_replica[-1] if upgrade_replica else "?")
    results.append(
        check("socket.io through nginx: the websocket upgrade is passed through (101)", " 101 " in f"{status} ", status)
    )
    results.append(
        check(
            f"socket.io: all {len(session.replicas)} requests of the session went to one replica (ip_hash)",
            len(set(session.replicas)) == 1 and session.replicas[0] in ("rasa-1", "rasa-2"),
            f"replicas {session.replicas}",
        )
    )
    return results


def socketio_needs_stickiness(stack: Stack) -> List[bool]:
    """Control: a session opened on one replica is unknown to the other (so routing must be sticky)."""
    probe = (
        "import json, urllib.request, urllib.error\n"
        "def get(host, query):\n"
        "    request = urllib.request.Request(f'http://{host}:5005/socket.io/?EIO=4&transport=polling{query}',"
        " headers={'Origin': %r})\n"
        "    try:\n"
        "        with urllib.request.urlopen(request, timeout=20) as response: return response.status, response.read().decode()\n"
        "    except urllib.error.HTTPError as error: return error.code, error.read().decode()\n"
        "status, body = get('rasa-1', '')\n"
        "sid = json.loads(body[1:])['sid']\n"
        "print(status, get('rasa-2', '&sid=' + sid)[0], get('rasa-1', '&sid=' + sid)[0])\n"
    ) % WIDGET_ORIGIN
    container = stack.containers()["rasa-1"]
    found = run([stack.docker, "exec", container, "python", "-c", probe], timeout=90, check_rc=False)
    codes = found.stdout.split()
    return [
        check(
            "control: a socket.io session opened on rasa-1 is refused by rasa-2 (400) and kept by rasa-1 (200)",
            codes == ["200", "400", "200"],
            f"open, rasa-2, rasa-1: {codes or found.stderr[-200:]}",
        )
    ]


def failover_mid_check(stack: Stack, rest: Rest) -> List[bool]:
    sender = f"failover-{uuid.uuid4().hex[:8]}"
    results, served = [], []
    before = [
        ("my right calf has twitched for three weeks", lambda t: "other symptoms" in t, "asks about other symptoms"),
        ("/deny", lambda t: "start suddenly" in t, "asks whether it started suddenly"),
    ]
    for text, fits, meaning in before:
        reply, replicas, status = rest.say(sender, text)
        served.append(replicas[-1] if replicas else "?")
        results.append(
            check(
                f"failover check, before the stop, answered by {served[-1]}: {meaning}",
                status == 200 and fits(reply),
                f"{text!r} -> {reply[:120]}",
            )
        )
    # The replica round robin picks next, so the very next turn meets the stopped one first.
    stopped = "rasa-2" if served[-1] == "rasa-1" else "rasa-1"
    alive = "rasa-1" if stopped == "rasa-2" else "rasa-2"
    started = time.monotonic()
    stack.run("stop", "-t", "30", stopped, timeout=90)
    state = out([stack.docker, "inspect", "-f", "{{.State.Status}}", stack.containers()[stopped]])
    results.append(
        check(
            f"{stopped} stopped in the middle of the check",
            state == "exited",
            f"state {state} after {time.monotonic() - started:.1f}s",
        )
    )
    after = [
        ("it came on slowly", lambda t: "?" in t and "start suddenly" not in t, "moves on from the onset question"),
        ("/affirm", lambda t: any(tier in t for tier in ("SELF-CARE", "SEE A DOCTOR", "URGENT")), "gives the outcome"),
    ]
    for text, fits, meaning in after:
        moment = time.monotonic()
        reply, replicas, status = rest.say(sender, text)
        served.append(replicas[-1] if replicas else "?")
        results.append(
            check(
                f"failover check, after the stop, answered by {served[-1]}: {meaning}",
                status == 200 and fits(reply) and served[-1] == alive,
                f"{time.monotonic() - moment:.1f}s, nginx tried {replicas}; {text!r} -> {reply[:120]}",
            )
        )
    turns = rest.user_turns(sender)
    sent = [text for text, _, _ in before + after]
    results.append(
        check(
            "failover check: the tracker holds all four turns in order, each answered (nothing lost)",
            [text for text, _ in turns] == sent and all(count > 0 for _, count in turns),
            f"{turns}",
        )
    )
    return results


# --- 6. clean-up ----------------------------------------------------------------------------


def tear_down(
    stack: Optional[Stack], docker: str, compose: List[str], env: Dict[str, str], remove_standins: bool
) -> List[bool]:
    """compose down -v, then the images and build cache this run made; the stand-ins stay unless told."""
    results = []
    if compose:
        run(
            compose + ["-p", PROJECT, "-f", str(COMPOSE_FILE), "down", "-v", "--remove-orphans", "-t", "20"],
            timeout=180,
            env=env,
            log="deploy-compose.log",
            check_rc=False,
        )
    left = out([docker, "ps", "-a", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}"])
    volumes = out([docker, "volume", "ls", "-q", "--filter", f"label=com.docker.compose.project={PROJECT}"])
    images = [RASA_IMAGE, ACTIONS_IMAGE] + (
        [DEBIAN] + [image for image, _, _ in STANDINS.values()] if remove_standins else []
    )
    for image in images:
        subprocess.run([docker, "rmi", "-f", image], capture_output=True, timeout=120)
    subprocess.run([docker, "builder", "prune", "-f"], capture_output=True, timeout=300)
    remaining = [image for image in images if image_label(docker, image) is not None]
    results.append(
        check(
            "clean-up: compose down -v left no container or volume; the built images are removed",
            not left and not volumes and not remaining,
            f"containers {left.split()}, volumes {volumes.split()}, images {remaining}; "
            f"stand-ins {'removed' if remove_standins else 'kept for the next run'}",
        )
    )
    return results


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fresh", action="store_true", help="start from nothing: remove the cached stand-ins and wheelhouse first"
    )
    parser.add_argument(
        "--drop-cache", action="store_true", help="remove the stand-ins and the wheelhouse at the end too"
    )
    parser.add_argument("--budget", type=int, default=DEFAULT_BUDGET_S, help="seconds for the whole run")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="debugging: leave the stack and images up (and reuse images left by an earlier --keep)",
    )
    args = parser.parse_args()
    if not MODEL.exists():
        print(f"FAIL no model at {MODEL}: run `make train`")
        return 1

    def out_of_time(*_):
        raise OutOfTime(f"the whole run took more than {args.budget} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, out_of_time)
    signal.alarm(args.budget)
    started = time.monotonic()
    results: List[bool] = []
    timings: Dict[str, float] = {}
    docker, compose, env, stack = docker_cli(), [], {}, None

    def phase(name: str, moment: float) -> None:
        timings[name] = time.monotonic() - moment

    try:
        moment = time.monotonic()
        installed = install_host_tools()
        docker = docker_cli()
        with docker_daemon(docker) as started_daemon:
            compose = compose_cli(docker)
            versions = (
                f"{out([docker, 'version', '-f', 'CLI {{.Client.Version}}, engine {{.Server.Version}}'])}; "
                f"{out(compose + ['version']).splitlines()[0]}"
            )
            info(
                "host: Docker engine and compose",
                f"{versions}; installed {installed or 'nothing'}; dockerd "
                f"{'started by this run' if started_daemon else 'already running'}",
            )
            phase("host", moment)
            try:
                if args.fresh:
                    for image in [DEBIAN] + [image for image, _, _ in STANDINS.values()]:
                        subprocess.run([docker, "rmi", "-f", image], capture_output=True, timeout=120)
                    shutil.rmtree(WHEELHOUSE, ignore_errors=True)
                moment = time.monotonic()
                built = build_standins(docker, args.fresh)
                phase("stand-ins", moment)
                info("stand-in base images from Debian's packages", f"{built} in {timings['stand-ins']:.0f}s")
                moment = time.monotonic()
                files = fill_wheelhouse()
                phase("wheelhouse", moment)
                results.append(
                    check(
                        "wheelhouse: a file with a locked hash for every requirement of rasa.txt",
                        wheelhouse_complete(DEPLOY / "requirements" / "rasa.txt"),
                        f"{files} files in build/deploy/wheelhouse, {timings['wheelhouse']:.0f}s",
                    )
                )
                moment = time.monotonic()
                reuse = args.keep and all(
                    image_label(docker, image) is not None for image in (RASA_IMAGE, ACTIONS_IMAGE)
                )
                seconds = {} if reuse else build_project_images(docker, STANDINS["python"][0])
                phase("images", moment)
                info(
                    "project images built (deploy/Dockerfile, deploy/Dockerfile.actions)",
                    ", ".join(f"{image} {value:.0f}s" for image, value in seconds.items()) or "reused (--keep)",
                )
                results += check_image(docker, RASA_IMAGE, DEPLOY / "requirements" / "rasa.txt")
                results += check_image(docker, ACTIONS_IMAGE, DEPLOY / "requirements" / "actions.txt")

                env = stack_env(free_port())
                stack = Stack(docker, compose, env)
                moment = time.monotonic()
                # What a run that was killed outright may have left, so it cannot get in the way.
                stack.run("down", "-v", "--remove-orphans", "-t", "10", timeout=180)
                stack.run("up", "-d", "--no-build", timeout=UP_TIMEOUT_S)
                healthy, states, waited = stack.wait_healthy(UP_TIMEOUT_S)
                phase("up", moment)
                published = out([docker, "port", stack.containers()["nginx"]])
                results.append(
                    check(
                        "compose up: every service healthy (nginx running), only nginx published, on 127.0.0.1",
                        healthy
                        and published.split() == ["80/tcp", "->", f"127.0.0.1:{stack.port}"]
                        and all(
                            out([docker, "port", container]) == ""
                            for service, container in stack.containers().items()
                            if service != "nginx"
                        ),
                        f"{states} after {timings['up']:.0f}s; nginx {published}",
                    )
                )
                if not healthy:
                    raise Failed("the stack did not become healthy (results/logs/deploy-compose.log; docker logs)")
                stack.learn_addresses()
                rest = Rest(stack)
                moment = time.monotonic()
                results += faq(rest)
                results += symptom_check_across_replicas(rest)
                results += emergency(rest)
                results += socketio_sticky(stack)
                results += socketio_needs_stickiness(stack)
                results += failover_mid_check(stack, rest)
                phase("checks", moment)
            finally:
                signal.alarm(max(1, int(args.budget - (time.monotonic() - started))) + 300)  # time to clean up
                if stack is not None and "nginx" in stack.containers():
                    log_path("deploy-nginx.log").write_text(stack.nginx_log())
                moment = time.monotonic()
                if args.keep:
                    kept = ROOT / "results" / "deploy-keep.env"  # git-ignored; only with --keep
                    kept.touch(mode=0o600)
                    kept.write_text("".join(f"{name}={value}\n" for name, value in env.items()))
                    print(
                        f"kept (secrets in {kept.relative_to(ROOT)}): set -a; . {kept.relative_to(ROOT)}; "
                        f"{' '.join(stack.compose) if stack else ''} down -v; docker rmi {RASA_IMAGE} {ACTIONS_IMAGE}"
                    )
                else:
                    results += tear_down(stack, docker, compose, env, remove_standins=args.drop_cache)
                    if args.drop_cache:
                        shutil.rmtree(WHEELHOUSE, ignore_errors=True)
                phase("clean-up", moment)
    except (Failed, OutOfTime, subprocess.TimeoutExpired, OSError, KeyError, ValueError, StopIteration) as error:
        results.append(check("the deployment check ran to the end", False, f"{type(error).__name__}: {error}"))
    finally:
        signal.alarm(0)
    passed = sum(results)
    print(
        "time: "
        + ", ".join(f"{name} {value:.0f}s" for name, value in timings.items())
        + f"; total {time.monotonic() - started:.0f}s",
        flush=True,
    )
    print(f"{passed} passed, {len(results) - passed} failed", flush=True)
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
