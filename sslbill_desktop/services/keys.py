"""Private keys generated here: stored encrypted, exported once by an admin, deleted for good.

Encryption: each key's PKCS#8 DER is encrypted with AES-256-GCM under a key-encryption key (KEK)
that exists only in the OS keyring (entry `private-key-encryption-key`, 32 random bytes, base64).
The public key's SHA-256 is the associated data, so a ciphertext cannot be moved to another row.
The database stores the nonce and ciphertext (`PrivateKey.key_ciphertext`) and the KEK's id (the
first 16 hex digits of its SHA-256); the workspace remembers the id of its KEK (`workspace_settings`
key `private_keys.kek_id`), so a workstation whose keyring lacks it is told so instead of silently
making a second KEK. Several workstations sharing a PostgreSQL database need the same KEK in
each keyring (copy the entry); without it they can order with pasted CSRs but not store keys.

- `store_private_key(s, actor, key, common_name=)` (inside the order's unit of work; part B) and
  `save_generated_key(db, actor, generated)` store a key; both need `Permission.PLACE_ORDERS`.
- `export_private_key(db, actor, key_id, destination)` writes the key as PEM to a file readable
  only by the user, once: the row is marked exported in the same transaction, with a conditional
  UPDATE, so two admins cannot both export it. Needs `Permission.EXPORT_KEYS` (admins).
- `delete_private_key(db, actor, key_id)` ("delete key"): the ciphertext is set to NULL with
  SQLite's `secure_delete` pragma on (the freed bytes are overwritten with zeros in the file), and
  on PostgreSQL the table is rewritten (`VACUUM FULL`) after the commit so that the old row
  version leaves the table's files. The row stays, saying who deleted the key and when. Admins only
  (`Permission.EXPORT_KEYS`: key custody is theirs).

No key material reaches a log line, an audit row or an error message. A missing keyring raises
`SecretStoreError` with what to do.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.keys import PrivateKey
from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.services import audit, credentials
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.csr import (
    GeneratedRequest,
    KeyAlgorithm,
    load_private_key_der,
    private_key_der,
    private_key_pem,
    public_key_sha256,
)
from sslbill_desktop.services.csr import (
    PrivateKey as CryptoPrivateKey,
)
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import Conflict, SecretStoreError, UserError
from sslbill_desktop.services.i18n import _, format_datetime

log = logging.getLogger(__name__)

ENTITY = "private_key"
KEK_ENTRY = "private-key-encryption-key"
KEK_SETTING = "private_keys.kek_id"
KEK_BYTES = 32
NONCE_BYTES = 12


@dataclass(frozen=True)
class KeyRecord:
    id: int
    algorithm: KeyAlgorithm
    common_name: str
    public_key_sha256: str
    created_at: datetime
    created_by: str
    exported_at: datetime | None
    exported_by: str
    deleted_at: datetime | None
    deleted_by: str

    @property
    def has_material(self) -> bool:
        """False once the key was deleted."""
        return self.deleted_at is None

    @property
    def can_export(self) -> bool:
        return self.deleted_at is None and self.exported_at is None


def _record(row: PrivateKey) -> KeyRecord:
    return KeyRecord(
        row.id,
        KeyAlgorithm(row.algorithm),
        row.common_name,
        row.public_key_sha256,
        row.created_at,
        row.created_by,
        row.exported_at,
        row.exported_by,
        row.deleted_at,
        row.deleted_by,
    )


def _kek_id(kek: bytes) -> str:
    return hashlib.sha256(b"sslbill-desktop kek\0" + kek).hexdigest()[:16]


def _read_kek() -> bytes | None:
    stored = credentials.read_secret(KEK_ENTRY)
    if stored is None:
        return None
    try:
        kek = base64.b64decode(stored, validate=True)
    except (ValueError, binascii.Error):
        kek = b""
    if len(kek) != KEK_BYTES:
        raise SecretStoreError(
            _(
                "The keyring entry {entry} is not a valid key-encryption key. Restore it from the "
                "workstation that created it."
            ).format(entry=KEK_ENTRY)
        )
    return kek


def _workspace_kek_id(s: Session) -> str | None:
    setting = s.get(WorkspaceSetting, KEK_SETTING)
    return str(setting.value) if setting is not None and setting.value else None


def _missing_kek(kek_id: str) -> SecretStoreError:
    return SecretStoreError(
        _(
            "This workstation's keyring does not hold the key-encryption key {kek} that protects this "
            "workspace's private keys (it was made on another workstation). Copy the keyring entry "
            "{entry} of the service sslbill-desktop from that workstation, then try again."
        ).format(kek=kek_id, entry=KEK_ENTRY)
    )


def _kek_for_storing(s: Session) -> tuple[bytes, str]:
    """The workspace's KEK from the keyring, made on first use."""
    kek = _read_kek()
    workspace_id = _workspace_kek_id(s)
    if kek is None:
        if workspace_id is not None:
            raise _missing_kek(workspace_id)
        kek = AESGCM.generate_key(bit_length=KEK_BYTES * 8)
        credentials.save_secret(KEK_ENTRY, base64.b64encode(kek).decode("ascii"))
        log.info("made a new key-encryption key for private keys")
    kek_id = _kek_id(kek)
    if workspace_id is None:
        s.add(WorkspaceSetting(key=KEK_SETTING, value=kek_id))
    elif workspace_id != kek_id:
        raise _missing_kek(workspace_id)
    return kek, kek_id


