from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from ._time import UtcDateTime, utc_now


class User(SQLModel, table=True):
    """An account. `owner` is the name its rows and its data key are filed under."""

    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    owner: str = Field(max_length=100, unique=True)
    password_hash: str = Field(max_length=200)
    # Changes with the password and with every used mail link: old links stop working.
    nonce: str = Field(max_length=32)
    is_admin: bool = False
    is_active: bool = True
    email_verified_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)


class UserSession(SQLModel, table=True):
    """A log-in: the cookie holds the token, the table only its SHA-256."""

    __tablename__ = "user_session"
    __table_args__ = (Index("ix_user_session_user_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    token_digest: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)


class LoginFailure(SQLModel, table=True):
    """A failed log-in, filed under `account:<email>` and under `address:<ip>`.

    In the database, not in memory, so every worker process sees the same count.
    """

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_key_at", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300)
    at: datetime = Field(default_factory=utc_now, sa_type=UtcDateTime)
