"""ReactPy pages, served by the same Sanic app as the API."""

from .mount import mount_frontend

__all__ = ["mount_frontend"]
