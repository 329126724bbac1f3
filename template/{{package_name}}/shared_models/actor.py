"""Who acts: the signed-in user, an anonymous visitor, or the operator at the command line.

Every manager takes an `Actor` and decides what it may do; routes, pages and the
CLI only say who is asking. The middleware builds the actor of a request from its
session cookie (`AccountManager.actor_for`).
"""

from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from .account import UserView

# The owner of the rows anonymous visitors read (they write nothing).
PUBLIC_OWNER = "public"
# The owner of every row of a shared table (`add-table --unscoped`): everyone reads
# them, every signed-in user writes them.
SHARED_OWNER = "shared"


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    user: UserView | None = None
    """The signed-in user; None for an anonymous visitor or the operator."""
    owner: str = PUBLIC_OWNER
    """The name the actor's rows and data key are filed under."""
    session_digest: str | None = Field(default=None, repr=False)
    """The SHA-256 of the session token the actor came with (never the token itself)."""
    operator: bool = False
    """The command line: whoever runs it already holds the database, so an administrator."""

    @classmethod
    def anonymous(cls) -> Self:
        return cls()

    @classmethod
    def command_line(cls) -> Self:
        return cls(operator=True)

    @property
    def signed_in(self) -> bool:
        return self.user is not None

    @property
    def is_admin(self) -> bool:
        return self.operator or (self.user is not None and self.user.is_admin)
