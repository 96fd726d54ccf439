import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.audit.models import AuditEvent
from apps.reminders.channels import unsubscribe_token
from apps.reminders.delivery import notifications_claim_due, notifications_deliver
from apps.reminders.models import NotificationPreference, Status
from apps.reminders.sms import MemorySMSBackend
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory
from tests.reminders.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _send_everything_due():
    token, ids = notifications_claim_due()
    notifications_deliver(notification_ids=ids, claim_token=token)


def test_in_portal_messages_list_and_mark_read(patient_client, patient):
    mine = NotificationFactory(recipient=patient, channel="in_app", status=Status.SENT)
    NotificationFactory(recipient=patient, channel="in_app", status=Status.PENDING)  # not delivered yet
    NotificationFactory(channel="in_app", status=Status.SENT)  # someone else's
    rows = patient_client.get("/api/v1/notifications").json()["results"]
    assert [row["id"] for row in rows] == [str(mine.pk)]
    assert rows[0]["title"] == "You have an upcoming appointment"
    assert rows[0]["read_at"] is None
    response = patient_client.post(f"/api/v1/notifications/{mine.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None


def test_another_patients_message_answers_404(patient_client):
    theirs = NotificationFactory(channel="in_app", status=Status.SENT)
    assert patient_client.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404


def test_listing_in_portal_messages_takes_a_fixed_number_of_queries(patient_client, patient, django_assert_num_queries):
    NotificationFactory.create_batch(5, recipient=patient, channel="in_app", status=Status.SENT)
    patient_client.get("/api/v1/me")  # the session's first request stamps its activity time
    # the user (the session is in the cache), count, one page with profile and clinic joined
    with django_assert_num_queries(3):
        assert len(patient_client.get("/api/v1/notifications").json()["results"]) == 5


def test_texts_cannot_be_turned_on_before_the_number_is_verified(patient_client):
    response = patient_client.patch("/api/v1/notifications/preferences", {"sms_enabled": True}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["sms_enabled"]


def test_verifying_a_mobile_number_turns_texts_on(patient_client, patient):
    MemorySMSBackend.outbox.clear()
    assert patient_client.post("/api/v1/notifications/phone/verify", {"number": "+13035550111"}).status_code == 202
    _send_everything_due()
    code = re.search(r"\d{6}", MemorySMSBackend.outbox[-1]["body"]).group(0)
    assert MemorySMSBackend.outbox[-1]["to"] == "+13035550111"
    wrong = "000000" if code != "000000" else "111111"
    assert patient_client.post("/api/v1/notifications/phone/confirm", {"code": wrong}).status_code == 400
    response = patient_client.post("/api/v1/notifications/phone/confirm", {"code": code})
    assert response.status_code == 200
    assert response.json()["sms_verified"] is True
    assert response.json()["sms_enabled"] is True


def test_guessing_the_code_stops_after_five_tries(patient_client):
    patient_client.post("/api/v1/notifications/phone/verify", {"number": "+13035550111"})
    for _ in range(5):
        patient_client.post("/api/v1/notifications/phone/confirm", {"code": "999999"})
    assert NotificationPreference.objects.filter(sms_verified_at__isnull=False).count() == 0
    response = patient_client.post("/api/v1/notifications/phone/confirm", {"code": "999999"})
    assert response.json()["code"] == "verification_failed"


def test_quiet_hours_need_both_ends(patient_client):
    response = patient_client.patch("/api/v1/notifications/preferences", {"quiet_hours_start": "22:00"}, format="json")
    assert response.status_code == 400
    response = patient_client.patch(
        "/api/v1/notifications/preferences", {"quiet_hours_start": "22:00", "quiet_hours_end": "07:00"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["quiet_hours_end"] == "07:00"


def _unsubscribe_link_sent_on_march_2(patient) -> str:
    """The path of the List-Unsubscribe link in a follow-up e-mail sent to ``patient`` on 2026-03-02."""
    NotificationFactory(recipient=patient, kind="booster_due", due_at=datetime(2026, 3, 2, 17, tzinfo=UTC))
    with time_machine.travel("2026-03-02 17:00Z", tick=False):
        _send_everything_due()
    return mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")


def test_one_click_unsubscribe_from_the_e_mail_header_works_without_signing_in():
    patient = PatientFactory()
    path = _unsubscribe_link_sent_on_march_2(patient)
    anonymous = APIClient(enforce_csrf_checks=True)
    # The link lasts a year from the e-mail, so it is followed at a fixed instant, not "today".
    with time_machine.travel("2026-03-03 09:00Z"):
        response = anonymous.post(path)
    assert response.status_code == 200
    assert response.json() == {"kind": "booster_due", "description": "Follow-up visit due", "unsubscribed": True}
    assert NotificationPreference.objects.get(user=patient).unsubscribed_kinds == ["booster_due"]


def test_an_unsubscribe_link_older_than_a_year_is_refused(patient):
    path = _unsubscribe_link_sent_on_march_2(patient)
    with time_machine.travel("2027-03-03 09:00Z"):
        response = APIClient(enforce_csrf_checks=True).post(path)
    assert response.status_code == 404
    unsubscribed = NotificationPreference.objects.filter(user=patient).values_list("unsubscribed_kinds", flat=True)
    assert "booster_due" not in [kind for kinds in unsubscribed for kind in kinds]


def test_essential_messages_carry_no_unsubscribe_link(patient):
    NotificationFactory(recipient=patient, kind="appointment_reminder", due_at=datetime(2026, 3, 2, 17, tzinfo=UTC))
    with time_machine.travel("2026-03-02 17:00Z", tick=False):
        _send_everything_due()
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


@pytest.mark.parametrize("kind", ["appointment_reminder", "booster_due"])
def test_tampered_or_essential_unsubscribe_tokens_are_refused(patient, kind):
    token = unsubscribe_token(user_id=patient.pk, kind=kind)
    bad = token if kind == "appointment_reminder" else token[:-2] + "xx"
    response = APIClient().post(f"/api/v1/notifications/unsubscribe/{bad}")
    assert response.status_code == 404


def test_staff_see_their_clinics_delivery_log_and_resend_a_failed_message(clinic, staff_client_for):
    failed = NotificationFactory(clinic=clinic, status=Status.FAILED, attempts=6, last_error="SMTPException: 550")
    NotificationFactory(clinic=clinic, status=Status.SENT)
    NotificationFactory(clinic=ClinicFactory(), status=Status.FAILED)
    client = staff_client_for(clinic, role="front_desk")
    rows = client.get(f"/api/v1/clinics/{clinic.slug}/notifications?status=failed").json()["results"]
    assert [row["id"] for row in rows] == [str(failed.pk)]
    read = AuditEvent.objects.get(action="read", object_id=str(failed.pk))
    assert (read.actor, read.patient_id, read.clinic) == (client.user, failed.recipient_id, clinic)
    response = client.post(f"/api/v1/clinics/{clinic.slug}/notifications/{failed.pk}/resend")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"]) == ("pending", 0)
    again = client.post(f"/api/v1/clinics/{clinic.slug}/notifications/{failed.pk}/resend")
    assert (again.status_code, again.json()["code"]) == (409, "not_failed")


def test_another_clinics_delivery_log_and_messages_answer_404(clinic, staff_client_for):
    other = ClinicFactory()
    theirs = NotificationFactory(clinic=other, status=Status.FAILED)
    client = staff_client_for(clinic)
    assert client.get(f"/api/v1/clinics/{other.slug}/notifications").status_code == 404
    assert client.post(f"/api/v1/clinics/{clinic.slug}/notifications/{theirs.pk}/resend").status_code == 404


def test_the_delivery_log_filtered_to_one_patient_lists_only_their_messages(clinic, staff_client_for):
    patient, other_patient = PatientFactory(), PatientFactory()
    older = NotificationFactory(
        clinic=clinic, recipient=patient, status=Status.SENT, due_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    newer = NotificationFactory(
        clinic=clinic, recipient=patient, status=Status.FAILED, due_at=datetime(2026, 3, 2, tzinfo=UTC)
    )
    NotificationFactory(clinic=clinic, recipient=other_patient)
    NotificationFactory(clinic=ClinicFactory(), recipient=patient)  # another clinic's message to them
    client = staff_client_for(clinic)
    log = f"/api/v1/clinics/{clinic.slug}/notifications"

    rows = client.get(f"{log}?recipient={patient.pk}").json()["results"]
    assert [row["id"] for row in rows] == [str(newer.pk), str(older.pk)]
    failed = client.get(f"{log}?recipient={patient.pk}&status=failed").json()["results"]
    assert [row["id"] for row in failed] == [str(newer.pk)]
    assert client.get(f"{log}?recipient={PatientFactory().pk}").json()["count"] == 0
    assert set(AuditEvent.objects.filter(action="read").values_list("patient_id", flat=True)) == {patient.pk}


@pytest.mark.parametrize("query", ["recipient=not-a-uuid", "status=delivered"])
def test_a_malformed_filter_is_a_400_in_the_one_shape(clinic, staff_client_for, query):
    response = staff_client_for(clinic).get(f"/api/v1/clinics/{clinic.slug}/notifications?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and set(response.json()["fields"]) <= {"recipient", "status"}


def test_the_filtered_log_costs_the_same_queries_whatever_its_length(clinic, staff_client_for):
    patient = PatientFactory()
    client = staff_client_for(clinic)
    url = f"/api/v1/clinics/{clinic.slug}/notifications?recipient={patient.pk}"

    def queries():
        client.get(url)  # the session is touched on the first request only
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    empty = queries()  # the staff overhead and the count
    NotificationFactory(clinic=clinic, recipient=patient)
    assert queries() == empty + 2  # the page (recipients joined), one audit insert
    for _ in range(3):
        NotificationFactory(clinic=clinic, recipient=patient)
    assert queries() == empty + 2
