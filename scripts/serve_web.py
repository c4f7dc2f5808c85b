"""Serve the chat widget's demo page (web/) on http://localhost:PORT (127.0.0.1 only).

Usage: python scripts/serve_web.py [PORT]   (default 8080)
The Rasa server must list this page's origin in `rasa run --cors ...`.

Only the page's own files are served (no directory listings, nothing else under web/),
with a Content-Security-Policy that allows this origin's scripts and styles, the widget's
own stylesheet, and connections to bots on this machine only (the page's `?server=` is
limited to those too, web/demo.js); it may not be framed, sends no Referer, and browsers
may not sniff content types.
"""

import base64
import functools
import hashlib
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WEB = Path(__file__).resolve().parent.parent / "web"
SERVED = frozenset({"/index.html", "/demo.js", "/demo.css", "/dist/widget.js"})
# The widget puts its stylesheet (web/src/widget.css, minified and bundled as text) into a
# <style>; web/dist/widget.css is that exact text, written by web/build.mjs.
WIDGET_CSS = WEB / "dist" / "widget.css"
LOOPBACK_SOURCES = " ".join(
    f"{scheme}://{host}:*" for host in ("localhost", "127.0.0.1", "[::1]") for scheme in ("http", "ws", "https", "wss")
)


def style_hash(css: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css).digest()).decode() + "'"


def security_headers(widget_css: bytes) -> dict:
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src 'self' {style_hash(widget_css)}",
            "img-src 'self' data:",
            f"connect-src 'self' {LOOPBACK_SOURCES}",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cache-Control": "no-store",  # always serve the current build while developing
    }


class Handler(SimpleHTTPRequestHandler):
    headers_to_send: dict = {}

    def send_head(self):  # noqa: D102 - stdlib hook
        path = urlsplit(self.path).path
        if path == "/":
            path = "/index.html"
        if path not in SERVED:
            self.send_error(HTTPStatus.NOT_FOUND, "Not found")
            return None
        self.path = path
        return super().send_head()

    def list_directory(self, path):  # never reached for SERVED files; belt and braces
        self.send_error(HTTPStatus.NOT_FOUND, "Not found")
        return None

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet: it runs next to Rasa's own log in `make run`


def make_server(port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = type("DemoHandler", (Handler,), {"headers_to_send": security_headers(WIDGET_CSS.read_bytes())})
    return ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(WEB)))


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    try:
        server = make_server(port)
    except OSError as error:
        sys.exit(f"serve_web: cannot listen on 127.0.0.1:{port} ({error.strerror}); pick another port.")
    with server:
        print(f"Chat widget demo: http://localhost:{port}/ (Ctrl-C stops it)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
