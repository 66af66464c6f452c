"""The editor password: salted scrypt hashes, compared in constant time.

The app keeps only a hash (in Streamlit secrets as ``editor_password_hash`` or in
the environment variable :data:`HASH_ENV_VAR`); ``python -m geo passwd`` makes one.
Reading secrets is the app's job: this module is pure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping

from geo.errors import GeoInputError

__all__ = ["HASH_ENV_VAR", "SECRETS_KEY", "MIN_PASSWORD_LENGTH", "hash_password", "verify_password", "hash_from_env"]

HASH_ENV_VAR = "PANCHAYAT_EDITOR_PASSWORD_HASH"
SECRETS_KEY = "editor_password_hash"
MIN_PASSWORD_LENGTH = 8
_N, _R, _P = 2**14, 8, 1
_SCHEME = "scrypt"


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """Return a salted scrypt hash of ``password`` as ``scrypt$N$r$p$salt$hash`` (base64).

    Parameters
    ----------
    password : str
        At least :data:`MIN_PASSWORD_LENGTH` characters.
    salt : bytes, optional
        16 random bytes by default (give one only in tests).

    Raises
    ------
    GeoInputError
        If the password is too short.

    Examples
    --------
    >>> h = hash_password("correct horse")
    >>> h.startswith("scrypt$16384$8$1$"), verify_password("correct horse", h)
    (True, True)
    """
    if not isinstance(password, str):
        msg = f"'password' should be a str, got {type(password).__name__}"
        raise TypeError(msg)
    if len(password) < MIN_PASSWORD_LENGTH:
        msg = f"the password has {len(password)} characters; use at least {MIN_PASSWORD_LENGTH}"
        raise GeoInputError(msg)
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join((_SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)))


def verify_password(password: str, hashed: str) -> bool:
    """Return True when ``password`` matches ``hashed`` (constant-time comparison).

    Raises
    ------
    GeoInputError
        If ``hashed`` is not a hash made by :func:`hash_password` (a configuration
        error: set it again with ``python -m geo passwd``).
    """
    if not isinstance(password, str):
        return False
    parts = str(hashed).strip().split("$")
    try:
        scheme, n, r, p, salt, digest = parts
        n_i, r_i, p_i = int(n), int(r), int(p)
        salt_b, digest_b = base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)
    except (ValueError, TypeError):
        scheme = ""
    if scheme != _SCHEME or not (2 <= n_i <= 2**20 and 1 <= r_i <= 32 and 1 <= p_i <= 16):
        msg = (
            "the configured editor password hash is not a scrypt hash made by `python -m geo passwd` "
            f"(expected scrypt$N$r$p$salt$hash); set {HASH_ENV_VAR} or the secret {SECRETS_KEY!r} again"
        )
        raise GeoInputError(msg)
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt_b, n=n_i, r=r_i, p=p_i, dklen=len(digest_b),
                               maxmem=256 * 1024 * 1024)
    return hmac.compare_digest(candidate, digest_b)


def hash_from_env(environ: Mapping[str, str]) -> str | None:
    """Return the editor password hash from ``environ`` (e.g. ``os.environ``), or None if unset."""
    value = environ.get(HASH_ENV_VAR, "").strip()
    return value or None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
