"""The catalog (Products menu): product types, tariff plans with every option, their prices,
add-ons, client-group policy, labels, the upstream costs kept for offline review, and the markup
remembered per provider for imports.

Option values are stored as the billing engine's enum strings (`services/billing/terms.py`), so
that a row turns into `TariffTerms` without a translation table. A child option whose parent is
off (the renewal prices without "renewal with special price", the maximum number of services
without "simultaneous services order", ...) keeps its value: it is ignored, not erased, so that
turning the parent on again brings it back.

Every foreign key out of a tariff plan to something an admin may delete (provider, processing
module, templates, client groups, product type) is RESTRICT: deleting a module that plans use is
refused (`services/editing.blocking_references`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sslbill_desktop.models.base import (
    Base,
    IdMixin,
    LocalizedText,
    Money,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
)
from sslbill_desktop.models.client_groups import ClientGroup

#: The code of the one product type this application sells (seeded by the migration).
SSL_CERTIFICATE = "ssl_certificate"


class ProductType(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A kind of product (Products → Product types); its settings are what a plan's "use product
    type settings" falls back to."""

    __tablename__ = "product_types"

    code: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False, default=dict)
    #: Days after expiry before an unrenewed service is deleted; None: never.
    auto_delete_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: "suspend" or "do_not_suspend".
    suspend_on_weekends: Mapped[str] = mapped_column(String(16), nullable=False, default="suspend")


tariff_plan_allowed_groups = Table(
    "tariff_plan_allowed_groups",
    Base.metadata,
    Column("tariff_plan_id", ForeignKey("tariff_plans.id", ondelete="CASCADE"), primary_key=True),
    Column("client_group_id", ForeignKey("client_groups.id", ondelete="RESTRICT"), primary_key=True),
)

tariff_plan_forbidden_groups = Table(
    "tariff_plan_forbidden_groups",
    Base.metadata,
    Column("tariff_plan_id", ForeignKey("tariff_plans.id", ondelete="CASCADE"), primary_key=True),
    Column("client_group_id", ForeignKey("client_groups.id", ondelete="RESTRICT"), primary_key=True),
)


class TariffPlan(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One tariff plan: an upstream SSL product resold by one provider, with every option of the
    source's tariff form."""

    __tablename__ = "tariff_plans"
    __table_args__ = (UniqueConstraint("provider_id", "upstream_product_id"),)

    product_type_id: Mapped[int] = mapped_column(
        ForeignKey("product_types.id", ondelete="RESTRICT"), nullable=False
    )
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="RESTRICT"), nullable=False)
    #: The certificate authority.
    processing_module_id: Mapped[int] = mapped_column(
        ForeignKey("processing_modules.id", ondelete="RESTRICT"), nullable=False
    )
    enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    # Upstream: what was imported, what is bought, and what it cost when last seen.
    upstream_product_id: Mapped[str] = mapped_column(String(32), nullable=False)
    upstream_product_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    #: The upstream price-list id bought for an order ("Certificate type").
    certificate_type: Mapped[str] = mapped_column(String(32), nullable=False)
    certificate_type_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    upstream_currency: Mapped[str] = mapped_column(String(3), nullable=False, default="")
    upstream_costs_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    # Main settings.
    name: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False)
    charge_daily: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    daily_cost_by_order_period: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    allow_client_suspend: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    charge_after_suspension: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    calendar_charges: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    prorata_day: Mapped[int] = mapped_column(Integer, nullable=False, default=15)
    quick_order: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    activation_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("templates.id", ondelete="RESTRICT"), nullable=True
    )
    agreement_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("templates.id", ondelete="RESTRICT"), nullable=True
    )

    # Prices (the prices per period are `prices`).
    disable_yearly: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    setup_fee: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=Decimal(0))
    special_renewal: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    # Policy.
    minimum_order_period: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    minimum_order_length: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: "days" or "months".
    minimum_order_unit: Mapped[str] = mapped_column(String(8), nullable=False, default="months")
    max_services_per_client: Mapped[int | None] = mapped_column(Integer, nullable=True)
    simultaneous_order: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    max_simultaneous: Mapped[int | None] = mapped_column(Integer, nullable=True)
    late_fee_policy: Mapped[str] = mapped_column(String(32), nullable=False, default="none")
    late_fee_amount: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    #: 50 = 50 % (kept with four decimals, like money).
    late_fee_percent: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    #: None: the product type's setting.
    auto_delete_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    suspend_on_weekends: Mapped[str] = mapped_column(String(16), nullable=False, default="product_type")
    change_policy: Mapped[str] = mapped_column(String(32), nullable=False, default="add_funds_refund")
    renew_from: Mapped[str] = mapped_column(String(32), nullable=False, default="current_date")
    addon_order_policy: Mapped[str] = mapped_column(String(32), nullable=False, default="until_expiration")
    addon_cancel_policy: Mapped[str] = mapped_column(String(32), nullable=False, default="refund")
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    # Service order configuration.
    sorting: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    icon: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    icon_format: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    show_addon_icons: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Markdown per localization.
    description: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False, default=dict)

    prices: Mapped[list[TariffPrice]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="TariffPrice.months"
    )
    upstream_costs: Mapped[list[TariffUpstreamCost]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="TariffUpstreamCost.months"
    )
    addons: Mapped[list[TariffAddon]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="TariffAddon.sorting"
    )
    labels: Mapped[list[TariffLabel]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="TariffLabel.label"
    )
    allowed_groups: Mapped[list[ClientGroup]] = relationship(
        secondary=tariff_plan_allowed_groups, order_by=ClientGroup.name
    )
    forbidden_groups: Mapped[list[ClientGroup]] = relationship(
        secondary=tariff_plan_forbidden_groups, order_by=ClientGroup.name
    )


