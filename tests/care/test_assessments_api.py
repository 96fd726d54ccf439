from datetime import UTC, datetime, timedelta

import pytest

from apps.audit.models import AuditEvent
from apps.care.models import Assessment, SafetyAlert
from tests.accounts.factories import PatientFactory
from tests.care.factories import make_assessment
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/api/v1/assessments"


def test_the_instruments_are_described_for_the_spa(patient_client):
    response = patient_client.get(f"{ASSESSMENTS}/instruments")
    assert response.status_code == 200
    phq9, gad7 = response.json()
    assert (phq9["code"], len(phq9["items"]), phq9["max_score"]) == ("phq9", 9, 27)
    assert (gad7["code"], len(gad7["items"]), gad7["max_score"]) == ("gad7", 7, 21)
    assert [option["label"] for option in phq9["answer_options"]] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert phq9["prompt"].startswith("Over the last 2 weeks")
    assert [band["severity"] for band in gad7["bands"]] == ["minimal", "mild", "moderate", "severe"]


def test_a_patient_takes_a_phq9_and_gets_the_score_and_band(patient_client, patient):
    answers = [2, 2, 1, 2, 1, 1, 1, 0, 0]
    response = patient_client.post(ASSESSMENTS, {"instrument": "phq9", "answers": answers}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["crisis"] is None
    assert body["assessment"]["answers"] == answers
    assert (body["assessment"]["total_score"], body["assessment"]["severity"]) == (10, "moderate")
    saved = Assessment.objects.get()
    assert (saved.patient, saved.total_score, saved.severity) == (patient, 10, "moderate")
    assert not SafetyAlert.objects.exists()
    assert AuditEvent.objects.filter(action="create", object_type="care.assessment", patient=patient).count() == 1


def test_a_patient_takes_a_gad7_at_any_time(patient_client):
    response = patient_client.post(ASSESSMENTS, {"instrument": "gad7", "answers": [3] * 7}, format="json")
    assert response.status_code == 201
    assert (response.json()["assessment"]["total_score"], response.json()["assessment"]["severity"]) == (21, "severe")
    again = patient_client.post(ASSESSMENTS, {"instrument": "gad7", "answers": [0] * 7}, format="json")
    assert again.status_code == 201
    assert Assessment.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"instrument": "phq9", "answers": [0] * 8}, "answers"),
        ({"instrument": "phq9", "answers": [0] * 8 + [4]}, "answers"),
        ({"instrument": "gad7", "answers": [0] * 9}, "answers"),
        ({"instrument": "gad7", "answers": ["often"] * 7}, "answers"),
        ({"instrument": "gad7", "answers": [0] * 500}, "answers"),
        ({"instrument": "beck", "answers": [0] * 7}, "instrument"),
        ({"answers": [0] * 7}, "instrument"),
        ({"instrument": "gad7", "answers": "0000000"}, "answers"),
    ],
)
def test_bad_answers_are_400s_and_nothing_is_saved(patient_client, payload, field):
    response = patient_client.post(ASSESSMENTS, payload, format="json")
    assert response.status_code == 400
    assert {name.split(".")[0] for name in response.json()["fields"]} == {field}
    assert not Assessment.objects.exists()


def test_a_patient_lists_only_their_own_assessments_newest_first(patient_client, patient):
    older = make_assessment(patient, taken_at=datetime(2026, 9, 1, 12, tzinfo=UTC))
    newer = make_assessment(patient, "gad7", taken_at=datetime(2026, 10, 1, 12, tzinfo=UTC))
    make_assessment(PatientFactory())
    response = patient_client.get(ASSESSMENTS)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [newer.pk, older.pk]
    assert sorted(AuditEvent.objects.filter(action="read").values_list("object_id", flat=True)) == sorted(
        [str(newer.pk), str(older.pk)]
    )


def test_the_trend_gives_each_instruments_scores_over_time_and_no_sessions_yet(patient_client, patient):
    start = datetime(2026, 9, 1, 15, tzinfo=UTC)
    for week, total in enumerate([19, 15, 11, 7]):
        make_assessment(patient, total=total, taken_at=start + timedelta(weeks=week))
    make_assessment(patient, "gad7", total=12, taken_at=start)
    make_assessment(PatientFactory(), total=24, taken_at=start)

    response = patient_client.get(f"{ASSESSMENTS}/trend")
    assert response.status_code == 200
    body = response.json()
    phq9, gad7 = body["instruments"]
    assert (phq9["instrument"], phq9["name"], phq9["max_score"]) == ("phq9", "PHQ-9", 27)
    assert [point["total_score"] for point in phq9["points"]] == [19, 15, 11, 7]
    assert [point["severity"] for point in phq9["points"]] == [
        "moderately_severe",
        "moderately_severe",
        "moderate",
        "mild",
    ]
    assert phq9["points"][0]["taken_at"] == "2026-09-01T15:00:00Z"
    assert [point["total_score"] for point in gad7["points"]] == [12]
    assert len(phq9["bands"]) == 5
    assert body["sessions"] == []
    assert AuditEvent.objects.filter(action="read", patient=patient).count() == 5


def test_an_empty_trend_still_names_both_instruments(patient_client):
    body = patient_client.get(f"{ASSESSMENTS}/trend").json()
    assert [(row["instrument"], row["points"]) for row in body["instruments"]] == [("phq9", []), ("gad7", [])]


def test_staff_accounts_cannot_take_assessments_as_patients(clinic, staff_client_for):
    response = staff_client_for(clinic).post(ASSESSMENTS, {"instrument": "gad7", "answers": [0] * 7}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "patients_only"


# --- Staff ---------------------------------------------------------------------------------------


def staff_url(clinic, patient, suffix=""):
    return f"/api/v1/clinics/{clinic.slug}/patients/{patient.pk}/assessments{suffix}"


def test_staff_see_their_patients_assessments_and_trend(clinic, staff_client_for):
    link = ClinicPatientFactory(clinic=clinic)
    taken = make_assessment(link.patient, total=8)
    client = staff_client_for(clinic, role="provider")
    listed = client.get(staff_url(clinic, link.patient))
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [taken.pk]
    trend = client.get(staff_url(clinic, link.patient, "/trend"))
    assert trend.status_code == 200
    assert [point["total_score"] for point in trend.json()["instruments"][0]["points"]] == [taken.total_score]
    events = AuditEvent.objects.filter(actor=client.user, patient=link.patient, clinic=clinic, action="read")
    assert events.count() == 2


@pytest.mark.parametrize("suffix", ["", "/trend"])
def test_staff_cannot_reach_another_clinics_patients_assessments(clinic, staff_client_for, suffix):
    foreign = ClinicPatientFactory(clinic=ClinicFactory())
    make_assessment(foreign.patient)
    unlinked = PatientFactory()
    client = staff_client_for(clinic)
    assert client.get(staff_url(clinic, foreign.patient, suffix)).status_code == 404
    assert client.get(staff_url(foreign.clinic, foreign.patient, suffix)).status_code == 404
    assert client.get(staff_url(clinic, unlinked, suffix)).status_code == 404
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("suffix", ["", "/trend"])
def test_patients_cannot_use_the_staff_assessment_endpoints(patient_client, patient, clinic, suffix):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    assert patient_client.get(staff_url(clinic, patient, suffix)).status_code == 403
