"""PHQ-9 item 9 above zero: crisis resources at once, an urgent alert for the patient's clinic(s) and a
neutral message to each of the clinic's staff (the notification outbox) in the same transaction, sent at
once after commit. If the alert cannot be raised, nothing is saved and the error still carries the
crisis resources."""

import logging
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import DatabaseError

from apps.audit.models import AuditEvent
from apps.care.models import Assessment, CrisisResources, SafetyAlert
from apps.care.selectors.assessments import open_alerts_for_clinic
from apps.care.services.assessments import assessment_submit
from apps.reminders import tasks
from apps.reminders.models import Notification
from tests.accounts.factories import PatientFactory
from tests.care.factories import answers_totalling, publish_consents, sign_consents
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/api/v1/assessments"


def take_phq9(client, *, self_harm: int, total: int = 14):
    return client.post(
        ASSESSMENTS,
        {"instrument": "phq9", "answers": answers_totalling("phq9", total, self_harm=self_harm)},
        format="json",
    )


@pytest.fixture
def send_due_messages(django_capture_on_commit_callbacks, celery_eager):
    """What the next beat does: claim what is due and send it (the sends are enqueued on commit)."""

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.dispatch_due_notifications()

    return send


@pytest.fixture
def linked_clinic(patient, clinic):
    ClinicPatientFactory(clinic=clinic, patient=patient)
    return clinic


@pytest.mark.parametrize("self_harm", [1, 2, 3])
def test_any_item_9_answer_above_zero_shows_crisis_resources_and_alerts_the_clinic(
    patient_client, patient, linked_clinic, self_harm
):
    response = take_phq9(patient_client, self_harm=self_harm)
    assert response.status_code == 201, response.json()
    crisis = response.json()["crisis"]
    assert crisis["care_team_notified"] is True
    assert "care team has been told" in crisis["follow_up"]
    instructions = " ".join(resource["instruction"] for resource in crisis["resources"])
    assert "988" in instructions
    assert "911" in instructions
    assert [resource["href"] for resource in crisis["resources"]] == ["tel:988", "tel:911"]

    alert = SafetyAlert.objects.get()
    assessment = Assessment.objects.get()
    assert (alert.clinic, alert.patient, alert.assessment, alert.answer) == (
        linked_clinic,
        patient,
        assessment,
        self_harm,
    )
    assert alert.reason == "phq9_self_harm"
    assert alert.acknowledged_at is None
    assert list(open_alerts_for_clinic(linked_clinic)) == [alert]


def test_item_9_at_zero_raises_nothing_even_with_a_severe_score(patient_client, linked_clinic):
    response = take_phq9(patient_client, self_harm=0, total=24)
    assert response.status_code == 201
    assert response.json()["crisis"] is None
    assert not SafetyAlert.objects.exists()
    assert not Notification.objects.exists()


def test_the_clinics_staff_are_emailed_after_commit_with_a_neutral_message(
    patient_client, patient, linked_clinic, django_capture_on_commit_callbacks, celery_eager
):
    provider = MembershipFactory(clinic=linked_clinic, role="provider").user
    desk = MembershipFactory(clinic=linked_clinic, role="front_desk").user
    MembershipFactory(clinic=linked_clinic, is_active=False)
    MembershipFactory(clinic=ClinicFactory())  # someone at another clinic

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = take_phq9(patient_client, self_harm=2)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert response.status_code == 201
    assert callbacks, "the messages are sent once the transaction commits"

    assert sorted(message.to[0] for message in mail.outbox) == sorted([provider.email, desk.email])
    profile = patient.patient_profile
    for message in mail.outbox:
        assert message.subject == "A patient needs follow-up"
        assert f"/clinic/{linked_clinic.slug}/alerts" in message.body
        for detail in (patient.email, profile.legal_name, profile.preferred_name, "PHQ", "item 9", "self-harm", "dead"):
            assert detail not in message.body
            assert detail not in message.subject
    sent = Notification.objects.filter(kind="staff_patient_follow_up", status="sent")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "email", "in_app", "in_app"]


