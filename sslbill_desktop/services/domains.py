"""The names a certificate is for: the common name, extra SANs and the approver e-mail.

Pure functions (no database, no network), shared by the order wizard's domain and approver steps,
the CSR checks (`csr.py`) and order management.

- `clean_hostname(field, text)` returns the name as a certificate carries it: lower-case ASCII,
  internationalized labels converted to punycode ("bücher.example" -> "xn--bcher-kva.example"),
  a trailing dot dropped. It refuses IP addresses, single-label names ("localhost"), labels longer
  than 63 characters, names longer than 253, characters outside letters, digits and hyphens, and
  hyphens at the start or end of a label.
- Wildcards: `*` is allowed only as the whole leftmost label (`*.example.com`), once, and not
  directly on a top-level domain or a public suffix such as `co.uk` (`*.com`, `*.co.uk` refused).
- `clean_domain_names(common_name, sans)` checks the common name and the extra names together:
  repeats are dropped (a SAN equal to the common name is not an extra name), and `DomainNames.
  extra_count` is what the plan's SAN add-on is counted against.
- `approver_emails(name)`: admin@, administrator@, hostmaster@, postmaster@ and webmaster@ of the
  *registered* domain (`www.shop.example.co.uk` -> `example.co.uk`).

Internationalized names are converted with the `idna` package (IDNA 2008 with the UTS #46
mapping, non-transitional), as browsers and certificate authorities do. Python's built-in `idna`
codec implements the older IDNA 2003, which maps "faß.de" to "fass.de" — a different domain.

The public-suffix check uses a short built-in list of common multi-label suffixes, not the full
Public Suffix List: it catches the usual mistakes (`*.co.uk`), and the certificate authority
validates the rest.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import idna

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _

MAX_NAME_LENGTH = 253
MAX_LABEL_LENGTH = 63
#: How many extra names one order may carry at most (CAs allow 100 to 250 in all).
MAX_SANS = 250
APPROVER_MAILBOXES: tuple[str, ...] = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")

#: Common public suffixes of more than one label (a registered domain is one label below them).
MULTI_LABEL_SUFFIXES: frozenset[str] = frozenset(
    {
        *(f"{sld}.uk" for sld in ("co", "org", "me", "ltd", "plc", "net", "ac", "gov", "sch", "nhs")),
        *(f"{sld}.au" for sld in ("com", "net", "org", "edu", "gov", "asn", "id")),
        *(f"{sld}.nz" for sld in ("co", "net", "org", "ac", "govt", "school")),
        *(f"{sld}.jp" for sld in ("co", "ne", "or", "ac", "go", "gr")),
        *(f"{sld}.br" for sld in ("com", "net", "org", "gov", "edu")),
        *(f"{sld}.cn" for sld in ("com", "net", "org", "gov", "edu")),
        *(f"{sld}.in" for sld in ("co", "net", "org", "firm", "gen", "ind")),
        *(f"{sld}.za" for sld in ("co", "org", "net", "gov", "ac")),
        *(f"{sld}.tr" for sld in ("com", "net", "org", "gen", "biz")),
        *(f"{sld}.mx" for sld in ("com", "net", "org", "gob")),
        *(f"{sld}.ar" for sld in ("com", "net", "org", "gob")),
        *(f"{sld}.il" for sld in ("co", "org", "net", "ac")),
        *(f"{sld}.kr" for sld in ("co", "or", "ne", "ac")),
        *(f"{sld}.ru" for sld in ("com", "net", "org", "msk", "spb")),
        *(f"{sld}.ua" for sld in ("com", "net", "org", "kiev")),
        *(f"{sld}.hk" for sld in ("com", "net", "org")),
        *(f"{sld}.sg" for sld in ("com", "net", "org")),
        *(f"{sld}.tw" for sld in ("com", "net", "org")),
        *(f"{sld}.my" for sld in ("com", "net", "org")),
        *(f"{sld}.ng" for sld in ("com", "net", "org")),
        *(f"{sld}.pl" for sld in ("com", "net", "org")),
        "co.id",
        "co.th",
        "in.th",
        "com.sa",
        "com.eg",
        "com.pk",
        "com.ph",
        "com.vn",
        "com.co",
        "com.pe",
    }
)

_LDH_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_SAN_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class DomainNames:
    """The names of one certificate order, cleaned: ASCII (punycode), lower case, no repeats."""

    common_name: str
    #: Extra names beyond the common name, in the order given.
    sans: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        """The common name first, then the extra names (what a CSR's names are checked against)."""
        return (self.common_name, *self.sans)

    @property
    def extra_count(self) -> int:
        """How many names the order carries beyond the common name (SAN add-on units)."""
        return len(self.sans)

    @property
    def has_wildcard(self) -> bool:
        return any(is_wildcard(name) for name in self.all_names)


def is_wildcard(name: str) -> bool:
    return name.startswith("*.")


@lru_cache(maxsize=4096)
def to_unicode(name: str) -> str:
    """A cleaned (punycode) name shown to people: "xn--bcher-kva.example" -> "bücher.example"."""
    prefix, rest = ("*.", name[2:]) if is_wildcard(name) else ("", name)
    try:
        return prefix + idna.decode(rest)
    except (idna.IDNAError, UnicodeError):
        return name


def _bad(field: str, value: str, reason: str) -> ValidationError:
    return ValidationError(
        field, _("{name} is not a valid domain name: {reason}").format(name=value, reason=reason)
    )


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def _to_ascii(field: str, original: str, text: str) -> str:
    """`text` (no wildcard) as lower-case ASCII, internationalized labels in punycode."""
    if text.isascii():
        lowered = text.lower()
        for label in lowered.split("."):
            if label.startswith("xn--"):
                try:
                    idna.decode(label)
                except (idna.IDNAError, UnicodeError):
                    raise _bad(
                        field, original, _("the label {label} is not valid punycode").format(label=label)
                    ) from None
        return lowered
    try:
        return idna.encode(text, uts46=True, std3_rules=True, transitional=False).decode("ascii")
    except idna.InvalidCodepoint as exc:
        raise _bad(field, original, _("it contains a character not allowed in domain names")) from exc
    except (idna.IDNAError, UnicodeError) as exc:
        raise _bad(
            field, original, _("it cannot be converted to punycode ({detail})").format(detail=str(exc))
        ) from exc


def _check_labels(field: str, original: str, labels: list[str]) -> None:
    for label in labels:
        if not label:
            raise _bad(field, original, _("it has an empty label (two dots in a row)"))
        if len(label) > MAX_LABEL_LENGTH:
            raise _bad(
                field,
                original,
                _("the label {label} is longer than {n} characters").format(label=label, n=MAX_LABEL_LENGTH),
            )
        if "*" in label:
            raise _bad(
                field,
                original,
                _("a wildcard * is allowed only as the whole leftmost label, as in *.example.com"),
            )
        if not _LDH_LABEL.fullmatch(label):
            if label.startswith("-") or label.endswith("-"):
                reason = _("the label {label} starts or ends with a hyphen").format(label=label)
            else:
                reason = _(
                    "the label {label} may contain only letters, digits and hyphens "
                    "(no underscores or spaces)"
                ).format(label=label)
            raise _bad(field, original, reason)
    if labels[-1].isdigit():
        raise _bad(field, original, _("the top-level domain cannot be a number"))


def clean_hostname(field: str, value: object, *, allow_wildcard: bool = True) -> str:
    """One DNS name for a certificate (see the module documentation); `ValidationError` on `field`."""
    if not isinstance(value, str):
        raise ValidationError(field, _("must be text"))
    original = value.strip()
    if not original:
        raise ValidationError(field, _("this field is required"))
    text = original[:-1] if original.endswith(".") else original
    if _is_ip_address(text):
        raise _bad(field, original, _("IP addresses are not supported, only domain names"))
    wildcard = text.startswith("*.")
    if wildcard:
        if not allow_wildcard:
            raise _bad(field, original, _("a wildcard name is not allowed here"))
        text = text[2:]
    if "*" in text:
        raise _bad(
            field,
            original,
            _("a wildcard * is allowed only as the whole leftmost label, as in *.example.com"),
        )
    if any(ch.isspace() for ch in text) or "/" in text or ":" in text or "@" in text:
        raise _bad(field, original, _("it contains a space or a character such as / : @"))
    ascii_name = _to_ascii(field, original, text)
    labels = ascii_name.split(".")
    _check_labels(field, original, labels)
    if wildcard and (len(labels) < 2 or ascii_name in MULTI_LABEL_SUFFIXES):
        raise _bad(
            field,
            original,
            _(
                "a wildcard must cover names below a registered domain, not a public suffix like *.{suffix}"
            ).format(suffix=ascii_name),
        )
    if len(labels) < 2:
        raise _bad(field, original, _("a certificate needs a fully qualified name such as www.example.com"))
    full = ("*." if wildcard else "") + ascii_name
    if len(full) > MAX_NAME_LENGTH:
        raise _bad(field, original, _("it is longer than {n} characters").format(n=MAX_NAME_LENGTH))
    return full


def split_sans(value: object) -> list[str]:
    """Extra names as typed: a list, or one text separated by spaces, commas, semicolons or lines."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in _SAN_SEPARATORS.split(value) if part]
    if isinstance(value, Iterable):
        return [str(part).strip() for part in value if str(part).strip()]
    raise ValidationError("sans", _("must be a list of domain names"))


def clean_domain_names(common_name: object, sans: object = (), *, allow_wildcard: bool = True) -> DomainNames:
    """The common name and the extra names, cleaned (errors name `common_name` or `sans`)."""
    cn = clean_hostname("common_name", common_name, allow_wildcard=allow_wildcard)
    seen: dict[str, None] = {}
    for raw in split_sans(sans):
        name = clean_hostname("sans", raw, allow_wildcard=allow_wildcard)
        if name != cn:
            seen[name] = None
    if len(seen) > MAX_SANS:
        raise ValidationError("sans", _("at most {n} extra names per certificate").format(n=MAX_SANS))
    return DomainNames(cn, tuple(seen))


def registered_domain(name: str) -> str:
    """The domain a name was registered under: one label below its public suffix.

    `name` is a cleaned name (see `clean_hostname`); a leading wildcard label is ignored.
    """
    labels = (name[2:] if is_wildcard(name) else name).split(".")
    keep = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in MULTI_LABEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def approver_emails(name: str) -> list[str]:
    """The addresses domain control can be approved from (cleaned name in, ASCII addresses out)."""
    domain = registered_domain(name)
    return [f"{mailbox}@{domain}" for mailbox in APPROVER_MAILBOXES]


def clean_approver_email(field: str, value: object, common_name: str) -> str:
    """One of `approver_emails(common_name)`, compared without case."""
    text = value.strip().lower() if isinstance(value, str) else ""
    choices = approver_emails(common_name)
    if text not in choices:
        raise ValidationError(
            field,
            _("choose one of the approver addresses of {domain}: {choices}").format(
                domain=registered_domain(common_name), choices=", ".join(choices)
            ),
        )
    return text
