"""Download one feed, defensively: every way a remote server can misbehave becomes a result.

aiohttp does the HTTP (chosen over httpx for its per-request CPU: 0.2 s against 1.6–2.5 s for
500 requests, measured in issue 17); we add what it does not: a total deadline (a server
dripping one byte a second never trips a read timeout), a body cap counted on the *decoded*
bytes while streaming (we decompress gzip/deflate ourselves with a bounded output size, so a
gzip bomb stops at the cap), manual redirects (bounded, loop-detected, and telling permanent
from temporary moves), and conditional GET headers. A redirect never leads from a public feed
to an internal address (see `addresses`; the connection actually made is checked too, before
the request is sent). file:// URLs go through the same cap and the same result type.
"""

from __future__ import annotations

import asyncio
import zlib
from contextvars import ContextVar
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import aiohttp
from aiohttp.connector import Connection

from generator.collect.addresses import (
    AddressRefused,
    IPAddress,
    allowed_classes,
    check_addresses,
    check_url,
    literal_address,
    resolve,
)
from generator.config import CollectConfig

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT_CODES = frozenset({301, 308})
ACCEPT = (
    "application/feed+json, application/json;q=0.9, application/atom+xml, application/rss+xml, "
    "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_CHUNK = 65536


@dataclass(slots=True)
class FetchResult:
    """What one fetch produced; `error` is a plain-language sentence when it failed."""

    url: str  # the URL finally answered (after redirects)
    status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    wire_bytes: int = 0  # bytes received, compressed as sent
    permanent_url: str | None = None  # set when every redirect hop was permanent
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None


class _TooLarge(Exception):
    pass


def describe_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.3g} MB"
    if size >= 1000:
        return f"{size / 1000:.3g} kB"
    return f"{size} bytes"


def _seconds(value: float) -> str:
    return f"{value:g} s"


