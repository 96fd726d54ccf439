from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from apps.care.gates import consultation_booking_blockers, dosing_booking_blockers
from apps.care.models import Assessment, ConsentDocument, ConsentSignature, Intake, SafetyAlert, TreatmentPlan
from apps.care.selectors import assessment_trend
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
    assert counts == [4, 4, 2, 1, 12]

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
