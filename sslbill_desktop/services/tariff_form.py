"""Everything the tariff plan dialog shows, loaded at once, and what it computes live (Qt-free).

`tariff_form(db, actor, plan_id)` returns a `TariffForm`: the plan's record, the choices of every
combo box and list (processing modules, message and document templates, client groups, the
workspace's languages), the product type's settings, and the provider's other plans (for the
preview's tariff change). Nothing in it touches the network: the dialog opens from stored data,
and the upstream price list is read in the background afterwards.

The dialog's unsaved values are checked and priced here, so that tests can drive the same code:
`form.problems(values)`, `form.terms(values)`, `form.margins(values, upstream)`,
`form.preview(values, scenario)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.models.templates import Template
from sslbill_desktop.services.auth import ROLE_LABELS, Actor, Permission, require
from sslbill_desktop.services.billing.terms import ProductTypeSettings, TariffTerms
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages, pick
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.margins import MarginReport, margin_report
from sslbill_desktop.services.product_types import settings_in
from sslbill_desktop.services.tariff_input import TariffInput, check_tariff
from sslbill_desktop.services.tariff_preview import PreviewResult, PreviewScenario, preview
from sslbill_desktop.services.tariff_terms import plan_key, terms_from_clean, terms_of
from sslbill_desktop.services.tariffs import TariffRecord, UpstreamCosts, get_tariff


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class OtherPlan:
    """Another plan of the same provider, for the preview's "change to another plan"."""

    key: str
    title: str
    terms: TariffTerms


@dataclass(frozen=True)
class TariffForm:
    record: TariffRecord
    languages: Languages
    modules: tuple[Choice, ...]
    message_templates: tuple[Choice, ...]
    document_templates: tuple[Choice, ...]
    client_groups: tuple[Choice, ...]
    product_type: ProductTypeSettings
    other_plans: tuple[OtherPlan, ...]
    #: Why the signed-in staff member may look but not save (None: they may save).
    read_only_reason: str | None

    @property
    def currency(self) -> str:
        return self.record.currency

    @property
    def key(self) -> str:
        return plan_key(self.record.id)

    def problems(self, values: TariffInput) -> list[ValidationError]:
        """Every problem of the unsaved values (empty: they can be saved)."""
        return check_tariff(values, languages=self.languages, currency=self.currency)[1]

    def terms(self, values: TariffInput) -> tuple[TariffTerms, list[ValidationError]]:
        """The unsaved values as the engine's terms (invalid values left at the defaults), and the
        problems of the values."""
        clean, problems = check_tariff(values, languages=self.languages, currency=self.currency)
        return terms_from_clean(
            clean,
            key=self.key,
            currency=self.currency,
            enabled=self.record.enabled,
            language=self.languages.default,
        ), problems

    def margins(self, values: TariffInput, upstream: UpstreamCosts | None = None) -> MarginReport:
        """The margin of each offered period for the unsaved prices against `upstream` (default:
        the stored costs)."""
        terms, _problems = self.terms(values)
        costs = upstream or self.record.upstream
        return margin_report(
            prices=terms.prices,
            renewal_prices=terms.renewal_prices,
            offered=terms.orderable_periods(),
            costs=costs.costs,
            currency=self.currency,
            upstream_currency=costs.currency,
            costs_at=costs.at,
        )

    def preview(
        self, values: TariffInput, scenario: PreviewScenario
    ) -> tuple[PreviewResult, list[ValidationError]]:
        """The scenario replayed on the unsaved values."""
        terms, problems = self.terms(values)
        others = {plan.key: plan.terms for plan in self.other_plans}
        return preview(terms, scenario, product_type=self.product_type, others=others), problems


def _read_only_reason(actor: Actor) -> str | None:
    if actor.can(Permission.CHANGE_CONFIGURATION):
        return None
    return _("Your role ({role}) can look at tariff plans but not change them.").format(
        role=_(ROLE_LABELS[actor.role])
    )


def tariff_form(db: Database, actor: Actor, plan_id: int) -> TariffForm:
    """Load the dialog's data for plan `plan_id` (no network)."""
    require(actor, Permission.READ_CONFIGURATION)
    record = get_tariff(db, actor, plan_id)
    with db.uow() as s:
        languages = languages_in(s)
        modules = tuple(
            Choice(m.id, pick(m.name, languages.default) or str(m.id))
            for m in s.scalars(
                select(ProcessingModule).order_by(ProcessingModule.sorting, ProcessingModule.id)
            )
        )
        templates = list(s.scalars(select(Template).order_by(Template.name)))
        groups = tuple(
            Choice(g.id, g.name) for g in s.scalars(select(ClientGroup).order_by(ClientGroup.name))
        )
        provider = s.get(Provider, record.provider_id)
        currency = provider.currency if provider is not None else record.currency
        others = tuple(
            OtherPlan(
                plan_key(p.id),
                pick(p.name, languages.default) or p.upstream_product_name,
                terms_of(p, currency),
            )
            for p in s.scalars(
                select(TariffPlan).where(
                    TariffPlan.provider_id == record.provider_id, TariffPlan.id != plan_id
                )
            )
        )
        product_type = settings_in(s)
    return TariffForm(
        record=record,
        languages=languages,
        modules=modules,
        message_templates=tuple(Choice(t.id, t.name) for t in templates if t.kind == "message"),
        document_templates=tuple(Choice(t.id, t.name) for t in templates if t.kind == "document"),
        client_groups=groups,
        product_type=product_type,
        other_plans=tuple(sorted(others, key=lambda p: p.title.casefold())),
        read_only_reason=_read_only_reason(actor),
    )
