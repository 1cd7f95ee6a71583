"""A real SMTP server on loopback (aiosmtpd) that Django's SMTP backend sends to, and the
task worker's code run at once (the immediate backend) when a step's transaction commits."""

import email
import socket
from dataclasses import dataclass
from email import policy

import pytest
from aiosmtpd.controller import Controller

from budgetnotes import workflow

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@dataclass
class Received:
    """One e-mail as the SMTP server got it: the envelope and the parsed message."""

    sender: str
    recipients: list
    message: email.message.EmailMessage

    @property
    def subject(self):
        return str(self.message["Subject"])

    @property
    def body(self):
        return self.message.get_body(("plain",)).get_content().replace("\r\n", "\n")


class Collecting:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class Mailbox:
    """What the server has received, by recipient address."""

    def __init__(self, handler):
        self.handler = handler

    @property
    def all(self):
        return list(self.handler.received)

    def to(self, user):
        return [mail for mail in self.handler.received if user.email in mail.recipients]

    def clear(self):
        self.handler.received.clear()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collecting()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, Mailbox(handler)
    finally:
        controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings):
    """Django's SMTP backend pointed at the loopback server; tasks run at once."""
    controller, box = smtp_server
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": controller.hostname, "port": controller.port, "timeout": 5},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "budgetnotatregister@budget.example.dk"
    settings.SITE_URL = "https://budget.kommune.example"
    settings.TASKS = IMMEDIATE_TASKS
    return box


@pytest.fixture
def step(django_capture_on_commit_callbacks):
    """step(user, obj, name, reason=""): a workflow step, committed (its on-commit callbacks
    run, so the sending task runs). Returns the object as moved."""

    def take(user, obj, name, reason=""):
        with django_capture_on_commit_callbacks(execute=True):
            return workflow.apply(user, obj, name, reason)

    return take
