"""What a database that does not answer looks like, to the HTTP handler and the pages alike."""

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

UNAVAILABLE = "the database is unavailable: try again shortly"

# SQLSTATE classes of a server that is going or gone: 57P (shutting down, restarting, an
# administrator's pg_terminate_backend) and 08 (connection exceptions).
LOST_CONNECTION_STATES = ("57P", "08")


def is_lost_connection(dbapi_error: BaseException | None) -> bool:
    """The driver's error says the server ended this connection. The driver may say so
    before it has seen the socket close, and SQLAlchemy would then keep the connection in
    its pool for the next request to fail on (db/engine.py counts it as a disconnect)."""
    state = getattr(dbapi_error, "sqlstate", None)
    return isinstance(state, str) and state.startswith(LOST_CONNECTION_STATES)


def is_database_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeoutError):
        return True
    if isinstance(exc, DBAPIError) and (exc.connection_invalidated or is_lost_connection(exc.orig)):
        return True
    # The driver's own errors when the server is gone (its socket missing, refused, reset).
    return isinstance(exc, OSError | TimeoutError)
