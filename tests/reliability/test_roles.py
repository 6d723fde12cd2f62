"""Roles, enumerated: every service function that takes an acting staff member refuses a sales
user with `PermissionDenied` — before it touches its arguments or the database — unless it is
listed below as something sales staff may do.

The functions are found by walking `sslbill_desktop.services` (the pure `billing` and the
`ispmanager` protocol packages take no actor), so a new service is covered without editing this
file: if sales staff are meant to call it, the test says so and it goes into `SALES_MAY`. A
public function that takes the database but no actor must be listed in `NO_ACTOR` with the
reason, or the classification test fails naming it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

import sslbill_desktop.models  # noqa: F401
import sslbill_desktop.services as services_package
from sslbill_desktop.models.base import Base
from sslbill_desktop.services.errors import PermissionDenied

#: What sales staff may call (reading the configuration, clients, placing orders, reading and
#: renewing them; changing an order otherwise is for administrators).
SALES_MAY: dict[str, frozenset[str]] = {
    "business_hours": frozenset({"list_business_hours", "get_business_hours"}),
    "client_groups": frozenset({"list_client_groups", "get_client_group"}),
    "clients": frozenset(
        {"get_client", "list_clients", "form_choices", "create_client", "update_client", "delete_client"}
    ),
    "data_centers": frozenset({"list_data_centers", "get_data_center"}),
    "departments": frozenset({"list_departments", "support_center_departments", "get_department"}),
    "employees": frozenset({"list_employees", "get_employee", "linkable_staff"}),
    "journal": frozenset({"purchase_certificate", "renew_certificate", "retry_entry"}),
    "keys": frozenset({"store_private_key", "save_generated_key", "get_key", "key_for_public_key"}),
    "ledger": frozenset({"list_accounts", "list_ledger"}),
    "localizations": frozenset({"list_localizations"}),
    "notifications": frozenset({"kind_templates"}),
    "order_actions": frozenset({"renewal_periods", "quote_renew", "renew_order", "retry_order"}),
    "order_context": frozenset({"order_context", "unlisted_plan"}),
    "order_documents": frozenset({"agreement_text"}),
    "order_placing": frozenset({"place_order", "complete_parameters", "retry_refused"}),
    "order_sync": frozenset({"sync_order", "sync_orders"}),
    "ordering": frozenset({"OrderFlow"}),
    "orders": frozenset({"list_orders", "get_order", "save_certificate"}),
    "outbox": frozenset({"list_outbox", "get_message", "counts"}),
    "payments": frozenset({"record_payment", "record_correction"}),
    "processing": frozenset(
        {"list_processing_modules", "get_processing_module", "parameter_choices", "refresh_balances"}
    ),
    "product_types": frozenset({"list_product_types", "get_product_type"}),
    "providers": frozenset({"list_providers", "get_provider", "can_change_currency"}),
    "reissue_planner": frozenset({"plan_reissues"}),
    "smtp_settings": frozenset({"list_smtp_settings", "get_smtp_settings"}),
    "staff": frozenset({"change_own_password"}),
    "tariff_export": frozenset({"tariff_sheets", "export_csv"}),
    "tariff_form": frozenset({"tariff_form"}),
    "tariff_import": frozenset({"load_price_list", "remembered_markup"}),
    "tariff_terms": frozenset({"tariff_terms"}),
    "tariffs": frozenset({"get_tariff", "list_tariffs", "tariff_labels", "orderable_plans"}),
    "templates": frozenset({"list_templates", "get_template"}),
    "upstream": frozenset({"refresh_balance"}),
}

#: Building blocks that take the caller's session and actor inside a use case that checked.
HELPERS: dict[str, frozenset[str]] = {
    "audit": frozenset({"record"}),
    "auth": frozenset({"require"}),
    "editing": frozenset({"save_audited"}),
    "ledger": frozenset({"append_entry", "book_entries"}),
    "order_books": frozenset({"book"}),
}

#: Public functions taking the database but no actor: the program's own work, reads, sign-in.
NO_ACTOR: dict[str, frozenset[str]] = {
    "auth": frozenset({"authenticate"}),  # signing in: there is no actor yet
    "daily_run": frozenset({"count_due"}),  # a count for the progress bar
    "demo": frozenset({"open_demo_workspace"}),  # demo mode seeds as the system
    "demo_catalog": frozenset({"add_plan", "ensure_demo_plans"}),
    "demo_data": frozenset({"generate"}),
    "demo_orders": frozenset({"seed_demo_orders"}),
    "demo_setup": frozenset({"seed_demo_setup"}),
    "journal": frozenset({"reconcile_all"}),  # settling purchases at start-up
    "ledger": frozenset({"check_balances"}),  # a read-only consistency check
    "localizations": frozenset({"workspace_languages"}),
    "notifications": frozenset(
        {"notify_client", "send_activation", "low_balance_alert", "reissue_due_reminder"}
    ),  # sent by the program on events
    "order_context": frozenset({"services_of_plan"}),
    "order_notices": frozenset({"send_activation"}),
    "order_settings": frozenset({"order_settings"}),
    "outbox": frozenset({"deliver", "due_messages", "retry_outbox"}),  # the program's mail delivery
    "product_types": frozenset({"product_type_settings"}),
    "reissue_planner": frozenset({"due_reminders"}),
    "staff": frozenset({"has_any_staff", "create_first_admin", "create_demo_staff"}),  # first run
    "startup": frozenset({"reconcile_purchases"}),
    "upstream": frozenset({"module_connection", "client_for"}),
}

DATABASE_NAMES = frozenset({"db", "database"})
SESSION_NAMES = frozenset({"s", "session"})


def _modules() -> Iterator[tuple[str, Any]]:
    for info in pkgutil.iter_modules(services_package.__path__):
        if not info.ispkg:
            yield info.name, importlib.import_module(f"{services_package.__name__}.{info.name}")


def _public_callables(module: Any) -> Iterator[tuple[str, Callable[..., Any], list[str]]]:
    for name, obj in vars(module).items():
        if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
            continue
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        try:
            parameters = list(inspect.signature(obj).parameters)
        except (TypeError, ValueError):
            continue
        yield name, obj, parameters


def _with_actor() -> list[tuple[str, str]]:
    return sorted(
        (module_name, name)
        for module_name, module in _modules()
        for name, _obj, parameters in _public_callables(module)
        if "actor" in parameters
    )


def _database_without_actor() -> list[tuple[str, str]]:
    return sorted(
        (module_name, name)
        for module_name, module in _modules()
        for name, obj, parameters in _public_callables(module)
        if inspect.isfunction(obj) and "actor" not in parameters and parameters[:1] in (["db"], ["database"])
    )


def _listed(table: dict[str, frozenset[str]], module_name: str, name: str) -> bool:
    return name in table.get(module_name, frozenset())


MUST_REFUSE_SALES = [
    pytest.param(module_name, name, id=f"{module_name}.{name}")
    for module_name, name in _with_actor()
    if not _listed(SALES_MAY, module_name, name) and not _listed(HELPERS, module_name, name)
]


class Untouchable:
    """An argument the function must not look at before it has checked the permission."""

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attribute: str) -> Any:
        raise AssertionError(f"argument {self._name!r} was used before the permission check")

    def __setattr__(self, attribute: str, value: Any) -> None:
        raise AssertionError(f"argument {self._name!r} was used before the permission check")

    def __iter__(self) -> Iterator[Any]:
        raise AssertionError(f"argument {self._name!r} was used before the permission check")


def _row_counts(database: Any) -> dict[str, int]:
    with database.uow() as s:
        return {
            table.name: int(s.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def _call_as(fn: Callable[..., Any], database: Any, actor: Any) -> Any:
    signature = inspect.signature(fn)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    session_needed = False
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.name == "actor":
            value: Any = actor
        elif parameter.name in DATABASE_NAMES:
            value = database
        elif parameter.name in SESSION_NAMES:
            session_needed = True
            value = None  # filled below
        elif parameter.default is not parameter.empty:
            continue
        else:
            value = Untouchable(parameter.name)
        if parameter.kind == parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = value
        else:
            args.append(value)
    if not session_needed:
        return fn(*args, **kwargs)
    with database.uow() as s:
        names = [p.name for p in signature.parameters.values() if p.kind != p.KEYWORD_ONLY]
        for position, name in enumerate(names[: len(args)]):
            if name in SESSION_NAMES:
                args[position] = s
        return fn(*args, **kwargs)


@pytest.mark.parametrize(("module_name", "name"), MUST_REFUSE_SALES)
def test_a_sales_user_is_refused_before_anything_happens(
    database, sales, module_name: str, name: str
) -> None:
    fn = getattr(importlib.import_module(f"{services_package.__name__}.{module_name}"), name)
    before = _row_counts(database)
    try:
        _call_as(fn, database, sales)
    except PermissionDenied as exc:
        assert "sales" in str(exc).lower(), str(exc)
    except Exception as exc:  # anything else means the check came late or not at all
        pytest.fail(
            f"{module_name}.{name} raised {type(exc).__name__}: {exc} instead of refusing a sales user "
            "first. Check the permission before anything else — or, if sales staff may call it, "
            "add it to SALES_MAY in tests/reliability/test_roles.py."
        )
    else:
        pytest.fail(
            f"{module_name}.{name} did not refuse a sales user. If sales staff may call it, add it to "
            "SALES_MAY in tests/reliability/test_roles.py; otherwise check the permission first."
        )
    assert _row_counts(database) == before


def test_every_function_without_an_actor_is_classified() -> None:
    unclassified = [
        f"{module_name}.{name}"
        for module_name, name in _database_without_actor()
        if not _listed(NO_ACTOR, module_name, name)
    ]
    assert not unclassified, (
        "These service functions take the database but no acting staff member, so nothing checks "
        "who calls them. Give them an `actor` and a permission check, or list them in NO_ACTOR in "
        f"tests/reliability/test_roles.py with the reason: {', '.join(unclassified)}"
    )


def test_the_lists_name_only_functions_that_exist() -> None:
    with_actor = set(_with_actor())
    without_actor = set(_database_without_actor())
    stale = [
        f"{table_name}: {module_name}.{name}"
        for table_name, table, existing in (
            ("SALES_MAY", SALES_MAY, with_actor),
            ("HELPERS", HELPERS, with_actor),
            ("NO_ACTOR", NO_ACTOR, without_actor),
        )
        for module_name, names in table.items()
        for name in names
        if (module_name, name) not in existing
    ]
    assert not stale, f"listed but not found (renamed or removed?): {stale}"


def test_the_enumeration_sees_the_configuration_services() -> None:
    allowed = {f"{m}.{n}" for m, names in SALES_MAY.items() for n in names}
    refused = {f"{m}.{n}" for m, n in _with_actor()} - allowed
    # a sample of each kind: set-up, tariffs, staff, orders that only admins may do
    assert {
        "data_centers.create_data_center",
        "providers.update_provider",
        "tariffs.update_tariff",
        "tariff_import.import_tariff",
        "staff.create_staff",
        "order_actions.delete_order",
        "order_actions.change_plan",
        "orders.update_contacts",
        "daily_run.run_daily",
    } <= refused
