"""A clinic's payment policy."""

from django.db import transaction

from apps.booking.models import ServiceType
from apps.clinics.models import Clinic

from ..errors import PolicyInvalid
from ..models import PaymentPolicy


@transaction.atomic
def payment_policy_set(*, clinic: Clinic, values: dict) -> PaymentPolicy:
    """Create or replace the clinic's policy. Its amounts are in the currency of the clinic's services."""
    other_currencies = (
        ServiceType.objects.filter(clinic=clinic, is_active=True)
        .exclude(currency=values["currency"])
        .values_list("currency", flat=True)
        .distinct()
    )
    if other_currencies:
        message = f"The clinic's services are priced in {', '.join(sorted(other_currencies))}."
        raise PolicyInvalid("The policy's currency must be the services' currency.", fields={"currency": [message]})
    policy, _ = PaymentPolicy.objects.update_or_create(clinic=clinic, defaults=values)
    return policy
