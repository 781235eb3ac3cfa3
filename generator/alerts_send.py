"""`observatoire alerts`: announce the crises whose first day is reached (the I/O edge of
aggregate/alerts.py and render/alerts.py).

Each alert goes to every configured channel: a JSON webhook (HTTP POST, retried with a
doubling back-off on a network error or a 5xx answer) and an e-mail through the `email:`
section. What was sent is remembered per channel in a small JSON file (`alerts.state_file`),
written atomically after each success, so a second run sends nothing again and a channel that
failed is tried again on the next run without resending the others. A JSON file rather than a
store table keeps the alerts independent of the database engine.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from generator import atomic
from generator.config import Config
from generator.errors import ObservatoireError
from generator.records import Crisis

WEBHOOK = "webhook"
EMAIL = "email"


class AlertError(ObservatoireError):
    """A channel could not deliver an alert (the others were still tried)."""


@dataclass
class Outcome:
    """What one run did: alerts due, sent per channel, and failures in words."""

    due: list[str] = field(default_factory=list)
    sent: dict[str, list[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def state_path(config: Config) -> Path:
    path = config.alerts.state_file
    return path if path.is_absolute() else config.base_dir / path


def read_state(path: Path) -> dict[str, dict[str, str]]:
    """Channel -> alert key -> when it was sent (ISO date of the run)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AlertError(f"cannot read the sent alerts in {path}: {exc}") from None
    if not isinstance(data, dict):
        raise AlertError(f"{path} is not a record of sent alerts")
    return {str(k): dict(v) for k, v in data.items() if isinstance(v, dict)}


def write_state(path: Path, state: dict[str, dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, json.dumps(state, indent=2, sort_keys=True) + "\n")


def post_webhook(
    url: str,
    body: dict[str, Any],
    *,
    timeout: float,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """POST the JSON body; a 4xx answer is final, a 5xx or network error is retried."""
    delay = backoff
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            sleep(delay)
            delay *= 2
        try:
            response = httpx.post(url, json=body, timeout=timeout)
        except httpx.HTTPError as exc:
            problem = f"{type(exc).__name__}: {exc}"
            continue
        if response.status_code < 300:
            return
        problem = f"HTTP {response.status_code}"
        if response.status_code < 500:
            break
    raise AlertError(f"the webhook {url} failed after {attempt + 1} attempt(s): {problem}")


def channels(config: Config) -> list[str]:
    out = []
    if config.alerts.webhook_url is not None:
        out.append(WEBHOOK)
    if config.alerts.email and config.email is not None:
        out.append(EMAIL)
    return out


def deliver(config: Config, crises: list[Crisis], as_of: date, *, dry_run: bool = False) -> Outcome:
    """Send every due crisis not yet sent on each channel; remember each success."""
    from generator import mail
    from generator.aggregate.alerts import alert_key, unsent
    from generator.render import alerts as words

    lang = config.site.language
    path = state_path(config)
    state = read_state(path)
    outcome = Outcome(due=[alert_key(c) for c in crises])
    for channel in channels(config):
        sent = state.setdefault(channel, {})
        outcome.sent[channel] = []
        for crisis in unsent(crises, sent.keys()):
            key = alert_key(crisis)
            if dry_run:
                outcome.sent[channel].append(key)
                continue
            try:
                if channel == WEBHOOK:
                    assert config.alerts.webhook_url is not None
                    post_webhook(
                        config.alerts.webhook_url,
                        words.payload(crisis, config, lang, as_of),
                        timeout=config.alerts.webhook_timeout,
                        retries=config.alerts.webhook_retries,
                        backoff=config.alerts.webhook_backoff,
                    )
                else:
                    settings = config.email
                    assert settings is not None
                    message = words.email_message(
                        crisis, config, lang, settings.sender, list(settings.recipients)
                    )
                    mail.send(message, settings)
            except ObservatoireError as exc:
                outcome.failures.append(f"{channel} {key}: {exc}")
                continue
            sent[key] = as_of.isoformat()
            outcome.sent[channel].append(key)
            write_state(path, state)
    return outcome


def due_crises(config: Config, as_of: date) -> list[Crisis]:
    """The crises of the store's mentions up to `as_of` that are due that day, in words."""
    from generator.aggregate import compute
    from generator.aggregate.alerts import due, until
    from generator.pipeline import read_store
    from generator.render.i18n import Wording
    from generator.render.placeholder_words import in_words

    reading = read_store(config)
    mentions = until(reading.mentions, as_of, config.site.timezone)
    if mentions.empty:
        return []
    observatory = compute(mentions, config, staff=reading.staff)
    crises = due(observatory.crises, as_of, config.alerts.lookback_days)
    w = Wording(config.site.language)
    return [in_words(c, w) for c in crises]
