import stat

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy import event, select

from sslbill_desktop.models.keys import PrivateKey
from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.services import keys
from sslbill_desktop.services.csr import KeyAlgorithm, generate_request, private_key_pem
from sslbill_desktop.services.domains import clean_domain_names
from sslbill_desktop.services.errors import PermissionDenied, SecretStoreError, UserError
from tests.services.clients.helpers import database_file_bytes
from tests.services.setup.helpers import audit_entries

SHOP = clean_domain_names("shop.example.com", ["www.shop.example.com"])


@pytest.fixture
def generated():
    return generate_request(SHOP, KeyAlgorithm.RSA_2048)


def stored_ciphertext(database, key_id: int) -> bytes | None:
    with database.uow() as s:
        return s.scalar(select(PrivateKey.key_ciphertext).where(PrivateKey.id == key_id))


def pem_body(generated) -> bytes:
    return "".join(private_key_pem(generated.private_key).splitlines()[1:-1]).encode()


def test_a_generated_key_is_stored_encrypted_under_a_keyring_kek(
    database, sales, generated, memory_keyring
) -> None:
    record = keys.save_generated_key(database, sales, generated, common_name=SHOP.common_name)
    assert (record.algorithm, record.common_name, record.public_key_sha256) == (
        KeyAlgorithm.RSA_2048,
        "shop.example.com",
        generated.public_key_sha256,
    )
    ciphertext = stored_ciphertext(database, record.id)
    assert ciphertext is not None and len(ciphertext) > 1000
    assert ("sslbill-desktop", keys.KEK_ENTRY) in memory_keyring.store
    with database.uow() as s:
        assert s.get(WorkspaceSetting, keys.KEK_SETTING).value == record_kek_id(database, record.id)
    on_disk = database_file_bytes(database, "private_keys")
    assert pem_body(generated)[:40] not in on_disk
    assert ciphertext[20:60] in on_disk
    (entry,) = audit_entries(database, "private_key", "create")
    assert "key_ciphertext" not in (entry.after or {})


def record_kek_id(database, key_id: int) -> str:
    with database.uow() as s:
        return s.get(PrivateKey, key_id).kek_id


def test_an_admin_exports_the_key_once(database, admin, sales, generated, tmp_path) -> None:
    record = keys.save_generated_key(database, sales, generated, common_name=SHOP.common_name)
    target = tmp_path / "shop.key"
    exported = keys.export_private_key(database, admin, record.id, target)
    assert target.read_text() == private_key_pem(generated.private_key)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert (exported.exported_by, exported.can_export) == ("admin", False)
    with pytest.raises(UserError, match=r"already exported on .* by admin\. A key is exported only once"):
        keys.export_private_key(database, admin, record.id, tmp_path / "again.key")
    assert not (tmp_path / "again.key").exists()
    assert [e.action for e in audit_entries(database, "private_key")] == ["create", "export"]


def test_sales_cannot_export_or_delete_keys(database, sales, generated, tmp_path) -> None:
    record = keys.save_generated_key(database, sales, generated)
    with pytest.raises(PermissionDenied):
        keys.export_private_key(database, sales, record.id, tmp_path / "x.key")
    with pytest.raises(PermissionDenied):
        keys.delete_private_key(database, sales, record.id)
    assert not (tmp_path / "x.key").exists()


@pytest.fixture
def without_default_secure_delete(database):
    """Debian builds SQLite with secure_delete on by default; most builds do not. Turn it off for
    this test's connections so that the service has to turn it on itself."""
    if not database.is_sqlite:
        return

    def off(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    database.dispose()
    event.listen(database.engine, "connect", off)
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 0


@pytest.mark.usefixtures("without_default_secure_delete")
def test_delete_key_removes_the_key_material_from_the_database_file(database, admin, sales, tmp_path) -> None:
    big = generate_request(SHOP, KeyAlgorithm.RSA_4096)
    small = generate_request(SHOP, KeyAlgorithm.EC_P256)
    big_id = keys.save_generated_key(database, sales, big).id
    small_id = keys.save_generated_key(database, sales, small).id
    big_ciphertext, small_ciphertext = (
        stored_ciphertext(database, big_id),
        stored_ciphertext(database, small_id),
    )
    before = database_file_bytes(database, "private_keys")
    assert big_ciphertext[-48:] in before and small_ciphertext[-48:] in before

    deleted = keys.delete_private_key(database, admin, big_id)

    assert (deleted.has_material, deleted.deleted_by) == (False, "admin")
    assert stored_ciphertext(database, big_id) is None
    after = database_file_bytes(database, "private_keys")
    for start in range(0, len(big_ciphertext) - 32, 32):
        assert big_ciphertext[start : start + 32] not in after
    assert small_ciphertext[-48:] in after  # the other key is untouched
    with pytest.raises(UserError, match="was deleted"):
        keys.export_private_key(database, admin, big_id, tmp_path / "gone.key")
    with pytest.raises(UserError, match="already deleted"):
        keys.delete_private_key(database, admin, big_id)
    assert keys.get_key(database, admin, big_id).deleted_at is not None


def test_without_a_usable_keyring_keys_are_refused_with_a_clear_message(database, sales, generated) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(SecretStoreError) as caught:
        keys.save_generated_key(database, sales, generated)
    assert "No usable keyring exists" in str(caught.value)
    with database.uow() as s:
        assert s.scalar(select(PrivateKey)) is None


def test_a_workstation_without_the_workspace_kek_is_told_to_copy_it(
    database, admin, sales, generated, memory_keyring, tmp_path
) -> None:
    record = keys.save_generated_key(database, sales, generated)
    memory_keyring.store.clear()  # another workstation: its keyring never saw the KEK
    with pytest.raises(SecretStoreError, match="does not hold the key-encryption key") as caught:
        keys.export_private_key(database, admin, record.id, tmp_path / "k.key")
    assert keys.KEK_ENTRY in str(caught.value)
    with pytest.raises(SecretStoreError, match="does not hold the key-encryption key"):
        keys.save_generated_key(database, sales, generate_request(SHOP, KeyAlgorithm.EC_P256))
    assert keys.get_key(database, admin, record.id).can_export


def test_a_damaged_ciphertext_is_refused_and_not_marked_exported(
    database, admin, sales, generated, tmp_path
) -> None:
    record = keys.save_generated_key(database, sales, generated)
    with database.uow() as s:
        row = s.get(PrivateKey, record.id)
        row.key_ciphertext = row.key_ciphertext[:-1] + bytes([row.key_ciphertext[-1] ^ 1])
    with pytest.raises(UserError, match="is damaged"):
        keys.export_private_key(database, admin, record.id, tmp_path / "k.key")
    assert keys.get_key(database, admin, record.id).exported_at is None


def test_key_is_found_by_its_public_key(database, sales, generated) -> None:
    record = keys.save_generated_key(database, sales, generated)
    assert keys.key_for_public_key(database, sales, generated.public_key_sha256).id == record.id
    assert keys.key_for_public_key(database, sales, "0" * 64) is None
