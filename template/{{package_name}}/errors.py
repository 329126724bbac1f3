"""The application's errors: each carries a message fit to show a user."""


class AppError(Exception):
    """Base of every error this application raises on purpose."""

    status = 500

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFoundError(AppError):
    status = 404


class InvalidInputError(AppError):
    status = 422


class MalformedRequestError(AppError):
    status = 400


class ConflictError(AppError):
    """The request clashes with what exists (an address already taken)."""

    status = 409


class NotSignedInError(AppError):
    status = 401


class ForbiddenError(AppError):
    status = 403


class UnsupportedMediaTypeError(AppError):
    status = 415


class TooManyAttemptsError(AppError):
    """Sent with a Retry-After header of `retry_after` seconds."""

    status = 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
