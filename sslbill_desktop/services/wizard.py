"""A Qt-free wizard: named steps, validation per step, next and back (Electrum's AbstractWizard).

A subclass names its first step, says which step follows a step given the data entered so far,
and validates one step's values into `{field: message}` (empty when valid). The QWizard in
`views/wizards/` only shows pages: it asks `errors()` to enable Next and calls `go_next()` /
`go_back()`. The same flow is driven without widgets in tests.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from sslbill_desktop.services.errors import UserError, ValidationError

StepData = Mapping[str, Any]


class StepInvalid(UserError):
    """A step's values do not pass validation; `errors` maps each bad field to its message."""

    def __init__(self, step: str, errors: Mapping[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(f"{field}: {message}")
        self.step = step
        self.errors = dict(errors)


class WizardFlow(ABC):
    """Steps and their order, validation and the values entered so far."""

    def __init__(self) -> None:
        self._history: list[str] = [self.first_step()]
        self._data: dict[str, dict[str, Any]] = {}

    # --- what a wizard defines ----------------------------------------------------------------

    @abstractmethod
    def first_step(self) -> str: ...

    @abstractmethod
    def next_step(self, step: str, data: Mapping[str, StepData]) -> str | None:
        """The step after `step` given every step's values (`data[step]` included); None = last."""

    @abstractmethod
    def validate(self, step: str, values: StepData) -> dict[str, str]:
        """`{field: message}` for every bad value of `step`; empty when the step is valid."""

    # --- navigation ---------------------------------------------------------------------------

    @property
    def current(self) -> str:
        return self._history[-1]

    @property
    def history(self) -> tuple[str, ...]:
        return tuple(self._history)

    def errors(self, values: StepData, step: str | None = None) -> dict[str, str]:
        return self.validate(step or self.current, values)

    def peek_next(self, values: StepData, step: str | None = None) -> str | None:
        """The step that would follow if `values` were entered at `step` (the current one)."""
        step = step or self.current
        return self.next_step(step, {**self._data, step: values})

    def is_last(self, values: StepData, step: str | None = None) -> bool:
        return self.peek_next(values, step) is None

    def can_go_back(self) -> bool:
        return len(self._history) > 1

    def go_next(self, values: StepData) -> str | None:
        """Validate and keep the current step's values, then move on; None after the last step."""
        step = self.current
        problems = self.validate(step, values)
        if problems:
            raise StepInvalid(step, problems)
        self._data[step] = dict(values)
        following = self.next_step(step, self._data)
        if following is not None:
            self._history.append(following)
        return following

    def go_back(self) -> str:
        if not self.can_go_back():
            raise ValueError("already at the first step")
        self._history.pop()
        return self.current

    def values(self, step: str) -> dict[str, Any]:
        """The values kept for `step` (empty when it was not completed)."""
        return dict(self._data.get(step, {}))

    def completed(self) -> dict[str, dict[str, Any]]:
        """The kept values of the steps on the current path, in order."""
        return {step: dict(self._data[step]) for step in self._history if step in self._data}


def collect_errors(errors: dict[str, str], exc: ValidationError) -> None:
    """Add a validator's `ValidationError` to a step's error map (first error per field wins)."""
    errors.setdefault(exc.field, exc.detail)
