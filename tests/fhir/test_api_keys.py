"""The clinic's admins manage its API keys: list, make (the secret shown once), revoke."""

import logging

import pytest
from rest_framework.test import APIClient

from apps.audit.models import AuditAction, AuditEvent
from apps.clinics.models import Role
from apps.fhir.models import ClinicAPIKey
from tests.accounts.factories import StaffUserFactory
from tests.clinics.factories import ClinicFactory, OrganizationAdminFactory
from tests.fhir.factories import bearer, make_api_key
from tests.support.sign_in import sign_in

pytestmark = pytest.mark.django_db


def _url(clinic, *rest):
    return "/".join([f"/api/v1/clinics/{clinic.slug}/api-keys", *map(str, rest)])


def _create(client, clinic, **fields):
    body = {"name": "EHR sync", "scopes": ["system/Patient.read", "system/Appointment.read"]} | fields
    return client.post(_url(clinic), body, format="json")


def test_an_admin_makes_a_key_sees_its_secret_once_and_it_works(staff_client_for, clinic, client, caplog, frozen):
    admin = staff_client_for(clinic)
    with caplog.at_level(logging.INFO):
        response = _create(admin, clinic, expires_on="2028-01-31")
    assert response.status_code == 201
    made = response.json()
    assert response["Cache-Control"] == "no-store"
    assert made["secret"].startswith(made["prefix"] + ".")
    assert made["scopes"] == ["system/Patient.read", "system/Appointment.read"]
    assert made["expires_at"] == "2028-02-01T07:00:00Z"  # the end of 31 January in Denver
    assert made["created_by"] == admin.user.email
    assert made["secret"] not in caplog.text and made["prefix"] in caplog.text
    listed = admin.get(_url(clinic)).json()
    assert [key["id"] for key in listed["keys"]] == [made["id"]]
    assert "secret" not in listed["keys"][0]
    assert {"scope": "system/*.read", "label": "Everything below"} in listed["scopes"]
    assert client.get("/fhir/R4/Patient", **bearer(made["secret"])).status_code == 200
    event = AuditEvent.objects.get(object_type="fhir.clinicapikey", action=AuditAction.CREATE)
    assert (event.actor_id, event.object_id, event.clinic_id) == (admin.user.pk, made["id"], clinic.pk)


def test_revoking_stops_the_key_is_audited_and_is_idempotent(staff_client_for, clinic, client):
    admin = staff_client_for(clinic)
    key, secret = make_api_key(clinic)
    response = admin.post(_url(clinic, key.pk, "revocation"))
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert client.get("/fhir/R4/Patient", **bearer(secret)).status_code == 401
    first = ClinicAPIKey.objects.get(pk=key.pk).revoked_at
    assert admin.post(_url(clinic, key.pk, "revocation")).status_code == 200
    assert ClinicAPIKey.objects.get(pk=key.pk).revoked_at == first
    assert AuditEvent.objects.filter(object_id=str(key.pk), action=AuditAction.UPDATE).count() == 1


def test_another_clinics_key_answers_404(staff_client_for, clinic):
    admin = staff_client_for(clinic)
    theirs, _ = make_api_key(ClinicFactory(organization=clinic.organization))
    assert admin.post(_url(clinic, theirs.pk, "revocation")).status_code == 404
    assert ClinicAPIKey.objects.get(pk=theirs.pk).revoked_at is None


def test_an_admin_of_another_clinic_is_answered_404(staff_client_for, clinic):
    outsider = staff_client_for(ClinicFactory(organization=clinic.organization))
    assert outsider.get(_url(clinic)).status_code == 404
    assert _create(outsider, clinic).status_code == 404


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.FRONT_DESK])
def test_other_staff_of_the_clinic_are_told_it_is_for_admins(staff_client_for, clinic, role):
    member = staff_client_for(clinic, role)
    assert member.get(_url(clinic)).status_code == 403
    assert _create(member, clinic).status_code == 403
    assert not ClinicAPIKey.objects.exists()


def test_staff_without_two_factor_are_refused(staff_client_for, clinic):
    response = staff_client_for(clinic, mfa=False).get(_url(clinic))
    assert (response.status_code, response.json()["code"]) == (403, "mfa_required")


def test_an_organization_admin_manages_every_clinics_keys(clinic):
    user = StaffUserFactory()
    OrganizationAdminFactory(organization=clinic.organization, user=user)
    client = sign_in(APIClient(), user)
    assert _create(client, clinic).status_code == 201


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scopes": []}, "scopes"),
        ({"scopes": ["system/Medication.read"]}, "scopes"),
        ({"scopes": ["user/*.*"]}, "scopes"),
        ({"name": ""}, "name"),
        ({"expires_on": "2026-11-09"}, "expires_on"),  # yesterday at the clinic
        ({"expires_on": "2028-11-11"}, "expires_on"),  # more than two years ahead
        ({"expires_on": "9999-12-31"}, "expires_on"),  # the last date there is: the day after overflows
        ({"expires_on": "not a date"}, "expires_on"),
    ],
)
def test_bad_input_is_refused_field_by_field(staff_client_for, clinic, fields, field, frozen):
    response = _create(staff_client_for(clinic), clinic, **fields)
    assert response.status_code == 400
    assert any(name.split(".")[0] == field for name in response.json()["fields"])
    assert not ClinicAPIKey.objects.exists()


@pytest.mark.parametrize("expires_on", ["2026-11-10", "2028-11-10"])
def test_an_expiry_from_today_to_two_years_ahead_is_taken(staff_client_for, clinic, frozen, expires_on):
    assert _create(staff_client_for(clinic), clinic, expires_on=expires_on).status_code == 201
