"""The demo data: every demo clinic gets its catalogue, chairs and hours, and a few bookings."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.booking.models import Appointment, Chair, ServiceType, WeeklyHours

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking_engine_alone():
    """The demo runs with the whole portal: its bookings pass the care pathway's gates."""


def test_seed_demo_adds_the_booking_catalogue_and_appointments_and_can_run_again(clock):
    call_command("seed_demo", stdout=StringIO())
    first = {
        "services": set(ServiceType.objects.values_list("clinic__slug", "slug")),
        "chairs": Chair.objects.count(),
        "hours": WeeklyHours.objects.count(),
        "appointments": set(Appointment.objects.values_list("id", "starts_at")),
    }
    call_command("seed_demo", stdout=StringIO())
    assert set(ServiceType.objects.values_list("clinic__slug", "slug")) == first["services"]
    assert (Chair.objects.count(), WeeklyHours.objects.count()) == (first["chairs"], first["hours"])
    assert set(Appointment.objects.values_list("id", "starts_at")) == first["appointments"]

    slugs = {"consultation", "iv-infusion", "im-injection", "lozenge", "integration", "booster"}
    for clinic in ("brooklyn", "denver", "santa-monica"):
        assert {slug for clinic_slug, slug in first["services"] if clinic_slug == clinic} == slugs
    iv = ServiceType.objects.get(clinic__slug="denver", slug="iv-infusion")
    assert (iv.duration_minutes, iv.recovery_minutes, iv.needs_chair) == (40, 120, True)
    assert ServiceType.objects.get(clinic__slug="denver", slug="consultation").is_telehealth
    assert first["chairs"] == 9
    booked = Appointment.objects.values_list("patient__email", "clinic__slug", "status")
    assert set(booked) == {
        ("maya.patient@example.com", "brooklyn", "completed"),  # the care demo's past sessions
        ("maya.patient@example.com", "brooklyn", "confirmed"),
        ("jordan.patient@example.com", "denver", "confirmed"),
        ("sam.patient@example.com", "santa-monica", "confirmed"),
    }
