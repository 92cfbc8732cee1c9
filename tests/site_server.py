"""A local web server for the built site, shared by the browser tests.

The site is served under a sub-path (SUB_PATH) to prove it works there; any other path is a 404,
which a broken relative link would hit.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

SUB_PATH = "/playbook/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


class SubPathHandler(QuietHandler):
    """Serves the folder under SUB_PATH only."""

    def translate_path(self, path):
        clean = urlsplit(path).path
        if not clean.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_sub_path__")
        return super().translate_path("/" + clean[len(SUB_PATH):])


@contextmanager
def serve(directory: Path, handler: type = SubPathHandler, path: str = SUB_PATH) -> Iterator[str]:
    """The URL of `directory` served on 127.0.0.1 by `handler`, for the time of the block."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