def _kek_for_reading(kek_id: str) -> bytes:
    kek = _read_kek()
    if kek is None or _kek_id(kek) != kek_id:
        raise _missing_kek(kek_id)
    return kek


def _aad(fingerprint: str) -> bytes:
    return f"sslbill-desktop private key {fingerprint}".encode("ascii")


def _algorithm_of(key: CryptoPrivateKey) -> KeyAlgorithm:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1":
        return KeyAlgorithm.EC_P256
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size in (2048, 3072, 4096):
        return KeyAlgorithm(f"rsa-{key.key_size}")
    raise ValueError("only keys made by csr.generate_request are stored")


def store_private_key(s: Session, actor: Actor, key: CryptoPrivateKey, *, common_name: str = "") -> int:
    """Encrypt and store `key` in the caller's unit of work; returns the new row's id."""
    require(actor, Permission.PLACE_ORDERS)
    algorithm = _algorithm_of(key)
    kek, kek_id = _kek_for_storing(s)
    fingerprint = public_key_sha256(key.public_key())
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(kek).encrypt(nonce, private_key_der(key), _aad(fingerprint))
    row = PrivateKey(
        algorithm=algorithm.value,
        common_name=common_name[:253],
        public_key_sha256=fingerprint,
        kek_id=kek_id,
        key_ciphertext=nonce + ciphertext,
        created_by=actor.login,
        exported_by="",
        deleted_by="",
    )
    s.add(row)
    s.flush()
    audit.record(
        s,
        actor,
        "create",
        ENTITY,
        row.id,
        after=audit.snapshot(row),
        summary=_("{algorithm} key for {name}").format(algorithm=algorithm.value, name=common_name or "?"),
    )
    return row.id


def save_generated_key(
    db: Database, actor: Actor, generated: GeneratedRequest, *, common_name: str = ""
) -> KeyRecord:
    """Store the key of a `csr.generate_request` result in its own unit of work."""
    with db.uow() as s:
        key_id = store_private_key(s, actor, generated.private_key, common_name=common_name)
        return _record(load(s, PrivateKey, key_id))


def get_key(db: Database, actor: Actor, key_id: int) -> KeyRecord:
    """What is known about a key (never the key itself)."""
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        return _record(load(s, PrivateKey, key_id))


def key_for_public_key(db: Database, actor: Actor, fingerprint: str) -> KeyRecord | None:
    """The stored key whose public key has this SHA-256 (e.g. an issued certificate's), if any."""
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        row = s.scalar(
            select(PrivateKey).where(PrivateKey.public_key_sha256 == fingerprint).order_by(PrivateKey.id)
        )
        return _record(row) if row is not None else None


