from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import audit_record

from .models import PatientProfile

PROFILE_FIELDS = (
    "legal_name",
    "preferred_name",
    "date_of_birth",
    "phone",
    "region",
    "timezone",
    "emergency_contact_name",
    "emergency_contact_phone",
)


def patient_profile_create(*, user, **fields) -> PatientProfile:
    profile, _ = PatientProfile.objects.get_or_create(user=user, defaults=fields)
    return profile


@transaction.atomic
def patient_profile_update(*, actor, profile: PatientProfile, **changes) -> PatientProfile:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=profile, patient=profile.user)
    return profile
