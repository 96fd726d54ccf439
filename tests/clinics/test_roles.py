import pytest
from django.contrib.auth.models import AnonymousUser

from apps.clinics.models import Role
from apps.clinics.roles import has_role_at, role_at, roles_at
from tests.accounts.factories import UserFactory
from tests.clinics.factories import ClinicFactory, MembershipFactory, OrganizationAdminFactory

pytestmark = pytest.mark.django_db


def test_a_member_holds_their_membership_role_and_nothing_elsewhere(clinic, django_assert_num_queries):
    member = MembershipFactory(clinic=clinic, role=Role.PROVIDER).user
    with django_assert_num_queries(1):
        assert roles_at(member, clinic) == {Role.PROVIDER}
    assert role_at(member, ClinicFactory()) is None


def test_an_ended_membership_holds_no_role(clinic):
    member = MembershipFactory(clinic=clinic, role=Role.FRONT_DESK, is_active=False).user
    assert roles_at(member, clinic) == frozenset()
    assert not has_role_at(member, clinic, (Role.FRONT_DESK,))


def test_an_organization_admin_is_every_one_of_its_clinics_admin_and_keeps_their_membership_role(clinic):
    admin = OrganizationAdminFactory(organization=clinic.organization).user
    MembershipFactory(clinic=clinic, user=admin, role=Role.PROVIDER)
    assert roles_at(admin, clinic) == {Role.PROVIDER, Role.CLINIC_ADMIN}
    assert role_at(admin, clinic) == Role.CLINIC_ADMIN
    assert has_role_at(admin, clinic, (Role.PROVIDER,))
    assert role_at(admin, ClinicFactory(organization__slug="another-network")) is None


def test_strangers_and_anonymous_callers_hold_no_role(clinic, django_assert_num_queries):
    assert role_at(UserFactory(), clinic) is None
    with django_assert_num_queries(0):
        assert roles_at(AnonymousUser(), clinic) == frozenset()
