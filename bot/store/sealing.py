"""Per-person encryption, in Python only: the words a person writes are sealed with AES-256-GCM
under a random data key of their own, and that key is kept wrapped (AES-256-GCM again) by a key
derived from SMALLSTEPS_DB_KEY. Each sealed value is bound to its person and field by associated
data, so a value moved to another person or field does not open. Destroying a person's wrapped
key leaves every copy of their words unreadable (crypto-shredding).

A sealed value is bytes: a version byte, a 12-byte nonce, then the ciphertext and its tag. Words
stored before sealing existed are str on SQLite; on PostgreSQL, where those columns are BYTEA,
they are UTF-8 bytes, told apart from sealed ones by their first byte (text never starts with
the version byte, a control character).
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

VERSION = 1
_VERSION_BYTE = bytes([VERSION])
NONCE_SIZE = 12
KEY_SIZE = 32
# The key-encryption key is derived under its own label, so it shares nothing usable with the
# SQLCipher key made from the same secret (nor with the key store's own page key).
KEK_INFO = b"smallsteps v1 person data key wrapping"
KEY_STORE_INFO = b"smallsteps v1 key store passphrase"


class SealError(Exception):
    """A sealed value cannot be opened: its person's key is gone, or it was altered or moved."""


def _derive(secret: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=info).derive(
        secret.encode("utf-8")
    )


def derive_kek(secret: str) -> AESGCM:
    """The key that wraps every person's data key, from SMALLSTEPS_DB_KEY."""
    return AESGCM(_derive(secret, KEK_INFO))


def key_store_passphrase(secret: str) -> str:
    """The SQLCipher passphrase of the key store, from SMALLSTEPS_DB_KEY (not the same as the
    database's, so a copy of one file and the other's passphrase open nothing)."""
    return _derive(secret, KEY_STORE_INFO).hex()


def new_data_key() -> bytes:
    """A random 256-bit data key for one person."""
    return AESGCM.generate_key(bit_length=KEY_SIZE * 8)


def _wrap_aad(telegram_id: int) -> bytes:
    return f"v{VERSION}|{telegram_id}|person_keys.wrapped".encode()


def field_aad(telegram_id: int, field: str) -> bytes:
    """The associated data binding a value to its person and field ("table.column")."""
    return f"v{VERSION}|{telegram_id}|{field}".encode()


def _encrypt(cipher: AESGCM, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_SIZE)
    return _VERSION_BYTE + nonce + cipher.encrypt(nonce, plaintext, aad)


def _decrypt(cipher: AESGCM, sealed: bytes, aad: bytes) -> bytes:
    if sealed[:1] != _VERSION_BYTE or len(sealed) < 1 + NONCE_SIZE + 16:
        raise SealError("not a sealed value of a known version")
    try:
        return cipher.decrypt(sealed[1 : 1 + NONCE_SIZE], sealed[1 + NONCE_SIZE :], aad)
    except InvalidTag as exc:
        raise SealError("the value does not open with this key for this person and field") from exc


def wrap(kek: AESGCM, telegram_id: int, data_key: bytes) -> bytes:
    """A person's data key, encrypted under the key-encryption key and bound to them."""
    return _encrypt(kek, data_key, _wrap_aad(telegram_id))


def unwrap(kek: AESGCM, telegram_id: int, wrapped: bytes) -> AESGCM:
    """A person's data key, ready to seal and open; SealError if it is not theirs or the
    key-encryption key is not the one that wrapped it."""
    return AESGCM(_decrypt(kek, bytes(wrapped), _wrap_aad(telegram_id)))


def seal(key: AESGCM, telegram_id: int, field: str, text: str) -> bytes:
    """Encrypt one value a person wrote, bound to them and its field."""
    return _encrypt(key, text.encode("utf-8"), field_aad(telegram_id, field))


def open_sealed(key: AESGCM, telegram_id: int, field: str, sealed: bytes) -> str:
    """Decrypt one sealed value; SealError if it is not this person's value of this field."""
    return _decrypt(key, bytes(sealed), field_aad(telegram_id, field)).decode("utf-8")


def is_sealed(value: object) -> bool:
    """True for a sealed value, False for words stored unsealed (str, or UTF-8 bytes)."""
    return isinstance(value, bytes | bytearray | memoryview) and bytes(value[:1]) == _VERSION_BYTE


def plain_text(value: object) -> str | None:
    """The words in a value stored unsealed; None for a sealed value (or None)."""
    if value is None or is_sealed(value):
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8")
    return str(value)


def stored_plain(text: str, dialect: str) -> str | bytes:
    """Words kept unsealed, as the column holds them: text on SQLite, UTF-8 bytes in the
    BYTEA columns of PostgreSQL."""
    return text.encode("utf-8") if dialect == "postgres" else text
