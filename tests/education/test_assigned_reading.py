"""reading_assign_for_event is the hook the booking and care apps call; tested here directly."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from apps.education.models import ArticleStatus, ReadingAssignment
from apps.education.services import UnknownReadingEvent, reading_assign_for_event
from tests.accounts.factories import PatientFactory
from tests.clinics.factories import ClinicFactory, ClinicPatientFactory, OrganizationFactory
from tests.education.factories import ArticleFactory, ReadingRuleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def library(clinic):
    """Two articles for a booked consultation, one for a booked first dose (shared with the
    consultation), and one for after a session."""
    costs, steps, safety, integration = (
        ArticleFactory(slug=slug, title=title)
        for slug, title in [
            ("costs", "Costs"),
            ("steps", "Steps of treatment"),
            ("safety", "Side effects and safety"),
            ("integration", "Integration"),
        ]
    )
    ReadingRuleFactory(event="consultation_booked", article=costs)
    ReadingRuleFactory(event="consultation_booked", article=steps)
    ReadingRuleFactory(event="consultation_booked", article=safety)
    ReadingRuleFactory(event="first_dosing_booked", article=safety)
    ReadingRuleFactory(event="session_completed", article=integration)
    return {"costs": costs, "steps": steps, "safety": safety, "integration": integration}


def assigned_slugs(patient):
    return sorted(ReadingAssignment.objects.filter(patient=patient).values_list("article__slug", flat=True))


def test_an_event_assigns_the_articles_of_its_rules_only(library, clinic, patient):
    assignments = reading_assign_for_event(patient=patient, event="consultation_booked", clinic=clinic)
    assert sorted(a.article.slug for a in assignments) == ["costs", "safety", "steps"]
    assert assigned_slugs(patient) == ["costs", "safety", "steps"]
    assert {a.event for a in assignments} == {"consultation_booked"}
    assert {a.clinic for a in assignments} == {clinic}


def test_an_event_firing_twice_assigns_nothing_twice(library, clinic, patient):
    reading_assign_for_event(patient=patient, event="consultation_booked", clinic=clinic)
    again = reading_assign_for_event(patient=patient, event="consultation_booked", clinic=clinic)
    assert len(again) == 3
    assert ReadingAssignment.objects.filter(patient=patient).count() == 3


def test_an_article_shared_by_two_events_is_assigned_once_under_the_first(library, clinic, patient):
    reading_assign_for_event(patient=patient, event="consultation_booked", clinic=clinic)
    reading_assign_for_event(patient=patient, event="first_dosing_booked", clinic=clinic)
    assert assigned_slugs(patient) == ["costs", "safety", "steps"]
    assert ReadingAssignment.objects.get(patient=patient, article__slug="safety").event == "consultation_booked"


def test_assignments_belong_to_one_patient(library, clinic, patient):
    other = PatientFactory()
    reading_assign_for_event(patient=patient, event="session_completed", clinic=clinic)
    assert assigned_slugs(other) == []


def test_only_published_articles_of_the_clinics_organization_and_scope_are_assigned(clinic, patient):
    other_clinic = ClinicFactory(organization=clinic.organization)
    here = ArticleFactory(slug="arrival-here", clinic=clinic, organization=clinic.organization)
    there = ArticleFactory(slug="arrival-there", clinic=other_clinic, organization=clinic.organization)
    draft = ArticleFactory(slug="draft", status=ArticleStatus.DRAFT)
    foreign = ArticleFactory(slug="foreign", organization=OrganizationFactory(slug="other-network", name="Other"))
    inactive = ArticleFactory(slug="inactive")
    only_elsewhere = ArticleFactory(slug="only-elsewhere")
    for article in (here, there, draft, foreign):
        ReadingRuleFactory(event="first_dosing_booked", article=article)
    ReadingRuleFactory(event="first_dosing_booked", article=inactive, is_active=False)
    ReadingRuleFactory(event="first_dosing_booked", article=only_elsewhere, clinic=other_clinic)
    reading_assign_for_event(patient=patient, event="first_dosing_booked", clinic=clinic)
    assert assigned_slugs(patient) == ["arrival-here"]


def test_an_unknown_event_is_refused_with_a_stable_code(clinic, patient):
    with pytest.raises(UnknownReadingEvent) as refused:
        reading_assign_for_event(patient=patient, event="dose_booked", clinic=clinic)
    assert refused.value.code == "unknown_reading_event"
    assert "event" in refused.value.fields


def test_a_naive_appointment_time_is_a_programming_error(library, clinic, patient):
    with pytest.raises(ValueError, match="aware"):
        reading_assign_for_event(
            patient=patient, event="consultation_booked", clinic=clinic, due_at=datetime(2026, 12, 1)
        )


@time_machine.travel(NOW, tick=False)
def test_the_due_time_follows_the_soonest_upcoming_appointment(library, clinic, patient):
    consultation = NOW + timedelta(days=3)
    reading_assign_for_event(patient=patient, event="consultation_booked", clinic=clinic, due_at=consultation)
    later_dose = NOW + timedelta(days=10)
    reading_assign_for_event(patient=patient, event="first_dosing_booked", clinic=clinic, due_at=later_dose)
    assert ReadingAssignment.objects.get(patient=patient, article__slug="safety").due_at == consultation

    sooner = NOW + timedelta(days=2)
    reading_assign_for_event(patient=patient, event="consultation_booked", clinic=clinic, due_at=sooner)
    assert set(ReadingAssignment.objects.filter(patient=patient).values_list("due_at", flat=True)) == {sooner}


def test_a_past_due_time_moves_to_the_next_appointment(library, clinic, patient):
    with time_machine.travel(NOW, tick=False):
        reading_assign_for_event(
            patient=patient, event="consultation_booked", clinic=clinic, due_at=NOW + timedelta(days=1)
        )
    with time_machine.travel(NOW + timedelta(days=5), tick=False):
        next_dose = NOW + timedelta(days=9)
        reading_assign_for_event(patient=patient, event="first_dosing_booked", clinic=clinic, due_at=next_dose)
    assert ReadingAssignment.objects.get(patient=patient, article__slug="safety").due_at == next_dose
    assert ReadingAssignment.objects.get(patient=patient, article__slug="costs").due_at == NOW + timedelta(days=1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_event_fired_concurrently_assigns_each_article_once():
    clinic = ClinicFactory()
    patient = ClinicPatientFactory(clinic=clinic).patient
    for slug in ("one", "two", "three"):
        ReadingRuleFactory(event="consultation_booked", article=ArticleFactory(slug=slug))
    barrier = threading.Barrier(4)
    errors = []

    def fire():
        try:
            barrier.wait(timeout=10)
            reading_assign_for_event(patient=patient, event="consultation_booked", clinic=clinic)
        except Exception as error:  # collected and asserted below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=fire) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert ReadingAssignment.objects.filter(patient=patient).count() == 3
