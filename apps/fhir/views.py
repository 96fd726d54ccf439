"""The FHIR R4 read API: plain Django views (no DRF, no session), answering application/fhir+json.
Every answer that is not a resource is an OperationOutcome with its status; every resource read is
recorded in the audit trail in one insert, in the key's name, before it is sent."""

import json
import logging
from functools import wraps
from operator import attrgetter
from types import SimpleNamespace

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt

from apps.audit.models import AuditAction
from apps.audit.services import audit_record_many
from apps.clinics.models import ClinicMembership
from apps.core import clock
from apps.core.exceptions import DATABASE_UNAVAILABLE

from .authentication import api_key_from_header, key_grants
from .capability import capability_statement
from .catalog import KINDS, StoredKind, search_rows
from .errors import (
    BadSearch,
    FhirError,
    MethodNotAllowed,
    ResourceNotFound,
    ScopeMissing,
    ServerFault,
    Unavailable,
    UnsupportedType,
    operation_outcome,
)
from .free_slots import SLOT_PARAMETERS, free_slot_read, free_slots_search
from .models import ClinicAPIKey
from .resources.slot import FreeSlot, parse_slot_id, slot_resource
from .search import SearchParams, list_page, parse_id, queryset_page, searchset

logger = logging.getLogger(__name__)

FHIR_JSON = "application/fhir+json; charset=utf-8"


def _fhir_response(body: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type=FHIR_JSON)
    # Answers carry patient data (or say whether it exists): no cache on the way may keep them.
    response["Cache-Control"] = "no-store"
    return response


def _error_response(error: FhirError) -> HttpResponse:
    response = _fhir_response(operation_outcome(error), error.status)
    for name, value in error.headers().items():
        response[name] = value
    return response


def fhir_view(view):
    """GET only; FHIR errors, a database that is down, and any other fault answered as
    OperationOutcomes."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if request.method not in ("GET", "HEAD"):
                raise MethodNotAllowed()
            return _fhir_response(view(request, *args, **kwargs))
        except FhirError as error:
            return _error_response(error)
        except DATABASE_UNAVAILABLE as error:
            logger.warning("fhir: database unavailable: %s", type(error).__name__)
            response = _error_response(Unavailable())
            response["Retry-After"] = "5"
            return response
        except Exception as error:  # a bug: the client still gets FHIR's shape, the log the traceback
            logger.exception("fhir: %s in %s", type(error).__name__, view.__name__)
            return _error_response(ServerFault())

    return wrapper


def _authorised_key(request, resource_type: str) -> ClinicAPIKey:
    key = api_key_from_header(request.headers.get("Authorization", ""))
    if not key_grants(key, resource_type):
        raise ScopeMissing(f"This API key may not read {resource_type} (it needs system/{resource_type}.read).")
    return key


def _audit(key: ClinicAPIKey, kind: StoredKind | None, rows: list, *, model=None) -> None:
    audit_record_many(
        actor=None,
        action=AuditAction.READ,
        objs=rows,
        clinic=key.clinic_id,
        patient_of=kind.patient_of if kind else None,
        model=model,
        via=key.via,
    )


@fhir_view
def metadata(request):
    return capability_statement(request)


@fhir_view
def search(request, resource_type):
    kind = _kind(resource_type)
    key = _authorised_key(request, resource_type)
    params = SearchParams(request.GET, [parameter.name for parameter in kind.parameters])
    rows = search_rows(kind, key.clinic, params, at=clock.now())
    page = queryset_page(rows, order=kind.order, params=params)
    _audit(key, kind, page.rows)
    return searchset(request, page, [kind.render(row) for row in page.rows])


@fhir_view
def read(request, resource_type, resource_id):
    kind = _kind(resource_type)
    key = _authorised_key(request, resource_type)
    try:
        wanted = parse_id(resource_id, kind.id_kind)
    except BadSearch:  # no resource of this server has such an id
        wanted = None
    row = kind.rows(key.clinic, clock.now()).filter(**{kind.id_field: wanted}).first() if wanted else None
    if row is None:
        raise ResourceNotFound(f"No {resource_type}/{resource_id[:64]} here.")
    _audit(key, kind, [row])
    return kind.render(row)


@fhir_view
def slot_search(request):
    key = _authorised_key(request, "Slot")
    params = SearchParams(request.GET, list(SLOT_PARAMETERS))
    page = list_page(
        free_slots_search(key.clinic, params, at=clock.now()), key_of=attrgetter("sort_key"), params=params
    )
    _audit_schedules_read(key, page.rows)
    return searchset(request, page, [slot_resource(slot) for slot in page.rows])


@fhir_view
def slot_read(request, slot_id):
    key = _authorised_key(request, "Slot")
    wanted = parse_slot_id(slot_id)
    slot = free_slot_read(key.clinic, wanted, at=clock.now()) if wanted else None
    if slot is None:
        raise ResourceNotFound(f"No free Slot/{slot_id[:64]} here.")
    _audit_schedules_read(key, [slot])
    return slot_resource(slot)


def _audit_schedules_read(key: ClinicAPIKey, slots: list[FreeSlot]) -> None:
    """Slots are no rows: what was read is the free time of their schedules (memberships)."""
    schedules = [SimpleNamespace(pk=pk) for pk in dict.fromkeys(slot.schedule_id for slot in slots)]
    _audit(key, None, schedules, model=ClinicMembership)


def _kind(resource_type: str) -> StoredKind:
    kind = KINDS.get(resource_type)
    if kind is None:
        raise UnsupportedType(f"This server does not serve {resource_type[:64]} resources.")
    return kind