class _CappedDecoder:
    """Incremental gzip/deflate/identity decoding that never produces more than `limit` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self._obj: zlib._Decompress | None = None
        if encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(31)

    def feed(self, data: bytes) -> bytes:
        if self.encoding == "identity":
            self.size += len(data)
            if self.size > self.limit:
                raise _TooLarge
            return data
        if self._obj is None:  # deflate: zlib-wrapped or raw, depending on the server
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] * 256 + data[1]) % 31 == 0
            self._obj = zlib.decompressobj(15 if wrapped else -15)
        out: list[bytes] = []
        while data:
            piece = self._obj.decompress(data, self.limit - self.size + 1)
            self.size += len(piece)
            out.append(piece)
            if self.size > self.limit:
                raise _TooLarge
            if self._obj.eof:
                data = self._obj.unused_data
                if data and self.encoding in ("gzip", "x-gzip"):  # multi-member gzip
                    self._obj = zlib.decompressobj(31)
                    continue
                break
            data = self._obj.unconsumed_tail
        return b"".join(out)

    def flush(self) -> bytes:
        if self._obj is None or self.encoding == "identity":
            return b""
        tail = self._obj.flush()
        self.size += len(tail)
        if self.size > self.limit:
            raise _TooLarge
        return tail


@dataclass(slots=True)
class _Hop:
    """The request in flight in this task: what its connection may reach, and where it went."""

    url: str
    allowed: frozenset[str] | None  # None: the configured URL itself, any address
    peer: IPAddress | None = None


_HOP: ContextVar[_Hop | None] = ContextVar("observatoire_fetch_hop", default=None)


class _CheckingConnector(aiohttp.TCPConnector):
    """Checks the address of the connection a request actually gets, new or pooled.

    aiohttp releases a connection as soon as a small body is fully buffered, so the response
    cannot be asked for its peer afterwards; `connect` (public, documented) runs in the task of
    the request, before anything is sent: a redirect whose name resolved anew to an internal
    address is refused without a single byte going there.
    """

    async def connect(self, req: aiohttp.ClientRequest, *args: Any, **kwargs: Any) -> Connection:
        connection = await super().connect(req, *args, **kwargs)
        hop = _HOP.get()
        if hop is not None:
            transport = connection.transport
            peer = transport.get_extra_info("peername") if transport is not None else None
            hop.peer = literal_address(str(peer[0])) if isinstance(peer, tuple) and peer else None
            if hop.allowed is not None and hop.peer is not None:
                try:
                    check_addresses(hop.url, [hop.peer], hop.allowed)
                except AddressRefused:
                    connection.close()
                    raise
        return connection


class Fetcher:
    """An HTTP client configured for feeds; use as an async context manager."""

    def __init__(self, settings: CollectConfig, user_agent: str) -> None:
        self.settings = settings
        self.user_agent = user_agent
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._session = aiohttp.ClientSession(
            connector=_CheckingConnector(limit=s.concurrency),
            # The total deadline is ours (asyncio.timeout); waiting for a free connection
            # slot is not connecting, so only the socket connect is bounded here.
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=s.connect_timeout),
            headers={
                "User-Agent": self.user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": "gzip, deflate",
            },
            auto_decompress=False,  # `_CappedDecoder` decompresses under the size cap
            trust_env=False,  # no proxy or .netrc from the environment
            # cookies kept for the session, IP hosts included, as httpx did: a consent or
            # anti-bot redirect that sets a cookie then expects it on the next hop still works
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            # aiohttp refuses a header line over 8 KB; real servers send longer ones (policies,
            # cookies) and httpx took them (100 kB per header block)
            max_line_size=65536,
            max_field_size=65536,
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def fetch(
        self, url: str, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch `url`; never raises for anything the remote side does."""
        if url.startswith("file:"):
            return await asyncio.to_thread(self._read_file, url)
        result = FetchResult(url=url)
        try:
            async with asyncio.timeout(self.settings.timeout):
                await self._fetch_http(result, etag, last_modified)
        except AddressRefused as exc:
            result.error = str(exc)
        except _TooLarge:
            result.error = f"response larger than {describe_size(self.settings.max_bytes)}"
        except zlib.error:
            result.error = "corrupt compressed response"
        except aiohttp.ConnectionTimeoutError:  # before TimeoutError, which it subclasses
            result.error = f"could not connect within {_seconds(self.settings.connect_timeout)}"
        except aiohttp.SocketTimeoutError:
            result.error = f"the server sent nothing for {_seconds(self.settings.timeout)}"
        except TimeoutError:
            result.error = f"timed out after {_seconds(self.settings.timeout)}"
        except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as exc:
            result.error = f"invalid URL: {_reason(exc)}"
        except aiohttp.ClientConnectorError as exc:
            result.error = f"could not connect: {_reason(exc.os_error)}"
        except (
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientPayloadError,
            aiohttp.ClientResponseError,
        ) as exc:
            result.error = f"the server broke the HTTP protocol: {_protocol_reason(exc)}"
        except aiohttp.ClientError as exc:
            result.error = f"network error: {_reason(exc)}"
        except (OSError, ValueError, UnicodeError) as exc:
            result.error = f"network error: {_reason(exc)}"
        if result.error is not None:
            result.body = None
        return result

    async def _fetch_http(
        self, result: FetchResult, etag: str | None, last_modified: str | None
    ) -> None:
        assert self._session is not None
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        requested = result.url
        seen = {requested}
        permanent = True
        url = requested
        allowed: frozenset[str] | None = None  # address classes a redirect may lead to
        for _hop in range(self.settings.max_redirects + 1):
            hop = _Hop(url, allowed)  # the name may resolve anew: checked at connection
            token = _HOP.set(hop)
            try:
                response = await self._session.get(url, headers=headers, allow_redirects=False)
            finally:
                _HOP.reset(token)
            async with response:
                peer = hop.peer
                result.url = url
                result.status = response.status
                result.headers = _headers(response)
                if response.status in REDIRECT_CODES and "location" in result.headers:
                    result.wire_bytes += await _drain(response)
                    target = urljoin(url, result.headers["location"].strip())
                    if urlsplit(target).scheme not in ("http", "https"):
                        result.error = f"redirected to an unsupported address: {target[:200]}"
                        return
                    if target in seen:
                        result.error = "redirect loop"
                        return
                    if allowed is None:
                        origin = [peer] if peer is not None else await resolve(requested)
                        allowed = allowed_classes(origin)
                    await check_url(target, allowed)
                    seen.add(target)
                    permanent = permanent and response.status in PERMANENT_CODES
                    url = target
                    continue
                if permanent and url != requested and response.status < 400:
                    result.permanent_url = url
                if response.status == 304:
                    return
                if response.status >= 300:
                    result.error = _http_error(response.status)
                    result.wire_bytes += await _drain(response)
                    return
                result.body = await self._read_body(response, result)
                return
        result.error = f"too many redirects (more than {self.settings.max_redirects})"

    async def _read_body(self, response: aiohttp.ClientResponse, result: FetchResult) -> bytes:
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge
        if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
            result.error = f"unsupported content encoding {encoding!r}"
            return b""
        decoder = _CappedDecoder(encoding or "identity", limit)
        parts: list[bytes] = []
        async for chunk in response.content.iter_any():
            result.wire_bytes += len(chunk)
            parts.append(decoder.feed(chunk))
        parts.append(decoder.flush())
        return b"".join(parts)

    def _read_file(self, url: str) -> FetchResult:
        result = FetchResult(url=url)
        split = urlsplit(url)
        path = Path(url2pathname(unquote(split.path)))
        try:
            with path.open("rb") as handle:
                body = handle.read(self.settings.max_bytes + 1)
        except FileNotFoundError:
            result.error = f"file not found: {path}"
            return result
        except IsADirectoryError:
            result.error = f"not a file: {path}"
            return result
        except OSError as exc:
            result.error = f"cannot read {path}: {exc.strerror or exc}"
            return result
        if len(body) > self.settings.max_bytes:
            result.error = f"file larger than {describe_size(self.settings.max_bytes)}"
            return result
        result.status = 200
        result.body = body
        result.wire_bytes = len(body)
        return result


def _headers(response: aiohttp.ClientResponse) -> dict[str, str]:
    """Lower-case names; a header sent several times keeps all its values, comma-joined."""
    merged: dict[str, str] = {}
    for name, value in response.headers.items():
        key = name.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


async def _drain(response: aiohttp.ClientResponse, limit: int = 65536) -> int:
    """Read (a bounded part of) an error or redirect body so the connection can be reused."""
    size = 0
    async for chunk in response.content.iter_chunked(_CHUNK):
        size += len(chunk)
        if size >= limit:
            break
    return size


def _http_error(status: int) -> str:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    return f"HTTP {status} {reason}".strip()


def _protocol_reason(exc: aiohttp.ClientError) -> str:
    """aiohttp's parser errors span lines (with a caret under the bad byte) or wrap their cause
    ("400, message='…'"): keep the one-line message a reader of the error can use."""
    message = getattr(exc.__cause__, "message", None)
    if isinstance(exc, aiohttp.ClientResponseError):
        message = exc.message
    text = str(message) if message else str(exc)
    first = text.strip().splitlines()[0].rstrip(": ") if text.strip() else ""
    return _reason(Exception(first)) if first else _reason(exc)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text[:300]
