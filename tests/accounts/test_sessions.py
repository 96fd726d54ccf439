import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.accounts.factories import PatientFactory
from tests.clinics.factories import MembershipFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


def _client_for(user):
    client = APIClient()
    sign_in(client, user)
    return client


@pytest.mark.parametrize(("idle_minutes", "signed_in"), [(29, True), (31, False)])
def test_patient_sessions_end_after_30_idle_minutes(idle_minutes, signed_in):
    with time_machine.travel("2026-03-02 10:00Z") as traveller:
        client = _client_for(PatientFactory())
        assert client.get("/api/v1/me").status_code == 200
        traveller.shift(idle_minutes * 60)
        response = client.get("/api/v1/me")
    assert (response.status_code == 200) is signed_in
    if not signed_in:
        assert response.status_code == 401
        assert response.json()["code"] == "session_expired"


@pytest.mark.parametrize(("idle_minutes", "signed_in"), [(14, True), (16, False)])
def test_staff_sessions_end_after_15_idle_minutes(idle_minutes, signed_in):
    with time_machine.travel("2026-03-02 10:00Z") as traveller:
        client = _client_for(MembershipFactory().user)
        assert client.get("/api/v1/me").status_code == 200
        traveller.shift(idle_minutes * 60)
        response = client.get("/api/v1/me")
    assert (response.status_code == 200) is signed_in


def test_activity_keeps_a_session_alive():
    with time_machine.travel("2026-03-02 10:00Z") as traveller:
        client = _client_for(PatientFactory())
        for _ in range(4):
            traveller.shift(20 * 60)
            assert client.get("/api/v1/me").status_code == 200


def test_even_an_active_session_ends_twelve_hours_after_sign_in():
    with time_machine.travel("2026-03-02 08:00Z") as traveller:
        client = _client_for(PatientFactory())
        for _ in range(12 * 3):
            assert client.get("/api/v1/me").status_code == 200
            traveller.shift(20 * 60)
        traveller.shift(5 * 60)
        response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_a_session_signed_out_of_is_gone_from_the_cache_too():
    """Sessions are read from the cache first: signing out must end the copy there as well, so the
    old cookie, replayed, is signed out."""
    client = _client_for(PatientFactory())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cache.get(f"django.contrib.sessions.cached_db{cookie}") is not None
    assert client.delete("/_allauth/browser/v1/auth/session").status_code == 401
    replayed = APIClient()
    replayed.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert replayed.get("/api/v1/me").status_code in (401, 403)
