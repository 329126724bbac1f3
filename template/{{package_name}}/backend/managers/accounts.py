"""Accounts: sign-up, log-in and out, passwords, mail links, and the admin's powers.

The manager acts for an `Actor` (who is asking) and decides what it may do:
anonymous visitors may sign up, log in and use mail links; a signed-in user may
change their password and log out; an administrator (or the operator at the
command line) manages accounts. It returns shared models, never table rows.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from typing import Self
from urllib.parse import urlencode

from sqlmodel.ext.asyncio.session import AsyncSession

from ...errors import ConflictError, ForbiddenError, NotFoundError, NotSignedInError
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
from ...shared_models import LogIn, PasswordChange, PasswordReset, SignUp, UserView
from ...shared_models.actor import Actor
from ...shared_models.events import PasswordResetRequested, UserSignedUp
from ..events import EventBus
from ..mungers.account import UserMunger
from ..repositories.account import (
    LoginFailureRepository,
    SessionRepository,
    UserRepository,
)
from ..repositories.data_key import DataKeyRepository
from ..sql_models import User, UserSession
from ..sql_models._time import utc_now
from .keyring import KeyRing
from .login_throttle import LoginThrottle
from .session_cache import SessionCache

WRONG_CREDENTIALS = "wrong email or password"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"  # `serve`'s default address; serve sets its own
SESSION_ENDED = "your session has ended: log in again"


@dataclass(frozen=True)
class AccountServices:
    """What every account operation needs besides a database session; one per app."""

    settings: Settings
    passwords: Passwords
    signer: Signer
    mailer: Mailer
    keyring: KeyRing
    # Sign-ups and reset requests are published here; the mail goes out in a job.
    events: EventBus = field(default_factory=EventBus)
    session_cache: SessionCache = field(default_factory=lambda: SessionCache(0))

    @classmethod
    def from_settings(
        cls, settings: Settings, keyring: KeyRing, mailer: Mailer, events: EventBus | None = None
    ) -> Self:
        passwords = Passwords(
            time_cost=settings.password_hash_time_cost,
            memory_kib=settings.password_hash_memory_kib,
            parallelism=settings.password_hash_parallelism,
        )
        signer = Signer(keyring.master_key)
        cache = SessionCache(settings.session_cache_seconds)
        return cls(settings, passwords, signer, mailer, keyring, events or EventBus(), cache)

    def remembered_actor(self, session_token: str) -> Actor | None:
        """The session's actor if this process remembers it: no database session opened
        (most signed-in requests; `AccountManager.actor_for` looks up the others)."""
        return self.session_cache.get(token_digest(session_token))


@dataclass(frozen=True)
class CleanedUp:
    sessions: int
    login_failures: int


@dataclass(frozen=True)
class LoggedIn:
    user: UserView
    session_token: str


class AccountManager:
    def __init__(self, session: AsyncSession, services: AccountServices, actor: Actor) -> None:
        self.session = session
        self.services = services
        self.actor = actor
        self.users = UserRepository(session)
        self.sessions = SessionRepository(session)
        self.munger = UserMunger()
        self.throttle = LoginThrottle(LoginFailureRepository(session), services.settings)

    # --- who acts -------------------------------------------------------------------
    async def actor_for(self, session_token: str | None) -> Actor:
        """Who a session token speaks for: its active user, or an anonymous visitor."""
        if not session_token:
            return Actor.anonymous()
        return await self._actor_of(token_digest(session_token)) or Actor.anonymous()

    async def current_actor(self) -> Actor:
        """The actor as the database sees it now: a page may outlive its session."""
        digest = self.actor.session_digest
        if digest is None:
            return self.actor
        actor = await self._actor_of(digest)
        if actor is None:
            raise NotSignedInError(SESSION_ENDED)
        return actor

    async def _actor_of(self, digest: str) -> Actor | None:
        """The user acting through a live session, remembered for seconds (session_cache.py)."""
        cache = self.services.session_cache
        actor = cache.get(digest)
        if actor is not None:
            return actor
        found = await self.sessions.active_session(digest)
        if found is None:
            return None
        user, expires_at = found
        actor = self.munger.to_actor(user, digest)
        cache.put(digest, actor, expires_at)
        return actor

    def _signed_in(self) -> UserView:
        if self.actor.user is None:
            raise NotSignedInError("sign in first")
        return self.actor.user

    def _admin(self) -> None:
        if self.actor.is_admin:
            return
        self._signed_in()
        raise ForbiddenError("administrators only")

    async def _acting_user(self) -> User:
        """The actor's own row, through its session (which must still be live)."""
        self._signed_in()
        user = None
        if self.actor.session_digest is not None:
            user = await self.sessions.active_user(self.actor.session_digest)
        if user is None:
            raise NotSignedInError(SESSION_ENDED)
        return user

    async def _open_session(self, user: User) -> LoggedIn:
        assert user.id is not None
        await self.sessions.end_expired(user.id)  # the table keeps live sessions only
        token = new_session_token()
        expires_at = utc_now() + timedelta(hours=self.services.settings.session_hours)
        await self.sessions.add(
            UserSession(token_digest=token_digest(token), user_id=user.id, expires_at=expires_at)
        )
        return LoggedIn(self.munger.to_view(user), token)

    # --- sign-up, log-in, log-out -------------------------------------------------
    async def _create_user(self, form: SignUp, *, admin: bool = False) -> User:
        # Hashed before the first query: no transaction waits on the hash.
        password_hash = await self.services.passwords.hash(form.password)
        if await self.users.by_email(form.email) is not None:
            raise ConflictError("email: an account with this address already exists")
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
        """Create an account and log it in; a job mails the link that confirms the address."""
        user = await self._create_user(form)
        logged_in = await self._open_session(user)
        await self.session.commit()
        assert user.id is not None
        await self.services.events.publish(UserSignedUp(user_id=user.id))
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

    async def log_out(self) -> None:
        """End the actor's session."""
        self._signed_in()
        if self.actor.session_digest is not None:
            await self.sessions.end(self.actor.session_digest)
            await self._commit_account_change()

    async def _commit_account_change(self) -> None:
        """Commit a change that may end sessions or change actors; then no process
        answers from an actor it remembered from before (session_cache.py)."""
        await self.session.commit()
        self.services.session_cache.forget_all()

    async def me(self) -> UserView:
        return self._signed_in()

    async def change_password(self, form: PasswordChange) -> None:
        """Change the actor's password; every other session of theirs ends."""
        user = await self._acting_user()
        if not await self.services.passwords.verify(user.password_hash, form.current_password):
            raise ForbiddenError("current_password: that is not your password")
        await self._set_password(user, form.new_password, keep=self.actor.session_digest)
        await self._commit_account_change()

    async def _set_password(self, user: User, password: str, *, keep: str | None) -> None:
        assert user.id is not None
        user.password_hash = await self.services.passwords.hash(password)
        user.nonce = new_nonce()  # mail links sent before stop working
        self.session.add(user)
        await self.sessions.end_all(user.id, keep=keep)

    # --- mail links ---------------------------------------------------------------
    def _link(self, user: User, purpose: LinkPurpose) -> str:
        assert user.id is not None
        token = self.services.signer.link_token(purpose, user.id, user.nonce)
        page = "verify-email" if purpose == "verify" else "reset-password"
        base = (self.services.settings.public_url or DEFAULT_PUBLIC_URL).rstrip("/")
        return f"{base}/{page}?{urlencode({'token': token})}"

    async def send_link_mail(self, user_id: int, purpose: LinkPurpose) -> bool:
        """Mail `user_id` the link for `purpose`; False when the account is gone or inactive.
        For jobs (the operator) only: the job makes sure it sends once."""
        self._admin()
        user = await self.users.get(user_id)
        if user is None or not user.is_active:
            return False
        await self._send_link(user, purpose)
        return True

    async def clean_up(self) -> CleanedUp:
        """Delete expired sessions and the log-in failures past the window."""
        self._admin()
        window = timedelta(seconds=self.services.settings.login_failure_window_seconds)
        cleaned = CleanedUp(
            sessions=await self.sessions.end_every_expired(),
            login_failures=await LoginFailureRepository(self.session).forget_every_one_before(
                utc_now() - window
            ),
        )
        await self.session.commit()
        return cleaned

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
        message.set_content(f"{text}\n\n{self._link(user, purpose)}\n")
        await self.services.mailer.send(message)

    async def _user_of_link(self, purpose: LinkPurpose, token: str) -> User:
        s = self.services.settings
        max_age = s.verify_link_hours * 3600 if purpose == "verify" else s.reset_link_minutes * 60
        try:
            claim = self.services.signer.read_link(purpose, token, max_age)
        except LinkError as exc:
            raise NotFoundError(f"token: {exc}") from exc
        user = await self.users.get(claim.user_id)
        if user is None or not user.is_active or claim.nonce != user.nonce:
            raise NotFoundError("token: this link was already used or replaced")
        return user

    async def resend_verification(self) -> None:
        """Mail the confirmation link again to the actor (a confirmed address needs none)."""
        user = await self._acting_user()
        if user.email_verified_at is not None:
            raise ConflictError("your address is already confirmed")
        await self._send_link(user, "verify")

    async def verify_email(self, token: str) -> UserView:
        user = await self._user_of_link("verify", token)
        user.email_verified_at = utc_now()
        user.nonce = new_nonce()  # single use
        self.session.add(user)
        await self._commit_account_change()
        return self.munger.to_view(user)

    async def request_reset(self, email: str) -> None:
        """Have a reset link mailed if the account exists; the caller says the same either way."""
        user = await self.users.by_email(email.strip().lower())
        # The read's transaction ends first: with SQLite the mail is sent right here, by a
        # session that writes, which a transaction left open would block (a hung request).
        await self.session.commit()
        if user is not None and user.is_active:
            assert user.id is not None
            await self.services.events.publish(PasswordResetRequested(user_id=user.id))

    async def reset_password(self, form: PasswordReset) -> None:
        """Set a new password from a mail link; every session of the user ends."""
        user = await self._user_of_link("reset", form.token)
        await self._set_password(user, form.new_password, keep=None)
        await self._commit_account_change()

    # --- administration -------------------------------------------------------------
    # Authorization lives here, so the API, the admin page and the CLI refuse the
    # same things with the same message.
    async def list_users(
        self, *, limit: int = 50, offset: int = 0, search: str = ""
    ) -> list[UserView]:
        self._admin()
        users = await self.users.list(limit=limit, offset=offset, search=search.strip())
        return [self.munger.to_view(user) for user in users]

    async def _target(self, user_id: int) -> User:
        user = await self.users.get(user_id)
        if user is None:
            raise NotFoundError(f"user {user_id} does not exist")
        return user

    async def set_active(self, user_id: int, active: bool) -> UserView:
        """(De)activate an account; deactivating ends its sessions at once.

        Nobody deactivates themselves, nor the last active administrator: the app
        would be left with no one able to undo it.
        """
        self._admin()
        user = await self._target(user_id)
        if not active:
            if self.actor.user is not None and user.id == self.actor.user.id:
                raise ForbiddenError("You cannot deactivate your own account.")
            if user.is_admin and await self.users.count_active_admins(besides=user.id) == 0:
                raise ForbiddenError("You cannot deactivate the last administrator.")
        user.is_active = active
        self.session.add(user)
        if not active:
            await self.sessions.end_all(user_id)
        await self._commit_account_change()
        return self.munger.to_view(user)

    async def grant_admin(self, user_id: int) -> UserView:
        self._admin()
        user = await self._target(user_id)
        user.is_admin = True
        self.session.add(user)
        await self._commit_account_change()
        return self.munger.to_view(user)

    async def find_account(self, email: str) -> UserView | None:
        self._admin()
        user = await self.users.by_email(email.strip().lower())
        return None if user is None else self.munger.to_view(user)

    async def set_admin(self, email: str, admin: bool = True) -> UserView:
        """For the CLI: an administrator (and active again), or no longer one."""
        self._admin()
        user = await self.users.by_email(email.strip().lower())
        if user is None:
            raise NotFoundError(f"no account has the address {email!r}")
        user.is_admin = admin
        if admin:
            user.is_active = True
        self.session.add(user)
        await self._commit_account_change()
        return self.munger.to_view(user)

    async def create_admin(self, form: SignUp) -> UserView:
        """A new account that is an administrator from the start (no mail is sent)."""
        self._admin()
        user = await self._create_user(form, admin=True)
        await self.session.commit()
        return self.munger.to_view(user)
