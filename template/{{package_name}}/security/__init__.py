"""Envelope encryption of sensitive fields.

Each owner (a user or a tenant) has a random data key. Rows store sensitive
fields encrypted with their owner's data key (AES-GCM); the data keys are stored
wrapped (encrypted) by the master key, which lives only in the environment
(`MASTER_KEY`); `backend.managers.keyring` stores and caches them. Rotating
the master key re-wraps the data keys and leaves every row as it is.
"""

from .envelope import DataKey, DecryptionError, InvalidKeyError, MasterKey, generate_key_text

__all__ = [
    "DataKey",
    "DecryptionError",
    "InvalidKeyError",
    "MasterKey",
    "generate_key_text",
]
