"""Each patient's reading: read marks, bookmarks, assigned reading and progress; and what a clinic's
staff see of it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.education.models import ArticleRead, ArticleStatus, Bookmark
from apps.education.services import article_save, reading_assign_for_event
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory
from tests.education.factories import ArticleFactory, ReadingRuleFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def clinic_patient(clinic):
    return ClinicPatientFactory(clinic=clinic).patient


@pytest.fixture
def reader(clinic_patient):
    client = APIClient()
    sign_in(client, clinic_patient)
    return client


@pytest.fixture
def first_dose_rules(clinic):
    for slug, title in [("day-of-session", "The day of your session"), ("side-effects", "Side effects")]:
        ReadingRuleFactory(event="first_dosing_booked", article=ArticleFactory(slug=slug, title=title))
    ReadingRuleFactory(event="consultation_booked", article=ArticleFactory(slug="costs", title="Costs"))
    ReadingRuleFactory(event="session_completed", article=ArticleFactory(slug="integration", title="Integration"))


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_marking_as_read_is_idempotent_shown_on_the_article_and_reversible(reader, clinic_patient):
    ArticleFactory(slug="intro")
    with time_machine.travel(NOW, tick=False) as clock:
        first = reader.put("/api/v1/education/read-marks/intro")
        clock.shift(timedelta(minutes=10))
        again = reader.put("/api/v1/education/read-marks/intro")
        assert first.status_code == again.status_code == 200
        assert first.json() == again.json() == {"article": "intro", "read_at": "2026-11-10T15:00:00Z"}
        assert ArticleRead.objects.filter(patient=clinic_patient).count() == 1
        assert reader.get("/api/v1/education/articles/intro").json()["read_at"] == "2026-11-10T15:00:00Z"

        assert reader.delete("/api/v1/education/read-marks/intro").status_code == 204
        assert reader.delete("/api/v1/education/read-marks/intro").status_code == 204
        assert reader.get("/api/v1/education/articles/intro").json()["read_at"] is None


def test_bookmarks_are_listed_newest_first_and_removable(reader):
    ArticleFactory(slug="older")
    ArticleFactory(slug="newer")
    ArticleFactory(slug="unmarked")
    with time_machine.travel(NOW, tick=False) as clock:
        assert reader.put("/api/v1/education/bookmarks/older").json() == {
            "article": "older",
            "created_at": "2026-11-10T15:00:00Z",
        }
        clock.shift(timedelta(minutes=5))
        reader.put("/api/v1/education/bookmarks/newer")
        reader.put("/api/v1/education/bookmarks/newer")
        listed = results(reader.get("/api/v1/education/bookmarks"))
        assert [row["slug"] for row in listed] == ["newer", "older"]
        assert listed[0]["bookmarked_at"] == "2026-11-10T15:05:00Z"

        assert reader.delete("/api/v1/education/bookmarks/newer").status_code == 204
        assert [row["slug"] for row in results(reader.get("/api/v1/education/bookmarks"))] == ["older"]


def test_a_bookmarked_article_taken_back_to_draft_leaves_the_bookmarks(reader):
    article = ArticleFactory(slug="withdrawn")
    reader.put("/api/v1/education/bookmarks/withdrawn")
    article.status = ArticleStatus.DRAFT
    article_save(article=article)
    assert results(reader.get("/api/v1/education/bookmarks")) == []


@pytest.mark.parametrize("path", ["bookmarks", "read-marks"])
def test_drafts_and_other_clinics_pages_cannot_be_marked(reader, path):
    ArticleFactory(slug="draft", status=ArticleStatus.DRAFT, medical_reviewer=None)
    ArticleFactory(slug="elsewhere", clinic=ClinicFactory())
    for slug in ("draft", "elsewhere", "no-such-article"):
        assert reader.put(f"/api/v1/education/{path}/{slug}").status_code == 404
    assert not Bookmark.objects.exists()
    assert not ArticleRead.objects.exists()


def test_bookmarks_and_read_marks_are_each_patients_own(reader):
    ArticleFactory(slug="intro")
    reader.put("/api/v1/education/bookmarks/intro")
    reader.put("/api/v1/education/read-marks/intro")
    someone_else = APIClient()
    sign_in(someone_else, PatientFactory())
    assert results(someone_else.get("/api/v1/education/bookmarks")) == []
    article = someone_else.get("/api/v1/education/articles/intro").json()
    assert (article["read_at"], article["bookmarked_at"]) == (None, None)


def test_marks_are_audited(reader, clinic_patient):
    ArticleFactory(slug="intro")
    reader.put("/api/v1/education/bookmarks/intro")
    reader.put("/api/v1/education/bookmarks/intro")
    reader.put("/api/v1/education/read-marks/intro")
    reader.delete("/api/v1/education/bookmarks/intro")
    trail = list(AuditEvent.objects.order_by("at", "id").values_list("action", "object_type", "patient"))
    assert trail == [
        ("create", "education.bookmark", clinic_patient.pk),
        ("create", "education.articleread", clinic_patient.pk),
        ("delete", "education.bookmark", clinic_patient.pk),
    ]


@pytest.mark.parametrize("path", ["assigned-reading", "progress", "bookmarks"])
def test_a_patients_reads_of_their_own_reading_are_audited(reader, clinic_patient, path):
    assert reader.get(f"/api/v1/education/{path}").status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.patient, event.clinic) == (clinic_patient, "read", clinic_patient, None)


@time_machine.travel(NOW, tick=False)
def test_assigned_reading_appears_after_the_right_event_unread_and_soonest_first(
    reader, clinic, clinic_patient, first_dose_rules
):
    assert results(reader.get("/api/v1/education/assigned-reading")) == []
    reading_assign_for_event(
        patient=clinic_patient, event="consultation_booked", clinic=clinic, due_at=NOW + timedelta(days=2)
    )
    reading_assign_for_event(
        patient=clinic_patient, event="first_dosing_booked", clinic=clinic, due_at=NOW + timedelta(days=9)
    )
    reader.put("/api/v1/education/read-marks/side-effects")
    listed = results(reader.get("/api/v1/education/assigned-reading"))
    assert [(row["article"]["slug"], row["event"], row["read_at"] is not None) for row in listed] == [
        ("costs", "consultation_booked", False),
        ("day-of-session", "first_dosing_booked", False),
        ("side-effects", "first_dosing_booked", True),
    ]
    assert listed[0]["due_at"] == "2026-11-12T15:00:00Z"
    assert listed[0]["article"]["reading_minutes"] == 1
    assert reader.get("/api/v1/education/progress").json() == {"assigned": 3, "read": 1, "unread": 2}


def test_progress_counts_only_assigned_reading(reader, clinic, clinic_patient, first_dose_rules):
    ArticleFactory(slug="extra")
    reader.put("/api/v1/education/read-marks/extra")
    assert reader.get("/api/v1/education/progress").json() == {"assigned": 0, "read": 0, "unread": 0}
    reading_assign_for_event(patient=clinic_patient, event="session_completed", clinic=clinic)
    reader.put("/api/v1/education/read-marks/integration")
    assert reader.get("/api/v1/education/progress").json() == {"assigned": 1, "read": 1, "unread": 0}


def staff_reading_path(clinic, patient):
    return f"/api/v1/education/clinics/{clinic.slug}/patients/{patient.pk}/reading"


def test_staff_see_whether_the_first_dose_preparation_is_read(
    clinic, clinic_patient, reader, staff_client_for, first_dose_rules
):
    staff = staff_client_for(clinic, role="provider")
    before = staff.get(staff_reading_path(clinic, clinic_patient)).json()
    assert before["first_dose_preparation"]["complete"] is False
    assert [a["slug"] for a in before["first_dose_preparation"]["articles"]] == ["side-effects", "day-of-session"]
    assert before["assignments"] == []

    reading_assign_for_event(patient=clinic_patient, event="first_dosing_booked", clinic=clinic)
    reader.put("/api/v1/education/read-marks/day-of-session")
    partway = staff.get(staff_reading_path(clinic, clinic_patient)).json()
    assert partway["progress"] == {"assigned": 2, "read": 1, "unread": 1}
    assert partway["first_dose_preparation"]["complete"] is False

    reader.put("/api/v1/education/read-marks/side-effects")
    done = staff.get(staff_reading_path(clinic, clinic_patient)).json()
    assert done["patient_id"] == str(clinic_patient.pk)
    assert done["first_dose_preparation"]["complete"] is True
    assert all(a["read_at"] for a in done["first_dose_preparation"]["articles"])


def test_a_clinic_with_no_first_dose_rules_never_reports_the_preparation_done(clinic, clinic_patient, staff_client_for):
    staff = staff_client_for(clinic)
    preparation = staff.get(staff_reading_path(clinic, clinic_patient)).json()["first_dose_preparation"]
    assert preparation == {"complete": False, "articles": []}


def test_staff_see_only_what_their_own_clinic_assigned(clinic, clinic_patient, staff_client_for, first_dose_rules):
    other = ClinicFactory(organization=clinic.organization)
    ClinicPatientFactory(clinic=other, patient=clinic_patient)
    reading_assign_for_event(patient=clinic_patient, event="consultation_booked", clinic=other)
    reading_assign_for_event(patient=clinic_patient, event="session_completed", clinic=clinic)
    overview = staff_client_for(clinic).get(staff_reading_path(clinic, clinic_patient)).json()
    assert [row["article"]["slug"] for row in overview["assignments"]] == ["integration"]
    assert overview["progress"]["assigned"] == 1


def test_another_clinics_patient_is_404_through_either_clinic(clinic, staff_client_for, first_dose_rules):
    foreign = ClinicPatientFactory()
    staff = staff_client_for(clinic)
    for path in (staff_reading_path(clinic, foreign.patient), staff_reading_path(foreign.clinic, foreign.patient)):
        response = staff.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.exists()


def test_staff_without_mfa_and_patients_are_refused(clinic, clinic_patient, reader, staff_client_for):
    no_mfa = staff_client_for(clinic, mfa=False).get(staff_reading_path(clinic, clinic_patient))
    assert (no_mfa.status_code, no_mfa.json()["code"]) == (403, "mfa_required")
    as_patient = reader.get(staff_reading_path(clinic, clinic_patient))
    assert (as_patient.status_code, as_patient.json()["code"]) == (403, "permission_denied")


def test_a_staff_read_of_a_patients_reading_is_audited(clinic, clinic_patient, staff_client_for):
    staff = staff_client_for(clinic, role="front_desk")
    assert staff.get(staff_reading_path(clinic, clinic_patient)).status_code == 200
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.patient, event.clinic) == (staff.user, "read", clinic_patient, clinic)
