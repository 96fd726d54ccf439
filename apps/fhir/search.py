"""Search parameters and paging of the FHIR API.

Paging is by keyset, not offset: a page's cursor carries the sort key of the row it ends on, and the
next page is the rows after it in that order (an index range scan), so deep pages cost what the first
one costs and a row inserted or removed between two requests neither repeats nor skips a row. The
cursor is opaque to clients (``_cursor`` in the bundle's ``next`` and ``previous`` links); ``total``
is one COUNT of the same search."""

import base64
import binascii
import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet

from apps.core.wall_clock import local_instant

from .errors import BadSearch
from .resources.common import LARGEST_ID

# Accepted with every search: the page size, the page, and the format (JSON is the only one served).
PAGING_PARAMETERS = ("_count", "_cursor", "_format")
JSON_FORMATS = ("json", "application/json", "application/fhir+json")


# --- Parameters -------------------------------------------------------------------------------------


class SearchParams:
    """The query string of a search, refused whole (400) if it names a parameter the resource does not
    support: a client that thinks it filtered must not receive everything."""

    def __init__(self, query, supported: Sequence[str]):
        unknown = sorted(name for name in query if name not in supported and name not in PAGING_PARAMETERS)
        if unknown:
            raise BadSearch(f"Unsupported search parameter: {', '.join(unknown)}. Supported: {', '.join(supported)}.")
        if any("\x00" in value for _, values in query.lists() for value in values):
            raise BadSearch("A search value may not contain a NUL character.")
        self.query = query
        fmt = query.get("_format")
        if fmt is not None and fmt not in JSON_FORMATS:
            raise BadSearch("Only JSON is served (_format=json).")

    def values(self, name: str) -> list[str]:
        """Every value given for ``name``: repeated parameters AND, commas within one OR."""
        return [value for value in self.query.getlist(name)]

    def one_of_each(self, name: str) -> list[str] | None:
        """The comma-separated alternatives of a parameter given at most once, None when absent."""
        given = self.values(name)
        if not given:
            return None
        if len(given) > 1:
            raise BadSearch(f"Give {name} once (separate alternatives with commas).")
        alternatives = [value.strip() for value in given[0].split(",")]
        if not all(alternatives):
            raise BadSearch(f"{name} has an empty value.")
        return alternatives

    def count(self) -> int:
        text = self.query.get("_count")
        if text is None:
            return settings.FHIR_DEFAULT_COUNT
        number = whole_number(text)
        if number is None or number < 1:
            raise BadSearch("_count must be a whole number of at least 1.")
        return min(number, settings.FHIR_MAX_COUNT)


# ASCII digits only, and few of them: str.isdigit() and int() also take other scripts' digits ("²",
# "٣"), which either fail later or name a number the client never wrote.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(text: str) -> int | None:
    """The number ``text`` writes in ASCII digits, None when it is anything else."""
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None


def token_codes(params: SearchParams, name: str, *, system: str | None = None) -> list[str] | None:
    """The codes of a token parameter (``code`` or ``system|code``), None when absent. A code of
    another system than ``system`` can match nothing and is dropped."""
    alternatives = params.one_of_each(name)
    if alternatives is None:
        return None
    codes = []
    for alternative in alternatives:
        given_system, bar, code = alternative.rpartition("|")
        if not bar:
            codes.append(alternative)
        elif system is None or given_system in ("", system):
            codes.append(code)
    return codes


def reference_ids(params: SearchParams, name: str, resource_type: str, *, kind: str = "uuid") -> list | None:
    """The ids of a reference parameter (``Type/id`` or ``id``), None when absent; an id that is not
    of the resource's shape is a bad request rather than a silent empty answer."""
    alternatives = params.one_of_each(name)
    if alternatives is None:
        return None
    ids = []
    for alternative in alternatives:
        given_type, slash, given_id = alternative.rpartition("/")
        if slash and given_type.rsplit("/", 1)[-1] != resource_type:
            raise BadSearch(f"{name} refers to {resource_type} resources.")
        ids.append(parse_id(given_id if slash else alternative, kind, name))
    return ids


