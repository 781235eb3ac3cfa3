"""Run by test_hostile inside a fresh network namespace: a "public" feed server redirecting to
internal addresses. The namespace has only its own loopback interface (plus PUBLIC_ADDRESS on
it), so no packet can leave it even if the guard failed. Prints one JSON object per source.

usage: python netns_redirects.py DATABASE
"""

from __future__ import annotations

import json
import sys
from urllib.parse import quote

from collect_helpers import make_config
from feedserver import FeedServer

from generator.collect import collect_sources
from generator.store import Store

# A globally routable address nobody uses any more (the deprecated 6to4 relay anycast,
# RFC 7526), standing in for a public web host inside the namespace.
PUBLIC_ADDRESS = "192.88.99.1"


def via(server: FeedServer, target: str, *, permanent: bool = False) -> str:
    route = "redirect-permanent" if permanent else "redirect"
    return f"{server.url}hostile/{route}?to={quote(target, safe='')}"


def main(database: str) -> None:
    with (
        FeedServer(host=PUBLIC_ADDRESS) as public,
        FeedServer(host="127.0.0.1") as local,
        FeedServer(host="127.0.0.1") as secret,  # must never be asked anything
    ):
        secret_port = secret.url.rsplit(":", 1)[1].strip("/")
        secret_feed = secret.url + "hostile/feed"
        cases = {
            "public-to-public": via(public, public.url + "hostile/feed"),
            "public-to-loopback": via(public, secret_feed),
            "public-to-loopback-permanent": via(public, secret_feed, permanent=True),
            "public-to-localhost-name": via(public, f"http://localhost:{secret_port}/hostile/feed"),
            "public-to-mapped-ipv6": via(
                public, f"http://[::ffff:127.0.0.1]:{secret_port}/hostile/feed"
            ),
            "public-to-metadata": via(public, "http://169.254.169.254/latest/meta-data/"),
            "public-to-private": via(public, "http://10.11.12.13/feed.xml"),
            "public-two-hops-to-loopback": via(public, via(public, secret_feed)),
            "loopback-to-loopback": via(local, local.url + "hostile/feed"),
            "loopback-to-metadata": via(local, "http://169.254.169.254/latest/meta-data/"),
        }
        config = make_config([{"name": name, "url": url} for name, url in cases.items()])
        with Store(f"sqlite:///{database}") as store:
            summary = collect_sources(config, store, force=True)
        results = {
            r.name: {"status": r.status, "error": r.error, "new": r.new} for r in summary.sources
        }
        results["secret-server-requests"] = secret.requests  # type: ignore[assignment]
        print(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1])
