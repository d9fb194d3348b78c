"""Sending e-mail notifications: to an SMTP server, or into a mailbox folder on one machine.

``SMTP_URL`` names the server: ``smtp://user:password@host:587`` (STARTTLS when the server
offers it), ``smtps://host:465`` (TLS from the start) or ``smtp://host:25``. Without it, each
mail is written to ``MAILBOX_PATH`` as ``<id>.eml``, which is what ``make run`` does, and the
app shows a person their notifications either way.

Each mail's Message-ID is the notification's id, and in the mailbox its file name: a mail sent
again after a crash replaces itself, and mail clients drop the repeat.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from directory.models import Notification

TIMEOUT_SECONDS = 10


@dataclass
class Mailer:
    sender: str
    public_url: str
    smtp_url: str = ""
    mailbox: Path | None = None

    def message(self, notification: Notification) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = notification.email
        mail["Subject"] = notification.subject
        mail["Date"] = format_datetime(notification.created_at)
        domain = urlsplit(self.public_url).hostname or "localhost"
        mail["Message-ID"] = f"<{notification.id}@{domain}>"
        link = f"{self.public_url}/app/referrals/{notification.referral_id}"
        mail.set_content(
            f"{notification.body}\n\nOpen it (after signing in): {link}\n\n"
            "You receive this because you work on this referral in Partner Directory.\n"
        )
        return mail

    def send(self, notification: Notification) -> str | None:
        """Hand one mail over; None when it was taken, else why not."""
        mail = self.message(notification)
        try:
            if self.smtp_url:
                self._smtp(mail)
            else:
                self._file(notification.id, mail)
        except (OSError, smtplib.SMTPException) as error:
            return f"{type(error).__name__}: {error}"[:500]
        return None

    def _smtp(self, mail: EmailMessage) -> None:
        url = urlsplit(self.smtp_url)
        host, context = url.hostname or "localhost", ssl.create_default_context()
        if url.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=TIMEOUT_SECONDS, context=context)
        else:
            server = smtplib.SMTP(host, url.port or 25, timeout=TIMEOUT_SECONDS)
        with server:
            server.ehlo()
            if url.scheme == "smtp" and server.has_extn("starttls"):
                server.starttls(context=context)
                server.ehlo()
            if url.username:
                server.login(unquote(url.username), unquote(url.password or ""))
            server.send_message(mail)

    def _file(self, name: str, mail: EmailMessage) -> None:
        assert self.mailbox is not None
        self.mailbox.mkdir(parents=True, exist_ok=True)
        final = self.mailbox / f"{name}.eml"
        partial = final.with_suffix(".part")
        partial.write_bytes(mail.as_bytes())
        os.replace(partial, final)  # whole or not at all
