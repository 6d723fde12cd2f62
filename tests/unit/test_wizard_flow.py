"""The first-run flow without widgets: steps, validation, next and back."""

import pytest

from sslbill_desktop.services.first_run import ADMIN, CHOICE, DEMO, FirstRunFlow
from sslbill_desktop.services.wizard import StepInvalid

GOOD_ADMIN = {
    "login": "boss",
    "full_name": "Bo Boss",
    "email": "bo@example.com",
    "password": "long enough",
    "password_repeat": "long enough",
}


def test_choice_leads_to_the_admin_or_the_demo_step() -> None:
    flow = FirstRunFlow()
    assert flow.current == CHOICE
    assert flow.peek_next({"mode": "admin"}) == ADMIN
    assert flow.peek_next({"mode": "demo"}) == DEMO
    assert flow.go_next({"mode": "demo"}) == DEMO
    assert flow.is_last({})


def test_admin_step_names_every_bad_field() -> None:
    flow = FirstRunFlow()
    flow.go_next({"mode": "admin"})
    errors = flow.errors({"login": "", "email": "not-an-address", "password": "short", "password_repeat": ""})
    assert set(errors) == {"login", "email", "password"}
    assert "at least 8 characters" in errors["password"]


def test_different_passwords_are_refused() -> None:
    flow = FirstRunFlow()
    flow.go_next({"mode": "admin"})
    with pytest.raises(StepInvalid) as refused:
        flow.go_next({**GOOD_ADMIN, "password_repeat": "something else"})
    assert refused.value.errors == {"password_repeat": "the two passwords differ"}
    assert flow.current == ADMIN


def test_valid_admin_step_is_kept_and_back_returns_to_the_choice() -> None:
    flow = FirstRunFlow()
    flow.go_next({"mode": "admin"})
    assert flow.go_next(GOOD_ADMIN) is None
    assert flow.completed() == {CHOICE: {"mode": "admin"}, ADMIN: GOOD_ADMIN}
    assert flow.go_back() == CHOICE
    assert not flow.can_go_back()


def test_unknown_choice_is_refused() -> None:
    flow = FirstRunFlow()
    with pytest.raises(StepInvalid):
        flow.go_next({"mode": "maybe"})
