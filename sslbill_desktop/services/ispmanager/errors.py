"""What can go wrong talking to the ispmanager billing, one type per cause.

Every type is an `UpstreamError` (a `UserError`): its message is translated when it is raised,
names the field or the amount where there is one, and never contains a password, a session id or
a raw traceback. `kind` is a stable machine name for callers that branch on the cause.

For calls that spend money the difference that matters is `outcome_unknown(error)`: a definite
refusal (bad value, not enough money, connection refused before anything was sent) means nothing
was bought; a timeout, a reset, a 5xx or a reply we cannot read means the purchase may have gone
through, so the journal must reconcile before anything is sent again.
"""

from __future__ import annotations

from decimal import Decimal

from sslbill_desktop.services.errors import UpstreamError
from sslbill_desktop.services.i18n import N_, _, format_money

KIND_BAD_CREDENTIALS = "bad_credentials"
KIND_TWO_FACTOR = "two_factor"
KIND_ACCESS = "access"
KIND_VALUE = "value"
KIND_NOT_ENOUGH_MONEY = "not_enough_money"
KIND_NOT_FOUND = "not_found"
KIND_REFUSED = "refused"
KIND_UNAVAILABLE = "unavailable"
KIND_PROTOCOL = "protocol"
KIND_OUTCOME_UNKNOWN = "outcome_unknown"

# Why the upstream could not be reached: shown inside UpstreamUnavailable's message.
REASON_HOST_NOT_FOUND = N_("the host name was not found")
REASON_REFUSED = N_("the connection was refused")
REASON_CONNECT_TIMEOUT = N_("the connection timed out")
REASON_READ_TIMEOUT = N_("it did not answer in time")
REASON_RESET = N_("the connection was closed before the reply")
REASON_TLS = N_("the secure connection (TLS) failed")
REASON_HTTP_STATUS = N_("it answered with HTTP error {status}")
REASON_NETWORK = N_("a network error occurred")


def _money(amount: Decimal, currency: str) -> str:
    if len(currency) == 3 and currency.isalpha():
        try:
            return format_money(amount, currency.upper())
        except (ValueError, LookupError):
            pass
    return f"{amount} {currency}".strip()


class BadCredentials(UpstreamError):
    """The upstream refused the username or password."""

    def __init__(self) -> None:
        super().__init__(
            KIND_BAD_CREDENTIALS,
            _(
                "The ispmanager account refused the username or password. "
                "Check them (they are those of the ispmanager client area) and try again."
            ),
        )


class TwoFactorEnabled(UpstreamError):
    """The account has two-factor authentication, which an integration cannot answer."""

    def __init__(self) -> None:
        super().__init__(
            KIND_TWO_FACTOR,
            _("2FA is enabled on this account: disable it or use another account for the integration"),
        )


class AccessDenied(UpstreamError):
    """The session was refused even after signing in again, or the account lacks the right."""

    def __init__(self, detail: str = "") -> None:
        message = _(
            "The ispmanager billing refused access even after signing in again. "
            "Check that the account may use the API and buy certificates."
        )
        if detail:
            message = f"{message} ({detail})"
        super().__init__(KIND_ACCESS, message)
        self.detail = detail


class UpstreamValueError(UpstreamError):
    """The upstream refused the value of one field; `field` names it as the API does."""

    def __init__(self, field: str, detail: str = "") -> None:
        if detail:
            message = _("The ispmanager billing refused the value of {field}: {detail}").format(
                field=field, detail=detail
            )
        else:
            message = _("The ispmanager billing refused the value of {field}.").format(field=field)
        super().__init__(KIND_VALUE, message)
        self.field = field
        self.detail = detail


class NotEnoughMoney(UpstreamError):
    """The account balance does not cover the purchase; nothing was bought."""

    def __init__(self, amount: Decimal | None, have: Decimal | None, currency: str) -> None:
        if amount is not None and have is not None:
            message = _(
                "Not enough money on the ispmanager account: this costs {amount}, the balance is "
                "{have}. Nothing was bought; top up the account and try again."
            ).format(amount=_money(amount, currency), have=_money(have, currency))
        else:
            message = _(
                "Not enough money on the ispmanager account. Nothing was bought; "
                "top up the account and try again."
            )
        super().__init__(KIND_NOT_ENOUGH_MONEY, message)
        self.amount = amount
        self.have = have
        self.currency = currency