def parse_id(text: str, kind: str, name: str = "id"):
    if kind == "uuid":
        try:
            parsed = uuid.UUID(text)
        except ValueError:
            parsed = None
    else:
        parsed = whole_number(text)
    if parsed is None or (kind == "int" and not 0 < parsed <= LARGEST_ID):
        raise BadSearch(f"{name}: {text[:40]!r} is not an id of this server.")
    return parsed


# --- Dates --------------------------------------------------------------------------------------------

_PREFIXES = ("eq", "ge", "gt", "le", "lt")
# Matched whole and in ASCII digits: "$" would also accept a trailing newline, "\d" other scripts' digits.
_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")


@dataclass(frozen=True)
class Bound:
    """One side of a date condition: ``field >= at`` (``lookup="gte"``) or ``field < at`` (``"lt"``)."""

    lookup: str
    at: datetime


# Dates a search may name: wide enough for any date of birth or visit, narrow enough that a day or a
# week added to them stays a date (year 9999 would overflow).
_YEARS = range(1800, 3000)


def _span(text: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The instants a FHIR date or dateTime covers, [start, end). A date without a time is a day (or a
    month, a year) of the clinic's calendar; a time must say its offset (a wall time on a
    daylight-saving day can be two instants, or none)."""
    partial = _PARTIAL_DATE.fullmatch(text)
    try:
        if partial:
            year, month, day = (int(part) if part else None for part in partial.groups())
            start = date(year, month or 1, day or 1)
            if day is not None:
                end = start + timedelta(days=1)
            elif month is not None:
                end = date(year + (month == 12), month % 12 + 1, 1)
            else:
                end = date(year + 1, 1, 1)
            span = _day_start(start, zone), _day_start(end, zone)
        else:
            instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if instant.tzinfo is None:
                raise BadSearch(f"{text[:40]!r}: give the time with its offset, e.g. 2026-03-08T09:00:00-07:00.")
            span = instant, instant + timedelta(seconds=1)
    except (ValueError, OverflowError):
        raise BadSearch(f"{text[:40]!r} is not a FHIR date or dateTime.") from None
    if span[0].year not in _YEARS:
        raise BadSearch(f"{text[:40]!r}: give a year from {_YEARS.start} to {_YEARS.stop - 1}.")
    return span


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    """When ``day`` begins at the clinic (in its zone, so ``.date()`` is that day): where clocks skip
    midnight, the moment they jump."""
    return local_instant(day, time(0), zone).astimezone(zone)


def date_bounds(params: SearchParams, name: str, zone: ZoneInfo) -> list[Bound]:
    """Every condition of a date parameter (``date=ge2026-03-01&date=lt2026-04-01``), as bounds that
    all must hold."""
    bounds = []
    for value in params.values(name):
        prefix = value[:2] if value[:2] in _PREFIXES else None
        text = value[2:] if prefix else value
        if not text.strip():
            raise BadSearch(f"{name} has an empty value.")
        start, end = _span(text, zone)
        bounds += {
            None: [Bound("gte", start), Bound("lt", end)],
            "eq": [Bound("gte", start), Bound("lt", end)],
            "ge": [Bound("gte", start)],
            "gt": [Bound("gte", end)],
            "lt": [Bound("lt", start)],
            "le": [Bound("lt", end)],
        }[prefix]
    return bounds


def bounds_filter(field: str, bounds: list[Bound]) -> Q:
    condition = Q()
    for bound in bounds:
        condition &= Q(**{f"{field}__{bound.lookup}": bound.at})
    return condition


# --- Paging ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    forward: bool
    key: tuple


def encode_cursor(forward: bool, key: tuple) -> str:
    text = json.dumps(["n" if forward else "p", *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(params: SearchParams, width: int | None = None) -> Cursor | None:
    text = params.query.get("_cursor")
    if text is None:
        return None
    try:
        direction, *key = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise BadSearch("_cursor is not a cursor of this server: follow the bundle's links.") from None
    if direction not in ("n", "p") or (width is not None and len(key) != width):
        raise BadSearch("_cursor is not a cursor of this server: follow the bundle's links.")
    return Cursor(forward=direction == "n", key=tuple(key))


@dataclass
class Page:
    rows: list
    total: int
    next_key: tuple | None
    previous_key: tuple | None


def _after(fields: Sequence[str], values: Sequence[Any], forward: bool) -> Q:
    """Rows strictly after (or before) ``values`` in the order of ``fields``, the last one unique."""
    lookup = "gt" if forward else "lt"
    condition = Q()
    for index, field in enumerate(fields):
        equal = {name: value for name, value in zip(fields[:index], values[:index], strict=True)}
        condition |= Q(**equal, **{f"{field}__{lookup}": values[index]})
    return condition


def queryset_page(queryset: QuerySet, *, order: Sequence[str], params: SearchParams) -> Page:
    """One page of ``queryset`` in the order of ``order`` (its last field unique): a COUNT and one
    query for the rows, whatever the page's depth or size."""
    count = params.count()
    model = queryset.model
    cursor = decode_cursor(params, len(order))
    rows_query = queryset
    forward = cursor is None or cursor.forward
    if cursor is not None:
        values = [
            _cursor_value(model._meta.get_field(field), value) for field, value in zip(order, cursor.key, strict=True)
        ]
        rows_query = rows_query.filter(_after(order, values, forward))
    ordering = list(order) if forward else [f"-{field}" for field in order]
    rows = list(rows_query.order_by(*ordering)[: count + 1])
    return _page(rows, count, cursor, total=queryset.count(), key_of=lambda row: _key_text(row, order))