def _decrypt(row: PrivateKey) -> CryptoPrivateKey:
    if row.key_ciphertext is None:
        raise UserError(_("The private key was deleted; it can no longer be exported."))
    kek = _kek_for_reading(row.kek_id)
    blob = row.key_ciphertext
    try:
        der = AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(row.public_key_sha256))
    except InvalidTag:
        raise UserError(
            _("The stored private key {id} is damaged and cannot be decrypted.").format(id=row.id)
        ) from None
    key = load_private_key_der(der)
    if public_key_sha256(key.public_key()) != row.public_key_sha256:
        raise UserError(_("The stored private key {id} does not match its public key.").format(id=row.id))
    return key


def _write_private_file(destination: Path, content: str) -> None:
    """Write `content` to a file only its owner may read (replacing an existing file)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(destination, flags, 0o600)
    try:
        if hasattr(os, "fchmod"):  # an existing file keeps its mode on open: narrow it
            os.fchmod(descriptor, 0o600)
        os.write(descriptor, content.encode("ascii"))
    finally:
        os.close(descriptor)


def export_private_key(db: Database, actor: Actor, key_id: int, destination: Path) -> KeyRecord:
    """Write the key as PEM (PKCS#8) to `destination`, once; a second export is refused."""
    require(actor, Permission.EXPORT_KEYS)
    with db.uow() as s:
        row = load(s, PrivateKey, key_id)
        if row.exported_at is not None:
            raise UserError(
                _(
                    "This private key was already exported on {when} by {who}. A key is exported only once: "
                    "ask them for the file, or reissue the certificate with a new key."
                ).format(when=format_datetime(row.exported_at, "short"), who=row.exported_by or "?")
            )
        key = _decrypt(row)
        now = utcnow()
        claimed = s.execute(
            update(PrivateKey)
            .where(PrivateKey.id == row.id, PrivateKey.exported_at.is_(None), PrivateKey.deleted_at.is_(None))
            .values(exported_at=now, exported_by=actor.login, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            raise Conflict(_("Someone else exported or deleted this private key a moment ago."))
        try:
            _write_private_file(Path(destination), private_key_pem(key))
        except OSError as exc:
            raise UserError(
                _("The key file {path} cannot be written: {reason}").format(
                    path=destination, reason=exc.strerror
                )
            ) from None
        audit.record(
            s,
            actor,
            "export",
            ENTITY,
            row.id,
            summary=_("exported the key for {name}").format(name=row.common_name),
        )
        s.refresh(row)
        log.info("private key %s exported by %s", row.id, actor.login)
        return _record(row)


def delete_private_key(db: Database, actor: Actor, key_id: int) -> KeyRecord:
    """ "Delete key": the key material leaves the database for good (see the module documentation)."""
    require(actor, Permission.EXPORT_KEYS)
    with db.uow() as s:
        if db.is_sqlite:
            s.execute(text("PRAGMA secure_delete=ON"))
        row = load(s, PrivateKey, key_id)
        if row.deleted_at is not None:
            raise UserError(_("This private key was already deleted."))
        row.key_ciphertext = None
        row.deleted_at = utcnow()
        row.deleted_by = actor.login
        s.flush()
        audit.record(
            s,
            actor,
            "delete_key",
            ENTITY,
            row.id,
            summary=_("deleted the key for {name}").format(name=row.common_name),
        )
        record = _record(row)
    _compact(db)
    log.info("private key %s deleted by %s", key_id, actor.login)
    return record


def _compact(db: Database) -> None:
    """Make the old row versions leave the database files (PostgreSQL keeps them until a vacuum)."""
    if not db.is_postgresql:
        return
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"VACUUM FULL {PrivateKey.__tablename__}"))
    except DBAPIError as exc:  # the key is deleted either way; say why the rewrite did not happen
        log.warning("VACUUM FULL of %s failed: %s", PrivateKey.__tablename__, type(exc).__name__)
