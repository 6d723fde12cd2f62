"""What an issued certificate says: issuer, subject, validity, serial, names, fingerprint.

Pure functions over `cryptography` (no database). `read_certificate(pem)` takes the first
certificate of a PEM text (the leaf; a chain may follow).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import _

_BEGIN = "-----BEGIN CERTIFICATE-----"
_END = "-----END CERTIFICATE-----"

_NAME_PARTS: tuple[tuple[x509.ObjectIdentifier, str], ...] = (
    (NameOID.COMMON_NAME, "CN"),
    (NameOID.ORGANIZATION_NAME, "O"),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "OU"),
    (NameOID.LOCALITY_NAME, "L"),
    (NameOID.STATE_OR_PROVINCE_NAME, "ST"),
    (NameOID.COUNTRY_NAME, "C"),
)


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    #: Upper-case hex, colon-separated ("0A:1B:...").
    serial: str
    sans: tuple[str, ...]
    #: SHA-256 of the DER certificate, upper-case hex, colon-separated.
    sha256_fingerprint: str
    #: Hex SHA-256 of the public key (matches `csr.public_key_sha256` of its CSR and key).
    public_key_sha256: str

    @property
    def validity_days(self) -> int:
        return (self.not_after - self.not_before).days


def _name(name: x509.Name) -> str:
    parts = []
    for oid, short in _NAME_PARTS:
        for attribute in name.get_attributes_for_oid(oid):
            value = attribute.value
            parts.append(f"{short}={value.decode('utf-8', 'replace') if isinstance(value, bytes) else value}")
    return ", ".join(parts) or name.rfc4514_string()


def _colons(data: bytes) -> str:
    return ":".join(f"{b:02X}" for b in data)


def first_certificate(pem: str) -> str:
    """The first PEM block of `pem` (the leaf certificate)."""
    start = pem.find(_BEGIN)
    end = pem.find(_END, start)
    if start < 0 or end < 0:
        raise UserError(_("The text holds no PEM certificate."))
    return pem[start : end + len(_END)] + "\n"


def read_certificate(pem: str) -> CertificateInfo:
    """Decode the first certificate of `pem` (`UserError` when it is not a certificate)."""
    from sslbill_desktop.services.csr import public_key_sha256

    try:
        cert = x509.load_pem_x509_certificate(first_certificate(pem).encode("ascii", "replace"))
    except ValueError:
        raise UserError(_("The certificate is damaged and cannot be read.")) from None
    try:
        extension = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        sans = tuple(extension.value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        sans = ()
    serial = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 7) // 8 or 1, "big")
    return CertificateInfo(
        subject=_name(cert.subject),
        issuer=_name(cert.issuer),
        not_before=cert.not_valid_before_utc.astimezone(UTC),
        not_after=cert.not_valid_after_utc.astimezone(UTC),
        serial=_colons(serial),
        sans=sans,
        sha256_fingerprint=_colons(cert.fingerprint(hashes.SHA256())),
        public_key_sha256=public_key_sha256(cert.public_key()),
    )
