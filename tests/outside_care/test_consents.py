"""The consent: versioned, worded exactly, revocable, lapsing after its date."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from apps.audit.models import AuditEvent
from apps.care.exceptions import LegalNameRequired, SignatureNameMismatch
from apps.core.exceptions import ApplicationError
from apps.outside_care import services
from apps.outside_care.exceptions import (
    ConsentAlreadyRevoked,
    ConsentNotLive,
    ConsentWordingMismatch,
    NoOutsideProvider,
)
from apps.outside_care.models import SharingConsent
from apps.outside_care.selectors import consent_is_live, current_sharing_consent
from apps.outside_care.terms import consent_wording
from tests.accounts.factories import PatientFactory

from .factories import NOW, clinic_with_patient, give_consent, name_provider

pytestmark = pytest.mark.django_db


def test_the_wording_names_the_provider_the_choices_and_the_date_and_the_row_keeps_it():
    patient = PatientFactory()
    consent = give_consent(patient, sections=["assessments"], valid_until=date(2027, 4, 30))
    assert consent.version == 1
    assert "Dr. Jane Moss (Riverside Psychiatry, jane.moss@riverside.example)" in consent.wording
    assert "PHQ-9 and GAD-7 questionnaire scores" in consent.wording
    assert "sessions I attended" not in consent.wording and "side effects" not in consent.wording
    assert "until the end of 30 April 2027" in consent.wording
    assert (
        consent.wording_sha256
        == consent_wording(
            patient_name=patient.patient_profile.legal_name,
            provider_name="Dr. Jane Moss",
            provider_practice="Riverside Psychiatry",
            provider_email="jane.moss@riverside.example",
            sections=["assessments"],
            valid_until=date(2027, 4, 30),
        ).sha256
    )
    assert consent.sections == ["assessments"]
    assert consent.typed_name == patient.patient_profile.legal_name and consent.given_at == NOW
    assert AuditEvent.objects.filter(object_type="outside_care.sharingconsent", action="create").count() == 1


def test_the_consent_lapses_at_the_end_of_its_day_in_the_patients_zone(pinned_clock):
    patient = PatientFactory()  # New York
    consent = give_consent(patient, valid_until=date(2027, 4, 30))
    assert consent.lapses_at.isoformat() == "2027-05-01T04:00:00+00:00"  # midnight EDT
    assert consent_is_live(consent, at=consent.lapses_at - timedelta(seconds=1))
    assert not consent_is_live(consent, at=consent.lapses_at)


def test_a_change_is_a_new_version_and_the_old_row_stays_as_it_was():
    patient = PatientFactory()
    first = give_consent(patient, sections=["attendance", "assessments"])
    second = give_consent(patient, sections=["attendance"])
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.sections == ["attendance", "assessments"] and first.revoked_at is None
    assert current_sharing_consent(patient) == second


def test_correcting_the_providers_details_ends_the_consent_given_for_the_old_ones_and_its_links():
    patient = PatientFactory()
    consent = give_consent(patient)
    name_provider(patient, email="someone.else@example.com")
    consent.refresh_from_db()
    assert consent.provider_email == "jane.moss@riverside.example"  # the row names whom it was given for
    assert consent.revoked_at == NOW
    assert not consent_is_live(current_sharing_consent(patient), at=NOW)
    assert AuditEvent.objects.filter(object_type="outside_care.sharingconsent", action="update").count() == 1


def test_saving_the_same_details_again_keeps_the_consent():
    patient = PatientFactory()
    consent = give_consent(patient)
    name_provider(patient)
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_no_wording_is_written_for_a_patient_without_a_legal_name():
    patient = PatientFactory()
    patient.patient_profile.legal_name = " "
    patient.patient_profile.save()
    name_provider(patient)
    with pytest.raises(LegalNameRequired):
        services.sharing_consent_wording(patient=patient, sections=["attendance"], valid_until=date(2027, 4, 30))


def test_agreeing_to_other_wording_than_these_choices_is_refused():
    patient = PatientFactory()
    name_provider(patient)
    shown = services.sharing_consent_wording(patient=patient, sections=["assessments"], valid_until=date(2027, 4, 30))
    with pytest.raises(ConsentWordingMismatch):
        services.sharing_consent_give(
            actor=patient,
            patient=patient,
            sections=["assessments", "side_effects"],
            valid_until=date(2027, 4, 30),
            typed_name=patient.patient_profile.legal_name,
            sha256=shown.sha256,
        )
    assert not SharingConsent.objects.exists()


def test_the_typed_name_must_be_the_patients():
    patient = PatientFactory()
    name_provider(patient)
    shown = services.sharing_consent_wording(patient=patient, sections=["attendance"], valid_until=date(2027, 4, 30))
    with pytest.raises(SignatureNameMismatch):
        services.sharing_consent_give(
            actor=patient,
            patient=patient,
            sections=["attendance"],
            valid_until=date(2027, 4, 30),
            typed_name="Somebody Else",
            sha256=shown.sha256,
        )


def test_no_provider_no_consent():
    with pytest.raises(NoOutsideProvider):
        services.sharing_consent_wording(
            patient=PatientFactory(), sections=["attendance"], valid_until=date(2027, 4, 1)
        )


@pytest.mark.parametrize(
    ("valid_until", "sections"),
    [
        (date(2027, 3, 9), ["attendance"]),  # yesterday in New York
        (date(2028, 3, 10), ["attendance"]),  # more than a year ahead
        (date(2027, 4, 1), []),
    ],
)
def test_a_date_out_of_range_or_no_section_is_an_input_error(valid_until, sections):
    patient = PatientFactory()
    name_provider(patient)
    with pytest.raises(ApplicationError) as refused:
        services.sharing_consent_wording(patient=patient, sections=sections, valid_until=valid_until)
    assert refused.value.code == "invalid"
    assert set(refused.value.fields) <= {"valid_until", "sections"}


def test_revoking_sets_the_time_once():
    patient = PatientFactory()
    consent = give_consent(patient)
    revoked = services.sharing_consent_revoke(actor=patient, patient=patient, consent=consent)
    assert revoked.revoked_at == NOW
    assert not consent_is_live(current_sharing_consent(patient), at=NOW)
    with pytest.raises(ConsentAlreadyRevoked):
        services.sharing_consent_revoke(actor=patient, patient=patient, consent=consent)


def test_a_lapsed_consent_allows_no_summary(pinned_clock):
    scene = clinic_with_patient()
    give_consent(scene.patient, valid_until=date(2027, 3, 20))
    pinned_clock.move_to(NOW + timedelta(days=11))
    with pytest.raises(ConsentNotLive):
        services.summary_preview(actor=scene.provider_user, clinic=scene.clinic, patient=scene.patient)


def _consent_row(patient, **fields):
    provider = name_provider(patient)
    values = {
        "patient": patient,
        "provider": provider,
        "version": 1,
        "provider_name": "x",
        "provider_practice": "x",
        "provider_email": "x@example.com",
        "share_attendance": True,
        "share_assessments": False,
        "share_side_effects": False,
        "valid_until": date(2027, 4, 1),
        "lapses_at": NOW + timedelta(days=20),
        "terms_version": 1,
        "wording": "w",
        "wording_sha256": "0" * 64,
        "typed_name": "x",
        "given_at": NOW,
    }
    return SharingConsent(**{**values, **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"share_attendance": False},
        {"version": 0},
        {"lapses_at": NOW},
        {"revoked_at": NOW - timedelta(seconds=1)},
    ],
    ids=["shares_nothing", "version_zero", "lapses_before_given", "revoked_before_given"],
)
def test_the_database_refuses_a_consent_that_makes_no_sense(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        _consent_row(PatientFactory(), **fields).save()


def test_the_database_refuses_two_rows_of_one_version():
    patient = PatientFactory()
    _consent_row(patient).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _consent_row(patient).save()
