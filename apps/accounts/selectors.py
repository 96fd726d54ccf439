from apps.core.exceptions import NotFound

from .models import PatientProfile


def patient_profile_for_user(user) -> PatientProfile:
    profile = PatientProfile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound("This account has no patient profile.")
    return profile
