"""Database URLs: normalising them for the async engine and telling local from remote."""

from sqlalchemy.engine import URL, make_url

from ..errors import AppError

_ASYNC_DRIVERS = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
    "cockroachdb": "cockroachdb+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}

_LOCAL_HOSTS = {None, "", "localhost", "127.0.0.1", "::1"}


class DatabaseUrlError(AppError):
    """DATABASE_URL cannot be used."""


def async_url(url: str) -> URL:
    """Parse `url`, swapping a sync driver for its async counterpart."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise DatabaseUrlError(f"DATABASE_URL is not a database URL: {url!r}") from exc
    driver = _ASYNC_DRIVERS.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver)


def is_local(url: URL) -> bool:
    """True when the database lives on this machine (a file, a Unix socket, or loopback)."""
    if url.get_backend_name() == "sqlite":
        return True
    socket_dir = url.query.get("host")
    if isinstance(socket_dir, str) and socket_dir.startswith("/"):
        return True
    return url.host in _LOCAL_HOSTS
