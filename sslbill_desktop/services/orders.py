"""Order management (Orders → SSL certificates): the list, one order's details, its contacts,
its certificate and its request data.

- `list_orders(db, actor, query, after=None, limit=200) -> OrderPage` pages through any number of
  orders with keyset paging: each sort order is an index ending in `id`, and a page starts after
  the last row of the previous one (`OrderPage.cursor`), so the 1,000th page costs what the first
  does. Filters: free text (domain, client name, upstream id), billing status, upstream status,
  client. Orders without an expiry date (not charged yet) come last in every direction.
- `get_order(db, actor, order_id) -> OrderRecord`: everything the details dialog shows.
- `update_contacts(...)`: the order's contacts, checked, pushed upstream, then saved.
- `save_certificate(...)`: the issued PEM (with its chain) written to a file.

Actions that move money or change the service are in `order_actions.py`; status sync in
`order_sync.py`; placing orders in `ordering.py`. Reading and saving the certificate need
`HANDLE_ORDERS` (sales and admins); editing contacts needs `MANAGE_ORDERS` (admins).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, load_only

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.clients import Client
from sslbill_desktop.models.orders import ORDER_STATUSES, UPSTREAM_STATUSES, Order
from sslbill_desktop.services import audit, order_completions, upstream
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing import earliest_deletion
from sslbill_desktop.services.certificate_info import read_certificate
from sslbill_desktop.services.contacts import ClientContacts, clean_contacts, missing_for_order
from sslbill_desktop.services.csr import parse_request
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.domains import to_unicode
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.keys import get_key
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.order_books import balance, group_for, state_of, terms_for
from sslbill_desktop.services.order_records import (
    AddonChoice,
    HeldAddonRow,
    OrderCursor,
    OrderPage,
    OrderRecord,
    OrderRow,
)

log = logging.getLogger(__name__)

ENTITY = "order"
MAX_PAGE = 1000

assert order_completions  # the journal's handlers must be registered wherever orders are handled

SORT_EXPIRES = "expires"
SORT_DOMAIN = "domain"
SORT_STATUS = "status"
SORT_CLIENT = "client"
SORT_CREATED = "created"
SORTS: tuple[str, ...] = (SORT_EXPIRES, SORT_DOMAIN, SORT_STATUS, SORT_CLIENT, SORT_CREATED)


@dataclass(frozen=True)
class OrderQuery:
    """What the list shows: a filter and a sort order."""

    text: str = ""
    status: str | None = None
    upstream_status: str | None = None
    client_id: int | None = None
    sort: str = SORT_EXPIRES
    descending: bool = False


# --- the list ------------------------------------------------------------------------------------


def _sort_column(sort: str) -> Any:
    return {
        SORT_EXPIRES: Order.expires_on,
        SORT_DOMAIN: Order.common_name,
        SORT_STATUS: Order.status,
        SORT_CLIENT: Client.name,
        SORT_CREATED: None,
    }[sort]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search_terms(text: str) -> list[str]:
    """The typed text, and its punycode form when it is an internationalized domain name."""
    needle = text.strip().lower()
    if not needle:
        return []
    terms = [needle]
    if not needle.isascii():
        try:
            import idna

            terms.append(idna.encode(needle, uts46=True).decode("ascii"))
        except (idna.IDNAError, UnicodeError):
            pass
    return terms


def _filtered(query: Any, spec: OrderQuery) -> Any:
    if spec.status is not None:
        if spec.status not in ORDER_STATUSES:
            raise ValidationError("status", _("not an order status: {status}").format(status=spec.status))
        query = query.where(Order.status == spec.status)
    if spec.upstream_status is not None:
        if spec.upstream_status not in UPSTREAM_STATUSES:
            raise ValidationError(
                "upstream_status", _("not an upstream status: {status}").format(status=spec.upstream_status)
            )
        query = query.where(Order.upstream_status == spec.upstream_status)
    if spec.client_id is not None:
        query = query.where(Order.client_id == spec.client_id)
    terms = _search_terms(spec.text)
    if terms:
        conditions: list[Any] = []
        for term in terms:
            pattern = f"%{_escape_like(term)}%"
            conditions.append(Order.common_name.like(pattern, escape="\\"))
            conditions.append(Order.upstream_certificate_id.like(pattern, escape="\\"))
            # The client's name through a subquery, not the join: the database matches the
            # clients once, and then reads only the orders' index (see `ix_certificate_orders_list`).
            conditions.append(
                Order.client_id.in_(
                    select(Client.id).where(func.lower(Client.name).like(pattern, escape="\\"))
                )
            )
        if spec.text.strip().isdigit():
            conditions.append(Order.id == int(spec.text.strip()))
        query = query.where(or_(*conditions))
    return query


def _after(column: Any, cursor: OrderCursor, descending: bool) -> Any:
    if descending:
        return or_(column < cursor.value, and_(column == cursor.value, Order.id < cursor.id))
    return or_(column > cursor.value, and_(column == cursor.value, Order.id > cursor.id))


def _row(order: Order, client_name: str, plan_name: dict[str, str], languages_default: str) -> OrderRow:
    return OrderRow(
        id=order.id,
        version=order.version,
        status=order.status,
        upstream_status=order.upstream_status,
        domain=to_unicode(order.common_name) if order.common_name else "",
        client_id=order.client_id,
        client_name=client_name,
        plan_id=order.tariff_plan_id,
        plan_title=pick(plan_name, languages_default),
        period=order.period,
        expires_on=order.expires_on,
        upstream_certificate_id=order.upstream_certificate_id,
        currency=order.currency,
        parameters_pending=order.parameters_pending,
        in_flight=order.pending is not None,
        created_at=order.created_at,
    )


def _cursor_value(order: Order, client_name: str, sort: str) -> object:
    if sort == SORT_CLIENT:
        return (client_name, order.client_id)
    column = _sort_column(sort)
    return None if column is None else getattr(order, column.key)


#: Clients read per step when sorting by client.
CLIENT_BATCH = 50


def _by_client(
    s: Session, base: Any, after: OrderCursor | None, limit: int, descending: bool
) -> list[tuple[Order, str, dict[str, str]]]:
    """Orders sorted by client name (then client, then order), walking the clients in name order
    and reading their orders through the (client, id) index: a page costs a few small queries,
    not a sort of every order."""
    found: list[tuple[Order, str, dict[str, str]]] = []
    if after is not None and isinstance(after.value, tuple):
        name, client_id = after.value
        rest = base.where(Order.client_id == client_id)
        rest = rest.where(Order.id < after.id if descending else Order.id > after.id)
        found = _fetch(s, rest.order_by(Order.id.desc() if descending else Order.id).limit(limit + 1))
        position: tuple[str, int] | None = (str(name), int(client_id))
    else:
        position = None
    while len(found) <= limit:
        clients = select(Client.id, Client.name)
        if position is not None:
            name, client_id = position
            if descending:
                clients = clients.where(
                    or_(Client.name < name, and_(Client.name == name, Client.id < client_id))
                )
            else:
                clients = clients.where(
                    or_(Client.name > name, and_(Client.name == name, Client.id > client_id))
                )
        order = (Client.name.desc(), Client.id.desc()) if descending else (Client.name, Client.id)
        batch = [(int(i), str(n)) for i, n in s.execute(clients.order_by(*order).limit(CLIENT_BATCH))]
        if not batch:
            break
        ordering = (
            (Client.name.desc(), Client.id.desc(), Order.id.desc())
            if descending
            else (Client.name, Client.id, Order.id)
        )
        wanted = base.where(Order.client_id.in_([client_id for client_id, _name in batch]))
        found.extend(_fetch(s, wanted.order_by(*ordering).limit(limit + 1 - len(found))))
        last_id, last_name = batch[-1]
        position = (last_name, last_id)
    return found


def _fetch(s: Session, query: Any) -> list[tuple[Order, str, dict[str, str]]]:
    return [(order, str(client_name), dict(plan_name)) for order, client_name, plan_name in s.execute(query)]


#: The order columns a list row shows (the certificate, its request and the engine's state stay
#: unread).
_ROW_COLUMNS = (
    Order.id,
    Order.version,
    Order.status,
    Order.upstream_status,
    Order.common_name,
    Order.client_id,
    Order.tariff_plan_id,
    Order.period,
    Order.expires_on,
    Order.upstream_certificate_id,
    Order.currency,
    Order.parameters_pending,
    Order.pending,
    Order.created_at,
)


def _rows_of(s: Session, ids: list[int]) -> list[tuple[Order, str, dict[str, str]]]:
    """The rows of these orders, in the order of `ids`."""
    if not ids:
        return []
    query = (
        select(Order, Client.name, TariffPlan.name)
        .join(Client, Client.id == Order.client_id)
        .join(TariffPlan, TariffPlan.id == Order.tariff_plan_id)
        .where(Order.id.in_(ids))
        .options(load_only(*_ROW_COLUMNS))
    )
    found = {order.id: (order, client_name, plan_name) for order, client_name, plan_name in _fetch(s, query)}
    return [found[i] for i in ids if i in found]


def list_orders(
    db: Database,
    actor: Actor,
    query: OrderQuery | None = None,
    *,
    after: OrderCursor | None = None,
    limit: int = 200,
) -> OrderPage:
    """One page of orders (see the module documentation).

    Sorted by expiry, domain, status or creation, a page is found in two steps: the ids, by a
    query that reads only the orders' sort index (for the expiry, the default, that index also
    holds every column the text filter looks at, so that orders that do not match are never read),
    then those orders' rows. Sorted by client, it walks the clients (`_by_client`)."""
    require(actor, Permission.HANDLE_ORDERS)
    spec = query or OrderQuery()
    if spec.sort not in SORTS:
        raise ValidationError("sort", _("not a sort order: {sort}").format(sort=spec.sort))
    limit = max(1, min(limit, MAX_PAGE))
    column = _sort_column(spec.sort)
    ids = _filtered(select(Order.id), spec)

    def direction(column: Any) -> Any:
        return column.desc() if spec.descending else column.asc()

    with db.uow() as s:
        default_language = languages_in(s).default
        found: list[tuple[Order, str, dict[str, str]]] = []
        if spec.sort == SORT_CLIENT:
            base = _filtered(
                select(Order, Client.name, TariffPlan.name)
                .join(Client, Client.id == Order.client_id)
                .join(TariffPlan, TariffPlan.id == Order.tariff_plan_id)
                .options(load_only(*_ROW_COLUMNS)),
                spec,
            )
            found = _by_client(s, base, after, limit, spec.descending)
        elif column is None:  # by id
            q = ids
            if after is not None:
                q = q.where(Order.id < after.id if spec.descending else Order.id > after.id)
            found = _rows_of(s, list(s.scalars(q.order_by(direction(Order.id)).limit(limit + 1))))
        else:
            # Rows with a value first (keyset on (value, id)), then those without (keyset on id).
            in_nulls = after is not None and after.value is None
            page: list[int] = []
            if not in_nulls:
                q = ids.where(column.is_not(None))
                if after is not None:
                    q = q.where(_after(column, after, spec.descending))
                q = q.order_by(direction(column), direction(Order.id)).limit(limit + 1)
                page = [int(i) for i in s.scalars(q)]
            if len(page) <= limit:
                q = ids.where(column.is_(None))
                if in_nulls and after is not None:
                    q = q.where(Order.id < after.id if spec.descending else Order.id > after.id)
                q = q.order_by(direction(Order.id)).limit(limit + 1 - len(page))
                page.extend(int(i) for i in s.scalars(q))
            found = _rows_of(s, page)
        more = len(found) > limit
        found = found[:limit]
        rows = [
            _row(order, client_name, plan_name, default_language) for order, client_name, plan_name in found
        ]
        cursor = None
        if more and found:
            last_order, last_client, _plan = found[-1]
            cursor = OrderCursor(_cursor_value(last_order, last_client, spec.sort), last_order.id)
        total = len(rows) if after is None and not more else -1
        if after is None and more:
            count = _filtered(select(func.count()).select_from(Order), spec)
            total = int(s.scalar(count) or 0)
        return OrderPage(rows, total, cursor)