def test_a_broker_outage_does_not_fail_the_patient_and_the_beat_sends_the_email_once(
    patient_client, linked_clinic, django_capture_on_commit_callbacks, monkeypatch, send_due_messages
):
    MembershipFactory(clinic=linked_clinic, role="provider")

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.dispatch_due_notifications, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = take_phq9(patient_client, self_harm=1)
    assert response.status_code == 201
    assert response.json()["crisis"]["care_team_notified"] is True
    assert mail.outbox == []
    assert Notification.objects.filter(kind="staff_patient_follow_up", status="pending").count() == 2

    monkeypatch.undo()
    assert send_due_messages() == 2
    assert len(mail.outbox) == 1
    assert send_due_messages() == 0
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_is_retried_until_the_message_goes(
    patient_client, linked_clinic, monkeypatch, send_due_messages, time_machine
):
    MembershipFactory(clinic=linked_clinic, role="provider")
    time_machine.move_to(datetime(2026, 11, 2, 12, tzinfo=UTC), tick=False)
    take_phq9(patient_client, self_harm=1)
    original = EmailBackend.send_messages

    def refuse(self, messages):
        raise OSError("mail server unreachable")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    send_due_messages()
    email = Notification.objects.get(kind="staff_patient_follow_up", channel="email")
    assert (email.status, email.attempts, email.last_error) == ("pending", 1, "OSError: mail server unreachable")

    monkeypatch.setattr(EmailBackend, "send_messages", original)
    time_machine.move_to(email.due_at, tick=False)
    send_due_messages()
    assert len(mail.outbox) == 1


def test_an_acknowledged_alert_sends_no_further_follow_up_messages(
    patient_client, linked_clinic, staff_client_for, send_due_messages
):
    staff = staff_client_for(linked_clinic, role="provider")
    take_phq9(patient_client, self_harm=1)
    alert = SafetyAlert.objects.get()
    staff.post(f"/api/v1/clinics/{linked_clinic.slug}/alerts/{alert.pk}/acknowledge", {}, format="json")
    send_due_messages()
    assert mail.outbox == []
    assert set(Notification.objects.values_list("status", flat=True)) == {"skipped"}


def test_every_clinic_the_patient_is_registered_with_gets_its_own_alert(patient_client, patient, linked_clinic):
    second = ClinicPatientFactory(patient=patient, clinic=ClinicFactory()).clinic
    ClinicPatientFactory(patient=patient, clinic=ClinicFactory(is_active=False))
    ClinicFactory()  # a clinic the patient has nothing to do with
    take_phq9(patient_client, self_harm=1)
    assert {alert.clinic for alert in SafetyAlert.objects.all()} == {linked_clinic, second}


def test_an_unregistered_patient_alerts_the_clinics_of_the_organization_they_signed_consents_with(
    patient_client, patient
):
    chosen = OrganizationFactory(slug="chosen")
    chosen_clinics = {ClinicFactory(organization=chosen), ClinicFactory(organization=chosen)}
    ClinicFactory()  # another organization's clinic
    publish_consents(chosen, ["privacy"])
    sign_consents(patient, chosen, ["privacy"])
    take_phq9(patient_client, self_harm=1)
    assert {alert.clinic for alert in SafetyAlert.objects.all()} == chosen_clinics


def test_a_patient_known_to_no_organization_alerts_every_active_clinic(patient_client):
    clinics = {ClinicFactory(), ClinicFactory(organization=OrganizationFactory(slug="other"))}
    ClinicFactory(is_active=False)
    take_phq9(patient_client, self_harm=3)
    assert {alert.clinic for alert in SafetyAlert.objects.all()} == clinics


def test_the_organizations_own_crisis_resources_are_shown(patient_client, linked_clinic):
    CrisisResources.objects.create(
        organization=linked_clinic.organization,
        heading="Help is here",
        message="Please reach out now.",
        resources=[{"label": "Local crisis line", "instruction": "Call 303-555-0100", "href": "tel:+13035550100"}],
    )
    crisis = take_phq9(patient_client, self_harm=1).json()["crisis"]
    assert crisis["heading"] == "Help is here"
    assert crisis["resources"] == [
        {"label": "Local crisis line", "instruction": "Call 303-555-0100", "href": "tel:+13035550100"}
    ]


