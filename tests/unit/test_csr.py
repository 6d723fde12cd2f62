import base64

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from sslbill_desktop.services.csr import (
    KeyAlgorithm,
    SubjectDetails,
    generate_request,
    parse_request,
    private_key_pem,
    public_key_sha256,
    validate_pasted_request,
)
from sslbill_desktop.services.domains import clean_domain_names
from sslbill_desktop.services.errors import ValidationError

SHOP = clean_domain_names("shop.example.com", ["www.shop.example.com"])


def pasted_csr(key, cn: str | None, sans: tuple[str, ...] = (), hash_algorithm=None) -> str:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, cn)] if cn is not None else []
    builder = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes))
    if sans:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in sans]), critical=False
        )
    request = builder.sign(key, hash_algorithm if hash_algorithm is not None else hashes.SHA256())
    return request.public_bytes(serialization.Encoding.PEM).decode("ascii")


@pytest.fixture(scope="module")
def p256_key():
    return ec.generate_private_key(ec.SECP256R1())


def refusal(text: object, names=SHOP) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_pasted_request(text, names)
    assert caught.value.field == "csr"
    assert str(caught.value).startswith("csr: ")
    return caught.value


# --- generated ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("algorithm", "key_type", "size"),
    [
        (KeyAlgorithm.RSA_2048, "rsa", 2048),
        (KeyAlgorithm.RSA_3072, "rsa", 3072),
        (KeyAlgorithm.EC_P256, "ec", 256),
    ],
)
def test_generated_request_carries_every_name_and_passes_its_own_check(algorithm, key_type, size) -> None:
    generated = generate_request(SHOP, algorithm, SubjectDetails(organization="Example GmbH", country="de"))
    parsed = validate_pasted_request(generated.csr_pem, SHOP)
    assert (parsed.key_type, parsed.key_size) == (key_type, size)
    assert parsed.common_name == "shop.example.com"
    assert parsed.sans == ("shop.example.com", "www.shop.example.com")
    assert ("O", "Example GmbH") in parsed.subject and ("C", "DE") in parsed.subject
    assert parsed.signature_hash == "sha256"
    assert parsed.public_key_sha256 == generated.public_key_sha256
    assert public_key_sha256(generated.private_key.public_key()) == generated.public_key_sha256


def test_generated_rsa_4096_key() -> None:
    generated = generate_request(clean_domain_names("example.org"), "rsa-4096")
    assert parse_request(generated.csr_pem).key_description == "RSA 4096 bits"


def test_generated_request_never_shows_its_private_key() -> None:
    generated = generate_request(SHOP, KeyAlgorithm.EC_P256)
    pem = private_key_pem(generated.private_key)
    assert pem.startswith("-----BEGIN PRIVATE KEY-----")
    secret_line = pem.splitlines()[1]
    assert secret_line not in repr(generated)
    assert secret_line not in str(generated)
    assert "PRIVATE" not in generated.csr_pem


def test_unknown_key_algorithm_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        generate_request(SHOP, "dsa-1024")
    assert caught.value.field == "key_algorithm"


def test_internationalized_names_go_into_the_request_as_punycode() -> None:
    names = clean_domain_names("bücher.example", ["www.bücher.example"])
    parsed = parse_request(generate_request(names, KeyAlgorithm.EC_P256).csr_pem)
    assert parsed.common_name == "xn--bcher-kva.example"
    assert parsed.sans == ("xn--bcher-kva.example", "www.xn--bcher-kva.example")


# --- pasted -------------------------------------------------------------------------------------


def test_pasted_request_with_the_order_names_is_accepted(p256_key) -> None:
    pem = pasted_csr(p256_key, "shop.example.com", ("shop.example.com", "www.shop.example.com"))
    parsed = validate_pasted_request("\n  " + pem + "\n", SHOP)
    assert parsed.key_description == "ECDSA P-256"
    assert parsed.public_key_sha256 == public_key_sha256(p256_key.public_key())


def test_pasted_request_may_leave_the_extra_names_to_the_order(p256_key) -> None:
    assert validate_pasted_request(pasted_csr(p256_key, "SHOP.example.com"), SHOP).sans == ()


def test_pasted_request_for_another_common_name_is_refused(p256_key) -> None:
    error = refusal(pasted_csr(p256_key, "other.example.com"))
    assert error.detail == "its common name is other.example.com, but the order is for shop.example.com"


def test_pasted_request_naming_a_host_the_order_lacks_is_refused(p256_key) -> None:
    error = refusal(pasted_csr(p256_key, "shop.example.com", ("shop.example.com", "mail.example.com")))
    assert "mail.example.com" in error.detail
    assert "not among the order's domain names" in error.detail


def test_pasted_request_without_common_name_is_refused(p256_key) -> None:
    assert "no common name" in refusal(pasted_csr(p256_key, None, ("shop.example.com",))).detail