# --- one order -----------------------------------------------------------------------------------


def _addon_titles(plan: TariffPlan, language_default: str) -> dict[str, tuple[str, str]]:
    return {a.key: (pick(a.name, language_default) or a.key, a.unit) for a in plan.addons}


def order_record(s: Session, order: Order, *, with_key: tuple[Database, Actor] | None = None) -> OrderRecord:
    """The details of `order` inside a unit of work."""
    languages = languages_in(s)
    client = load(s, Client, order.client_id)
    plan = load(s, TariffPlan, order.tariff_plan_id)
    state = state_of(order)
    terms = terms_for(s, order.tariff_plan_id, order.currency)
    group = group_for(s, client)
    titles = _addon_titles(plan, languages.default)
    held = tuple(
        HeldAddonRow(h.key, titles.get(h.key, (h.key, ""))[0], h.quantity, h.paid_until)
        for h in (state.addons if state else ())
    )
    choices = tuple(
        AddonChoice(key, title, unit, terms.addons[key].price(order.period) if key in terms.addons else None)
        for key, (title, unit) in titles.items()
    )
    request = None
    request_error = ""
    if order.csr_pem:
        try:
            request = parse_request(order.csr_pem)
        except ValidationError as exc:
            request_error = exc.detail
    certificate = None
    if order.certificate_pem:
        try:
            certificate = read_certificate(order.certificate_pem)
        except UserError as exc:
            log.warning("order %s: stored certificate unreadable: %s", order.id, exc)
    return OrderRecord(
        id=order.id,
        version=order.version,
        status=order.status,
        upstream_status=order.upstream_status,
        suspension=order.suspension,
        parameters_pending=order.parameters_pending,
        client_id=client.id,
        client_name=client.name,
        client_email=client.email,
        plan_id=plan.id,
        plan_title=pick(plan.name, languages.default),
        processing_module_id=order.processing_module_id,
        currency=order.currency,
        period=order.period,
        common_name=order.common_name,
        sans=tuple(order.sans or ()),
        approver_email=order.approver_email,
        contacts=ClientContacts.from_json(order.contacts),
        csr_pem=order.csr_pem,
        request=request,
        request_error=request_error,
        key=None,
        upstream_certificate_id=order.upstream_certificate_id,
        upstream_status_text=order.upstream_status_text,
        upstream_expires_on=order.upstream_expires_on,
        certificate_pem=order.certificate_pem,
        chain_pem=order.chain_pem,
        certificate=certificate,
        last_sync_at=order.last_sync_at,
        last_sync_error=order.last_sync_error,
        last_error=order.last_error,
        ordered_on=order.ordered_on,
        expires_on=order.expires_on,
        deleted_on=order.deleted_on,
        state=state,
        addons=held,
        addon_choices=choices,
        earliest_deletion=earliest_deletion(state, terms) if state is not None else None,
        can_suspend=terms.allow_client_suspend or (group is not None and group.allow_suspend),
        in_flight=order.pending is not None,
        balance=balance(s, client.id, order.currency),
        created_at=order.created_at,
        created_by=order.created_by,
    )


