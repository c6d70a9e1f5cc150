"""Notification adapters: SMTP e-mail, an SMS gateway interface with a logging adapter, and the
demo adapter that only keeps messages in the outbox table (read on /portal/outbox)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from guomen.config import Settings
from guomen.portal.model import Channel, OutboxMessage
from guomen.portal.ports import Notifier

log = logging.getLogger("guomen.notify")


class OutboxOnly:
    """Demo and tests: the message is already in the outbox; nothing leaves the machine."""

    def deliver(self, message: OutboxMessage) -> None:
        return None


class LoggingSms:
    """SMS stand-in for the demo: logs that a message went out (never its text: it may hold a
    code). A real SMS gateway adapter implements the same ``deliver``."""

    def deliver(self, message: OutboxMessage) -> None:
        masked = message.recipient[:3] + "****" + message.recipient[-4:]
        log.info("sms %s to %s (%d characters)", message.id, masked, len(message.body))


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str = "",
        password: str = "",
        starttls: bool = True,
        timeout: float = 10.0,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._username, self._password = username, password
        self._starttls, self._timeout = starttls, timeout

    def build(self, message: OutboxMessage) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self._sender
        mail["To"] = message.recipient
        mail["Subject"] = message.subject
        mail["Message-ID"] = f"<{message.id}@guomen>"
        mail.set_content(message.body)
        return mail

    def deliver(self, message: OutboxMessage) -> None:
        with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
            if self._starttls:
                smtp.starttls()
            if self._username:
                smtp.login(self._username, self._password)
            smtp.send_message(self.build(message))


class ChannelNotifier:
    """Routes each message to the adapter of its channel."""

    def __init__(self, email: Notifier, sms: Notifier) -> None:
        self._by_channel: dict[Channel, Notifier] = {Channel.EMAIL: email, Channel.SMS: sms}

    def deliver(self, message: OutboxMessage) -> None:
        self._by_channel[message.channel].deliver(message)


def build_notifier(settings: Settings) -> Notifier:
    """SMTP when a host is configured, else the outbox only; SMS through the logging adapter."""
    email: Notifier = OutboxOnly()
    if settings.smtp_host:
        email = SmtpMailer(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            username=settings.smtp_username,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )
    return ChannelNotifier(email, LoggingSms())
