"""The gates the booking app calls: each blocker with its code and reason, and the all-clear."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.care.gates import consultation_booking_blockers, dosing_booking_blockers
from tests.care.factories import make_assessment, make_intake, make_plan, name_escort, publish_consents, sign_consents
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

pytestmark = pytest.mark.django_db

SESSION_AT = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def ready(patient, clinic):
    """A patient who meets every dosing requirement at ``clinic`` for an IV infusion at SESSION_AT."""
    ClinicPatientFactory(clinic=clinic, patient=patient)
    make_intake(patient=patient, submitted=True)
    publish_consents(clinic.organization)
    sign_consents(patient, clinic.organization)
    make_plan(patient, clinic, routes=["iv_infusion", "im_injection"])
    make_assessment(patient, taken_at=SESSION_AT - timedelta(days=12))
    name_escort(patient)
    return patient


def dosing(patient, clinic, *, route="iv_infusion", at=SESSION_AT):
    return dosing_booking_blockers(patient=patient, clinic=clinic, route=route, at=at)


def codes(blockers):
    return [blocker.code for blocker in blockers]


def test_a_patient_who_meets_every_requirement_may_book_a_dosing_session(ready, clinic):
    assert dosing(ready, clinic) == []
    assert dosing(ready, clinic, route="im_injection") == []


def test_the_gate_costs_five_queries(ready, clinic, django_assert_num_queries):
    """The plan, the consents, the PHQ-9s, the escort and the plan's doses already booked."""
    with django_assert_num_queries(5):
        assert dosing(ready, clinic) == []


def test_without_a_plan_the_booking_is_refused(patient, clinic):
    [plan_blocker, *_] = dosing(patient, clinic)
    assert plan_blocker.code == "no_active_plan"
    assert "active treatment plan" in plan_blocker.message


def test_a_paused_plan_blocks_with_its_own_reason(ready, clinic):
    plan = ready.treatment_plans.get()
    plan.status = "paused"
    plan.save()
    [blocker] = dosing(ready, clinic)
    assert blocker.code == "no_active_plan"
    assert "paused" in blocker.message


def test_a_completed_plan_does_not_count(ready, clinic):
    ready.treatment_plans.update(status="completed")
    assert codes(dosing(ready, clinic)) == ["no_active_plan"]


def test_a_plan_at_another_clinic_does_not_open_this_one(ready, clinic):
    other = ClinicFactory(organization=clinic.organization)
    assert codes(dosing(ready, other)) == ["no_active_plan"]


def test_a_route_the_plan_does_not_approve_is_refused_with_the_approved_ones(ready, clinic):
    [blocker] = dosing(ready, clinic, route="lozenge")
    assert blocker.code == "route_not_approved"
    assert blocker.message == "Your treatment plan does not include Lozenge. It includes: IV infusion, IM injection."
    assert blocker.details == {"route": "lozenge", "approved_routes": ["iv_infusion", "im_injection"]}


def test_unsigned_consents_are_listed(ready, clinic):
    ready.consent_signatures.filter(document__kind__in=["treatment", "financial"]).delete()
    [blocker] = dosing(ready, clinic)
    assert blocker.code == "consent_required"
    assert blocker.details == {"kinds": ["treatment", "financial"]}
    assert blocker.message == "Please read and sign the treatment consent, financial policy before booking."


def test_a_new_consent_version_blocks_until_signed_again(ready, clinic):
    publish_consents(clinic.organization, ["treatment"], text="v2")
    [blocker] = dosing(ready, clinic)
    assert (blocker.code, blocker.details) == ("consent_required", {"kinds": ["treatment"]})
    sign_consents(ready, clinic.organization, ["treatment"])
    assert dosing(ready, clinic) == []


def test_the_telehealth_consent_is_not_needed_for_dosing(ready, clinic):
    ready.consent_signatures.filter(document__kind="telehealth").delete()
    assert dosing(ready, clinic) == []


@pytest.mark.parametrize(
    ("days_before", "allowed"),
    [(0, True), (29, True), (30, True), (31, False), (-1, False)],
)
def test_a_phq9_is_needed_within_the_30_days_before_the_session(ready, clinic, days_before, allowed):
    ready.assessments.all().delete()
    make_assessment(ready, taken_at=SESSION_AT - timedelta(days=days_before))
    make_assessment(ready, "gad7", taken_at=SESSION_AT - timedelta(days=1))  # a GAD-7 is not a PHQ-9
    blockers = dosing(ready, clinic)
    if allowed:
        assert blockers == []
    else:
        [blocker] = blockers
        assert blocker.code == "phq9_required"
        assert blocker.details == {"taken_on_or_after": "2026-11-10T15:00:00+00:00"}


def test_without_an_escort_the_booking_is_refused(ready, clinic):
    ready.escort.delete()
    [blocker] = dosing(ready, clinic)
    assert blocker.code == "escort_required"
    assert "will not drive" in blocker.message


def test_every_missing_requirement_is_listed_at_once_in_a_stable_order(patient, clinic):
    publish_consents(clinic.organization)
    blockers = dosing(patient, clinic)
    assert codes(blockers) == ["no_active_plan", "consent_required", "phq9_required", "escort_required"]
    assert all(blocker.message for blocker in blockers)
    assert blockers[1].as_dict() == {
        "code": "consent_required",
        "message": blockers[1].message,
        "details": {"kinds": ["treatment", "privacy", "financial"]},
    }


def test_the_gate_refuses_naive_times_and_unknown_routes(ready, clinic):
    with pytest.raises(ValueError, match="aware"):
        dosing(ready, clinic, at=datetime(2026, 12, 10, 15))
    with pytest.raises(ValueError, match="route"):
        dosing(ready, clinic, route="nasal_spray")


# --- The consultation gate -----------------------------------------------------------------------


def consultation(patient, clinic, *, telehealth=False):
    return consultation_booking_blockers(patient=patient, clinic=clinic, telehealth=telehealth)


def test_a_patient_with_a_submitted_intake_and_the_consents_may_book_a_consultation(patient, clinic):
    make_intake(patient=patient, submitted=True)
    publish_consents(clinic.organization)
    sign_consents(patient, clinic.organization, ["privacy", "financial"])
    assert consultation(patient, clinic) == []


def test_a_consultation_needs_a_submitted_intake(patient, clinic):
    publish_consents(clinic.organization)
    sign_consents(patient, clinic.organization)
    [blocker] = consultation(patient, clinic)
    assert blocker.code == "intake_required"
    make_intake(patient=patient)  # a draft is not enough
    assert codes(consultation(patient, clinic)) == ["intake_required"]


def test_a_telehealth_consultation_also_needs_the_telehealth_consent(patient, clinic):
    make_intake(patient=patient, submitted=True)
    publish_consents(clinic.organization)
    sign_consents(patient, clinic.organization, ["privacy", "financial"])
    [blocker] = consultation(patient, clinic, telehealth=True)
    assert (blocker.code, blocker.details) == ("consent_required", {"kinds": ["telehealth"]})


def test_a_consultation_lists_the_intake_and_the_consents_together(patient, clinic):
    blockers = consultation(patient, clinic, telehealth=True)
    assert codes(blockers) == ["intake_required", "consent_required"]
    assert blockers[1].details == {"kinds": ["privacy", "financial", "telehealth"]}
