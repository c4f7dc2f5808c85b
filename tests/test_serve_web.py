"""The demo page server: only the page's files, security headers, and `?server=` kept to this
machine (web/demo.js, run with Node). The server listens on 127.0.0.1 on a free port."""

import base64
import hashlib
import json
import re
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scripts import serve_web

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def page():
    server = serve_web.make_server(0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("path", ["/", "/index.html", "/demo.js", "/demo.css", "/dist/widget.js", "/?server=x"])
def test_the_page_and_its_files_are_served_with_security_headers(page, path):
    status, headers, _ = get(page + path)
    csp = headers["Content-Security-Policy"]
    assert status == 200
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/dist/",
        "/src/",
        "/src/widget.js",
        "/package.json",
        "/README.md",
        "/node_modules/",
        "/../README.md",
        "/%2e%2e/Makefile",
        "/build.mjs",
        "/dist",
    ],
)
def test_nothing_else_is_served_and_no_directory_is_listed(page, path):
    status, _, body = get(page + path)
    assert status == 404 and b"Directory listing" not in body


def test_connections_are_allowed_to_this_machine_only(page):
    csp = get(page + "/")[1]["Content-Security-Policy"]
    connect = re.search(r"connect-src ([^;]+)", csp).group(1).split()
    assert connect[0] == "'self'"
    assert all(re.match(r"^(https?|wss?)://(localhost|127\.0\.0\.1|\[::1\]):\*$", source) for source in connect[1:])


def test_the_widgets_own_stylesheet_is_allowed_by_its_hash(page):
    css = (ROOT / "web/dist/widget.css").read_bytes()
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(css).digest()).decode() + "'"
    assert expected in get(page + "/")[1]["Content-Security-Policy"]
    bundle = (ROOT / "web/dist/widget.js").read_text()
    assert json.dumps(css.decode())[1:-1][:200] in bundle or css.decode()[:60] in bundle  # the bundle holds that text


def test_the_page_has_no_inline_script_or_style():
    html = (ROOT / "web/index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) and "<style" not in html and " style=" not in html


SERVER_CHOICES = {
    "no parameter": (None, "http://localhost:5005"),
    "another local port": ("http://localhost:5006", "http://localhost:5006"),
    "loopback address": ("http://127.0.0.1:5305/", "http://127.0.0.1:5305"),
    "other loopback": ("http://127.0.0.2:5005", "http://127.0.0.2:5005"),
    "ipv6 loopback": ("http://[::1]:5005", "http://[::1]:5005"),
    "https local": ("https://localhost:8443", "https://localhost:8443"),
    "path dropped": ("http://localhost:5006/evil/path?x=1", "http://localhost:5006"),
    "another host": ("https://evil.example", "http://localhost:5005"),
    "lookalike host": ("http://localhost.evil.example:5005", "http://localhost:5005"),
    "credentials trick": ("http://evil.example@localhost:5005", "http://localhost:5005"),
    "userinfo trick": ("http://localhost:5005@evil.example", "http://localhost:5005"),
    "javascript url": ("javascript:alert(1)", "http://localhost:5005"),
    "data url": ("data:text/html,hi", "http://localhost:5005"),
    "not a url": ("localhost:5006", "http://localhost:5005"),
    "private network": ("http://192.168.1.10:5005", "http://localhost:5005"),
    "decimal ip": ("http://2130706433:5005", "http://127.0.0.1:5005"),  # the URL parser's 127.0.0.1
}


def test_server_parameter_is_kept_to_this_machine():
    # As a classic script, the way the page loads it (web/package.json makes .js files modules).
    script = (
        "const vm = require('vm'); const fs = require('fs');"
        "const sandbox = {module: {exports: {}}, URL, URLSearchParams};"
        "vm.runInNewContext(fs.readFileSync(process.argv[1], 'utf8'), sandbox);"
        "const {chooseServer} = sandbox.module.exports;"
        "const cases = JSON.parse(process.argv[2]);"
        "console.log(JSON.stringify(cases.map((c) => chooseServer(c))));"
    )
    requested = [value for value, _ in SERVER_CHOICES.values()]
    done = subprocess.run(
        ["node", "-e", script, str(ROOT / "web/demo.js"), json.dumps(requested)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert dict(zip(SERVER_CHOICES, json.loads(done.stdout))) == {
        name: want for name, (_, want) in SERVER_CHOICES.items()
    }
