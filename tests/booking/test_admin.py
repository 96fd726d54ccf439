"""The admin shows what can be booked (services, chairs, hours, time off, closures, licences) and
never writes it: only the booking services check a change against the booked appointments, lock, keep
history and tell the availability cache. The console is where these change."""

from datetime import date

import pytest

from tests.accounts.factories import StaffUserFactory
from tests.clinics.factories import ProviderLicenseFactory
from tests.support.sign_in import sign_in

from .factories import ChairFactory, ClosureFactory, OverrideFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in(client, StaffUserFactory(email="admin@example.com", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["servicetype", "chair", "weeklyhours", "availabilityoverride", "clinicclosure"])
def test_the_admin_shows_what_can_be_booked_but_never_writes_it(clock, denver, provider_at, admin_client, model):
    """Only the services check a change against the booked appointments: the admin cannot go round them."""
    provider = provider_at(denver)
    makers = {
        "servicetype": lambda: ServiceTypeFactory(clinic=denver, slug="shown"),
        "chair": lambda: ChairFactory(clinic=denver),
        "weeklyhours": lambda: provider.weekly_hours.first(),
        "availabilityoverride": lambda: OverrideFactory(provider=provider, clinic=denver, date=date(2026, 2, 3)),
        "clinicclosure": lambda: ClosureFactory(clinic=denver, starts_on=date(2026, 2, 3), ends_on=date(2026, 2, 3)),
    }
    row = makers[model]()
    assert admin_client.get(f"/admin/booking/{model}/").status_code == 200
    assert admin_client.get(f"/admin/booking/{model}/add/").status_code == 403
    assert admin_client.post(f"/admin/booking/{model}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


def test_licences_show_in_the_providers_admin_page_without_controls(denver, provider_at, admin_client):
    provider = provider_at(denver)
    ProviderLicenseFactory(provider=provider, region="US-CO")
    page = admin_client.get(f"/admin/clinics/providerprofile/{provider.pk}/change/").content.decode()
    assert "US-CO" in page
    assert 'name="licenses-0-region"' not in page
