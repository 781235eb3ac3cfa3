"""`observatoire alerts` on the demo: a real store, a real HTTP receiver, a real SMTP server.

The demo's August Fibralis outage must be announced on its first day (2026-08-11), exactly
once, by webhook and e-mail; a quiet day announces nothing; a webhook answering 500 is retried
then reported, and the e-mail still goes. What was sent is in the store (table sent_alerts):
two runs at once send once, and the JSON file older versions kept is imported once.
"""

from __future__ import annotations

import email
import json
import re
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import BuiltSite
from feedserver import free_port

from generator.cli import main
from generator.store import Store

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://veille.example.net/observatoire/"
REPORT = f"{SITE_URL}blog/2026/08/rapport-2026-08/"

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402


@dataclass
class Inbox:
    messages: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@dataclass
class Receiver:
    """The webhook end: every POST as (path, JSON body); /fail answers 500, /slow after 0.5 s."""

    url: str
    posts: list[tuple[str, Any]] = field(default_factory=list)


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    posts: list[tuple[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            posts.append((self.path, json.loads(body)))
            if self.path == "/slow":
                time.sleep(0.5)
            self.send_response(500 if self.path == "/fail" else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Receiver(f"http://127.0.0.1:{server.server_address[1]}", posts)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo collected once into a new SQLite store."""
    root = tmp_path_factory.mktemp("alerts-demo")
    path = _config(root, {}, None)
    result = CliRunner().invoke(main, ["collect", "--quiet", "--config", str(path)])
    assert result.exit_code == 0, result.output
    return root / "demo.db"


def _config(
    root: Path, alerts: dict[str, Any], smtp_port: int | None, db: Path | None = None
) -> Path:
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    for source in config["sources"]:
        if "path" in source:
            source["path"] = str(ROOT / source["path"])
    config["store"] = {"url": f"sqlite:///{db or root / 'demo.db'}"}
    config["site"]["url"] = SITE_URL
    config.pop("email", None)
    if smtp_port is not None:
        config["email"] = {
            "host": "127.0.0.1",
            "port": smtp_port,
            "security": "none",
            "sender": "Observatoire <alertes@veille.example.net>",
            "recipients": ["astreinte@example.com"],
        }
    config["alerts"] = {"state_file": str(root / "sent.json"), **alerts}
    path = root / "observatoire.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def own_copy(store: Path, root: Path) -> Path:
    """The collected demo store copied for one test: what it sends is remembered there."""
    target = root / "demo.db"
    shutil.copy2(store, target)
    return target


def sent_alerts(db: Path) -> dict[str, set[str]]:
    """Channel -> keys of the alerts the store records as sent."""
    with Store(f"sqlite:///{db}") as opened, opened.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT channel, alert_key FROM sent_alerts WHERE sent_at IS NOT NULL"
        ).fetchall()
    out: dict[str, set[str]] = {}
    for channel, key in rows:
        out.setdefault(channel, set()).add(key)
    return out


def _run(config: Path, day: str) -> Result:
    return CliRunner().invoke(main, ["alerts", "--config", str(config), "--as-of", day])


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_first_day_alerts_once(
    tmp_path: Path, store: Path, smtp: tuple[int, Inbox], receiver: Receiver
) -> None:
    port, inbox = smtp
    db = own_copy(store, tmp_path)
    config = _config(tmp_path, {"webhook_url": receiver.url + "/ok"}, port, db)
    posts, mails = len(receiver.posts), len(inbox.messages)

    before = _run(config, "2026-08-10")  # the day before the outage: nothing yet
    assert before.exit_code == 0, before.output
    assert "0 crisis alert(s) due" in before.output
    assert (len(receiver.posts), len(inbox.messages)) == (posts, mails)

    dry = CliRunner().invoke(
        main, ["alerts", "--config", str(config), "--as-of", "2026-08-11", "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert "webhook: would send 1" in dry.output and "email: would send 1" in dry.output
    assert (len(receiver.posts), len(inbox.messages)) == (posts, mails)
    assert sent_alerts(db) == {}

    first = _run(config, "2026-08-11")
    assert first.exit_code == 0, first.output
    assert "1 crisis alert(s) due (fibralis/2026-08-11)" in first.output
    assert len(receiver.posts) == posts + 1 and len(inbox.messages) == mails + 1
    path, body = receiver.posts[-1]
    assert path == "/ok"
    assert body["id"] == "fibralis/2026-08-11" and body["start"] == "2026-08-11"
    assert body["brand_name"] == "Fibralis" and body["url"] == REPORT
    assert body["text"] == (
        "Crise chez Fibralis le 11 août 2026\u00a0: 9 mentions négatives, "
        "avec un pic le 11 août (9 ce jour-là)."
    )
    assert body["posts"] and all(p["sentiment"] == "negative" for p in body["posts"])
    message = _parse(inbox.messages[-1])
    assert message["Subject"] == "Crise\u00a0: Fibralis"
    text = message.get_body(("plain",))
    assert text is not None
    content = text.get_content()
    assert body["text"] in content and REPORT in content
    assert body["posts"][0]["excerpt"] in content
    assert not re.search(
        "[\ue000-\uf8ff]", content + json.dumps(body, ensure_ascii=False)
    )  # placeholders in words

    again = _run(config, "2026-08-12")  # the crisis goes on: it was announced already
    assert again.exit_code == 0, again.output
    assert "1 crisis alert(s) due" in again.output
    assert "webhook: sent 0" in again.output and "email: sent 0" in again.output
    assert len(receiver.posts) == posts + 1 and len(inbox.messages) == mails + 1
    assert sent_alerts(db) == {"webhook": {"fibralis/2026-08-11"}, "email": {"fibralis/2026-08-11"}}


def test_quiet_day_alerts_nothing(
    tmp_path: Path, store: Path, smtp: tuple[int, Inbox], receiver: Receiver
) -> None:
    port, inbox = smtp
    db = own_copy(store, tmp_path)
    config = _config(tmp_path, {"webhook_url": receiver.url + "/ok"}, port, db)
    posts, mails = len(receiver.posts), len(inbox.messages)
    result = _run(config, "2026-07-15")
    assert result.exit_code == 0, result.output
    assert "0 crisis alert(s) due" in result.output
    assert (len(receiver.posts), len(inbox.messages)) == (posts, mails)
    assert sent_alerts(db) == {}


def test_failing_webhook_is_retried_and_mail_still_goes(
    tmp_path: Path, store: Path, smtp: tuple[int, Inbox], receiver: Receiver
) -> None:
    port, inbox = smtp
    alerts = {"webhook_url": receiver.url + "/fail", "webhook_retries": 2, "webhook_backoff": 0}
    db = own_copy(store, tmp_path)
    config = _config(tmp_path, alerts, port, db)
    posts, mails = len(receiver.posts), len(inbox.messages)
    result = _run(config, "2026-08-11")
    assert result.exit_code == 1
    assert "failed after 3 attempt(s): HTTP 500" in result.output
    assert [p for p, _ in receiver.posts[posts:]] == ["/fail"] * 3
    assert len(inbox.messages) == mails + 1
    assert sent_alerts(db) == {"email": {"fibralis/2026-08-11"}}  # the webhook: next run


def test_two_runs_at_once_send_each_alert_once(
    tmp_path: Path, store: Path, smtp: tuple[int, Inbox], receiver: Receiver
) -> None:
    """Two machines run `alerts` at the same moment on one store: the row inserted before
    sending goes to one of them; the other sends nothing (a slow webhook widens the race)."""
    from generator.alerts_send import deliver, due_crises
    from generator.config import load_config

    port, inbox = smtp
    db = own_copy(store, tmp_path)
    config = load_config(_config(tmp_path, {"webhook_url": receiver.url + "/slow"}, port, db))
    day = date(2026, 8, 11)
    crises = due_crises(config, day)
    posts, mails = len(receiver.posts), len(inbox.messages)
    start = threading.Barrier(2)
    outcomes = []

    def run() -> None:
        start.wait()
        outcomes.append(deliver(config, crises, day))

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(60)
    assert len(outcomes) == 2 and not any(o.failures for o in outcomes)
    assert sorted(len(o.sent["webhook"]) for o in outcomes) == [0, 1]
    assert sorted(len(o.sent["email"]) for o in outcomes) == [0, 1]
    assert len(receiver.posts) == posts + 1 and len(inbox.messages) == mails + 1
    assert sent_alerts(db) == {"webhook": {"fibralis/2026-08-11"}, "email": {"fibralis/2026-08-11"}}


def test_an_older_state_file_is_imported_once(
    tmp_path: Path, store: Path, smtp: tuple[int, Inbox], receiver: Receiver
) -> None:
    """After an upgrade, the alerts the JSON file remembers are not sent again."""
    port, inbox = smtp
    db = own_copy(store, tmp_path)
    config = _config(tmp_path, {"webhook_url": receiver.url + "/ok"}, port, db)
    (tmp_path / "sent.json").write_text(
        json.dumps({"webhook": {"fibralis/2026-08-11": "2026-08-11"}}), encoding="utf-8"
    )
    posts, mails = len(receiver.posts), len(inbox.messages)
    result = _run(config, "2026-08-12")
    assert result.exit_code == 0, result.output
    assert "1 sent alert(s) imported into the store" in result.output
    assert "webhook: sent 0" in result.output and "email: sent 1" in result.output
    assert len(receiver.posts) == posts and len(inbox.messages) == mails + 1
    assert not (tmp_path / "sent.json").exists() and (tmp_path / "sent.json.imported").exists()
    assert sent_alerts(db) == {"webhook": {"fibralis/2026-08-11"}, "email": {"fibralis/2026-08-11"}}
    again = _run(config, "2026-08-12")
    assert "imported" not in again.output and "sent 0" in again.output
    assert len(receiver.posts) == posts and len(inbox.messages) == mails + 1


def test_a_claim_is_taken_once_and_a_dead_runs_claim_taken_over(store_url: str) -> None:
    """The store side, on both engines: of two claims one wins; a claim never marked sent is
    taken over once older than the claim duration; a failed send frees it."""
    with Store(store_url) as store:
        assert store.claim_alert("orbis/2026-09-10", "email", "run-a", 900)
        assert not store.claim_alert("orbis/2026-09-10", "email", "run-b", 900)
        assert store.claim_alert("orbis/2026-09-10", "webhook", "run-b", 900)  # another channel
        time.sleep(0.01)
        assert store.claim_alert("orbis/2026-09-10", "email", "run-c", 0.001)  # run-a died
        store.alert_sent("orbis/2026-09-10", "email", "run-a")  # too late: no longer its claim
        store.alert_failed("orbis/2026-09-10", "webhook", "run-b")
        assert store.claim_alert("orbis/2026-09-10", "webhook", "run-d", 900)
        store.alert_sent("orbis/2026-09-10", "email", "run-c")
        assert not store.claim_alert("orbis/2026-09-10", "email", "run-e", 0.001)  # sent
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT channel, claimed_by, sent_at IS NOT NULL FROM sent_alerts ORDER BY channel"
            ).fetchall()
    assert [tuple(r) for r in rows] == [("email", "run-c", True), ("webhook", "run-d", False)]


def test_atom_feed(tmp_path: Path, store: Path) -> None:
    from generator.alerts_send import due_crises
    from generator.config import load_config
    from generator.render.alerts import atom_feed

    config = load_config(_config(tmp_path, {"lookback_days": 60}, None, store))
    crises = due_crises(config, date(2026, 8, 31))
    assert [(c.brand, c.start) for c in crises] == [("fibralis", date(2026, 8, 11))]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(atom_feed(crises, config, "fr", date(2026, 8, 31)))
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findtext("a:id", namespaces=ns) == SITE_URL + "alertes.xml"
    assert feed.findtext("a:updated", namespaces=ns) == "2026-08-11T00:00:00+02:00"
    (entry,) = feed.findall("a:entry", ns)
    assert entry.findtext("a:id", namespaces=ns) == (
        "tag:veille.example.net,2026-08-11:alerte/fibralis/2026-08-11"
    )
    assert entry.findtext("a:title", namespaces=ns) == "Crise\u00a0: Fibralis"
    assert (entry.findtext("a:summary", namespaces=ns) or "").startswith("Crise chez Fibralis")
    link = entry.find("a:link", ns)
    assert link is not None and link.get("href") == REPORT
    assert feed.find("a:author/a:name", ns) is not None
    assert (feed.findtext("a:title", namespaces=ns) or "").endswith("Alertes de crise")


def test_built_site_has_a_valid_atom_feed(fixture_site: BuiltSite) -> None:
    """`build` writes alertes.xml beside the pages; a feed reader takes it as Atom 1.0."""
    import feedparser

    feed = feedparser.parse((fixture_site.site / "alertes.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    (entry,) = feed.entries
    assert entry.title.startswith("Crise") and "Orbis" in entry.title
    assert entry.summary.startswith("Crise chez Orbis Télécom du 10 au 14 septembre 2026")
    assert entry.link.endswith("blog/2026/09/rapport-2026-09/")
    assert entry.updated.startswith("2026-09-10")


def test_every_page_head_links_the_alerts_feed(fixture_site: BuiltSite) -> None:
    """A feed reader pointed at any page of the site finds the alerts (and where they are)."""
    import re

    pages = [fixture_site.site / "index.html", fixture_site.site / "methodologie" / "index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        link = re.search(
            r'<link rel="alternate" type="application/atom\+xml"\s+title="([^"]+)"\s+'
            r'href="([^"]+)">',
            head,
        )
        assert link is not None, page
        assert link.group(1) == "Alertes de crise"
        target = (page.parent / link.group(2)).resolve()
        assert target == (fixture_site.site / "alertes.xml").resolve(), page