def _cursor_value(field, value):
    """A cursor's value of ``field``, read only in the shape ``_key_text`` writes it: JSON also carries
    floats, infinities, numbers too big for a column, times without an offset, lists."""
    field = getattr(field, "target_field", field)  # a foreign key compares as the key it refers to
    if isinstance(field, models.DateTimeField):
        try:
            at = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            at = None
        if at is not None and at.tzinfo is not None and at.year in _YEARS:
            return at
    elif isinstance(field, models.IntegerField):
        if type(value) is int and 0 < value <= LARGEST_ID:
            return value
    elif isinstance(value, str):
        try:
            return field.to_python(value)
        except ValidationError:
            pass
    raise BadSearch("_cursor is not a cursor of this server: follow the bundle's links.")


def list_page(items: list, *, key_of: Callable[[Any], tuple], params: SearchParams) -> Page:
    """A page of a computed list (sorted by ``key_of``), with the same cursors as ``queryset_page``."""
    count = params.count()
    cursor = decode_cursor(params)
    forward = cursor is None or cursor.forward
    try:
        if cursor is None:
            after = items
        elif forward:
            after = [item for item in items if key_of(item) > cursor.key]
        else:
            after = [item for item in reversed(items) if key_of(item) < cursor.key]
    except TypeError:
        raise BadSearch("_cursor is not a cursor of this server: follow the bundle's links.") from None
    return _page(after[: count + 1], count, cursor, total=len(items), key_of=key_of)


def _page(rows: list, count: int, cursor: Cursor | None, *, total: int, key_of) -> Page:
    more = len(rows) > count
    rows = rows[:count]
    if cursor is not None and not cursor.forward:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = cursor is not None, more
    return Page(
        rows=rows,
        total=total,
        next_key=key_of(rows[-1]) if rows and has_next else None,
        previous_key=key_of(rows[0]) if rows and has_previous else None,
    )


def _key_text(row, order: Sequence[str]) -> tuple:
    values = []
    for field in order:
        value = getattr(row, field)
        values.append(
            value.isoformat() if isinstance(value, datetime) else value if isinstance(value, int) else str(value)
        )
    return tuple(values)


# --- Bundles ----------------------------------------------------------------------------------------------


def searchset(request, page: Page, resources: list[dict]) -> dict:
    """The search's answer: a ``searchset`` Bundle with the total and its self, next and previous links."""
    base = request.build_absolute_uri(request.path)
    links = [{"relation": "self", "url": request.build_absolute_uri()}]
    for relation, key, forward in (("next", page.next_key, True), ("previous", page.previous_key, False)):
        if key is not None:
            query = [(name, value) for name, values in request.GET.lists() if name != "_cursor" for value in values]
            query.append(("_cursor", encode_cursor(forward, key)))
            links.append({"relation": relation, "url": f"{base}?{urlencode(query)}"})
    root = base.rsplit("/", 1)[0]
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": page.total, "link": links}
    if resources:  # FHIR has no empty lists: an empty page has no entry at all
        bundle["entry"] = [
            {
                "fullUrl": f"{root}/{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ]
    return bundle
