"""Certificate signing requests: generate a key and a CSR here, or check one the client pasted.

Pure functions on top of `cryptography` (no database, no keyring): `keys.py` stores a generated
private key, encrypted; the order wizard (part B) calls these at its CSR step.

Generate: `generate_request(names, algorithm, subject)` makes an RSA 2048/3072/4096 or ECDSA P-256
key and a CSR (SHA-256) whose subject CN is the common name and whose SAN extension lists every
name of the order. The `GeneratedRequest` holds the private key as a `cryptography` object; its
`repr` never shows it. Generating an RSA 4096 key takes a second or more: call it in the background.

Paste: `validate_pasted_request(pem, names)` = `parse_request` (PEM, the signature verified, no weak
key: RSA under 2048 bits, an RSA exponent under 65537, a curve other than P-256/P-384, a SHA-1 or
MD5 signature, or another key type are refused) + `check_request_names` (the CSR's common name must
be the order's common name; every DNS name in its SAN extension must be among the order's names —
a CSR may omit the extra names, which the order carries to the CA itself). Every refusal is a
`ValidationError` on the field `csr` saying what is wrong, never echoing a pasted private key.

`parse_request` is also what order management shows as "request data" (the decoded CSR).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import NameOID

from sslbill_desktop.services.domains import DomainNames, clean_hostname, to_unicode
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import N_, _

FIELD = "csr"
MIN_RSA_BITS = 2048
MAX_RSA_BITS = 8192
MIN_RSA_EXPONENT = 65537
#: The curves public certificate authorities sign: name in `cryptography` -> name shown.
SUPPORTED_CURVES: dict[str, str] = {"secp256r1": "P-256", "secp384r1": "P-384"}
WEAK_HASHES = frozenset({"sha1", "md5"})
MAX_PEM_LENGTH = 64 * 1024


class KeyAlgorithm(StrEnum):
    RSA_2048 = "rsa-2048"
    RSA_3072 = "rsa-3072"
    RSA_4096 = "rsa-4096"
    EC_P256 = "ec-p256"


KEY_ALGORITHM_LABELS: dict[KeyAlgorithm, str] = {
    KeyAlgorithm.RSA_2048: N_("RSA 2048 bits"),
    KeyAlgorithm.RSA_3072: N_("RSA 3072 bits"),
    KeyAlgorithm.RSA_4096: N_("RSA 4096 bits"),
    KeyAlgorithm.EC_P256: N_("ECDSA P-256"),
}
DEFAULT_ALGORITHM = KeyAlgorithm.RSA_2048
_RSA_BITS = {KeyAlgorithm.RSA_2048: 2048, KeyAlgorithm.RSA_3072: 3072, KeyAlgorithm.RSA_4096: 4096}

#: Subject attributes shown as request data, in this order.
_SUBJECT_NAMES: tuple[tuple[x509.ObjectIdentifier, str], ...] = (
    (NameOID.COMMON_NAME, "CN"),
    (NameOID.ORGANIZATION_NAME, "O"),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "OU"),
    (NameOID.LOCALITY_NAME, "L"),
    (NameOID.STATE_OR_PROVINCE_NAME, "ST"),
    (NameOID.COUNTRY_NAME, "C"),
    (NameOID.EMAIL_ADDRESS, "emailAddress"),
)

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class SubjectDetails:
    """Optional subject fields of a generated CSR (the organisation contact of the client)."""

    organization: str = ""
    organization_unit: str = ""
    #: ISO 3166 alpha-2.
    country: str = ""
    state: str = ""
    locality: str = ""
    email: str = ""


@dataclass(frozen=True)
class GeneratedRequest:
    """A new key and its CSR. Hand `private_key` to `keys.store_private_key` and drop it."""

    csr_pem: str
    algorithm: KeyAlgorithm
    #: Hex SHA-256 of the public key (DER SubjectPublicKeyInfo): ties the CSR, the stored key and
    #: the issued certificate together.
    public_key_sha256: str
    private_key: PrivateKey = field(repr=False, compare=False)

    def __repr__(self) -> str:  # never show the key, even in a traceback's locals
        return (
            f"GeneratedRequest(algorithm={self.algorithm.value!r}, "
            f"public_key_sha256={self.public_key_sha256!r})"
        )


@dataclass(frozen=True)
class ParsedRequest:
    """A CSR decoded and checked (see `parse_request`)."""

    pem: str
    #: The subject's common name as written in the CSR ("" when it has none).
    common_name: str
    #: DNS names of the SAN extension, as written.
    sans: tuple[str, ...]
    #: Subject attributes in a fixed order, as (short name, value).
    subject: tuple[tuple[str, str], ...]
    key_type: str  # "rsa" | "ec"
    #: RSA modulus bits, or the curve's size.
    key_size: int
    #: "P-256", "P-384"; "" for RSA.
    curve: str
    signature_hash: str
    public_key_sha256: str

    @property
    def key_description(self) -> str:
        if self.key_type == "rsa":
            return _("RSA {bits} bits").format(bits=self.key_size)
        return _("ECDSA {curve}").format(curve=self.curve)


def key_algorithm(value: object, field_name: str = "key_algorithm") -> KeyAlgorithm:
    try:
        return KeyAlgorithm(str(value))
    except ValueError:
        choices = ", ".join(a.value for a in KeyAlgorithm)
        raise ValidationError(
            field_name,
            _("not a key type offered here: {value} (choose {choices})").format(value=value, choices=choices),
        ) from None


def public_key_sha256(public_key: Any) -> str:
    """Hex SHA-256 of a public key's DER SubjectPublicKeyInfo."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def new_private_key(algorithm: KeyAlgorithm) -> PrivateKey:
    if algorithm is KeyAlgorithm.EC_P256:
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=_RSA_BITS[algorithm])


