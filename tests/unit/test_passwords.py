from sslbill_desktop.services.passwords import hash_password, verify_password


def test_hash_is_salted_and_never_contains_the_password() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second
    assert "correct horse" not in first
    assert first.startswith("scrypt$")


def test_verify_accepts_the_right_password_only() -> None:
    stored = hash_password("correct horse")
    assert verify_password("correct horse", stored)
    assert not verify_password("correct horsE", stored)


def test_malformed_stored_hash_never_matches() -> None:
    assert not verify_password("x", "not-a-hash")
    assert not verify_password("x", "scrypt$1$2$3$@@@$@@@")
    assert not verify_password("x", "md5$a$b$c$d$e")
