"""The server's refusals, worded for a person.

Every server function refuses with an SQLSTATE of our own (class ``BO``) and its parameters as JSON in
the error's DETAIL; this catalogue turns each into one of the domain errors with one readable line (and
is where a translation of these lines will hook in). A refusal the catalogue does not know still reads
well: the server's own English message, as a sentence.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from boxoffice_desktop.errors import (
    AuthenticationFailed,
    BoxOfficeError,
    HoldExpired,
    InvalidInput,
    MissingPrices,
    NoOpenShift,
    NotFound,
    PaymentError,
    PermissionDenied,
    RefusedSeat,
    RemapRefused,
    SeatsUnavailable,
)

Detail = dict[str, Any]
Maker = Callable[[Detail, str], BoxOfficeError]

_ROLE_WORDS = {
    "cashier": "a cashier",
    "manager": "a manager",
    "accountant": "an accountant",
    "admin": "an administrator",
}
_WHAT = {
    "sell": "sell tickets",
    "sell_house_seats": "sell house seats",
    "block_seats": "block or unblock seats",
    "edit_seatmaps": "change seatmaps",
    "manage_events": "create or change events",
    "view_orders": "look at orders",
    "export_reports": "export reports",
    "run_shift": "open or close a cash shift",
    "see_expected_cash": "see the expected cash",
    "manage_staff": "manage staff accounts",
    "manage_settings": "change the organisation's settings",
}
_KINDS = {
    "event": "event",
    "hold": "hold",
    "order": "order",
    "payment": "payment",
    "shift": "shift",
    "ticket": "sold ticket",
    "seatmap": "seatmap",
    "user": "user",
}
_SETTING_PROBLEMS = {
    "mock_scenario": "Unknown mock scenario {value}: use success, decline or pending.",
    "payment_window_minutes": "The payment window must be between 1 minute and 24 hours.",
    "return_url": "The return address must be an http(s) URL, not {value}.",
    "vat_code": "Unknown VAT code {value}: YooKassa knows codes 1 to 10.",
    "currency": "The currency must be a three-letter code such as RUB, not {value}.",
    "training_payments": "Training payments are on or off (true or false), not {value}.",
}
_REMAP_REASONS = {"gone": "no longer in the plan"}


def sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else "Refused."


def _ids(values: Any) -> list[int]:
    return [int(v) for v in values or []]


def _shown(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids[:10]) + ("…" if len(ids) > 10 else "")


def _not_seats(d: Detail, _m: str) -> BoxOfficeError:
    ids = _ids(d.get("seats"))
    return InvalidInput(f"{len(ids)} of the seats asked for are not seats of event {d.get('event')}: {_shown(ids)}.")


def _permission(d: Detail, _m: str) -> BoxOfficeError:
    who = _ROLE_WORDS.get(str(d.get("role")), f"a {d.get('role')}")
    what = _WHAT.get(str(d.get("permission")), str(d.get("permission")).replace("_", " "))
    return PermissionDenied(f"{sentence(who)[:-1]} may not {what}; ask a manager or an administrator.")


def _setting(d: Detail, _m: str) -> BoxOfficeError:
    template = _SETTING_PROBLEMS.get(str(d.get("key")), "The setting {key} cannot be {value}.")
    return InvalidInput(template.format(key=d.get("key"), value=json.dumps(d.get("value"), ensure_ascii=False)))


def _drawer(d: Detail, _m: str) -> BoxOfficeError:
    # The DETAIL's JSON number reaches Python as a float (-100.0): the amount is shown as money again.
    diff = Decimal(str(d.get("difference") or 0))
    amount = f"{abs(diff):.2f}"
    return InvalidInput(f"The drawer is {amount} {'over' if diff > 0 else 'short'}: give a reason to close.")


def _remap(d: Detail, _m: str) -> BoxOfficeError:
    seats = []
    for s in d.get("seats") or []:
        fields = list(s.get("fields") or [])
        reason = _REMAP_REASONS.get(s.get("reason"), f"{', '.join(fields)} would change")
        seats.append(RefusedSeat(int(s["id"]), str(s.get("label") or s["id"]), reason))
    more = f"; and {len(seats) - 8} more" if len(seats) > 8 else ""
    shown = "; ".join(str(p) for p in seats[:8]) + more
    n = len(seats)
    return RemapRefused(
        f"The event cannot move to version {d.get('version')}: {n} held or sold seat{'s' if n != 1 else ''} "
        f"would vanish or change: {shown}.",
        seats,
    )


def _missing_prices(d: Detail, _m: str) -> BoxOfficeError:
    cats = [str(c) for c in d.get("categories") or []]
    return MissingPrices(
        f"Version {d.get('version')} has categories this event has no prices for: {', '.join(cats)}.", cats
    )


def _known(values: Any) -> str:
    return ", ".join(str(v) for v in values or [])


CATALOGUE: dict[str, Maker] = {
    "BO000": lambda d, m: AuthenticationFailed("This session is not signed in to an organisation; sign in again."),
    "BO001": lambda d, m: SeatsUnavailable(_ids(d.get("seats"))),
    "BO002": lambda d, m: InvalidInput("Pick at least one seat."),
    "BO003": lambda d, m: InvalidInput(f"At most {d.get('max')} seats per hold, {d.get('asked')} asked."),
    "BO004": lambda d, m: NotFound(f"No {_KINDS.get(str(d.get('what')), d.get('what'))} {d.get('id')}."),
    "BO005": lambda d, m: InvalidInput(f"This event is not on sale ({str(d.get('state')).replace('_', ' ')})."),
    "BO006": lambda d, m: HoldExpired(),
    "BO007": lambda d, m: InvalidInput("A hold may last at most a week."),
    "BO008": _not_seats,
    "BO009": lambda d, m: InvalidInput(f"The hold time must be positive, not {d.get('ttl')!r}."),
    "BO010": _permission,
    "BO011": lambda d, m: AuthenticationFailed("This account is disabled; ask an administrator."),
    "BO012": lambda d, m: PermissionDenied(
        "Only an administrator of the server (boxoffice-admin) creates organisations."
    ),
    "BO020": lambda d, m: InvalidInput(f"Unknown block kind {d.get('kind')!r}: use 'closed' or 'house'."),
    "BO021": lambda d, m: InvalidInput("A block needs a reason (press, broken seat, technical position...)."),
    "BO022": lambda d, m: SeatsUnavailable(
        _ids(d.get("seats")), f"{len(_ids(d.get('seats')))} of these seats are held or sold; they cannot be blocked."
    ),
    "BO030": lambda d, m: InvalidInput(f"Unknown customer field {d.get('field')!r}: use name, email, phone."),
    "BO031": lambda d, m: InvalidInput(f"{d.get('email')!r} is not an e-mail address."),
    "BO032": lambda d, m: InvalidInput(f"{d.get('phone')!r} is not a phone number."),
    "BO033": lambda d, m: InvalidInput(f"Seat {d.get('seat')} is not in this hold."),
    "BO034": lambda d, m: InvalidInput(
        f"There is no {d.get('price_type')!r} price for {d.get('category')!r} at this event."
    ),
    "BO035": lambda d, m: InvalidInput(
        f"Unknown payment method {d.get('method')!r}: use cash, card, yookassa or mock."
    ),
    "BO036": lambda d, m: InvalidInput(f"{d.get('tendered')} tendered is less than the total {d.get('total')}."),
    "BO037": lambda d, m: InvalidInput("The amount tendered must be a positive amount of money."),
    "BO038": lambda d, m: InvalidInput("An online payment needs an idempotence key of 1 to 64 characters."),
    "BO039": lambda d, m: InvalidInput("This is not an online payment."),
    "BO040": lambda d, m: NoOpenShift(f"Open a cash shift at {d.get('station')} before selling for cash or card."),
    "BO041": lambda d, m: PaymentError("The payment request of this sale is stored already."),
    "BO042": lambda d, m: BoxOfficeError(f"Order {d.get('code')} is {str(d.get('status')).lower()}."),
    "BO043": lambda d, m: PaymentError(f"The payment provider answered an unknown status {d.get('status')!r}."),
    "BO044": lambda d, m: PaymentError("The payment provider's answer names another payment."),
    "BO045": lambda d, m: PaymentError(
        f"A {str(d.get('from')).lower()} payment cannot become {str(d.get('to')).lower()}."
    ),
    "BO046": lambda d, m: PaymentError("The payment has not succeeded."),
    "BO049": lambda d, m: PaymentError(
        "Training payments (the mock provider) are switched off for this organisation; an administrator "
        "switches them on in Settings."
    ),
    "BO048": lambda d, m: PaymentError(
        f"The payment provider reports {d.get('reported')} for a payment of {d.get('amount')}: nothing was recorded."
    ),
    "BO047": lambda d, m: InvalidInput(f"An unpaid order becomes cancelled or expired, not {d.get('status')!r}."),
    "BO050": lambda d, m: InvalidInput(f"The {d.get('what')} must be a positive amount of money."),
    "BO051": lambda d, m: BoxOfficeError(f"A shift is already open at {d.get('station')}; close it first."),
    "BO052": lambda d, m: BoxOfficeError(f"No shift is open at {d.get('station')}."),
    "BO053": _drawer,
    "BO060": lambda d, m: BoxOfficeError(
        f"Order {d.get('code')} is {str(d.get('status')).lower()}: it has no tickets to print."
    ),
    "BO070": lambda d, m: InvalidInput(f"Unknown setting {d.get('key')!r}."),
    "BO071": _setting,
    "BO072": lambda d, m: InvalidInput(
        f"Unknown branding field {d.get('key')!r}; known: display_name, accent, accent_text, logo_svg, ticket_footer."
    ),
    "BO073": lambda d, m: InvalidInput(
        f"Branding colour {d.get('key')} must look like #1f6feb, not {d.get('value')!r}."
    ),
    "BO074": lambda d, m: InvalidInput("The logo must be an SVG document."),
    "BO076": lambda d, m: InvalidInput("YooKassa needs a shop id."),
    "BO077": lambda d, m: InvalidInput(
        f"The YooKassa address must start with https:// (http:// only to this computer), not {d.get('url')!r}."
    ),
    "BO078": lambda d, m: InvalidInput("A new YooKassa address needs the secret key again."),
    "BO079": lambda d, m: InvalidInput("YooKassa needs a secret key."),
    "BO080": lambda d, m: InvalidInput(
        f"Invalid user name {d.get('username')!r}: lower-case letters, digits, '-' and '_', at most 38."
    ),
    "BO081": lambda d, m: InvalidInput(
        f"Unknown role {d.get('role')!r}; choose one of cashier, manager, accountant, admin."
    ),
    "BO082": lambda d, m: InvalidInput("A password must reach the server as a SCRAM-SHA-256 verifier."),
    "BO083": lambda d, m: InvalidInput(
        f"The login {d.get('login')!r} exists on this database server already (logins are shared by all its "
        "databases); choose another user name."
    ),
    "BO084": lambda d, m: InvalidInput(f"A user named {d.get('username')!r} already exists in this organisation."),
    "BO085": lambda d, m: InvalidInput(
        "Nobody changes their own role or disables their own account; ask another administrator."
    ),
    "BO086": lambda d, m: InvalidInput(
        f"User {d.get('username')!r} has no login on this server (the name was taken); create a new user."
    ),
    "BO090": lambda d, m: InvalidInput(
        f"Invalid tenant slug {d.get('slug')!r}: use lower-case letters, digits, '-' and '_' (at most 24)."
    ),
    "BO091": lambda d, m: InvalidInput("A tenant needs a name."),
    "BO092": lambda d, m: InvalidInput(
        f"Logins named {d.get('slug')}.* already exist on this database server ({d.get('roles')}): another "
        "database's organisation uses this slug; choose another."
    ),
    "BO093": lambda d, m: InvalidInput(f"A tenant with the slug {d.get('slug')!r} already exists."),
    "BO100": lambda d, m: InvalidInput(f"The seatmap cannot be saved: {m}."),
    "BO101": lambda d, m: InvalidInput(f"Version {d.get('version')} of {d.get('name')!r} is already published."),
    "BO102": lambda d, m: InvalidInput(
        f"Version {d.get('version')} of {d.get('name')!r} has no seat layout yet: open it in the editor and save it."
    ),
    "BO110": lambda d, m: InvalidInput(sentence(m)),
    "BO111": lambda d, m: InvalidInput(
        f"Seatmap {d.get('name')!r} version {d.get('version')} is a draft: publish it first."
    ),
    "BO112": lambda d, m: InvalidInput(
        f"The seatmap has no category {d.get('category')!r}; its categories are {_known(d.get('categories'))}."
    ),
    "BO113": lambda d, m: InvalidInput(
        f"Unknown price type {d.get('price_type')!r} for {d.get('category')!r}; known: {_known(d.get('known'))}."
    ),
    "BO114": lambda d, m: InvalidInput(f"The event has no full price for the category {d.get('category')!r}."),
    "BO115": lambda d, m: InvalidInput(
        f"The price of {d.get('category')} ({d.get('price_type')}) must be an amount of money, not {d.get('price')!r}."
    ),
    "BO116": _remap,
    "BO117": _missing_prices,
}


def refusal(code: str, message: str, detail_text: str | None) -> BoxOfficeError | None:
    """The domain error for a server refusal, or None when ``code`` is not one of ours."""
    if not code.startswith("BO"):
        return None
    try:
        # Amounts as Decimal: a JSON number 100.00 would otherwise come back as the float 100.0.
        detail = json.loads(detail_text, parse_float=Decimal) if detail_text else {}
    except ValueError:
        detail = {}
    if not isinstance(detail, dict):
        detail = {}
    maker = CATALOGUE.get(code)
    if maker is None:
        return BoxOfficeError(sentence(message))
    return maker(detail, message)
