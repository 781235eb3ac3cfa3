"""`observatoire report --email`: the demo's August 2026 report through a real SMTP server.

The demo is collected into a temporary store, then the real command renders the report and
sends it to aiosmtpd listening on localhost (with AUTH, the password from the environment), or
writes it as an .eml file; both are read back with Python's e-mail parser.
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from feedserver import free_port

from generator.cli import main
from generator.config import ConfigError, load_config
from generator.render.email_report import subject
from generator.render.i18n import Wording

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://veille.example.net/observatoire/"
PASSWORD = "s3cret-from-env"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

aiosmtpd = pytest.importorskip("aiosmtpd")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402


@dataclass
class Inbox:
    """What the SMTP server accepted: one entry per message (sender, recipients, bytes)."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        b"rapports",
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticate,
        auth_require_tls=False,  # localhost only; TLS is smtplib's, tested upstream
    )
    controller.start()
    yield port, inbox
    controller.stop()


def _demo_config(root: Path, email: dict[str, Any] | None) -> Path:
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    for source in config["sources"]:
        if "path" in source:
            source["path"] = str(ROOT / source["path"])
    config["store"] = {"url": f"sqlite:///{root / 'demo.db'}"}
    config["site"]["url"] = SITE_URL
    config.pop("email", None)
    if email is not None:
        config["email"] = email
    path = root / "observatoire.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, smtp: tuple[int, Inbox]) -> Path:
    """The demo collected into a new store; its configuration sends to the local server."""
    root = tmp_path_factory.mktemp("email-demo")
    path = _demo_config(
        root,
        {
            "host": "127.0.0.1",
            "port": smtp[0],
            "security": "none",
            "username": "rapports",
            "password_env": "OBS_TEST_SMTP_PASSWORD",
            "sender": "Observatoire <rapports@veille.example.net>",
            "recipients": ["direction@example.com", "com@example.com"],
        },
    )
    result = CliRunner().invoke(main, ["collect", "--quiet", "--config", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _check_report(message: EmailMessage) -> None:
    """Both parts, the charts inline by cid, links to the public site, nothing remote."""
    assert message["Subject"] == "Crise chez Fibralis — Rapport mensuel août 2026"
    assert message.get_content_type() == "multipart/alternative"
    text_part = message.get_body(("plain",))
    html_part = message.get_body(("html",))
    assert text_part is not None and html_part is not None
    text = text_part.get_content()
    html = html_part.get_content()
    for body in (text, html):
        assert "Crise chez Fibralis du 11 au 15 août 2026" in body
        assert "Que faire" in body and "Ce qui a changé, et pourquoi" in body
        assert "Indice de réputation" in body
    assert f"{SITE_URL}blog/2026/08/rapport-2026-08/" in text
    assert not re.search("[\ue000-\uf8ff]", text + html)  # placeholders put into words
    images = {
        part["Content-ID"].strip("<>"): part.get_content()
        for part in message.walk()
        if part.get_content_type() == "image/png"
    }
    cids = set(re.findall(r'src="cid:([^"]+)"', html))
    assert len(cids) == 2 and cids == set(images)  # daily timeline and volume, each attached
    for png in images.values():
        assert png.startswith(PNG_MAGIC) and len(png) > 10_000
    links = re.findall(r'href="([^"]+)"', html)
    assert f"{SITE_URL}blog/2026/08/rapport-2026-08/" in links
    assert links and all(link.startswith(SITE_URL) for link in links)
    assert not re.search(r"<(style|script|link)\b", html, re.IGNORECASE)
    assert not re.search(r'src="https?:', html)  # no remote image: clients block them


def test_report_sent_through_local_smtp(
    demo: Path, smtp: tuple[int, Inbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, inbox = smtp
    monkeypatch.setenv("OBS_TEST_SMTP_PASSWORD", PASSWORD)
    before = len(inbox.messages)
    result = CliRunner().invoke(main, ["report", "--email", "2026-08", "--config", str(demo)])
    assert result.exit_code == 0, result.output
    assert f"127.0.0.1:{port}" in result.output
    assert len(inbox.messages) == before + 1
    sender, recipients, raw = inbox.messages[-1]
    assert sender == "rapports@veille.example.net"
    assert recipients == ["direction@example.com", "com@example.com"]
    _check_report(_parse(raw))


def test_report_written_as_eml(demo: Path, smtp: tuple[int, Inbox], tmp_path: Path) -> None:
    _, inbox = smtp
    before = len(inbox.messages)
    target = tmp_path / "rapport.eml"
    result = CliRunner().invoke(
        main, ["report", "--email", "2026-08", "--output", str(target), "--config", str(demo)]
    )
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == before  # written, not sent
    message = _parse(target.read_bytes())
    assert message["To"] == "direction@example.com, com@example.com"
    _check_report(message)


def test_missing_secret_and_dead_server_are_named(
    demo: Path, smtp: tuple[int, Inbox], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, inbox = smtp
    before = len(inbox.messages)
    monkeypatch.delenv("OBS_TEST_SMTP_PASSWORD", raising=False)
    result = CliRunner().invoke(main, ["report", "--email", "2026-08", "--config", str(demo)])
    assert result.exit_code == 1
    assert "environment variable OBS_TEST_SMTP_PASSWORD, which is not set" in result.output

    dead = free_port()  # nothing listens there
    config = yaml.safe_load(demo.read_text(encoding="utf-8"))
    config["email"].update(port=dead, username=None, password_env=None)
    moved = tmp_path / "observatoire.yml"
    moved.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--email", "2026-08", "--config", str(moved)])
    assert result.exit_code == 1
    assert f"could not send the report through 127.0.0.1:{dead}" in result.output
    assert len(inbox.messages) == before


def test_no_email_section_is_a_clear_error(demo: Path, tmp_path: Path) -> None:
    config = yaml.safe_load(demo.read_text(encoding="utf-8"))
    del config["email"]
    path = tmp_path / "observatoire.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--email", "2026-08", "--config", str(path)])
    assert result.exit_code == 1
    assert "no `email:` section" in result.output
    result = CliRunner().invoke(main, ["report", "--config", str(path)])
    assert result.exit_code == 2  # neither --pdf nor --email


def test_subject_without_crisis() -> None:
    assert (
        subject([], {}, "2026-07", Wording("fr")) == "[Observatoire] Rapport mensuel — juillet 2026"
    )
    assert subject([], {}, "2026-07", Wording("en")) == "[Observatoire] Monthly report — July 2026"


@pytest.mark.parametrize(
    ("email_section", "message"),
    [
        (
            {"host": "smtp.example.com", "sender": "not-an-address", "recipients": ["a@b.fr"]},
            "not an e-mail address",
        ),
        (
            {"host": "smtp.example.com", "sender": "a@b.fr", "recipients": ["x@y"]},
            "not an e-mail address",
        ),
        ({"host": "smtp.example.com", "sender": "a@b.fr", "recipients": []}, "recipients"),
        (
            {
                "host": "smtp.example.com",
                "sender": "a@b.fr",
                "recipients": ["c@d.fr"],
                "password": "in-the-file",
            },
            "password",
        ),
    ],
)
def test_email_config_is_validated(
    tmp_path: Path, email_section: dict[str, Any], message: str
) -> None:
    path = _demo_config(tmp_path, email_section)
    with pytest.raises(ConfigError, match=message):
        load_config(path)
