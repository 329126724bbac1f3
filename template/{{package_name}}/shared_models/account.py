from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Bounded so a huge password cannot make hashing a denial of service.
Password = Field(min_length=8, max_length=256)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Credentials(_Input):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=256)

    @field_validator("email")
    @classmethod
    def _normal_email(cls, value: str) -> str:
        value = value.strip().lower()
        local, at, domain = value.partition("@")
        if not (local and at and "." in domain and " " not in value):
            raise ValueError("not an email address")
        return value


class SignUp(_Credentials):
    """A new account."""

    password: str = Password


class LogIn(_Credentials):
    """Credentials of an existing account."""


class PasswordChange(_Input):
    current_password: str = Field(max_length=256)
    new_password: str = Password


class ResetRequest(_Input):
    email: str = Field(max_length=254)


class PasswordReset(_Input):
    token: str = Field(max_length=1000)
    new_password: str = Password


class LinkToken(_Input):
    token: str = Field(max_length=1000)


class UserView(BaseModel):
    id: int
    email: str
    is_admin: bool
    is_active: bool
    email_verified: bool
    created_at: datetime


class SignedIn(BaseModel):
    """The answer to a sign-up or log-in; send `csrf_token` as X-CSRF-Token on writes."""

    user: UserView
    csrf_token: str
