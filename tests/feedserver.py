"""A local HTTP server for collector tests and benchmarks (127.0.0.1, ephemeral port).

    with serve_directory(folder) as base_url:      # files at base_url + relative path
        ...
    with FeedServer(folder, delay=0.1) as server:  # server.url, server.bytes_sent, ...
        ...

Files are served with ETag / Last-Modified and answer conditional GETs with 304, gzip when the
client accepts it. Hostile routes live under /hostile/ (see HOSTILE_ROUTES): malformed XML,
an HTML page, error statuses, 429 with Retry-After, a server that never answers, one that
drips a byte a second, a 100 MB body, a gzip bomb, a redirect loop, wrong content types.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

CONTENT_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/feed+json",
    ".txt": "text/plain",
}

VALID_RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valid</title><link>http://example.org/</link>
<item><title>Premier</title><link>http://example.org/1</link><guid>v-1</guid>
<pubDate>Mon, 01 Jun 2026 10:00:00 GMT</pubDate><description>Un avis sur Orbis</description></item>
<item><title>Second</title><link>http://example.org/2</link><guid>v-2</guid>
<pubDate>Tue, 02 Jun 2026 10:00:00 GMT</pubDate><description>Encore un</description></item>
</channel></rss>
"""

MALFORMED_RSS = b"""
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Cass&eacute;</title>
<item><title>Post &hellip; cass&eacute;</title><link>http://example.org/m1</link>
<description>Texte avec une entit\xc3\xa9 &nbsp; non d\xc3\xa9finie & une esperluette</description>
</item></channel>
"""

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Welcome</title></head><body><h1>Our blog</h1><p>No feed here.</p></body></html>
"""

HUGE_SIZE = 100_000_000
BOMB_SIZE = 50_000_000
DRIP_SECONDS = 60

HOSTILE_ROUTES = {
    "feed": "a valid RSS feed",
    "malformed": "broken XML (blank line before <?xml, undefined entities, unclosed tags)",
    "html": "an HTML page instead of a feed",
    "status/404": "404 Not Found (any status works)",
    "status/410": "410 Gone",
    "status/500": "500 Internal Server Error",
    "429": "429 Too Many Requests with Retry-After: 120",
    "hang": "accepts the connection and never answers",
    "drip": "sends headers then one byte a second",
    "huge": "a 100 MB body with Content-Length",
    "huge-stream": "a 100 MB body without Content-Length",
    "gzip-bomb": "a small gzip body inflating to 50 MB",
    "loop-a": "a redirect loop (loop-a -> loop-b -> loop-a)",
    "redirects/N": "N redirects then the valid feed",
    "moved": "301 to the valid feed",
    "wrong-type": "the valid feed as text/html",
    "octet": "the valid feed as application/octet-stream",
    "bad-json": "application/feed+json that is not JSON",
    "redirect?to=URL": "302 to any URL (internal addresses: the SSRF tests)",
    "redirect-permanent?to=URL": "301 to any URL",
}


@cache
def gzip_bomb() -> bytes:
    """~50 kB of gzip that inflates to 50 MB (built once, in 1 MB steps)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"<rss>" + b" " * (1_000_000 - 5)
    parts = [packer.compress(chunk)]
    blank = b" " * 1_000_000
    parts += [packer.compress(blank) for _ in range(BOMB_SIZE // 1_000_000 - 1)]
    parts.append(packer.flush())
    return b"".join(parts)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *_args: object) -> None:  # keep test output clean
        pass

    # -- plumbing ------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = dict(headers or {})
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)
        self.server.count(len(body))

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        self.server.enter(self.headers.get("User-Agent", ""))
        try:
            if self.server.delay:
                time.sleep(self.server.delay)
            split = urlsplit(self.path)
            path = unquote(split.path)
            if path in ("/hostile/redirect", "/hostile/redirect-permanent"):
                target = parse_qs(split.query).get("to", ["/"])[0]
                self._send(302 if path.endswith("redirect") else 301, b"", {"Location": target})
            elif path.startswith("/hostile/"):
                self._hostile(path[len("/hostile/") :])
            else:
                self._file(path.lstrip("/"))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.server.leave()

    # -- a folder of feeds ---------------------------------------------------------------------

    def _file(self, relative: str) -> None:
        root = self.server.root
        if root is None:
            self._send(404, b"not found")
            return
        target = (root / relative).resolve()
        if root not in target.parents or not target.is_file():
            self._send(404, b"not found", {"Content-Type": "text/plain"})
            return
        body = target.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = formatdate(int(target.stat().st_mtime), usegmt=True)
        headers = {
            "Content-Type": CONTENT_TYPES.get(target.suffix.lower(), "application/octet-stream"),
            "ETag": etag,
            "Last-Modified": modified,
        }
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-None-Match") is None and self._not_modified_since(target)
        ):
            self._send(304, b"", {"ETag": etag, "Last-Modified": modified, "Content-Length": "0"})
            return
        if "gzip" in (self.headers.get("Accept-Encoding") or "") and self.server.compress:
            body = gzip.compress(body, 6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self._send(200, body, headers)

    def _not_modified_since(self, target: Path) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            return int(target.stat().st_mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False

    # -- hostile routes ------------------------------------------------------------------------

    def _hostile(self, route: str) -> None:
        rss = {"Content-Type": "application/rss+xml"}
        if route == "feed":
            self._send(200, VALID_RSS, rss)
        elif route == "malformed":
            self._send(200, MALFORMED_RSS, {"Content-Type": "text/xml"})
        elif route == "html":
            self._send(200, HTML_PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif route.startswith("status/"):
            code = int(route.split("/", 1)[1])
            self._send(code, b"<html><body>error</body></html>", {"Content-Type": "text/html"})
        elif route == "429":
            self._send(429, b"slow down", {"Retry-After": "120", "Content-Type": "text/plain"})
        elif route == "hang":
            self.server.stopping.wait(DRIP_SECONDS)
            self.close_connection = True
        elif route == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            for _ in range(DRIP_SECONDS):
                self.wfile.write(b" ")
                self.wfile.flush()
                self.server.count(1)
                if self.server.stopping.wait(1.0):
                    break
            self.close_connection = True
        elif route in ("huge", "huge-stream"):
            self._huge(declared=route == "huge")
        elif route == "gzip-bomb":
            self._send(200, gzip_bomb(), {**rss, "Content-Encoding": "gzip"})
        elif route == "loop-a":
            self._send(302, b"", {"Location": "/hostile/loop-b"})
        elif route == "loop-b":
            self._send(302, b"", {"Location": "/hostile/loop-a"})
        elif route.startswith("redirects/"):
            left = int(route.split("/", 1)[1])
            target = "/hostile/feed" if left <= 0 else f"/hostile/redirects/{left - 1}"
            self._send(302, b"", {"Location": target})
        elif route == "moved":
            self._send(301, b"", {"Location": "/hostile/feed"})
        elif route == "wrong-type":
            self._send(200, VALID_RSS, {"Content-Type": "text/html; charset=utf-8"})
        elif route == "octet":
            self._send(200, VALID_RSS, {"Content-Type": "application/octet-stream"})
        elif route == "bad-json":
            self._send(
                200,
                b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
                {"Content-Type": "application/feed+json"},
            )
        else:
            self._send(404, b"no such route", {"Content-Type": "text/plain"})

    def _huge(self, *, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if declared:
            self.send_header("Content-Length", str(HUGE_SIZE))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        block = b"<rss>" + b"x" * (65536 - 5)
        sent = 0
        while sent < HUGE_SIZE and not self.server.stopping.is_set():
            self.wfile.write(block)
            sent += len(block)
            self.server.count(len(block))
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, host: str, root: Path | None, delay: float, compress: bool) -> None:
        super().__init__((host, 0), _Handler)
        self.root = root.resolve() if root is not None else None
        self.delay = delay
        self.compress = compress
        self.stopping = threading.Event()
        self.bytes_sent = 0
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()

    def enter(self, user_agent: str) -> None:
        with self._lock:
            self.requests += 1
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.user_agents.add(user_agent)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-response is what the hostile routes are for

    def count(self, size: int) -> None:
        with self._lock:
            self.bytes_sent += size


class FeedServer:
    """A started server: `url` ends with '/', `bytes_sent` counts body bytes sent."""

    def __init__(
        self,
        root: Path | str | None = None,
        *,
        host: str = "127.0.0.1",
        delay: float = 0.0,
        compress: bool = True,
    ) -> None:
        self._server = _Server(host, Path(root) if root is not None else None, delay, compress)
        port = self._server.server_address[1]
        self.url = f"http://{host}:{port}/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def bytes_sent(self) -> int:
        return self._server.bytes_sent

    @property
    def requests(self) -> int:
        return self._server.requests

    @property
    def max_in_flight(self) -> int:
        """The most requests this server handled at once (per-host politeness tests)."""
        return self._server.max_in_flight

    @property
    def user_agents(self) -> set[str]:
        return set(self._server.user_agents)

    def reset_counters(self) -> None:
        self._server.bytes_sent = 0
        self._server.requests = 0
        self._server.max_in_flight = 0

    def url_for(self, relative: str) -> str:
        return self.url + quote(relative)

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@contextmanager
def serve_directory(path: Path | str | None = None, *, delay: float = 0.0) -> Iterator[str]:
    """Serve `path` (and the hostile routes) on 127.0.0.1; yield the base URL (ends with '/')."""
    with FeedServer(path, delay=delay) as server:
        yield server.url


def free_port() -> int:
    """A port free on 127.0.0.1 now, for a server the test starts itself (SMTP, mkdocs,
    PostgreSQL)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
