"""Who owns the data a request or a page touches.

Until the project has accounts, everything belongs to one owner. Routes and
pages ask this module, so adding accounts changes one place.
"""

from sanic import Request

DEFAULT_OWNER = "public"


def owner_of(request: Request) -> str:
    return DEFAULT_OWNER
