"""The provider wizard's flow (Provider → Providers → Add / Edit), without Qt.

Steps as in the source:
- "main" — main settings: name, icon, notifications e-mail, support e-mail, web-site, billing and
  help URLs, currency, default country;
- "authorization" — methods of registration and authorization: by phone number, number of code
  entry attempts, number of code retrieval attempts (checked only with phone authorization on).

Each step is validated with the providers service's own cleaners, so the wizard and the service
cannot disagree; `finish(db, actor)` saves through the service, which checks everything again
(name taken, currency change refused while money is in flight, stale version).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sslbill_desktop.services import providers
from sslbill_desktop.services.providers import ProviderInput, ProviderRecord
from sslbill_desktop.services.wizard import StepData, WizardFlow, collect_errors

if TYPE_CHECKING:
    from sslbill_desktop.services.auth import Actor
    from sslbill_desktop.services.db import Database

MAIN, AUTHORIZATION = "main", "authorization"
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    MAIN: providers.MAIN_SETTINGS_FIELDS,
    AUTHORIZATION: providers.AUTHORIZATION_FIELDS,
}
_INPUT_FIELDS = frozenset(f.name for f in dataclass_fields(ProviderInput))


def _as_input(values: Mapping[str, Any], base: ProviderInput | None = None) -> ProviderInput:
    known = {k: v for k, v in values.items() if k in _INPUT_FIELDS}
    return replace(base or ProviderInput(), **known)


class ProviderWizardFlow(WizardFlow):
    """Adds a provider, or edits `existing` (the same pages, filled in)."""

    def __init__(self, existing: ProviderRecord | None = None) -> None:
        self._existing = existing
        super().__init__()

    @property
    def existing(self) -> ProviderRecord | None:
        return self._existing

    def first_step(self) -> str:
        return MAIN

    def next_step(self, step: str, data: Mapping[str, StepData]) -> str | None:
        return AUTHORIZATION if step == MAIN else None

    def initial_values(self, step: str) -> dict[str, Any]:
        """What a page shows first: the values kept for it, else the edited provider's, else the
        defaults (USD, phone authorization off)."""
        kept = self.values(step)
        if kept:
            return kept
        base = self._existing.as_input() if self._existing is not None else ProviderInput(currency="USD")
        return {name: getattr(base, name) for name in STEP_FIELDS[step]}

    def validate(self, step: str, values: StepData) -> dict[str, str]:
        errors: dict[str, str] = {}
        for problem in providers.field_problems(_as_input(values), STEP_FIELDS.get(step, ())):
            collect_errors(errors, problem)
        return errors

    def provider_input(self) -> ProviderInput:
        """Everything entered on every page, as the service's input."""
        values: dict[str, Any] = {}
        for step in (MAIN, AUTHORIZATION):
            values.update(self.initial_values(step))
        return _as_input(values, self._existing.as_input() if self._existing is not None else None)

    def has_unsaved_input(self, current_values: StepData) -> bool:
        """Whether Cancel/Escape should ask before discarding: anything differs from the start."""
        pages = {step: self.values(step) for step in (MAIN, AUTHORIZATION)}
        pages[self.current] = dict(current_values)
        start = self._existing.as_input() if self._existing is not None else ProviderInput(currency="USD")
        return any(
            pages[step] and any(pages[step].get(name) != getattr(start, name) for name in STEP_FIELDS[step])
            for step in pages
        )

    def finish(self, db: Database, actor: Actor) -> ProviderRecord:
        """Create the provider, or save the edit (with the version the wizard was opened with)."""
        values = self.provider_input()
        if self._existing is None:
            return providers.create_provider(db, actor, values)
        return providers.update_provider(
            db, actor, self._existing.id, version=self._existing.version, values=values
        )
