"""The fetcher over real sockets against a server that writes raw bytes: the failures a
well-behaved test server cannot produce (broken HTTP, corrupt gzip, refused connections) each
become their readable sentence, and what the fetcher sends and keeps is what the collector
expects (headers merged, cookies kept across a redirect, compressed bytes counted as sent)."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import Awaitable, Callable
from ipaddress import ip_address

import pytest

from generator.collect.addresses import PUBLIC, AddressRefused, allowed_classes
from generator.collect.fetch import _HOP, Fetcher, FetchResult, _Hop
from generator.config import CollectConfig

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>' * 50
GZ = gzip.compress(FEED)
CANNED: dict[str, bytes] = {
    "/gzip": (
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nX-Tag: one\r\nX-Tag: two\r\n"
        b"Set-Cookie: session=abc; Path=/\r\nContent-Length: %d\r\n\r\n" % len(GZ) + GZ
    ),
    "/echo": b"",  # answered with the request headers it received
    "/garbage": b"garbage\r\n\r\n",
    "/short": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789",
    "/silent": b"",
    "/bad-chunk": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    "/bad-gzip": b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n\r\n"
    b"\x1f\x8bnot gzip!!",
    "/br": b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\nabc",
    "/teapot": b"HTTP/1.1 418 I'm a Teapot\r\nContent-Length: 2\r\n\r\nno",
    "/odd-status": b"HTTP/1.1 599 Whatever\r\nContent-Length: 0\r\n\r\n",
}
CANNED["/long-header"] = (
    b"HTTP/1.1 200 OK\r\nContent-Security-Policy: "
    + b"a" * 30000
    + b"\r\nContent-Length: 2\r\n\r\nok"
)
CANNED["/consent"] = (
    b"HTTP/1.1 302 Found\r\nSet-Cookie: consent=yes; Path=/\r\nLocation: /echo\r\n"
    b"Content-Length: 0\r\n\r\n"
)
SERVED: list[str] = []  # paths requested, in order


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    request = [await reader.readline()]
    while request[-1] not in (b"\r\n", b""):
        request.append(await reader.readline())
    if not request[0]:
        writer.close()
        return
    path = request[0].split()[1].decode()
    SERVED.append(path)
    answer = CANNED[path]
    if path == "/echo":
        body = b"".join(request[1:])
        answer = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    writer.write(answer)
    await writer.drain()
    writer.close()


def _run(test: Callable[[Fetcher, str], Awaitable[None]]) -> None:
    async def main() -> None:
        server = await asyncio.start_server(_handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server, Fetcher(CollectConfig(timeout=3, connect_timeout=1), "obs-test/1") as f:
            await test(f, f"http://127.0.0.1:{port}")

    asyncio.run(main())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_what_is_sent_and_kept() -> None:
    async def test(fetcher: Fetcher, base: str) -> None:
        first = await fetcher.fetch(f"{base}/gzip", etag='"v1"', last_modified="Mon, 01 Jun 2026")
        assert first.ok and first.body == FEED and first.status == 200
        assert first.wire_bytes == len(GZ) < len(FEED)  # decompressed by us, counted as sent
        assert first.headers["x-tag"] == "one, two" and first.headers["content-encoding"] == "gzip"
        echo = await fetcher.fetch(f"{base}/echo", etag='"v1"')
        assert echo.body is not None
        sent = {
            name.lower(): value.strip()
            for name, _, value in (line.partition(":") for line in echo.body.decode().splitlines())
        }
        assert sent["accept-encoding"] == "gzip, deflate" and sent["user-agent"] == "obs-test/1"
        assert (
            sent["accept"].startswith("application/feed+json") and sent["if-none-match"] == '"v1"'
        )
        consent = await fetcher.fetch(f"{base}/consent")  # sets a cookie, then redirects
        assert consent.status == 200 and consent.body is not None
        assert b"consent=yes" in consent.body  # the cookie came back on the next hop, as with httpx
        long_header = await fetcher.fetch(f"{base}/long-header")  # accepted, as by httpx
        assert (
            long_header.body == b"ok"
            and len(long_header.headers["content-security-policy"]) == 30000
        )

    _run(test)


def test_each_failure_reads_as_its_sentence() -> None:
    expected = {
        "/garbage": "the server broke the HTTP protocol: Bad status line",
        "/short": "the server broke the HTTP protocol: Not enough data to satisfy content length",
        "/silent": "the server broke the HTTP protocol: Server disconnected",
        "/bad-chunk": "the server broke the HTTP protocol: Invalid character in chunk size",
        "/bad-gzip": "corrupt compressed response",
        "/br": "unsupported content encoding 'br'",
        "/teapot": "HTTP 418 I'm a Teapot",
        "/odd-status": "HTTP 599",
    }

    async def test(fetcher: Fetcher, base: str) -> None:
        results: dict[str, FetchResult] = {p: await fetcher.fetch(base + p) for p in expected}
        for path, sentence in expected.items():
            error = results[path].error
            assert error is not None and error.startswith(sentence), (path, error)
            assert "\n" not in error and results[path].body is None, (path, error)
        refused = await fetcher.fetch(f"http://127.0.0.1:{_free_port()}/feed")
        assert refused.error is not None and refused.error.startswith("could not connect: ")
        for bad in ("http://", "ftp://example.org/feed", "http://[::1/feed"):
            invalid = await fetcher.fetch(bad)
            assert invalid.error is not None and invalid.error.startswith("invalid URL: "), bad

    _run(test)


def test_the_connection_actually_made_is_checked_before_anything_is_sent() -> None:
    """A redirect's name may resolve anew between our check and aiohttp's connection (DNS
    rebinding): the address of the connection it gets is checked before the request goes out,
    and recorded even when the answer is small enough to free the connection at once."""

    async def test(fetcher: Fetcher, base: str) -> None:
        session = fetcher._session
        assert session is not None
        loopback = _Hop(f"{base}/gzip", allowed_classes([ip_address("127.0.0.1")]))
        token = _HOP.set(loopback)
        try:
            async with session.get(loopback.url, allow_redirects=False) as response:
                assert response.status == 200
        finally:
            _HOP.reset(token)
        assert loopback.peer == ip_address("127.0.0.1")
        served = len(SERVED)
        public_only = _Hop(f"{base}/gzip", frozenset({PUBLIC}))
        token = _HOP.set(public_only)
        try:
            with pytest.raises(AddressRefused, match="is a loopback address"):
                await session.get(public_only.url, allow_redirects=False)
        finally:
            _HOP.reset(token)
        assert len(SERVED) == served  # refused before the request was sent

    _run(test)
