"""AES-GCM with 256-bit keys, from `cryptography`: data keys, the master key, and tokens.

A token is `v1.` followed by base64url(nonce || ciphertext || tag). The
associated data binds a token to where it belongs (an owner, a table and a
field), so a ciphertext copied to another row or owner fails to decrypt
instead of showing someone else's data.
"""

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import AppError

KEY_BYTES = 32
NONCE_BYTES = 12
TOKEN_VERSION = "v1."  # noqa: S105 (a format marker, not a password)


class InvalidKeyError(AppError):
    """A key is missing or not 32 bytes of base64url."""


class DecryptionError(AppError):
    """The key is wrong or the ciphertext was changed: never garbage, always this error."""


def generate_key_text() -> str:
    """A fresh random key as text, for MASTER_KEY."""
    return _b64encode(os.urandom(KEY_BYTES))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _seal(key: bytes, plaintext: bytes, context: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext, context.encode())
    return TOKEN_VERSION + _b64encode(nonce + sealed)


def _open(key: bytes, token: str, context: str) -> bytes:
    if not token.startswith(TOKEN_VERSION):
        raise DecryptionError(f"cannot decrypt {context}: not a {TOKEN_VERSION} token")
    try:
        raw = _b64decode(token.removeprefix(TOKEN_VERSION))
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError, binascii.Error) as exc:
        raise DecryptionError(
            f"cannot decrypt {context}: wrong key or tampered ciphertext"
        ) from exc


@dataclass(frozen=True)
class DataKey:
    """One owner's key for their sensitive fields."""

    owner: str
    key: bytes = field(repr=False)

    def encrypt(self, plaintext: str, *, where: str) -> str:
        return _seal(self.key, plaintext.encode(), self._context(where))

    def decrypt(self, token: str, *, where: str) -> str:
        return _open(self.key, token, self._context(where)).decode()

    def _context(self, where: str) -> str:
        return f"{where}|owner={self.owner}"


@dataclass(frozen=True)
class MasterKey:
    """The key-encryption key, from the environment; it never touches the database."""

    key: bytes = field(repr=False)

    @classmethod
    def from_text(cls, text: str | None, *, name: str = "MASTER_KEY") -> "MasterKey":
        if not text:
            raise InvalidKeyError(
                f"{name} is not set: use the output of `generate-master-key` (or `init-env`)"
            )
        try:
            key = _b64decode(text.strip())
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != KEY_BYTES:
            raise InvalidKeyError(f"{name} must be 32 random bytes in base64url")
        return cls(key)

    @property
    def fingerprint(self) -> str:
        """Names the master key (which one wrapped a data key) without revealing it."""
        return hashlib.sha256(b"master-key-fingerprint|" + self.key).hexdigest()[:16]

    def wrap(self, data_key: DataKey) -> str:
        return _seal(self.key, data_key.key, f"data-key|owner={data_key.owner}")

    def unwrap(self, owner: str, wrapped: str) -> DataKey:
        return DataKey(owner, _open(self.key, wrapped, f"data-key|owner={owner}"))

    def new_data_key(self, owner: str) -> DataKey:
        return DataKey(owner, os.urandom(KEY_BYTES))
