"""What a tariff plan, its product type and a client group say: plain frozen dataclasses and enums.

`TariffTerms` carries every tariff option of BILLING.md (and of the source document's tariff
form) that changes money or dates. Prices are `Decimal` per period length in months. The enums'
values are the strings of the `simulate` scenario format, so a scenario, a database column and
the engine speak the same words.

`TariffTerms` validates its own invariants in `__post_init__` and raises `ValueError` on a
programming error (a negative price, charge daily together with calendar charges); user input is
validated before, with field names, by `scenario.py` or the tariff editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

YEARLY = 12


class LateFeePolicy(StrEnum):
    NONE = "none"
    FIXED = "fixed"
    PERCENT = "percent"
    RENEW_FROM_SUSPENSION = "renew_from_suspension"


class WeekendPolicy(StrEnum):
    PRODUCT_TYPE = "product_type"
    SUSPEND = "suspend"
    DO_NOT_SUSPEND = "do_not_suspend"


class ChangePolicy(StrEnum):
    CHANGE_PERIOD = "change_period"
    ADD_FUNDS_REFUND = "add_funds_refund"
    FORBIDDEN = "forbidden"
    CHARGE_ONLY = "charge_only"
    FULL_PAYMENT = "full_payment"


class RenewFrom(StrEnum):
    CURRENT_DATE = "current_date"
    EXPIRATION_DATE = "expiration_date"


class AddonOrderPolicy(StrEnum):
    UNTIL_EXPIRATION = "until_expiration"
    FULL_PERIOD = "full_period"


class AddonCancelPolicy(StrEnum):
    REFUND = "refund"
    NO_REFUND = "no_refund"


class PeriodUnit(StrEnum):
    DAYS = "days"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class LateFee:
    """The late renewal fee: `amount` for FIXED, `percent` (50 = 50 %) for PERCENT."""

    policy: LateFeePolicy = LateFeePolicy.NONE
    amount: Decimal = Decimal(0)
    percent: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if self.amount < 0 or self.percent < 0:
            raise ValueError("a late fee cannot be negative")


@dataclass(frozen=True, slots=True)
class MinimumOrderPeriod:
    """A service cannot be deleted before `ordered_on + length unit`."""

    length: int
    unit: PeriodUnit = PeriodUnit.MONTHS

    def __post_init__(self) -> None:
        if self.length < 0:
            raise ValueError("a minimum order period cannot be negative")


@dataclass(frozen=True, slots=True)
class AddonTerms:
    """An additional resource (for example extra SAN domains): a price per unit per period.

    `name` is what notes call it ("Extra domain names × 2: ..."); blank, it is the key.
    """

    key: str
    prices: Mapping[int, Decimal]
    name: str = ""

    def __post_init__(self) -> None:
        _check_prices(self.prices)
        if not self.name:
            object.__setattr__(self, "name", self.key)

    def price(self, months: int) -> Decimal | None:
        return self.prices.get(months)


@dataclass(frozen=True, slots=True)
class TariffTerms:
    """Every option of a tariff plan that changes what is charged, when, or whether it is allowed."""

    key: str
    currency: str
    prices: Mapping[int, Decimal]
    disable_yearly: bool = False
    setup_fee: Decimal = Decimal(0)
    renewal_prices: Mapping[int, Decimal] = field(default_factory=dict)
    charge_daily: bool = False
    daily_cost_by_order_period: bool = False
    allow_client_suspend: bool = False
    charge_after_suspension: bool = False
    calendar_charges: bool = False
    prorata_day: int = 15
    late_fee: LateFee = field(default_factory=LateFee)
    suspend_on_weekends: WeekendPolicy = WeekendPolicy.PRODUCT_TYPE
    auto_delete_days: int | None = None
    change_policy: ChangePolicy = ChangePolicy.ADD_FUNDS_REFUND
    renew_from: RenewFrom = RenewFrom.CURRENT_DATE
    addon_order_policy: AddonOrderPolicy = AddonOrderPolicy.UNTIL_EXPIRATION
    addon_cancel_policy: AddonCancelPolicy = AddonCancelPolicy.REFUND
    end_date: date | None = None
    addons: Mapping[str, AddonTerms] = field(default_factory=dict)
    minimum_order_period: MinimumOrderPeriod | None = None
    allowed_groups: frozenset[str] = frozenset()
    forbidden_groups: frozenset[str] = frozenset()
    max_services_per_client: int | None = None
    simultaneous_order: bool = False
    max_simultaneous: int | None = None
    enabled: bool = True
    #: What notes call the plan ("Basic → Premium: ..."); blank, it is the key.
    name: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", self.key)
        _check_prices(self.prices)
        _check_prices(self.renewal_prices)
        if self.setup_fee < 0:
            raise ValueError("the setup fee cannot be negative")
        if self.charge_daily and self.calendar_charges:
            raise ValueError("calendar-based charges are not available with charge daily")
        if not 1 <= self.prorata_day <= 31:
            raise ValueError("the pro-rata day must be 1..31")
        for limit in (self.auto_delete_days, self.max_services_per_client, self.max_simultaneous):
            if limit is not None and limit < 0:
                raise ValueError("a limit cannot be negative")

    def orderable_periods(self) -> tuple[int, ...]:
        """The period lengths (months) that have a price and are not disabled, shortest first."""
        return tuple(
            sorted(p for p in self.prices if not (self.disable_yearly and p == YEARLY)),
        )

    def order_price(self, months: int) -> Decimal | None:
        """The price of a new order for `months`, or None when that period is not sold."""
        if self.disable_yearly and months == YEARLY:
            return None
        return self.prices.get(months)

    def renewal_price(self, months: int) -> Decimal | None:
        """The special renewal price when set for `months`, else the order price."""
        price = self.order_price(months)
        if price is None:
            return None
        return self.renewal_prices.get(months, price)

    def addon_name(self, key: str) -> str:
        """What notes call add-on `key` (its key when the plan does not have it)."""
        addon = self.addons.get(key)
        return addon.name if addon is not None else key

    def weekend_policy(self, product_type: ProductTypeSettings) -> WeekendPolicy:
        """SUSPEND or DO_NOT_SUSPEND, taking the product type's value when the plan defers to it."""
        if self.suspend_on_weekends is WeekendPolicy.PRODUCT_TYPE:
            return product_type.suspend_on_weekends
        return self.suspend_on_weekends

    def auto_delete_after(self, product_type: ProductTypeSettings) -> int | None:
        """Days after expiry before an unrenewed service is deleted; None: never."""
        if self.auto_delete_days is not None:
            return self.auto_delete_days
        return product_type.auto_delete_days


@dataclass(frozen=True, slots=True)
class ProductTypeSettings:
    """The SSL certificate product type's settings that plans may defer to."""

    suspend_on_weekends: WeekendPolicy = WeekendPolicy.SUSPEND
    auto_delete_days: int | None = None

    def __post_init__(self) -> None:
        if self.suspend_on_weekends is WeekendPolicy.PRODUCT_TYPE:
            raise ValueError("a product type must say suspend or do_not_suspend")
        if self.auto_delete_days is not None and self.auto_delete_days < 0:
            raise ValueError("the auto-deletion period cannot be negative")


@dataclass(frozen=True, slots=True)
class ClientGroup:
    """A client group's flags that the ordering policy and client actions look at."""

    key: str
    ignore_service_limit: bool = False
    allow_suspend: bool = False
    allow_delete: bool = False


def _check_prices(prices: Mapping[int, Decimal]) -> None:
    for months, price in prices.items():
        if months < 1:
            raise ValueError(f"a period must be at least one month, not {months}")
        if not isinstance(price, Decimal) or not price.is_finite() or price < 0:
            raise ValueError(f"the price for {months} months must be a non-negative Decimal")