# --- It never fails silently ---------------------------------------------------------------------


def assert_failed_with_crisis_resources(response):
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "safety_alert_failed"
    assert "resources below" in body["message"]
    assert body["crisis"]["care_team_notified"] is False
    assert "could not reach your care team" in body["crisis"]["follow_up"]
    assert "988" in body["crisis"]["resources"][0]["instruction"]
    assert not Assessment.objects.exists()
    assert not SafetyAlert.objects.exists()
    assert not Notification.objects.exists()


def test_with_no_clinic_to_alert_the_answers_are_not_saved_and_the_patient_still_gets_help(patient_client, caplog):
    with caplog.at_level(logging.ERROR):
        response = take_phq9(patient_client, self_harm=2)
    assert_failed_with_crisis_resources(response)
    assert "safety alert could not be raised" in caplog.text


def test_a_database_failure_half_way_through_the_alerts_saves_nothing(
    patient_client, patient, linked_clinic, monkeypatch, caplog
):
    ClinicPatientFactory(patient=patient, clinic=ClinicFactory())
    create = SafetyAlert.objects.create
    calls = []

    def fail_on_the_second_clinic(**fields):
        calls.append(fields["clinic"])
        if len(calls) == 2:
            raise DatabaseError("connection lost")
        return create(**fields)

    monkeypatch.setattr(SafetyAlert.objects, "create", fail_on_the_second_clinic)
    with caplog.at_level(logging.ERROR):
        response = take_phq9(patient_client, self_harm=1)
    assert len(calls) == 2
    assert_failed_with_crisis_resources(response)
    assert patient.email not in caplog.text
    assert patient.patient_profile.legal_name not in caplog.text


def test_a_failure_keeps_the_organizations_crisis_resources(patient_client, linked_clinic, monkeypatch):
    CrisisResources.objects.create(
        organization=linked_clinic.organization,
        heading="Help is here",
        message="Please reach out now.",
        resources=[{"label": "Local crisis line", "instruction": "Call 988 or 303-555-0100"}],
    )

    def broken(**fields):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SafetyAlert.objects, "create", broken)
    response = take_phq9(patient_client, self_harm=1)
    assert_failed_with_crisis_resources(response)
    assert response.json()["crisis"]["heading"] == "Help is here"


def test_answers_without_a_self_harm_item_are_unaffected_by_alerting_problems(patient_client, monkeypatch):
    def broken(**fields):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SafetyAlert.objects, "create", broken)
    assert take_phq9(patient_client, self_harm=0).status_code == 201
    assert Assessment.objects.count() == 1


# --- Staff acknowledge ---------------------------------------------------------------------------


def alerts_url(clinic, suffix=""):
    return f"/api/v1/clinics/{clinic.slug}/alerts{suffix}"