def _subject(common_name: str, details: SubjectDetails) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    for oid, value in (
        (NameOID.ORGANIZATION_NAME, details.organization),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, details.organization_unit),
        (NameOID.LOCALITY_NAME, details.locality),
        (NameOID.STATE_OR_PROVINCE_NAME, details.state),
        (NameOID.COUNTRY_NAME, details.country.upper()),
        (NameOID.EMAIL_ADDRESS, details.email),
    ):
        if value.strip():
            attributes.append(x509.NameAttribute(oid, value.strip()))
    return x509.Name(attributes)


def build_request(private_key: PrivateKey, names: DomainNames, subject: SubjectDetails | None = None) -> str:
    """A CSR (PEM) for `names`, signed with `private_key` (SHA-256)."""
    if len(names.common_name) > 64:  # the CN attribute's upper bound; the SAN carries the name anyway
        raise ValidationError(
            "common_name", _("a common name longer than 64 characters cannot go into a certificate request")
        )
    signer: CertificateIssuerPrivateKeyTypes = private_key
    builder = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_subject(names.common_name, subject or SubjectDetails()))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in names.all_names]), critical=False
        )
    )
    request = builder.sign(signer, hashes.SHA256())
    return request.public_bytes(serialization.Encoding.PEM).decode("ascii")


def generate_request(
    names: DomainNames,
    algorithm: KeyAlgorithm | str = DEFAULT_ALGORITHM,
    subject: SubjectDetails | None = None,
) -> GeneratedRequest:
    """A new private key and a CSR for `names` (see the module documentation)."""
    chosen = key_algorithm(algorithm)
    private_key = new_private_key(chosen)
    pem = build_request(private_key, names, subject)
    return GeneratedRequest(pem, chosen, public_key_sha256(private_key.public_key()), private_key)


# --- pasted requests ---------------------------------------------------------------------------


def _refuse(message: str) -> ValidationError:
    return ValidationError(FIELD, message)


def _load(text: object) -> x509.CertificateSigningRequest:
    if not isinstance(text, str | bytes):
        raise _refuse(_("paste the certificate signing request (PEM text)"))
    pem = text.decode("ascii", "replace") if isinstance(text, bytes) else text
    pem = pem.strip()
    if not pem:
        raise _refuse(_("paste the certificate signing request (PEM text)"))
    if len(pem) > MAX_PEM_LENGTH:
        raise _refuse(_("the text is too long for a certificate signing request"))
    if "PRIVATE KEY-----" in pem:
        raise _refuse(
            _(
                "this is a private key, not a certificate signing request. Never send a private key: "
                "paste the block that starts with -----BEGIN CERTIFICATE REQUEST-----"
            )
        )
    if "-----BEGIN CERTIFICATE-----" in pem:
        raise _refuse(
            _(
                "this is a certificate, not a certificate signing request "
                "(-----BEGIN CERTIFICATE REQUEST-----)"
            )
        )
    if "CERTIFICATE REQUEST-----" not in pem:
        raise _refuse(
            _(
                "not a certificate signing request: the text must start with "
                "-----BEGIN CERTIFICATE REQUEST-----"
            )
        )
    try:
        return x509.load_pem_x509_csr(pem.encode("ascii", "replace"))
    except (ValueError, UnsupportedAlgorithm):
        raise _refuse(
            _("the certificate signing request is damaged (incomplete or altered text): paste it again")
        ) from None


