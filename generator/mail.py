"""Send the e-mailed monthly report, or write it as an .eml file: the I/O edge of
render/email_report.py.

The message is built by the standard library (EmailMessage): a multipart/alternative with the
plain text first and, last (preferred), a multipart/related holding the HTML and its PNG
charts, each with the Content-ID the HTML's `cid:` points at. The SMTP password is read from
the environment variable the configuration names, never from the file.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from generator import atomic
from generator.aggregate import Observatory
from generator.config import Config, EmailConfig
from generator.errors import ObservatoireError
from generator.render.email_report import EmailReport


class MailError(ObservatoireError):
    """The report could not be sent; the message names the server."""


def compose(report: EmailReport, sender: str, recipients: list[str], site_url: str) -> EmailMessage:
    """The whole message, ready for SMTP or for a file."""
    message = EmailMessage()
    message["Subject"] = report.subject
    message["From"] = sender
    if recipients:
        message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=urlsplit(site_url).hostname or None)
    message["List-Id"] = f"<rapport.{urlsplit(site_url).hostname or 'observatoire'}>"
    message.set_content(report.text, subtype="plain", cte="quoted-printable")
    message.add_alternative(report.html, subtype="html", cte="quoted-printable")
    html_part = message.get_body(("html",))  # the alternative just added
    assert isinstance(html_part, EmailMessage)
    for chart in report.charts:
        html_part.add_related(
            chart.png,
            maintype="image",
            subtype="png",
            cid=f"<{chart.cid}>",
            filename=chart.cid.split("@", 1)[0] + ".png",
            disposition="inline",
        )
    return message


def write_eml(message: EmailMessage, path: Path) -> Path:
    """The message as an .eml file (RFC 5322 bytes, CRLF line ends as mail clients expect)."""
    from email import policy

    atomic.write_bytes(path, message.as_bytes(policy=policy.SMTP))
    return path


def password(settings: EmailConfig) -> str | None:
    if settings.password_env is None:
        return None
    value = os.environ.get(settings.password_env)
    if value is None:
        raise MailError(
            f"the SMTP password is read from the environment variable "
            f"{settings.password_env}, which is not set"
        )
    return value


def send(message: EmailMessage, settings: EmailConfig) -> list[str]:
    """Send through the configured SMTP server; returns the recipients it accepted."""
    server = f"{settings.host}:{settings.port}"
    secret = password(settings)
    context = ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with smtp:
            if settings.security == "starttls":
                smtp.starttls(context=context)
            if settings.username is not None:
                smtp.login(settings.username, secret or "")
            refused = smtp.send_message(message, from_addr=None, to_addrs=list(settings.recipients))
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"could not send the report through {server}: {exc}") from None
    return [r for r in settings.recipients if r not in refused]


def load_observatory(config: Config) -> Observatory:
    """The Observatory of the store, as `build` computes it (new posts analysed first)."""
    from generator.pipeline import store_observatory

    return store_observatory(config).built.observatory


def email_report(config: Config, month: str, output: Path | None) -> str:
    """`report --email`: render the month's report and send it, or write it to `output`.

    Sending needs the `email:` section; writing a file does not (a preview before the list
    is configured), and then the message is addressed from the site's editor to nobody."""
    from generator.render.email_report import build_email

    settings = config.email
    if settings is None and output is None:
        raise MailError(
            "no `email:` section in the configuration: add the SMTP server, sender and "
            "recipients (see README, “The monthly report by e-mail”), or use --output FILE.eml"
        )
    if output is None and settings is not None:
        password(settings)  # a missing secret fails now, not after the rendering
    report = build_email(load_observatory(config), config, month)
    host = urlsplit(config.site.url).hostname or "localhost"
    sender = (
        settings.sender
        if settings is not None
        else config.site.editor_email or config.site.contact or f"observatoire@{host}"
    )
    recipients = list(settings.recipients) if settings is not None else []
    message = compose(report, sender, recipients, config.site.url)
    if output is not None:
        write_eml(message, output)
        return f"report for {month} written to {output}"
    assert settings is not None
    accepted = send(message, settings)
    return (
        f"report for {month} sent through {settings.host}:{settings.port} "
        f"to {len(accepted)} recipient(s): {', '.join(accepted)}"
    )
