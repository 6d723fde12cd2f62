"""Private keys generated here for certificate orders, stored encrypted.

`key_ciphertext` is the PKCS#8 DER of the key encrypted with AES-256-GCM (nonce first) under a
key-encryption key that lives only in the OS keyring (`services/keys.py`); `kek_id` says which
one. The row outlives the key: "delete key" sets the ciphertext to NULL (with SQLite's
`secure_delete` on, so the bytes are overwritten in the file) and records who and when, so that an
order still shows that it had a key. The audit log never copies `key_ciphertext`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, TimestampMixin, UTCDateTime


class PrivateKey(IdMixin, TimestampMixin, Base):
    __tablename__ = "private_keys"

    #: "rsa-2048", "rsa-3072", "rsa-4096" or "ec-p256" (`services.csr.KeyAlgorithm`).
    algorithm: Mapped[str] = mapped_column(String(16), nullable=False)
    #: The name the key was made for (shown in lists and the audit log).
    common_name: Mapped[str] = mapped_column(String(253), nullable=False, default="")
    #: Hex SHA-256 of the public key (DER SubjectPublicKeyInfo): matches the CSR and certificate.
    public_key_sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: Which key-encryption key encrypted it: the first 16 hex digits of the KEK's SHA-256.
    kek_id: Mapped[str] = mapped_column(String(16), nullable=False)
    #: nonce (12 bytes) || AES-GCM ciphertext and tag; NULL once the key was deleted.
    key_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    exported_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    deleted_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