def test_pasted_request_in_unicode_matches_the_punycode_order(p256_key) -> None:
    names = clean_domain_names("bücher.example")
    assert validate_pasted_request(pasted_csr(p256_key, "xn--bcher-kva.example"), names).common_name


def test_pasted_request_with_a_1024_bit_key_is_refused() -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    error = refusal(pasted_csr(weak, "shop.example.com"))
    assert error.detail == "its RSA key has 1024 bits, which is too weak: at least 2048 bits are required"


def test_pasted_request_with_an_unsupported_curve_is_refused() -> None:
    key = ec.generate_private_key(ec.SECP256K1())
    assert "curve secp256k1, which is not supported" in refusal(pasted_csr(key, "shop.example.com")).detail


def test_pasted_request_with_an_ed25519_key_is_refused() -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    assert "key type is not supported" in refusal(_ed25519_csr(key)).detail


def _ed25519_csr(key) -> str:
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example.com")])
    )
    return builder.sign(key, None).public_bytes(serialization.Encoding.PEM).decode("ascii")


#: A CSR for shop.example.com signed with SHA-1 (made with `openssl req -sha1`; cryptography no longer
#: signs with SHA-1, which is why it is a fixed text here).
SHA1_CSR = """\
-----BEGIN CERTIFICATE REQUEST-----
MIICYDCCAUgCAQAwGzEZMBcGA1UEAwwQc2hvcC5leGFtcGxlLmNvbTCCASIwDQYJ
KoZIhvcNAQEBBQADggEPADCCAQoCggEBALtSm+t3wkayzscsXqYWuysR9556sL+0
EiyQ2yPhy7/5bHN0lSsKKukoS11V0jKwiDB9jvf7AS6iVnE29WqBaMAE613ZNEis
EGSszOrSRlo0SYlFDO7vttYsc7HIg8aB4z6+dKswaFyrQxZsFtzxj7ySzw5f2f5y
8FwI0tTQegj/Is+o+GXkBHXppGYUdAXffSnaNm46oBq0cBDO+G2/iGReQPJfdFQK
TtcGshxHoDWP1GEUrun1mhS1Y/grOa+RwvFoXJOHQpfXwHC70NMrKinkA8z0hfJb
PFVQfYkEMgHNeCul6GUMouaGpsx1lQoUw+sJr77PHhGJbC4vWt0ag7kCAwEAAaAA
MA0GCSqGSIb3DQEBBQUAA4IBAQCSsNSUmhA0WCTxFvLX0l/9npS8fEgGkyHbAuCp
Da+PyQvuEH1yroFdiKtl49gIwICL7KuhTxyH3pEB4cfrxonP8FCFrdNp8DKOx7TE
s+uaVtKJY5UgFU+FC6CrpFCOuZ8fVN+5m/5yJdwc4pNGIrxlXw602Cr+F95ww5Gv
l+40dbYa6l+4Fi9zTwiQ8bdZjvaKb0/va6HsGqN6+3zjTGpaNbkYvpm+SuO3Vd+4
Kv/eu2eiAosNWNNQ8O3vTW1XTB0IMSPcLqId1B/U+6SllOsMAO9wqLzPfH259SOa
L696lImT6D7m2cPaKOrGpbbjanE2aqXciS5rdaaO7r+BpY9K
-----END CERTIFICATE REQUEST-----
"""


def test_pasted_request_signed_with_sha1_is_refused() -> None:
    assert refusal(SHA1_CSR).detail == "it is signed with sha1, which is too weak: sign it with SHA-256"


def test_altered_request_fails_its_signature_check(p256_key) -> None:
    pem = pasted_csr(p256_key, "aaaa.example.com")
    lines = pem.strip().splitlines()
    der = base64.b64decode("".join(lines[1:-1]))
    altered = der.replace(b"aaaa.example.com", b"shop.example.com")
    assert altered != der
    body = base64.encodebytes(altered).decode("ascii")
    tampered = f"{lines[0]}\n{body}{lines[-1]}\n"
    assert "signature does not verify" in refusal(tampered).detail


def test_a_pasted_private_key_is_refused_without_echoing_it(p256_key) -> None:
    key_pem = private_key_pem(p256_key)
    error = refusal(key_pem)
    assert "this is a private key" in error.detail
    for line in key_pem.splitlines()[1:-1]:
        assert line not in str(error)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "paste the certificate signing request"),
        ("hello", "must start with -----BEGIN CERTIFICATE REQUEST-----"),
        ("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", "damaged"),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "this is a certificate"),
        (None, "paste the certificate signing request"),
    ],
)
def test_text_that_is_not_a_request_is_refused(text, reason) -> None:
    assert reason in refusal(text).detail