class TariffPrice(Base):
    """The price of one order period (months); the period is offered when its row exists."""

    __tablename__ = "tariff_prices"

    tariff_plan_id: Mapped[int] = mapped_column(
        ForeignKey("tariff_plans.id", ondelete="CASCADE"), primary_key=True
    )
    months: Mapped[int] = mapped_column(Integer, primary_key=True)
    price: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    #: The special renewal price (used only with the plan's `special_renewal`).
    renewal_price: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)

    plan: Mapped[TariffPlan] = relationship(back_populates="prices")


class TariffUpstreamCost(Base):
    """What the upstream charged for one period when the price list was last read (in the plan's
    `upstream_currency`, at `upstream_costs_at`); None: the upstream does not sell that period."""

    __tablename__ = "tariff_upstream_costs"

    tariff_plan_id: Mapped[int] = mapped_column(
        ForeignKey("tariff_plans.id", ondelete="CASCADE"), primary_key=True
    )
    months: Mapped[int] = mapped_column(Integer, primary_key=True)
    cost: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)

    plan: Mapped[TariffPlan] = relationship(back_populates="upstream_costs")


class TariffAddon(IdMixin, Base):
    """An additional resource of a plan (for example extra SAN domains). `key` is stable across
    edits: services that hold the add-on refer to it."""

    __tablename__ = "tariff_addons"
    __table_args__ = (UniqueConstraint("tariff_plan_id", "key"),)

    tariff_plan_id: Mapped[int] = mapped_column(
        ForeignKey("tariff_plans.id", ondelete="CASCADE"), nullable=False
    )
    key: Mapped[str] = mapped_column(String(32), nullable=False)
    name: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False)
    unit: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    sorting: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    icon: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    icon_format: Mapped[str] = mapped_column(String(8), nullable=False, default="")

    plan: Mapped[TariffPlan] = relationship(back_populates="addons")
    prices: Mapped[list[TariffAddonPrice]] = relationship(
        back_populates="addon", cascade="all, delete-orphan", order_by="TariffAddonPrice.months"
    )


class TariffAddonPrice(Base):
    """An add-on's price per unit for one period (months)."""

    __tablename__ = "tariff_addon_prices"

    addon_id: Mapped[int] = mapped_column(
        ForeignKey("tariff_addons.id", ondelete="CASCADE"), primary_key=True
    )
    months: Mapped[int] = mapped_column(Integer, primary_key=True)
    price: Mapped[Decimal] = mapped_column(Money(), nullable=False)

    addon: Mapped[TariffAddon] = relationship(back_populates="prices")


class TariffLabel(Base):
    """One label of a plan (clients filter plans by them)."""

    __tablename__ = "tariff_plan_labels"

    tariff_plan_id: Mapped[int] = mapped_column(
        ForeignKey("tariff_plans.id", ondelete="CASCADE"), primary_key=True
    )
    label: Mapped[str] = mapped_column(String(100), primary_key=True)

    plan: Mapped[TariffPlan] = relationship(back_populates="labels")


class ImportMarkup(TimestampMixin, Base):
    """The markup last used to import plans for a provider, offered again next time."""

    __tablename__ = "tariff_import_markups"

    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True)
    #: "percent" or "fixed".
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    value: Mapped[Decimal] = mapped_column(Money(), nullable=False)
