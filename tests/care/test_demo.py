from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.care.gates import consultation_booking_blockers, dosing_booking_blockers
from apps.care.models import (
    Assessment,
    ConsentDocument,
    ConsentSignature,
    DosingBookingDetails,
    Intake,
    SafetyAlert,
    SessionRecord,
    TreatmentPlan,
)
from apps.care.selectors.assessments import assessment_trend
from apps.care.selectors.sessions import completed_dose_sessions, plan_progress
from apps.clinics.models import Clinic
from apps.core.clock import now

pytestmark = pytest.mark.django_db


def test_the_demo_care_records_are_seeded_once_and_open_the_dosing_gate_for_maya():
    call_command("seed_demo", stdout=StringIO())
    counts = [model.objects.count() for model in (ConsentDocument, ConsentSignature, Intake, TreatmentPlan, Assessment)]
    call_command("seed_demo", stdout=StringIO())
    assert [
        model.objects.count() for model in (ConsentDocument, ConsentSignature, Intake, TreatmentPlan, Assessment)
    ] == counts
    assert counts == [4, 7, 2, 1, 12]  # Maya signed the four documents, Jordan those a video consultation needs

    users = get_user_model().objects
    maya, jordan = users.get(email="maya.patient@example.com"), users.get(email="jordan.patient@example.com")
    brooklyn = Clinic.objects.get(slug="brooklyn")
    tomorrow = now() + timedelta(days=1)
    assert dosing_booking_blockers(patient=maya, clinic=brooklyn, route="iv_infusion", at=tomorrow) == []
    assert [b.code for b in dosing_booking_blockers(patient=maya, clinic=brooklyn, route="lozenge", at=tomorrow)] == [
        "route_not_approved"
    ]
    assert consultation_booking_blockers(patient=maya, clinic=brooklyn, telehealth=True) == []
    assert maya.intake.screening_outcome == "likely_candidate"
    assert jordan.intake.screening_outcome == "needs_review"

    phq9, gad7 = assessment_trend(maya)["instruments"]
    assert [point.total_score for point in phq9["points"]] == [21, 18, 14, 11, 8, 6]
    assert [point.total_score for point in gad7["points"]] == [15, 13, 11, 9, 7, 5]
    assert all(
        answers[8] == 0 for answers in Assessment.objects.filter(instrument="phq9").values_list("answers", flat=True)
    )
    assert not SafetyAlert.objects.exists()


def test_the_demo_gives_maya_two_completed_induction_sessions_with_records_and_one_booked():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    maya = get_user_model().objects.get(email="maya.patient@example.com")
    progress = plan_progress(maya.treatment_plans.get())
    assert progress.summary == "2 of 6 induction sessions"
    assert (progress.induction_booked, progress.phase) == (1, "induction")
    completed = list(completed_dose_sessions(maya))
    assert len(completed) == 2 and progress.last_dose_at == completed[-1].starts_at
    assert all(session.starts_at < now() - timedelta(days=2) for session in completed)
    records = SessionRecord.objects.filter(appointment__in=completed, completed_at__isnull=False)
    assert records.count() == 2
    for record in records:
        record.full_clean()  # the demo records pass the checks the API applies
    # The upcoming infusion the booking demo made passed the gates and recorded the escort.
    assert DosingBookingDetails.objects.filter(appointment__patient=maya).count() == 3
    assert len(assessment_trend(maya)["sessions"]) == 2
