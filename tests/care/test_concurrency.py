"""Races decided by the database, with real concurrent connections (PostgreSQL): exactly one winner,
and the loser gets its 409 code."""

import threading

import pytest
from django.db import connection

from apps.care.models import ConsentSignature, Intake, SafetyAlert, TreatmentPlan
from apps.care.services import (
    assessment_submit,
    consent_sign,
    intake_submit,
    safety_alert_acknowledge,
    treatment_plan_create,
)
from apps.core.exceptions import ApplicationError
from tests.accounts.factories import PatientFactory
from tests.care.factories import clinic_provider, fake_request, make_intake, publish_consents, record_outcome
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
    assessment_submit(request=fake_request(patient), patient=patient, instrument="phq9", answers=[0] * 8 + [2])
    alert = SafetyAlert.objects.get()
    first, second = (MembershipFactory(clinic=link.clinic).user for _ in range(2))

    outcomes = race(
        lambda: safety_alert_acknowledge(request=fake_request(first), alert=alert, note="first"),
        lambda: safety_alert_acknowledge(request=fake_request(second), alert=alert, note="second"),
    )
    assert outcomes == ["alert_already_acknowledged", "ok"]
    alert.refresh_from_db()
    assert alert.acknowledged_by in (first, second)
    assert alert.acknowledgement_note == ("first" if alert.acknowledged_by == first else "second")


def test_a_double_submitted_intake_is_submitted_once():
    patient = PatientFactory()
    make_intake(patient=patient)
    request = fake_request(patient)
    outcomes = race(
        lambda: intake_submit(request=request, patient=patient), lambda: intake_submit(request=request, patient=patient)
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
            request=fake_request(provider), clinic=clinic, patient=patient, provider=provider, approved_routes=[route]
        )

    assert race(create("iv_infusion"), create("lozenge")) == ["ok", "plan_exists"]
    assert TreatmentPlan.objects.count() == 1


def test_signing_the_same_document_twice_at_once_records_one_signature():
    clinic = ClinicFactory()
    patient = PatientFactory()
    document = publish_consents(clinic.organization, ["privacy"])["privacy"]
    name = patient.patient_profile.legal_name

    def sign():
        consent_sign(
            request=fake_request(patient), patient=patient, document=document, typed_name=name, sha256=document.sha256
        )

    assert race(sign, sign) == ["consent_already_signed", "ok"]
    assert ConsentSignature.objects.count() == 1
