"""The stored resource types the API serves: where each one's rows come from, its search parameters,
its order for paging, and how it is drawn. The CapabilityStatement is written from this table, so
what it declares is what the views do."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from . import selectors
from .errors import BadSearch
from .resources.appointment import FHIR_STATUS, UNUSED_STATUSES, appointment_resource
from .resources.healthcare_service import healthcare_service_resource
from .resources.instruments import LOINC_INSTRUMENTS, instruments_for_codes
from .resources.location import location_resource
from .resources.observation import observation_resource
from .resources.patient import patient_resource
from .resources.practitioner import practitioner_resource
from .resources.questionnaire_response import questionnaire_response_resource
from .resources.schedule import schedule_resource
from .search import SearchParams, bounds_filter, date_bounds, reference_ids, token_codes

# A filter narrows the rows by one search parameter, when the request gives it.
Filter = Callable[[QuerySet, SearchParams, ZoneInfo], QuerySet]


@dataclass(frozen=True)
class SearchParameter:
    name: str
    type: str  # FHIR's search parameter type, for the CapabilityStatement
    documentation: str
    apply: Filter


@dataclass(frozen=True)
class StoredKind:
    type: str
    rows: Callable[..., QuerySet]  # (clinic, at) -> the clinic's rows
    render: Callable[[object], dict]
    order: tuple[str, ...]  # the keyset, its last field unique
    id_field: str = "pk"
    id_kind: str = "int"
    parameters: tuple[SearchParameter, ...] = ()
    patient_of: Callable | None = None  # each row's patient, for the audit trail
    notes: str = ""


def _by_reference(name: str, target: str, field_name: str, *, kind: str = "uuid") -> Filter:
    def apply(rows, params, zone):
        ids = reference_ids(params, name, target, kind=kind)
        return rows if ids is None else rows.filter(**{f"{field_name}__in": ids})

    return apply


def _by_date(name: str, field_name: str) -> Filter:
    def apply(rows, params, zone):
        return rows.filter(bounds_filter(field_name, date_bounds(params, name, zone)))

    return apply


def _by_name(name: str, *fields: str) -> Filter:
    def apply(rows, params, zone):
        for value in params.values(name):
            condition = Q()
            for field_name in fields:
                condition |= Q(**{f"{field_name}__icontains": value})
            rows = rows.filter(condition)
        return rows

    return apply


def _birthdate(rows, params, zone):
    bounds = date_bounds(params, "birthdate", zone)
    # A date of birth is a calendar date: compare it with the dates of the bounds, not instants.
    condition = Q()
    for bound in bounds:
        condition &= Q(**{f"patient_profile__date_of_birth__{bound.lookup}": bound.at.date()})
    return rows.filter(condition)


_PORTAL_STATUS = {fhir: portal for portal, fhir in FHIR_STATUS.items()}


def _appointment_status(rows, params, zone):
    codes = token_codes(params, "status")
    if codes is None:
        return rows
    unknown = [code for code in codes if code not in _PORTAL_STATUS and code not in UNUSED_STATUSES]
    if unknown:
        raise BadSearch(f"status: {', '.join(unknown)} is not an appointment status.")
    return rows.filter(status__in=[_PORTAL_STATUS[code] for code in codes if code in _PORTAL_STATUS])


def _instrument_filter(name: str) -> Filter:
    def apply(rows, params, zone):
        if name == "questionnaire":
            given = params.one_of_each(name)
            codes = None if given is None else [value.rsplit("/", 1)[-1] for value in given]
        else:
            codes = token_codes(params, name, system="http://loinc.org")
        return rows if codes is None else rows.filter(instrument__in=instruments_for_codes(codes))

    return apply


_PATIENT = SearchParameter(
    "patient", "reference", "The patient (Patient/<id>).", _by_reference("patient", "Patient", "patient_id")
)
_LAST_UPDATED = SearchParameter(
    "_lastUpdated",
    "date",
    "When the resource last changed (ge/gt/le/lt prefixes).",
    _by_date("_lastUpdated", "updated_at"),
)
_CODES = ", ".join(f"{loinc.panel} or {loinc.total}" for loinc in LOINC_INSTRUMENTS.values())

KINDS = {
    kind.type: kind
    for kind in (
        StoredKind(
            type="Patient",
            rows=lambda clinic, at: selectors.fhir_patients(clinic),
            render=patient_resource,
            order=("id",),
            id_kind="uuid",
            parameters=(
                SearchParameter(
                    "name",
                    "string",
                    "Part of the legal or preferred name.",
                    _by_name("name", "patient_profile__legal_name", "patient_profile__preferred_name"),
                ),
                SearchParameter("birthdate", "date", "The date of birth.", _birthdate),
            ),
            patient_of=attrgetter("pk"),
        ),
        StoredKind(
            type="Practitioner",
            rows=lambda clinic, at: selectors.fhir_practitioners(clinic),
            render=practitioner_resource,
            order=("user_id",),
            id_field="user_id",
            id_kind="uuid",
            parameters=(SearchParameter("name", "string", "Part of the name.", _by_name("name", "display_name")),),
        ),
        StoredKind(
            type="Location",
            rows=lambda clinic, at: selectors.fhir_locations(clinic),
            render=location_resource,
            order=("id",),
            notes="The key's clinic, with its IANA time zone in the timezone extension.",
        ),
        StoredKind(
            type="HealthcareService",
            rows=lambda clinic, at: selectors.fhir_healthcare_services(clinic),
            render=healthcare_service_resource,
            order=("id",),
            notes="Its identifier's value is the code Slot searches take as service-type.",
        ),
        StoredKind(
            type="Schedule",
            rows=lambda clinic, at: selectors.fhir_schedules(clinic),
            render=schedule_resource,
            order=("id",),
            parameters=(
                SearchParameter(
                    "actor",
                    "reference",
                    "The provider (Practitioner/<id>).",
                    _by_reference("actor", "Practitioner", "user_id"),
                ),
            ),
            notes="One per provider at the clinic; its Slots are the provider's free times.",
        ),
        StoredKind(
            type="Appointment",
            rows=lambda clinic, at: selectors.fhir_appointments(clinic, at=at),
            render=appointment_resource,
            order=("starts_at", "id"),
            id_kind="uuid",
            parameters=(
                _PATIENT,
                SearchParameter(
                    "date",
                    "date",
                    "The start (ge/gt/le/lt prefixes; a date is the clinic's day).",
                    _by_date("date", "starts_at"),
                ),
                SearchParameter(
                    "status", "token", "booked, pending, checked-in, fulfilled, noshow, cancelled.", _appointment_status
                ),
                _LAST_UPDATED,
            ),
            patient_of=attrgetter("patient_id"),
        ),
        StoredKind(
            type="QuestionnaireResponse",
            rows=lambda clinic, at: selectors.fhir_assessments(clinic),
            render=questionnaire_response_resource,
            order=("taken_at", "id"),
            parameters=(
                _PATIENT,
                SearchParameter(
                    "questionnaire",
                    "reference",
                    "http://loinc.org/q/44249-1 (PHQ-9) or http://loinc.org/q/69737-5 (GAD-7).",
                    _instrument_filter("questionnaire"),
                ),
                SearchParameter("authored", "date", "When it was completed.", _by_date("authored", "taken_at")),
            ),
            patient_of=attrgetter("patient_id"),
        ),
        StoredKind(
            type="Observation",
            rows=lambda clinic, at: selectors.fhir_assessments(clinic),
            render=observation_resource,
            order=("taken_at", "id"),
            parameters=(
                _PATIENT,
                SearchParameter("code", "token", f"LOINC: {_CODES}.", _instrument_filter("code")),
                SearchParameter("date", "date", "When it was completed.", _by_date("date", "taken_at")),
            ),
            patient_of=attrgetter("patient_id"),
            notes="PHQ-9 and GAD-7 total scores.",
        ),
    )
}


def search_rows(kind: StoredKind, clinic, params: SearchParams, *, at: datetime) -> QuerySet:
    zone = ZoneInfo(clinic.timezone)
    rows = kind.rows(clinic, at)
    for parameter in kind.parameters:
        if parameter.name in params.query:
            rows = parameter.apply(rows, params, zone)
    return rows
