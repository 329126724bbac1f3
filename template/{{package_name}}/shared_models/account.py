from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from .inputs import Email, Page, Text

# Bounded so a huge password cannot make hashing a denial of service.
Password = Field(min_length=8, max_length=256)


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Credentials(_Input):
    email: Email
    password: Text = Field(min_length=1, max_length=256)


class SignUp(_Credentials):
    """A new account."""

    password: Text = Password


class LogIn(_Credentials):
    """Credentials of an existing account."""


class PasswordChange(_Input):
    current_password: Text = Field(max_length=256)
    new_password: Text = Password


class ResetRequest(_Input):
    email: Email


class PasswordReset(_Input):
    token: Text = Field(max_length=1000)
    new_password: Text = Password


class LinkToken(_Input):
    token: Text = Field(max_length=1000)


class UserSearch(Page):
    """Which accounts an administrator lists: a page of those whose address contains `search`."""

    search: Text = Field(default="", max_length=254)


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


class Accepted(BaseModel):
    """The answer to a request carried out later (a mail sent)."""

    status: str
