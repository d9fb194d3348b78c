"""Delivery of referral events, the outbox consumer of referral changes: webhooks (sign each
event, post it, record the answer, try again later if need be) and, with a mailer, e-mail
notifications (see api.mail); and its command, ``partner-directory webhooks worker``.

Every delivery is a POST of JSON with these headers:

- ``Partner-Directory-Event``: ``referral.status_changed`` or ``referral.message``;
- ``Partner-Directory-Delivery``: the delivery id, the same on every attempt (drop repeats);
- ``Partner-Directory-Signature``: ``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
  keyed with the webhook's secret. Check it, and reject old timestamps, to know it is us.
  After the secret is rotated, and for the overlap the rotation asked for, there are two
  ``v1=`` entries, one per secret (the new one first): accept the delivery if either matches
  the secret you hold.

Webhook URLs may not point into private networks unless ``WEBHOOK_ALLOW_PRIVATE`` is on:
otherwise a client could make the server call its neighbours.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import click
import urllib3
from flask import current_app

from api.mail import Mailer
from directory.errors import InvalidInput
from directory.processes import run_until_stopped
from directory.services import Services
from directory.services.notifications import NotificationService
from directory.services.webhooks import WebhookService
from directory.text import Text

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "Partner-Directory-Signature"
TIMEOUT = urllib3.Timeout(connect=3.0, read=5.0)


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secrets: str | list[str], timestamp: int, body: bytes) -> str:
    """The signature header: one ``v1`` per secret (during a rotation's overlap, two)."""
    keys = [secrets] if isinstance(secrets, str) else secrets
    return ",".join([f"t={timestamp}", *(f"v1={_digest(key, timestamp, body)}" for key in keys)])


def verify(secret: str, header: str, body: bytes, tolerance: int = 300, now: float | None = None) -> bool:
    """What a receiver does: recompute the signature with the secret it holds, accept it if any
    ``v1`` matches, and refuse stale timestamps."""
    try:
        items = [item.split("=", 1) for item in header.split(",")]
        timestamp = int(next(value for name, value in items if name == "t"))
    except (StopIteration, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = _digest(secret, timestamp, body)
    return any(name == "v1" and hmac.compare_digest(expected, value) for name, value in items)


def check_url(url: str, allow_private: bool) -> None:
    """Refuse URLs whose host resolves into loopback, private, link-local or reserved space."""
    host = urlsplit(url).hostname
    if not host:
        raise InvalidInput(Text("Not a usable URL."), {"url": [Text("The URL has no host.")]})
    if allow_private:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise InvalidInput(Text("Not a usable URL."), {"url": [Text("%(host)r does not resolve.", host=host)]}) from exc
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise InvalidInput(
                Text("Not a usable URL."),
                {"url": [Text("%(host)r points into a private network (%(ip)s).", host=host, ip=str(ip))]},
            )


@dataclass
class Sender:
    """Sends referral events: webhooks to clients, e-mail to people (when given a mailer)."""

    services: Services
    allow_private: bool = False
    batch: int = 20
    idle_seconds: float = 0.2
    mailer: Mailer | None = None

    def __post_init__(self) -> None:
        self.http = urllib3.PoolManager(timeout=TIMEOUT, retries=False)

    def post(
        self, url: str, secrets: list[str], payload: dict[str, Any], delivery_id: str
    ) -> tuple[int | None, str | None]:
        body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "partner-directory-webhooks/1",
            "Partner-Directory-Event": payload["event"],
            "Partner-Directory-Delivery": delivery_id,
            SIGNATURE_HEADER: sign(secrets, int(time.time()), body),
        }
        try:
            check_url(url, self.allow_private)  # again: what a name resolves to can change
            response = self.http.request("POST", url, body=body, headers=headers, redirect=False)
        except InvalidInput as exc:
            return None, f"refused: {exc.errors['url'][0]}"
        except urllib3.exceptions.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"[:500]
        return response.status, None if 200 <= response.status < 300 else f"answered {response.status}"

    def run_once(self) -> int:
        """Fan out new events, then send what is due; returns how much it did."""
        done = self.services.webhooks.fan_out(self.services.outbox)
        with self.services.webhooks.due(self.batch) as batch:
            for delivery, hook in batch:
                started = time.perf_counter()
                signing = self.services.webhooks.signing_secrets(hook)
                status, error = self.post(hook.url, signing, delivery.payload, delivery.id)
                elapsed = (time.perf_counter() - started) * 1000
                WebhookService.settle(delivery, status, error, elapsed, disabled=hook.disabled_at is not None)
            done += len(batch)
        if self.mailer is not None:
            with self.services.notifications.due(self.batch) as mails:
                for notification in mails:
                    NotificationService.settle(notification, self.mailer.send(notification))
                done += len(mails)
        return done

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                if not self.run_once():
                    stop.wait(self.idle_seconds)
            except Exception as error:  # noqa: BLE001 (the loop must outlive any one failure)
                log.warning("webhook delivery paused: %s", error)
                stop.wait(1.0)


# --- the command ------------------------------------------------------------------------------


@click.group("webhooks")
def commands() -> None:
    """Referral event notifications."""


@commands.command("worker")
@click.option("--once", is_flag=True, help="Send what is due, then stop.")
def webhooks_worker(once: bool) -> None:
    """Fan out referral events and deliver them: webhooks, and e-mail to people (runs until
    interrupted)."""
    settings = current_app.config["SETTINGS"]
    mailer = Mailer(settings.mail_from, settings.public_url, settings.smtp_url, settings.mailbox_path)
    sender = Sender(current_app.extensions["services"], allow_private=settings.webhook_allow_private, mailer=mailer)
    if once:
        total = 0
        while done := sender.run_once():
            total += done
        click.echo(f"{total} events and deliveries handled", err=True)
        return
    where = settings.smtp_url.split("@")[-1] if settings.smtp_url else settings.mailbox_path
    click.echo(f"delivering webhooks, and e-mail to {where}; Ctrl-C to stop", err=True)
    run_until_stopped(sender.run)
