from datetime import UTC

from ...shared_models import UserView
from ..sql_models import User


class UserMunger:
    def to_view(self, user: User) -> UserView:
        if user.id is None:
            raise ValueError("a user has no view until stored")
        created_at = user.created_at
        if created_at.tzinfo is None:  # SQLite keeps no time zone; we store UTC.
            created_at = created_at.replace(tzinfo=UTC)
        return UserView(
            id=user.id,
            email=user.email,
            is_admin=user.is_admin,
            is_active=user.is_active,
            email_verified=user.email_verified_at is not None,
            created_at=created_at,
        )
