from __future__ import annotations

import pytest

from geo.auth import HASH_ENV_VAR, hash_from_env, hash_password, verify_password
from geo.errors import GeoInputError


def test_hash_and_verify():
    hashed = hash_password("jamtara-2020", salt=b"0" * 16)
    assert hashed == hash_password("jamtara-2020", salt=b"0" * 16)
    assert hashed != hash_password("jamtara-2020")  # a fresh random salt
    assert hashed.startswith("scrypt$16384$8$1$MDAwMDAwMDAwMDAwMDAwMA==$")
    assert verify_password("jamtara-2020", hashed)
    assert not verify_password("jamtara-2021", hashed)
    assert not verify_password(None, hashed)


def test_short_password_and_bad_hash_are_refused():
    with pytest.raises(GeoInputError, match=r"the password has 5 characters; use at least 8"):
        hash_password("short")
    with pytest.raises(GeoInputError, match=r"not a scrypt hash made by `python -m geo passwd`"):
        verify_password("whatever1", "plaintext-password")
    with pytest.raises(TypeError, match=r"'password' should be a str, got int"):
        hash_password(12345678)


def test_hash_from_env():
    assert hash_from_env({}) is None
    assert hash_from_env({HASH_ENV_VAR: " scrypt$x "}) == "scrypt$x"
