"""Demo catalogue, chairs, providers' hours and a few upcoming appointments for the demo clinics.
Runs after the clinics' and the care records' seeders (the bookings pass the care pathway's gates);
safe to run again (nothing is duplicated, nothing is moved)."""

from datetime import time, timedelta

from apps.accounts.models import User
from apps.clinics.models import Clinic, ProviderProfile
from apps.core import clock

from .models import DOSE_KINDS, Appointment, Chair, DosingRoute, Modality, ServiceKind, ServiceType, WeeklyHours
from .selectors.availability import availability_for
from .selectors.catalogue import clinic_zone
from .services.booking import appointment_book

HOUR = 60
CONSULTATION = {
    "slug": "consultation",
    "name": "Initial consultation",
    "kind": ServiceKind.CONSULTATION,
    "modality": Modality.TELEHEALTH,
    "duration_minutes": 60,
    "buffer_after_minutes": 10,
    "cancellation_window_hours": 24,
    "price_cents": 25000,
}
# Dosing happens in a chair, with monitoring after it; booked two days ahead at the earliest.
IN_CHAIR = {
    "modality": Modality.IN_PERSON,
    "buffer_before_minutes": 10,
    "needs_chair": True,
    "minimum_notice_minutes": 48 * HOUR,
    "cancellation_window_hours": 48,
    "slot_step_minutes": 30,
}
IV_INFUSION = {
    **IN_CHAIR,
    "slug": "iv-infusion",
    "name": "IV ketamine infusion",
    "kind": ServiceKind.DOSING,
    "route": DosingRoute.IV_INFUSION,
    "duration_minutes": 40,
    "recovery_minutes": 120,
    "price_cents": 45000,
}
SERVICES = [
    CONSULTATION,
    IV_INFUSION,
    {
        **IN_CHAIR,
        "slug": "im-injection",
        "name": "IM ketamine injection",
        "kind": ServiceKind.DOSING,
        "route": DosingRoute.IM_INJECTION,
        "duration_minutes": 20,
        "recovery_minutes": 70,
        "price_cents": 35000,
    },
    {
        **IN_CHAIR,
        "slug": "lozenge",
        "name": "Supervised lozenge session",
        "kind": ServiceKind.DOSING,
        "route": DosingRoute.LOZENGE,
        "duration_minutes": 30,
        "recovery_minutes": 90,
        "buffer_before_minutes": 0,
        "price_cents": 20000,
    },
    {
        "slug": "integration",
        "name": "Integration session",
        "kind": ServiceKind.INTEGRATION,
        "modality": Modality.TELEHEALTH,
        "duration_minutes": 50,
        "buffer_after_minutes": 10,
        "price_cents": 15000,
    },
    {**IV_INFUSION, "slug": "booster", "name": "Booster infusion", "kind": ServiceKind.BOOSTER},
]
CHAIRS = ["Chair 1", "Chair 2", "Chair 3"]
MON, TUE, WED, THU, FRI = range(5)
# (provider, clinic, weekdays, from, to): Dr. Rivera splits her week between Brooklyn and Denver.
HOURS = [
    ("dr.rivera@example.com", "brooklyn", (MON, WED, FRI), time(9), time(17)),
    ("dr.rivera@example.com", "denver", (TUE, THU), time(10), time(18)),
    ("np.okafor@example.com", "denver", (MON, TUE, WED, THU, FRI), time(8), time(16)),
    ("dr.chen@example.com", "santa-monica", (MON, TUE, WED, THU, FRI), time(9), time(17)),
]
# (patient, clinic, service, booked by): the first free time from two days ahead.
APPOINTMENTS = [
    ("maya.patient@example.com", "brooklyn", "iv-infusion", "brooklyn.desk@example.com"),
    ("jordan.patient@example.com", "denver", "consultation", "denver.desk@example.com"),
    ("sam.patient@example.com", "santa-monica", "integration", "santa-monica.desk@example.com"),
]


def seed() -> list[tuple[str, str]]:
    clinics = {clinic.slug: clinic for clinic in Clinic.objects.filter(slug__in=["brooklyn", "denver", "santa-monica"])}
    for clinic in clinics.values():
        for fields in SERVICES:
            ServiceType.objects.update_or_create(clinic=clinic, slug=fields["slug"], defaults=fields)
        for name in CHAIRS:
            Chair.objects.get_or_create(clinic=clinic, name=name)
    for email, slug, weekdays, start, end in HOURS:
        provider = ProviderProfile.objects.get(user__email=email)
        for weekday in weekdays:
            WeeklyHours.objects.update_or_create(
                provider=provider,
                clinic=clinics[slug],
                weekday=weekday,
                defaults={"start_time": start, "end_time": end},
            )
    booked = (_book_demo(clinics, *row) for row in APPOINTMENTS)
    return [entry for entry in booked if entry is not None]


def _book_demo(clinics, patient_email, clinic_slug, service_slug, desk_email):
    """Book once (the Idempotency-Key is the demo row); on later runs leave the booking as it is."""
    clinic = clinics[clinic_slug]
    desk = User.objects.get(email=desk_email)
    key = f"demo:{patient_email}:{service_slug}"
    if Appointment.objects.filter(booked_by=desk, idempotency_key=key).exists():
        return None
    patient = User.objects.select_related("patient_profile").get(email=patient_email)
    service = ServiceType.objects.get(clinic=clinic, slug=service_slug)
    at = clock.now()
    today = at.astimezone(clinic_zone(clinic)).date()
    free = availability_for(
        clinic=clinic,
        service=service,
        first_day=today + timedelta(days=2),
        last_day=today + timedelta(days=16),
        at=at,
        patient=patient,
    ).slots
    if not free:
        return None
    appointment_book(
        actor=desk,
        clinic=clinic,
        service=service,
        patient=patient,
        start=free[0].start,
        idempotency_key=key,
        will_not_drive=service.kind in DOSE_KINDS,  # the demo patients confirmed it to the front desk
        visit_region=patient.patient_profile.region if service.is_telehealth else "",  # and where they will be
    )
    return (patient_email, f"has an upcoming appointment at {clinic_slug}")
