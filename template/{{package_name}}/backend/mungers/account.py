from ...shared_models import Actor, UserView
from ..sql_models import User


class UserMunger:
    def to_view(self, user: User) -> UserView:
        if user.id is None:
            raise ValueError("a user has no view until stored")
        return UserView(
            id=user.id,
            email=user.email,
            is_admin=user.is_admin,
            is_active=user.is_active,
            email_verified=user.email_verified_at is not None,
            created_at=user.created_at,
        )

    def to_actor(self, user: User, session_digest: str) -> Actor:
        """The user acting through the session whose token digest is `session_digest`."""
        return Actor(user=self.to_view(user), owner=user.owner, session_digest=session_digest)
