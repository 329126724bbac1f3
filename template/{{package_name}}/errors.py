"""The application's errors: each carries what its answer needs, like Sanic's own exceptions.

An `AppError` has a `status`, a `message` fit to show a user, the `headers` its
answer must carry (`Retry-After`, ...) and `quiet` (an expected refusal: no
traceback in the log). Subclasses only set defaults. Whoever refuses raises one
(a manager, the middleware, an input check); one handler in `app.py` renders every
one of them as JSON, `{"error": message}`, and a page shows the same message as a
notice (`frontend/notices.py`); the CLI prints it as one line.
"""

from collections.abc import Mapping
from typing import ClassVar


class AppError(Exception):
    """Base of every error this application raises on purpose."""

    status: ClassVar[int] = 500
    quiet: ClassVar[bool] = False

    def __init__(self, message: str, *, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers: dict[str, str] = dict(headers or {})

    @property
    def detail(self) -> str:
        """The message (its older name, kept for code written against it)."""
        return self.message

    def body(self) -> dict[str, str]:
        """The JSON body of the answer: the same shape for every error."""
        return {"error": self.message}


class _Refusal(AppError):
    """A refusal of what the client asked: expected, so logged without a traceback."""

    quiet = True


class NotFoundError(_Refusal):
    status = 404


class InvalidInputError(_Refusal):
    status = 422


class MalformedRequestError(_Refusal):
    status = 400


class ConflictError(_Refusal):
    """The request clashes with what exists (an address already taken)."""

    status = 409


class NotSignedInError(_Refusal):
    status = 401


class ForbiddenError(_Refusal):
    status = 403


class UnsupportedMediaTypeError(_Refusal):
    status = 415


class TooManyAttemptsError(_Refusal):
    """Sent with a Retry-After header of `retry_after` seconds."""

    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class DatabaseUnavailableError(_Refusal):
    """The database did not answer: the page says so (a warning line is logged, once)."""

    status = 503