class UpstreamNotFound(UpstreamError):
    """The upstream has no such item (deleted there, or a stale id)."""

    def __init__(self, item: str) -> None:
        super().__init__(
            KIND_NOT_FOUND,
            _("The ispmanager billing has no item {item} (it may have been deleted there).").format(
                item=item
            ),
        )
        self.item = item


class UpstreamRefused(UpstreamError):
    """Any other refusal the upstream states clearly; `error_type` is its `$type`."""

    def __init__(self, error_type: str, detail: str) -> None:
        super().__init__(
            KIND_REFUSED,
            _("The ispmanager billing refused the request: {detail}").format(detail=detail or error_type),
        )
        self.error_type = error_type
        self.detail = detail


class UpstreamUnavailable(UpstreamError):
    """No usable reply: DNS, refused, timeout, reset or an HTTP 5xx.

    `request_sent` is False only when the request certainly never reached the server (name not
    resolved, connection refused or not established in time).
    """

    def __init__(self, host: str, reason: str, *, request_sent: bool, status: int | None = None) -> None:
        super().__init__(
            KIND_UNAVAILABLE,
            _(
                "The ispmanager billing at {host} cannot be used right now: {reason}. "
                "Check the address and the network, then try again."
            ).format(host=host, reason=reason),
        )
        self.host = host
        self.reason = reason
        self.request_sent = request_sent
        self.status = status


class ProtocolError(UpstreamError):
    """A reply that is not the billing API's: an HTML page, garbled JSON, missing keys."""

    def __init__(self, host: str, detail: str) -> None:
        super().__init__(
            KIND_PROTOCOL,
            _(
                "The server at {host} did not answer like an ispmanager billing ({detail}). "
                "Check the URL: it is the billing's address, such as https://api-eu.ispmanager.com."
            ).format(host=host, detail=detail),
        )
        self.host = host
        self.detail = detail


class PurchaseOutcomeUnknown(UpstreamError):
    """A purchase may or may not have gone through and could not be settled yet.

    Nothing is sent again until reconciliation finds out; it runs at the next start and before
    any retry. `reference` is the journal entry's.
    """

    def __init__(self, reference: str, cause: str) -> None:
        super().__init__(
            KIND_OUTCOME_UNKNOWN,
            _(
                "The ispmanager billing did not confirm the purchase ({cause}). It was not sent again, "
                "so nothing is bought twice: it will be checked against the billing's list of "
                "certificates at the next start or when you retry (journal reference {reference})."
            ).format(cause=cause, reference=reference),
        )
        self.reference = reference
        self.cause = cause


def outcome_unknown(error: BaseException) -> bool:
    """True when a failed call may still have been carried out by the upstream."""
    if isinstance(error, UpstreamUnavailable):
        return error.request_sent
    if isinstance(error, ProtocolError | PurchaseOutcomeUnknown):
        return True
    return not isinstance(error, UpstreamError)


__all__ = [
    "KIND_ACCESS",
    "KIND_BAD_CREDENTIALS",
    "KIND_NOT_ENOUGH_MONEY",
    "KIND_NOT_FOUND",
    "KIND_OUTCOME_UNKNOWN",
    "KIND_PROTOCOL",
    "KIND_REFUSED",
    "KIND_TWO_FACTOR",
    "KIND_UNAVAILABLE",
    "KIND_VALUE",
    "AccessDenied",
    "BadCredentials",
    "NotEnoughMoney",
    "ProtocolError",
    "PurchaseOutcomeUnknown",
    "TwoFactorEnabled",
    "UpstreamError",
    "UpstreamNotFound",
    "UpstreamRefused",
    "UpstreamUnavailable",
    "UpstreamValueError",
    "outcome_unknown",
]
