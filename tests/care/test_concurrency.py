"""Races decided by the database, with real concurrent connections (PostgreSQL): exactly one winner,
and the loser gets its 409 code."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from apps.booking.models import AppointmentEvent
from apps.care.models import ConsentSignature, Intake, SafetyAlert, TreatmentPlan
from apps.care.services.assessments import assessment_submit, safety_alert_acknowledge
from apps.care.services.consents import consent_sign
from apps.care.services.intake import intake_submit
from apps.care.services.plans import treatment_plan_create
from apps.care.services.sessions import session_record_complete
from apps.core.clock import now
from apps.core.exceptions import ApplicationError
from tests.accounts.factories import PatientFactory
from tests.booking.factories import AppointmentFactory, ServiceTypeFactory
from tests.care.factories import (
    clinic_provider,
    make_intake,
    make_plan,
    publish_consents,
    record_outcome,
    write_session_record,
)
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls) -> list[str]:
    """Run the calls at the same moment, each on its own connection; return "ok" or each error code."""
    start = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            start.wait()
            call()
            outcomes.append("ok")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_staff_acknowledging_one_alert_at_once_one_wins():
    link = ClinicPatientFactory()
    patient = link.patient
    assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=[0] * 8 + [2])
    alert = SafetyAlert.objects.get()
    first, second = (MembershipFactory(clinic=link.clinic).user for _ in range(2))

    outcomes = race(
        lambda: safety_alert_acknowledge(actor=first, alert=alert, note="first"),
        lambda: safety_alert_acknowledge(actor=second, alert=alert, note="second"),
    )
    assert outcomes == ["alert_already_acknowledged", "ok"]
    alert.refresh_from_db()
    assert alert.acknowledged_by in (first, second)
    assert alert.acknowledgement_note == ("first" if alert.acknowledged_by == first else "second")


def test_a_double_submitted_intake_is_submitted_once():
    patient = PatientFactory()
    make_intake(patient=patient)
    outcomes = race(
        lambda: intake_submit(actor=patient, patient=patient), lambda: intake_submit(actor=patient, patient=patient)
    )
    assert outcomes == ["intake_already_submitted", "ok"]
    assert Intake.objects.get().status == "submitted"


def test_two_providers_creating_a_plan_at_once_make_one():
    clinic = ClinicFactory()
    patient = ClinicPatientFactory(clinic=clinic).patient
    provider = clinic_provider(clinic)
    record_outcome(patient, clinic, provider=provider)

    def create(route):
        return lambda: treatment_plan_create(
            actor=provider, clinic=clinic, patient=patient, provider=provider, approved_routes=[route]
        )

    assert race(create("iv_infusion"), create("lozenge")) == ["ok", "plan_exists"]
    assert TreatmentPlan.objects.count() == 1


def test_signing_the_same_document_twice_at_once_records_one_signature():
    clinic = ClinicFactory()
    patient = PatientFactory()
    document = publish_consents(clinic.organization, ["privacy"])["privacy"]
    name = patient.patient_profile.legal_name

    def sign():
        consent_sign(actor=patient, patient=patient, document=document, typed_name=name, sha256=document.sha256)

    assert race(sign, sign) == ["consent_already_signed", "ok"]
    assert ConsentSignature.objects.count() == 1


def sessions_ready_to_complete(hours_ago, *, induction_sessions):
    """Checked-in dosing sessions of one patient, started ``hours_ago``, each with a full record, under
    a plan of ``induction_sessions``; and the provider writing them."""
    clinic = ClinicFactory()
    patient = ClinicPatientFactory(clinic=clinic).patient
    provider = clinic_provider(clinic)
    plan = make_plan(patient, clinic, provider=provider)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        created_at=now() - timedelta(days=30), induction_sessions=induction_sessions
    )
    iv = ServiceTypeFactory(clinic=clinic, iv=True)
    sessions = [
        AppointmentFactory(service=iv, patient=patient, status="checked_in", starts_at=now() - timedelta(hours=hours))
        for hours in hours_ago
    ]
    for appointment in sessions:
        write_session_record(appointment, provider)
    return provider, plan, sessions


def test_a_session_completed_twice_at_once_closes_once_and_is_reported_once(reading_hook):
    provider, _, [appointment] = sessions_ready_to_complete([5], induction_sessions=6)
    outcomes = race(*[lambda: session_record_complete(actor=provider, appointment=appointment)] * 2)
    assert outcomes == ["ok", "ok"]  # the later one finds it completed: a retry
    assert AppointmentEvent.objects.filter(appointment=appointment, to_status="completed").count() == 1
    assert [call.kwargs["event"] for call in reading_hook.mock_calls] == ["session_completed"]


def test_the_last_two_induction_sessions_completed_at_once_start_maintenance_once(reading_hook):
    provider, plan, sessions = sessions_ready_to_complete([30, 5], induction_sessions=2)
    outcomes = race(
        *[
            lambda appointment=appointment: session_record_complete(actor=provider, appointment=appointment)
            for appointment in sessions
        ]
    )
    assert outcomes == ["ok", "ok"]
    plan.refresh_from_db()
    assert plan.maintenance_started_at is not None
    events = sorted(call.kwargs["event"] for call in reading_hook.mock_calls)
    assert events == ["maintenance_started", "session_completed", "session_completed"]
