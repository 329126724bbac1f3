"""The jobs' bodies: plain typed async functions of a runtime, calling managers only.

The queue (`queue.py`) runs them with retries; they may run more than once, so each
one is safe to repeat (the mail job is made to send once by its caller).
"""

import logging

from ..backend.managers.accounts import AccountManager, CleanedUp
from ..security.tokens import LinkPurpose
from ..shared_models.actor import Actor
from .runtime import JobRuntime

log = logging.getLogger(__name__)


async def send_link_mail(runtime: JobRuntime, user_id: int, purpose: LinkPurpose) -> bool:
    """Mail the link of `purpose` to `user_id`; False when there was no one to mail."""
    async with runtime.sessions() as session:
        manager = AccountManager(session, runtime.accounts, Actor.command_line())
        sent = await manager.send_link_mail(user_id, purpose)
    log.info("link mail", extra={"user_id": user_id, "purpose": purpose, "sent": sent})
    return sent


async def clean_up_accounts(runtime: JobRuntime) -> CleanedUp:
    """Delete expired sessions and old log-in failures."""
    async with runtime.sessions() as session:
        cleaned = await AccountManager(session, runtime.accounts, Actor.command_line()).clean_up()
    log.info(
        "cleaned up accounts",
        extra={"sessions": cleaned.sessions, "login_failures": cleaned.login_failures},
    )
    return cleaned