def get_order(db: Database, actor: Actor, order_id: int) -> OrderRecord:
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id)
        record = order_record(s, order)
        key_id = order.private_key_id
    if key_id is not None:
        from dataclasses import replace

        record = replace(record, key=get_key(db, actor, key_id))
    return record


# --- contacts ------------------------------------------------------------------------------------


def check_order_contacts(contacts: object, field_name: str = "contacts") -> ClientContacts:
    """The contacts of an order: every filled field valid, every field an order needs filled."""
    clean = clean_contacts(contacts, field_name)
    missing = missing_for_order(clean, field_name)
    if missing:
        raise missing[0]
    return clean


def update_contacts(
    db: Database, actor: Actor, order_id: int, *, version: int, contacts: object
) -> OrderRecord:
    """Check the contacts, push them upstream (when the certificate is ordered), then save them."""
    require(actor, Permission.MANAGE_ORDERS)
    clean = check_order_contacts(contacts)
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        module_id, certificate_id = order.processing_module_id, order.upstream_certificate_id
    if certificate_id:
        upstream.client_for(db, module_id).edit_contacts(
            certificate_id, clean.admin.to_upstream(), clean.tech.to_upstream()
        )
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        before = {"contacts": order.contacts}
        order.contacts = clean.to_json()
        s.flush()
        audit.record(
            s,
            actor,
            "update_contacts",
            ENTITY,
            order.id,
            before=before,
            after={"contacts": order.contacts},
            summary=order.common_name,
        )
        return order_record(s, order)


