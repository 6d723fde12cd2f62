"""Product types (Products → Product types): the SSL certificate type's own settings.

A tariff plan's "auto-deletion period" left blank and its "suspend service on weekends = use
product type settings" fall back to these. The type itself is seeded by the migration and cannot
be added or deleted; its name per localization, auto-deletion period (blank: expired services are
never deleted) and weekend policy (suspend / do not suspend) can be edited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.catalog import SSL_CERTIFICATE, ProductType
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing.terms import ProductTypeSettings, WeekendPolicy
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, touch
from sslbill_desktop.services.errors import NotFound, ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.localizations import languages_in

ENTITY = "product_type"
#: Ten years: anything longer is a typo.
MAX_AUTO_DELETE_DAYS = 3650

#: The weekend policies a product type may have (it cannot defer to itself), with their labels.
WEEKEND_CHOICES: tuple[tuple[WeekendPolicy, str], ...] = (
    (WeekendPolicy.SUSPEND, N_("Suspend services")),
    (WeekendPolicy.DO_NOT_SUSPEND, N_("Do not suspend services")),
)


@dataclass(frozen=True)
class ProductTypeInput:
    name: dict[str, str]
    #: Blank (None or "") = expired services are never deleted.
    auto_delete_days: int | str | None
    suspend_on_weekends: WeekendPolicy | str


@dataclass(frozen=True)
class ProductTypeRecord:
    id: int
    code: str
    name: dict[str, str]
    auto_delete_days: int | None
    suspend_on_weekends: WeekendPolicy
    version: int

    def as_input(self) -> ProductTypeInput:
        return ProductTypeInput(dict(self.name), self.auto_delete_days, self.suspend_on_weekends)

    @property
    def settings(self) -> ProductTypeSettings:
        """What the billing engine needs from it."""
        return ProductTypeSettings(self.suspend_on_weekends, self.auto_delete_days)


def optional_days(field: str, value: object, *, maximum: int = MAX_AUTO_DELETE_DAYS) -> int | None:
    """A number of days, or None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return fields.whole_number(field, value, minimum=0, maximum=maximum)


def clean_weekend_policy(field: str, value: object, *, allow_product_type: bool) -> WeekendPolicy:
    allowed = [p for p in WeekendPolicy if allow_product_type or p is not WeekendPolicy.PRODUCT_TYPE]
    for policy in allowed:
        if value in (policy, policy.value):
            return policy
    raise ValidationError(field, _("not a valid choice"))


def _clean(
    values: ProductTypeInput, languages: Languages
) -> tuple[dict[str, str], int | None, WeekendPolicy]:
    return (
        fields.localized("name", values.name, languages),
        optional_days("auto_delete_days", values.auto_delete_days),
        clean_weekend_policy("suspend_on_weekends", values.suspend_on_weekends, allow_product_type=False),
    )


def product_type_problems(values: ProductTypeInput, languages: Languages) -> list[ValidationError]:
    """Every problem of the dialog's values (empty: they can be saved)."""
    checks = (
        lambda: fields.localized("name", values.name, languages),
        lambda: optional_days("auto_delete_days", values.auto_delete_days),
        lambda: clean_weekend_policy(
            "suspend_on_weekends", values.suspend_on_weekends, allow_product_type=False
        ),
    )
    problems: list[ValidationError] = []
    for check in checks:
        try:
            check()
        except ValidationError as problem:
            problems.append(problem)
    return problems


def _record(row: ProductType) -> ProductTypeRecord:
    return ProductTypeRecord(
        id=row.id,
        code=row.code,
        name=dict(row.name),
        auto_delete_days=row.auto_delete_days,
        suspend_on_weekends=WeekendPolicy(row.suspend_on_weekends),
        version=row.version,
    )


def ssl_product_type(s: Session) -> ProductType:
    """The SSL certificate product type's row (seeded by the migration)."""
    row = s.scalar(select(ProductType).where(ProductType.code == SSL_CERTIFICATE))
    if row is None:
        raise NotFound(_("The SSL certificate product type is missing: the database was not set up."))
    return row


def settings_in(s: Session) -> ProductTypeSettings:
    """The SSL product type's settings inside a unit of work (for the daily run and previews)."""
    return _record(ssl_product_type(s)).settings


def product_type_settings(db: Database) -> ProductTypeSettings:
    """The SSL product type's settings. Not permission-checked: billing needs them for anyone."""
    with db.uow() as s:
        return settings_in(s)


def list_product_types(db: Database, actor: Actor) -> list[ProductTypeRecord]:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return [_record(x) for x in s.scalars(select(ProductType).order_by(ProductType.id))]


def get_product_type(db: Database, actor: Actor, product_type_id: int) -> ProductTypeRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, ProductType, product_type_id))


def update_product_type(
    db: Database, actor: Actor, product_type_id: int, *, version: int, values: ProductTypeInput
) -> ProductTypeRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, ProductType, product_type_id, version)
        name, days, weekends = _clean(values, languages_in(s))
        before = audit.snapshot(row)
        row.name = name
        row.auto_delete_days = days
        row.suspend_on_weekends = weekends.value
        touch(row)
        s.flush()
        audit.record(
            s, actor, "update", ENTITY, row.id, before=before, after=audit.snapshot(row), summary=row.code
        )
        return _record(row)
