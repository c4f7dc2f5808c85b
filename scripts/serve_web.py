"""Serve the chat widget's demo page (web/) on http://localhost:PORT (127.0.0.1 only).

Usage: python scripts/serve_web.py [PORT]   (default 8080)
The Rasa server must list this page's origin in `rasa run --cors ...`.
"""
import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "web"


class Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # Always serve the current build while developing.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet: it runs next to Rasa's own log in `make run`


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    handler = functools.partial(Handler, directory=str(WEB))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
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
