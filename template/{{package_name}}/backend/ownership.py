"""Who owns the data a request or a page touches.

A signed-in user owns their rows (their `owner` name, also the name of their data
key); anonymous visitors read the rows of the shared "public" owner and write
nothing (the authentication middleware refuses their writes). Routes and pages
ask this module; the repositories scope every query to the owner they are given.
"""

from sanic import Request

DEFAULT_OWNER = "public"
# The owner of every row of a shared table (`add-table --unscoped`): everyone reads
# them, every signed-in user writes them.
SHARED_OWNER = "shared"


def owner_of(request: Request) -> str:
    user = getattr(request.ctx, "user", None)
    return DEFAULT_OWNER if user is None else str(user.owner)
