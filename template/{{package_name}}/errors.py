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
