"""Sending mail through a pluggable backend: files in development, SMTP in production."""

from .backends import FileMailer, Mailer, SmtpMailer, mailer_from

__all__ = ["FileMailer", "Mailer", "SmtpMailer", "mailer_from"]
