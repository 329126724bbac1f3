"""Mail backends. Both take a ready `EmailMessage`; neither knows what the mail is about.

- `FileMailer` writes each message as an `.eml` file under DATA_DIR/mail (git-ignored
  with the rest of `var/`), so a developer opens the mail and follows its link.
- `SmtpMailer` hands it to the SMTP server of the settings (stdlib smtplib, in a thread).
"""

import asyncio
import smtplib
import ssl
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from uuid import uuid4

from ..settings import Settings


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None: ...


class FileMailer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Sortable by time of writing, unique across workers.
        name = f"{time.time_ns()}-{uuid4().hex[:8]}.eml"
        await asyncio.to_thread((self.folder / name).write_bytes, bytes(message))


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._send, message)

    def _send(self, message: EmailMessage) -> None:
        s = self.settings
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30) as smtp:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_username and s.smtp_password:
                smtp.login(s.smtp_username, s.smtp_password.get_secret_value())
            smtp.send_message(message)


def mailer_from(settings: Settings) -> Mailer:
    if settings.mail_backend == "smtp":
        return SmtpMailer(settings)
    return FileMailer(settings.data_dir / "mail")
