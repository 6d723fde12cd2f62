"""The simulator's certificate authority: real X.509 certificates for the names ordered.

The CA key is made when the simulator starts (an EC P-256 key: fast) and kept in memory, or in the
simulator's `--state` file so that a restarted simulator keeps signing with the same CA;
an issued certificate carries the public key of the order's CSR, so it matches the private key
the workstation made, exactly as a real CA's would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: The longest validity a CA issues today (CA/Browser Forum: 398 days).
MAX_VALIDITY = timedelta(days=398)


class CsrError(ValueError):
    """The CSR cannot be read."""


def load_csr(pem: str) -> x509.CertificateSigningRequest:
    try:
        csr = x509.load_pem_x509_csr(pem.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise CsrError("not a PEM certificate signing request") from None
    if not csr.is_signature_valid:
        raise CsrError("the CSR's signature is not valid")
    return csr


class SimulatorCA:
    def __init__(
        self, name: str = "sslbill-desktop Simulator CA", *, key_pem: str = "", cert_pem: str = ""
    ) -> None:
        if key_pem and cert_pem:
            key = serialization.load_pem_private_key(key_pem.encode("ascii"), password=None)
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise ValueError("the simulator CA key must be an EC key")
            self._key = key
            self.certificate = x509.load_pem_x509_certificate(cert_pem.encode("ascii"))
            return
        self._key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ispmanager simulator"),
                x509.NameAttribute(NameOID.COMMON_NAME, name),
            ]
        )
        now = datetime.now(UTC)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self._key, hashes.SHA256())
        )

    @property
    def key_pem(self) -> str:
        """The CA's own key, for the simulator's state file only (a test CA, not a secret of ours)."""
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    def issue(self, csr_pem: str, common_name: str, sans: tuple[str, ...], not_after: datetime) -> str:
        """A PEM certificate for `common_name` and `sans` with the CSR's public key."""
        csr = load_csr(csr_pem)
        now = datetime.now(UTC)
        not_after = min(not_after, now + MAX_VALIDITY)
        names: list[str] = []
        for name in (common_name, *sans):
            if name and name not in names:
                names.append(name)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)]))
            .issuer_name(self.certificate.subject)
            .public_key(csr.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(self._key, hashes.SHA256())
        )
        return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
