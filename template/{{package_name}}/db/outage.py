"""What a database that does not answer looks like, to the HTTP handler and the pages alike."""

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

UNAVAILABLE = "the database is unavailable: try again shortly"


def is_database_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeoutError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    # The driver's own errors when the server is gone (its socket missing, refused, reset).
    return isinstance(exc, OSError | TimeoutError)
