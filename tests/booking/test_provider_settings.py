"""A clinic admin manages each provider's telehealth licences and booking weight in the console: who
may, another clinic's providers and licences answering 404, bad input, availability following at
once, and a licence change refused while a booked video visit relies on it."""

from datetime import date, datetime

import pytest

from apps.audit.models import AuditEvent
from apps.clinics.models import ClinicMembership, ProviderLicense
from tests.clinics.factories import ClinicFactory, MembershipFactory, ProviderLicenseFactory, ProviderProfileFactory

from .factories import AppointmentFactory, ServiceTypeFactory, every_day_hours

pytestmark = pytest.mark.django_db

VISIT = datetime.fromisoformat("2026-02-10T13:00-07:00")  # NOW (conftest) is 2026-02-02


@pytest.fixture
def provider(denver):
    profile = ProviderProfileFactory(display_name="Dr. Ana Rivera", credentials="MD")
    MembershipFactory(clinic=denver, user=profile.user, role="provider")
    every_day_hours(profile, denver)
    return profile


@pytest.fixture
def admin(denver, staff_client_for):
    return staff_client_for(denver, role="clinic_admin")


def providers_url(clinic, provider=None, suffix=""):
    base = f"/api/v1/clinics/{clinic.slug}/providers"
    return base if provider is None else f"{base}/{provider.user_id}{suffix}"


def licence_url(clinic, licence):
    return f"/api/v1/clinics/{clinic.slug}/licences/{licence.pk}"


def video_slots(client, region, day="2026-02-10"):
    query = {"service": "video", "start": day, "end": day, "visit_region": region}
    return client.get("/api/v1/clinics/denver/availability", query).json()["slots"]


def test_staff_see_each_providers_weight_and_licences(clock, denver, provider, staff_client_for):
    ProviderLicenseFactory(provider=provider, region="US-NY", number="NY-1", expires_on=date(2027, 1, 31))
    ProviderLicenseFactory(provider=provider, region="US-CO", number="")
    response = staff_client_for(denver, role="front_desk").get(providers_url(denver))
    assert response.status_code == 200
    [listed] = response.json()
    assert listed["id"] == str(provider.user_id) and listed["display_name"] == "Dr. Ana Rivera"
    assert listed["booking_weight"] == 1
    assert [(lic["region"], lic["number"], lic["expires_on"]) for lic in listed["licences"]] == [
        ("US-CO", "", None),
        ("US-NY", "NY-1", "2027-01-31"),
    ]


def test_an_admin_adds_a_licence_and_video_visits_there_become_bookable(
    clock, denver, provider, admin, client_for, denver_patient
):
    ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    patient = client_for(denver_patient)
    assert video_slots(patient, "US-NM") == []
    response = admin.post(
        providers_url(denver, provider, "/licences"),
        {"region": "US-NM", "number": "NM-42", "expires_on": "2027-06-30"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["region"] == "US-NM"
    assert video_slots(patient, "US-NM")


def test_a_licence_for_a_region_already_held_or_with_a_bad_region_or_past_expiry_is_refused(
    clock, denver, provider, admin
):
    ProviderLicenseFactory(provider=provider, region="US-CO")
    licences = providers_url(denver, provider, "/licences")
    twice = admin.post(licences, {"region": "US-CO"}, format="json")
    assert twice.status_code == 409 and "region" in twice.json()["fields"]
    bad = admin.post(licences, {"region": "Colorado"}, format="json")
    assert bad.status_code == 400 and "region" in bad.json()["fields"]
    past = admin.post(licences, {"region": "US-UT", "expires_on": "2026-01-31"}, format="json")
    assert past.status_code == 400 and "expires_on" in past.json()["fields"]
    assert ProviderLicense.objects.count() == 1


def test_a_licence_a_booked_video_visit_relies_on_cannot_be_removed_or_end_before_it(
    clock, denver, provider, admin, denver_patient
):
    licence = ProviderLicenseFactory(provider=provider, region="US-CO")
    video = ServiceTypeFactory(clinic=denver, slug="video", telehealth=True)
    AppointmentFactory(
        service=video,
        provider=provider,
        patient=denver_patient,
        starts_at=VISIT,
        video_room="a" * 32,
        visit_region="US-CO",
    )
    removed = admin.delete(licence_url(denver, licence))
    assert removed.status_code == 409 and removed.json()["code"] == "would_orphan_appointments"
    assert "1 booked video visit relies" in removed.json()["message"]
    assert len(removed.json()["appointments"]) == 1
    assert AuditEvent.objects.filter(action="read", object_type="booking.appointment").exists()
    shortened = admin.patch(licence_url(denver, licence), {"expires_on": "2026-02-09"}, format="json")
    assert shortened.status_code == 409
    licence.refresh_from_db()
    assert licence.expires_on is None
    # Until the day of the visit is enough; another licence for the region is not needed.
    kept = admin.patch(licence_url(denver, licence), {"expires_on": "2026-02-10", "number": "CO-7"}, format="json")
    assert kept.status_code == 200 and kept.json()["number"] == "CO-7"


def test_a_licence_nobody_relies_on_is_removed(clock, denver, provider, admin):
    licence = ProviderLicenseFactory(provider=provider, region="US-CO")
    assert admin.delete(licence_url(denver, licence)).status_code == 204
    assert not ProviderLicense.objects.exists()


def test_an_admin_sets_a_providers_booking_weight_within_bounds(clock, denver, provider, admin):
    changed = admin.patch(providers_url(denver, provider), {"booking_weight": 3}, format="json")
    assert changed.status_code == 200 and changed.json()["booking_weight"] == 3
    assert ClinicMembership.objects.get(clinic=denver, user=provider.user).booking_weight == 3
    for bad in (0, 11, "heavy"):
        refused = admin.patch(providers_url(denver, provider), {"booking_weight": bad}, format="json")
        assert refused.status_code == 400 and "booking_weight" in refused.json()["fields"]


@pytest.mark.parametrize("role", ["front_desk", "provider"])
def test_only_a_clinic_admin_changes_licences_and_weights(clock, denver, provider, staff_client_for, role):
    licence = ProviderLicenseFactory(provider=provider, region="US-CO")
    client = staff_client_for(denver, role=role)
    assert client.patch(providers_url(denver, provider), {"booking_weight": 2}, format="json").status_code == 403
    assert (
        client.post(providers_url(denver, provider, "/licences"), {"region": "US-UT"}, format="json").status_code == 403
    )
    assert client.delete(licence_url(denver, licence)).status_code == 403
    assert ProviderLicense.objects.count() == 1


def test_another_clinics_providers_and_licences_answer_404(clock, denver, admin):
    elsewhere = ClinicFactory()
    stranger = ProviderProfileFactory()
    MembershipFactory(clinic=elsewhere, user=stranger.user, role="provider")
    licence = ProviderLicenseFactory(provider=stranger, region="US-CO")
    assert admin.patch(providers_url(denver, stranger), {"booking_weight": 2}, format="json").status_code == 404
    assert (
        admin.post(providers_url(denver, stranger, "/licences"), {"region": "US-UT"}, format="json").status_code == 404
    )
    assert admin.patch(licence_url(denver, licence), {"number": "x"}, format="json").status_code == 404
    assert admin.delete(licence_url(denver, licence)).status_code == 404
    assert [p["id"] for p in admin.get(providers_url(denver)).json()] == []
    assert ProviderLicense.objects.get().number == ""
