"""The only way to load payments objects a caller asked for by id or slug. Outside the caller's reach
the answer is 404: we do not confirm that another patient's or clinic's payment exists."""

from dataclasses import dataclass

from apps.booking.permissions import is_staff_at, require_staff_mfa
from apps.clinics.access import access_clinic_as_staff
from apps.clinics.models import Clinic, Role
from apps.clinics.roles import has_role_at
from apps.core.exceptions import Forbidden, NotFound

from .models import CardOnFileConsent, Payment
from .selectors import payment_by_id

# Who may give money back: the people who take it.
REFUNDING_ROLES = (Role.CLINIC_ADMIN, Role.FRONT_DESK)


@dataclass(frozen=True)
class PaymentAccess:
    payment: Payment
    as_patient: bool


def access_payment(request, payment_id) -> PaymentAccess:
    """A payment, for its patient or for staff at its clinic (with both factors proved)."""
    payment = payment_by_id(payment_id)
    if payment is None:
        raise NotFound("No such payment.")
    if payment.patient_id == request.user.pk:
        return PaymentAccess(payment, as_patient=True)
    if not is_staff_at(request.user, payment.clinic):
        raise NotFound("No such payment.")
    require_staff_mfa(request)
    return PaymentAccess(payment, as_patient=False)


def access_own_payment(request, payment_id) -> Payment:
    """A payment only its patient may act on (paying it)."""
    access = access_payment(request, payment_id)
    if not access.as_patient:
        raise Forbidden("Only the patient can pay this in the portal.")
    return access.payment


def access_payment_to_refund(request, payment_id) -> Payment:
    access = access_payment(request, payment_id)
    if access.as_patient:
        raise NotFound("No such payment.")
    if not has_role_at(request.user, access.payment.clinic, REFUNDING_ROLES):
        raise Forbidden("Refunds are made by the front desk or a clinic administrator.")
    return access.payment


def access_clinic_for_policy(request, clinic_slug: str) -> Clinic:
    """The clinic whose payment policy the caller, a clinic administrator there, may change."""
    clinic = access_clinic_as_staff(request.user, clinic_slug)
    require_staff_mfa(request)
    if not has_role_at(request.user, clinic, (Role.CLINIC_ADMIN,)):
        raise Forbidden("Only a clinic administrator can change the payment policy.")
    return clinic


def access_own_card_consent(request, consent_id) -> CardOnFileConsent:
    consent = CardOnFileConsent.objects.filter(pk=consent_id, patient=request.user).select_related("clinic").first()
    if consent is None:
        raise NotFound("No such card consent.")
    return consent
