"""`observatoire alerts`: announce the crises whose first day is reached (the I/O edge of
aggregate/alerts.py and render/alerts.py).

Each alert goes to every configured channel: a JSON webhook (HTTP POST, retried with a
doubling back-off on a network error or a 5xx answer) and an e-mail through the `email:`
section. What was sent is remembered per channel in the store (table sent_alerts), so that
runs on several machines share the memory: before sending, a run inserts the alert's row if
absent, and only the run whose insert took it sends (two runs started together never both
send). The row is marked sent once the channel accepted it, or deleted if the channel failed,
so a failed channel is tried again on the next run without resending the others; a run killed
mid-send leaves a claim that a later run takes over once it is older than any send could take.
The JSON file older versions kept (`alerts.state_file`) is imported once, then renamed
`<name>.imported`, so nothing is announced twice after an upgrade.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

from generator.config import Config
from generator.errors import ObservatoireError
from generator.records import Crisis
from generator.store import Store

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
    imported: int = 0  # alerts read from an older version's state file into the store


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


def import_state(path: Path, store: Store) -> int:
    """Move the alerts an older version remembered in a JSON file into the store (once: the
    file is renamed `<name>.imported`); returns how many were new to the store."""
    state = read_state(path)
    if not path.exists():
        return 0
    sent = {
        channel: {key: _sent_on(value) for key, value in keys.items()}
        for channel, keys in state.items()
    }
    added = store.import_sent_alerts(sent)
    with contextlib.suppress(FileNotFoundError):  # another run on this machine moved it
        path.replace(path.with_name(path.name + ".imported"))
    return added


def _sent_on(value: object) -> datetime:
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        return datetime(1970, 1, 1)


def claim_seconds(config: Config) -> float:
    """After how long a claim without a result is taken over: twice the longest a send may
    take (every webhook attempt with its back-off, or the SMTP timeout), at least 15 minutes."""
    settings = config.alerts
    attempts = settings.webhook_retries + 1
    backoff = settings.webhook_backoff * float(2**attempts)  # the doubling pauses, summed
    webhook = attempts * settings.webhook_timeout + backoff
    smtp = 4 * config.email.timeout if config.email is not None else 0.0
    return float(max(900.0, 2 * max(webhook, smtp)))


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
    """Send every due crisis not yet sent on each channel; remember each success in the store.

    `dry_run` neither sends, nor claims, nor imports: it lists what a run would send."""
    from generator.aggregate.alerts import alert_key, unsent

    outcome = Outcome(due=[alert_key(c) for c in crises])
    path = state_path(config)
    claimant = f"{socket.gethostname()[:120]}:{os.getpid()}:{secrets.token_hex(4)}"
    with Store(config.store_url) as store:
        legacy = read_state(path) if dry_run else {}
        if not dry_run:
            outcome.imported = import_state(path, store)
        for channel in channels(config):
            sent = store.sent_alert_keys(channel) | set(legacy.get(channel, {}))
            outcome.sent[channel] = []
            for crisis in unsent(crises, sent):
                key = alert_key(crisis)
                if dry_run:
                    outcome.sent[channel].append(key)
                    continue
                if not store.claim_alert(key, channel, claimant, claim_seconds(config)):
                    continue  # another run sent it or is sending it
                try:
                    _send(config, channel, crisis, as_of)
                except ObservatoireError as exc:
                    store.alert_failed(key, channel, claimant)
                    outcome.failures.append(f"{channel} {key}: {exc}")
                    continue
                store.alert_sent(key, channel, claimant)
                outcome.sent[channel].append(key)
    return outcome


def _send(config: Config, channel: str, crisis: Crisis, as_of: date) -> None:
    from generator import mail
    from generator.render import alerts as words

    lang = config.site.language
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


def due_crises(config: Config, as_of: date) -> list[Crisis]:
    """The crises of the store's mentions up to `as_of` that are due that day, in words
    (new posts analysed first; only the windows of the months concerned are read)."""
    from generator.aggregate.alerts import due
    from generator.analyse.pipeline import (
        analyse_store,
        config_corrections,
        excluded_authors,
        staff_authors,
    )
    from generator.incremental import crises_up_to
    from generator.render.i18n import Wording
    from generator.render.placeholder_words import in_words
    from generator.store import Store

    corrections = config_corrections(config)
    lookback = config.alerts.lookback_days
    with Store(config.store_url) as store:
        analyse_store(store, config, corrections=corrections)
        found = crises_up_to(
            config,
            store,
            staff=staff_authors(config, corrections),
            excluded=excluded_authors(config, corrections),
            day=as_of,
            lookback_days=lookback,
        )
    crises = due(sorted(found, key=lambda c: (c.start, c.brand)), as_of, lookback)
    w = Wording(config.site.language)
    return [in_words(c, w) for c in crises]
