"""Session tokens, CSRF tokens and the signed links of mails.

- A session token is 32 random bytes; the database keeps only its SHA-256, so a
  leaked table opens no session.
- The CSRF token is an HMAC of the session token (the "signed double-submit"
  pattern): a page or client sends it back in `X-CSRF-Token`; a site that can
  neither read our cookies nor our responses cannot produce it.
- Mail links are itsdangerous URL-safe timed signatures of (purpose, user id,
  the user's nonce). The nonce changes when the password changes or a link is
  used, so a used or superseded link is refused, and expiry is checked on load.

Every key here is derived from the master key (HKDF), so the project keeps one secret.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .envelope import MasterKey

LinkPurpose = Literal["verify", "reset"]


def _derive(master_key: MasterKey, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode()).derive(
        master_key.key
    )


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(8)


class LinkError(ValueError):
    """A mail link that is forged, expired, for another purpose, or already used."""


@dataclass(frozen=True)
class LinkClaim:
    user_id: int
    nonce: str


class Signer:
    """CSRF tokens and mail links, keyed by secrets derived from the master key."""

    def __init__(self, master_key: MasterKey) -> None:
        self._csrf_key = _derive(master_key, "csrf-token")
        self._links = URLSafeTimedSerializer(_derive(master_key, "mail-links"), salt="links")

    def csrf_token(self, session_token: str) -> str:
        return hmac.new(self._csrf_key, session_token.encode(), hashlib.sha256).hexdigest()

    def csrf_matches(self, session_token: str, sent: str | None) -> bool:
        return sent is not None and hmac.compare_digest(self.csrf_token(session_token), sent)

    def link_token(self, purpose: LinkPurpose, user_id: int, nonce: str) -> str:
        return self._links.dumps([purpose, user_id, nonce])

    def read_link(self, purpose: LinkPurpose, token: str, max_age_seconds: int) -> LinkClaim:
        try:
            payload = self._links.loads(token, max_age=max_age_seconds)
        except SignatureExpired as exc:
            raise LinkError("this link has expired: ask for a new one") from exc
        except BadSignature as exc:
            raise LinkError("this link is not valid") from exc
        match payload:
            case [str(kind), int(user_id), str(nonce)] if kind == purpose:
                return LinkClaim(user_id, nonce)
        raise LinkError("this link is not valid")
