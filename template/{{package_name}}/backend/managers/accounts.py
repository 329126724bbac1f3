"""Accounts: sign-up, log-in and out, passwords, mail links, and the admin's powers."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import Self
from urllib.parse import urlencode

from sqlmodel.ext.asyncio.session import AsyncSession

from ...errors import ForbiddenError, InvalidInputError, NotFoundError, NotSignedInError
from ...mail import Mailer
from ...security.passwords import Passwords
from ...security.tokens import (
    LinkError,
    LinkPurpose,
    Signer,
    new_nonce,
    new_session_token,
    token_digest,
)
from ...settings import Settings
from ...shared_models import LogIn, PasswordChange, PasswordReset, SignUp
from ..repositories.account import LoginFailureRepository, SessionRepository, UserRepository
from ..repositories.data_key import DataKeyRepository
from ..sql_models import User, UserSession
from ..sql_models._time import utc_now
from .keyring import KeyRing
from .login_throttle import LoginThrottle

WRONG_CREDENTIALS = "wrong email or password"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"  # `serve`'s default address; serve sets its own


@dataclass(frozen=True)
class AccountServices:
    """What every account operation needs besides a database session; one per app."""

    settings: Settings
    passwords: Passwords
    signer: Signer
    mailer: Mailer
    keyring: KeyRing

    @classmethod
    def from_settings(cls, settings: Settings, keyring: KeyRing, mailer: Mailer) -> Self:
        passwords = Passwords(
            time_cost=settings.password_hash_time_cost,
            memory_kib=settings.password_hash_memory_kib,
            parallelism=settings.password_hash_parallelism,
        )
        return cls(settings, passwords, Signer(keyring.master_key), mailer, keyring)


@dataclass(frozen=True)
class LoggedIn:
    user: User
    session_token: str


class AccountManager:
    def __init__(self, session: AsyncSession, services: AccountServices) -> None:
        self.session = session
        self.services = services
        self.users = UserRepository(session)
        self.sessions = SessionRepository(session)
        self.throttle = LoginThrottle(LoginFailureRepository(session), services.settings)

    # --- sessions ---------------------------------------------------------------
    async def user_for(self, session_token: str | None) -> User | None:
        """The active user a session token belongs to, if it is valid now."""
        if not session_token:
            return None
        return await self.sessions.active_user(token_digest(session_token))

    async def _open_session(self, user: User) -> LoggedIn:
        assert user.id is not None
        await self.sessions.end_expired(user.id)  # the table keeps live sessions only
        token = new_session_token()
        expires_at = utc_now() + timedelta(hours=self.services.settings.session_hours)
        await self.sessions.add(
            UserSession(token_digest=token_digest(token), user_id=user.id, expires_at=expires_at)
        )
        return LoggedIn(user, token)

    # --- sign-up, log-in, log-out -------------------------------------------------
    async def create_user(self, form: SignUp, *, admin: bool = False) -> User:
        # Hashed before the first query: no transaction waits on the hash.
        password_hash = await self.services.passwords.hash(form.password)
        if await self.users.by_email(form.email) is not None:
            raise InvalidInputError("email: an account with this address already exists")
        user = await self.users.add(
            User(
                email=form.email,
                owner=f"user-{secrets.token_hex(8)}",
                password_hash=password_hash,
                nonce=new_nonce(),
                is_admin=admin,
            )
        )
        # The user's data key, made now so their first sensitive field needs no extra step.
        await self.services.keyring.data_key(user.owner, DataKeyRepository(self.session))
        return user

    async def sign_up(self, form: SignUp) -> LoggedIn:
        """Create an account, log it in and mail a link to confirm the address."""
        user = await self.create_user(form)
        logged_in = await self._open_session(user)
        await self.session.commit()
        await self._send_link(user, "verify")
        return logged_in

    async def log_in(self, form: LogIn, address: str) -> LoggedIn:
        account_key, address_key = self.throttle.keys(form.email, address)
        await self.throttle.check(account_key, address_key)
        user = await self.users.by_email(form.email)
        # An unknown address is checked against a dummy hash: same time, same message.
        password_hash = user.password_hash if user is not None else None
        matches = await self.services.passwords.verify(password_hash, form.password)
        if user is None or not matches or not user.is_active:
            await self.throttle.failed(account_key, address_key)
            await self.session.commit()
            raise NotSignedInError(WRONG_CREDENTIALS)
        await self.throttle.succeeded(account_key)
        if self.services.passwords.needs_rehash(user.password_hash):
            user.password_hash = await self.services.passwords.hash(form.password)
        logged_in = await self._open_session(user)
        await self.session.commit()
        return logged_in

    async def log_out(self, session_token: str) -> None:
        await self.sessions.end(token_digest(session_token))
        await self.session.commit()

    async def change_password(self, user: User, form: PasswordChange, session_token: str) -> None:
        """Change the password; every other session of the user ends."""
        if not await self.services.passwords.verify(user.password_hash, form.current_password):
            raise InvalidInputError("current_password: that is not your password")
        await self._set_password(user, form.new_password, keep=token_digest(session_token))
        await self.session.commit()

    async def _set_password(self, user: User, password: str, *, keep: str | None) -> None:
        assert user.id is not None
        user.password_hash = await self.services.passwords.hash(password)
        user.nonce = new_nonce()  # mail links sent before stop working
        self.session.add(user)
        await self.sessions.end_all(user.id, keep=keep)

    # --- mail links ---------------------------------------------------------------
    def link(self, user: User, purpose: LinkPurpose) -> str:
        assert user.id is not None
        token = self.services.signer.link_token(purpose, user.id, user.nonce)
        page = "verify-email" if purpose == "verify" else "reset-password"
        base = (self.services.settings.public_url or DEFAULT_PUBLIC_URL).rstrip("/")
        return f"{base}/{page}?{urlencode({'token': token})}"

    async def _send_link(self, user: User, purpose: LinkPurpose) -> None:
        s = self.services.settings
        message = EmailMessage()
        message["From"] = s.mail_from
        message["To"] = user.email
        if purpose == "verify":
            message["Subject"] = "Confirm your email address"
            text = f"Open this link to confirm your address (valid {s.verify_link_hours} hours):"
        else:
            message["Subject"] = "Reset your password"
            text = (
                f"Open this link to choose a new password (valid {s.reset_link_minutes} minutes,"
                " once). If you did not ask for it, ignore this mail."
            )
        message.set_content(f"{text}\n\n{self.link(user, purpose)}\n")
        await self.services.mailer.send(message)

    async def _user_of_link(self, purpose: LinkPurpose, token: str) -> User:
        s = self.services.settings
        max_age = s.verify_link_hours * 3600 if purpose == "verify" else s.reset_link_minutes * 60
        try:
            claim = self.services.signer.read_link(purpose, token, max_age)
        except LinkError as exc:
            raise InvalidInputError(f"token: {exc}") from exc
        user = await self.users.get(claim.user_id)
        if user is None or not user.is_active or claim.nonce != user.nonce:
            raise InvalidInputError("token: this link was already used or replaced")
        return user

    async def resend_verification(self, user: User) -> None:
        """Mail the confirmation link again (a confirmed address needs none)."""
        if user.email_verified_at is not None:
            raise InvalidInputError("your address is already confirmed")
        await self._send_link(user, "verify")

    async def verify_email(self, token: str) -> User:
        user = await self._user_of_link("verify", token)
        user.email_verified_at = utc_now()
        user.nonce = new_nonce()  # single use
        self.session.add(user)
        await self.session.commit()
        return user

    async def request_reset(self, email: str) -> None:
        """Mail a reset link if the account exists; the caller says the same either way."""
        user = await self.users.by_email(email.strip().lower())
        if user is not None and user.is_active:
            await self._send_link(user, "reset")

    async def reset_password(self, form: PasswordReset) -> None:
        """Set a new password from a mail link; every session of the user ends."""
        user = await self._user_of_link("reset", form.token)
        await self._set_password(user, form.new_password, keep=None)
        await self.session.commit()

    # --- administration -------------------------------------------------------------
    # Each power takes the acting user and checks them here, so the API, the admin
    # page and the CLI refuse the same things with the same message.
    @staticmethod
    def _require_admin(acting: User | None) -> User:
        if acting is None or not acting.is_admin or not acting.is_active:
            raise ForbiddenError("Only administrators can manage accounts.")
        return acting

    async def list_users(
        self, acting: User | None, *, limit: int = 50, offset: int = 0, search: str = ""
    ) -> Sequence[User]:
        self._require_admin(acting)
        return await self.users.list(limit=limit, offset=offset, search=search.strip())

    async def _target(self, user_id: int) -> User:
        user = await self.users.get(user_id)
        if user is None:
            raise NotFoundError(f"user {user_id} does not exist")
        return user

    async def set_active(self, acting: User | None, user_id: int, active: bool) -> User:
        """(De)activate an account; deactivating ends its sessions at once.

        Nobody deactivates themselves, nor the last active administrator: the app
        would be left with no one able to undo it.
        """
        admin = self._require_admin(acting)
        user = await self._target(user_id)
        if not active:
            if user.id == admin.id:
                raise ForbiddenError("You cannot deactivate your own account.")
            if user.is_admin and await self.users.count_active_admins(besides=user.id) == 0:
                raise ForbiddenError("You cannot deactivate the last administrator.")
        user.is_active = active
        self.session.add(user)
        if not active:
            await self.sessions.end_all(user_id)
        await self.session.commit()
        return user

    async def grant_admin(self, acting: User | None, user_id: int) -> User:
        self._require_admin(acting)
        user = await self._target(user_id)
        user.is_admin = True
        self.session.add(user)
        await self.session.commit()
        return user

    async def make_admin(self, email: str) -> User:
        """For the CLI (whoever runs it owns the database): admin, and active again."""
        user = await self.users.by_email(email.strip().lower())
        if user is None:
            raise NotFoundError(f"no account has the address {email!r}")
        user.is_admin = True
        user.is_active = True
        self.session.add(user)
        await self.session.commit()
        return user