def test_end_to_end_a_patients_answer_reaches_staff_who_acknowledge_it(
    patient_client, patient, linked_clinic, staff_client_for, django_capture_on_commit_callbacks, celery_eager
):
    staff = staff_client_for(linked_clinic, role="front_desk")
    with django_capture_on_commit_callbacks(execute=True):
        assert take_phq9(patient_client, self_harm=2).json()["crisis"] is not None
    assert [message.to for message in mail.outbox] == [[staff.user.email]]

    in_portal = staff.get("/api/v1/notifications").json()["results"]
    assert [(row["title"], row["link"]) for row in in_portal] == [
        ("A patient needs follow-up", f"/clinic/{linked_clinic.slug}/alerts")
    ]

    listed = staff.get(alerts_url(linked_clinic)).json()["results"]
    assert len(listed) == 1
    alert = listed[0]
    assert alert["patient"]["id"] == str(patient.pk)
    assert alert["patient"]["phone"] == str(patient.patient_profile.phone)
    assert (alert["answer"], alert["answer_label"]) == (2, "More than half the days")
    assert alert["assessment"]["instrument"] == "phq9"

    response = staff.post(
        alerts_url(linked_clinic, f"/{alert['id']}/acknowledge"), {"note": "Called, safe, seen tomorrow"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["acknowledged_by"] == staff.user.email
    assert response.json()["acknowledged_at"]
    saved = SafetyAlert.objects.get()
    assert (saved.acknowledged_by, saved.acknowledgement_note) == (staff.user, "Called, safe, seen tomorrow")

    assert staff.get(alerts_url(linked_clinic)).json()["results"] == []
    assert [row["id"] for row in staff.get(alerts_url(linked_clinic) + "?state=acknowledged").json()["results"]] == [
        alert["id"]
    ]
    again = staff.post(alerts_url(linked_clinic, f"/{alert['id']}/acknowledge"), {}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "alert_already_acknowledged"


def test_the_alert_list_puts_open_alerts_first_longest_waiting_first(
    linked_clinic, patient, staff_client_for, time_machine
):
    staff = staff_client_for(linked_clinic)
    ids = []
    for day in (1, 2, 3):
        time_machine.move_to(datetime(2026, 11, day, 12, tzinfo=UTC))
        ids.append(assessment_submit(actor=patient, patient=patient, instrument="phq9", answers=[0] * 8 + [1]))
    first, second, third = (submission.assessment.safety_alerts.get() for submission in ids)
    staff.post(alerts_url(linked_clinic, f"/{second.pk}/acknowledge"), {}, format="json")

    assert [alert.pk for alert in open_alerts_for_clinic(linked_clinic)] == [first.pk, third.pk]
    everything = staff.get(alerts_url(linked_clinic) + "?state=all").json()["results"]
    assert [row["id"] for row in everything] == [first.pk, third.pk, second.pk]
    assert staff.get(alerts_url(linked_clinic) + "?state=sideways").status_code == 400


def test_staff_cannot_see_or_acknowledge_another_clinics_alerts(staff_client_for, clinic):
    other_patient = PatientFactory()
    other_clinic = ClinicPatientFactory(patient=other_patient).clinic
    assessment_submit(actor=other_patient, patient=other_patient, instrument="phq9", answers=[0] * 8 + [3])
    foreign = SafetyAlert.objects.get()
    staff = staff_client_for(clinic)
    assert staff.get(alerts_url(clinic)).json()["results"] == []
    assert staff.get(alerts_url(other_clinic)).status_code == 404
    assert staff.post(alerts_url(clinic, f"/{foreign.pk}/acknowledge"), {}, format="json").status_code == 404
    assert staff.post(alerts_url(other_clinic, f"/{foreign.pk}/acknowledge"), {}, format="json").status_code == 404
    assert SafetyAlert.objects.get().acknowledged_at is None


def test_patients_cannot_reach_the_alert_endpoints(patient_client, patient, linked_clinic):
    take_phq9(patient_client, self_harm=1)
    alert = SafetyAlert.objects.get()
    assert patient_client.get(alerts_url(linked_clinic)).status_code == 403
    assert (
        patient_client.post(alerts_url(linked_clinic, f"/{alert.pk}/acknowledge"), {}, format="json").status_code == 403
    )


def test_reading_and_acknowledging_alerts_is_audited(patient_client, patient, linked_clinic, staff_client_for):
    take_phq9(patient_client, self_harm=1)
    alert = SafetyAlert.objects.get()
    assert AuditEvent.objects.filter(action="create", object_type="care.safetyalert", clinic=linked_clinic).count() == 1
    staff = staff_client_for(linked_clinic)
    staff.get(alerts_url(linked_clinic))
    staff.post(alerts_url(linked_clinic, f"/{alert.pk}/acknowledge"), {}, format="json")
    staff_events = AuditEvent.objects.filter(actor=staff.user, patient=patient, object_id=str(alert.pk))
    assert sorted(staff_events.values_list("action", flat=True)) == ["read", "update"]
