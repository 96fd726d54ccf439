"""Who reads reports. A clinic's figures (revenue, utilization, outcomes) are its administrators'
business: clinic admins there and organization admins. Providers and front desk run the day from the
schedule; they are told so (403), as they already know the clinic exists. Anyone else: 404."""

from apps.clinics.access import access_clinic_as_admin
from apps.clinics.models import Clinic


def access_clinic_for_reports(request, clinic_slug: str) -> Clinic:
    """For a view behind ``IsClinicStaff`` (which has checked both factors)."""
    return access_clinic_as_admin(request.user, clinic_slug, refusal="Reports are for the clinic's administrators.")
