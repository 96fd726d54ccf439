"""/me lists the clinics a user can work in, which the console's clinic switcher offers: a staff
member's memberships, and for an organization admin every clinic of their organization."""

import pytest
from rest_framework.test import APIClient

from tests.accounts.factories import StaffUserFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory, OrganizationAdminFactory, OrganizationFactory
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


def summary(clinic, role):
    return {"clinic": {"slug": clinic.slug, "name": clinic.name, "timezone": clinic.timezone}, "role": role}


def me(user):
    client = APIClient()
    sign_in(client, user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def network():
    """Two organizations: ours with three clinics, another with one."""
    ours = OrganizationFactory()
    clinics = [ClinicFactory(organization=ours, name=name) for name in ("Denver", "Boulder", "Aurora")]
    theirs = ClinicFactory(organization=OrganizationFactory(name="Another Network", slug="another"), name="Elsewhere")
    return ours, clinics, theirs


def test_a_staff_member_works_only_in_the_clinics_they_are_a_member_of(network):
    _ours, (denver, boulder, _aurora), theirs = network
    user = StaffUserFactory()
    MembershipFactory(clinic=denver, user=user, role="front_desk")
    MembershipFactory(clinic=boulder, user=user, role="provider")
    MembershipFactory(clinic=theirs, user=user, role="provider", is_active=False)
    body = me(user)
    assert body["clinics"] == [summary(boulder, "provider"), summary(denver, "front_desk")]
    assert body["is_org_admin"] is False


def test_an_organization_admin_works_in_every_clinic_of_their_organization_and_no_other(network):
    ours, (denver, boulder, aurora), _theirs = network
    user = StaffUserFactory()
    OrganizationAdminFactory(organization=ours, user=user)
    MembershipFactory(clinic=denver, user=user, role="clinic_admin")
    body = me(user)
    assert body["clinics"] == [summary(aurora, None), summary(boulder, None), summary(denver, "clinic_admin")]
    assert (body["is_org_admin"], body["is_staff_member"]) == (True, True)


def test_a_patient_works_nowhere(patient_client):
    assert patient_client.get("/api/v1/me").json()["clinics"] == []


def test_me_costs_the_same_queries_however_many_clinics(network, django_assert_num_queries):
    ours, clinics, _theirs = network
    user = StaffUserFactory()
    OrganizationAdminFactory(organization=ours, user=user)
    client = APIClient()
    sign_in(client, user)
    client.get("/api/v1/me")  # the session is touched on the first request only
    # the user with their patient profile (the session is in the cache), memberships, admin roles,
    # administered clinics, MFA
    with django_assert_num_queries(5):
        client.get("/api/v1/me")
    ClinicFactory(organization=ours)
    MembershipFactory(clinic=clinics[0], user=user)
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/me").json()["clinics"]) == 4