# --- the certificate -----------------------------------------------------------------------------


def save_certificate(
    db: Database, actor: Actor, order_id: int, destination: Path, *, with_chain: bool = True
) -> Path:
    """Write the issued certificate (and its CA chain) as PEM to `destination`."""
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id)
        pem, chain = order.certificate_pem, order.chain_pem
    if not pem:
        raise UserError(_("The certificate has not been issued yet: nothing to save."))
    content = pem.strip() + "\n"
    if with_chain and chain and chain.strip():
        content += chain.strip() + "\n"
    try:
        Path(destination).write_text(content, encoding="ascii")
    except OSError as exc:
        raise UserError(
            _("The file {path} cannot be written: {reason}").format(path=destination, reason=exc.strerror)
        ) from None
    return Path(destination)


def orders_of_client(s: Session, client_id: int, plan_id: int) -> int:
    """How many services of a plan the client holds (not deleted; charged or on their way)."""
    from sslbill_desktop.models.orders import ORDER_DELETED, UPSTREAM_REFUSED

    return int(
        s.scalar(
            select(func.count())
            .select_from(Order)
            .where(
                Order.client_id == client_id,
                Order.tariff_plan_id == plan_id,
                Order.status != ORDER_DELETED,
                Order.upstream_status != UPSTREAM_REFUSED,
            )
        )
        or 0
    )