def _check_key(public_key: Any) -> tuple[str, int, str]:
    if isinstance(public_key, rsa.RSAPublicKey):
        bits = public_key.key_size
        if bits < MIN_RSA_BITS:
            raise _refuse(
                _(
                    "its RSA key has {bits} bits, which is too weak: at least {minimum} bits are required"
                ).format(bits=bits, minimum=MIN_RSA_BITS)
            )
        if bits > MAX_RSA_BITS:
            raise _refuse(
                _("its RSA key has {bits} bits: certificate authorities accept at most {maximum}").format(
                    bits=bits, maximum=MAX_RSA_BITS
                )
            )
        if public_key.public_numbers().e < MIN_RSA_EXPONENT:
            raise _refuse(_("its RSA key has a weak public exponent (below 65537)"))
        return "rsa", bits, ""
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        curve = public_key.curve.name
        if curve not in SUPPORTED_CURVES:
            raise _refuse(
                _("its key uses the curve {curve}, which is not supported: use P-256 or P-384").format(
                    curve=curve
                )
            )
        return "ec", public_key.curve.key_size, SUPPORTED_CURVES[curve]
    raise _refuse(_("its key type is not supported: use an RSA (2048 bits or more) or an ECDSA P-256 key"))


def _attribute_text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def parse_request(text: object) -> ParsedRequest:
    """Decode a PEM CSR and check it: the signature verifies, the key and hash are strong enough."""
    request = _load(text)
    try:
        public_key = request.public_key()
    except (ValueError, UnsupportedAlgorithm):
        raise _refuse(
            _("its key type is not supported: use an RSA (2048 bits or more) or an ECDSA P-256 key")
        ) from None
    key_type, key_size, curve = _check_key(public_key)
    try:
        hash_algorithm = request.signature_hash_algorithm
    except UnsupportedAlgorithm:
        hash_algorithm = None
    hash_name = hash_algorithm.name if hash_algorithm is not None else ""
    if hash_name in WEAK_HASHES or not hash_name:
        raise _refuse(
            _("it is signed with {hash}, which is too weak: sign it with SHA-256").format(
                hash=hash_name or "?"
            )
        )
    if not request.is_signature_valid:
        raise _refuse(_("its signature does not verify: the request was altered or damaged"))
    subject: list[tuple[str, str]] = []
    for oid, short in _SUBJECT_NAMES:
        for attribute in request.subject.get_attributes_for_oid(oid):
            subject.append((short, _attribute_text(attribute.value)))
    common_names = [value for short, value in subject if short == "CN"]
    try:
        extension = request.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        sans = tuple(extension.value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        sans = ()
    except ValueError:
        raise _refuse(_("its extensions cannot be read: the request is damaged")) from None
    pem = request.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return ParsedRequest(
        pem=pem,
        common_name=common_names[0] if common_names else "",
        sans=sans,
        subject=tuple(subject),
        key_type=key_type,
        key_size=key_size,
        curve=curve,
        signature_hash=hash_name,
        public_key_sha256=public_key_sha256(public_key),
    )


def _clean_request_name(name: str) -> str:
    try:
        return clean_hostname(FIELD, name)
    except ValidationError:
        raise _refuse(
            _("it names {name}, which is not a valid domain name for a certificate").format(name=name)
        ) from None


def check_request_names(parsed: ParsedRequest, names: DomainNames) -> None:
    """The CSR's names must match the order's (see the module documentation)."""
    if not parsed.common_name:
        raise _refuse(
            _("it has no common name (CN): the order is for {name}").format(
                name=to_unicode(names.common_name)
            )
        )
    if _clean_request_name(parsed.common_name) != names.common_name:
        raise _refuse(
            _("its common name is {found}, but the order is for {expected}").format(
                found=parsed.common_name, expected=to_unicode(names.common_name)
            )
        )
    ordered = set(names.all_names)
    for name in parsed.sans:
        if _clean_request_name(name) not in ordered:
            raise _refuse(
                _("it also names {name}, which is not among the order's domain names ({names})").format(
                    name=name, names=", ".join(to_unicode(n) for n in names.all_names)
                )
            )


def validate_pasted_request(text: object, names: DomainNames) -> ParsedRequest:
    """A pasted CSR parsed, checked for strength and matched against the order's names."""
    parsed = parse_request(text)
    check_request_names(parsed, names)
    return parsed


def private_key_pem(private_key: PrivateKey) -> str:
    """The key as unencrypted PKCS#8 PEM (for the one-time export)."""
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def private_key_der(private_key: PrivateKey) -> bytes:
    """The key as unencrypted PKCS#8 DER (what `keys.py` encrypts)."""
    return private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key_der(der: bytes) -> PrivateKey:
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise TypeError("stored key of an unsupported type")
    return key
