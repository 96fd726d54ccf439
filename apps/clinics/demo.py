"""Demo organization: three clinics in three US time zones, staff of every role, a few patients."""

from apps.accounts.demo import demo_enroll_totp, demo_patient, demo_user

from .models import (
    Clinic,
    ClinicMembership,
    ClinicPatient,
    Organization,
    OrganizationAdmin,
    ProviderLicense,
    ProviderProfile,
    Role,
)

CLINICS = [
    {
        "slug": "brooklyn",
        "name": "Evergreen Brooklyn",
        "address_line1": "210 Atlantic Avenue",
        "city": "Brooklyn",
        "region": "US-NY",
        "postal_code": "11201",
        "phone": "+17185550142",
        "timezone": "America/New_York",
    },
    {
        "slug": "denver",
        "name": "Evergreen Denver",
        "address_line1": "1550 Larimer Street",
        "city": "Denver",
        "region": "US-CO",
        "postal_code": "80202",
        "phone": "+13035550178",
        "timezone": "America/Denver",
    },
    {
        "slug": "santa-monica",
        "name": "Evergreen Santa Monica",
        "address_line1": "1301 Ocean Park Boulevard",
        "city": "Santa Monica",
        "region": "US-CA",
        "postal_code": "90405",
        "phone": "+13105550193",
        "timezone": "America/Los_Angeles",
    },
]

PROVIDERS = [
    ("dr.rivera@example.com", "Dr. Ana Rivera", "MD", ["brooklyn", "denver"], ["US-NY", "US-NJ", "US-CO"]),
    ("np.okafor@example.com", "Chidi Okafor", "PMHNP-BC", ["denver"], ["US-CO", "US-UT"]),
    ("dr.chen@example.com", "Dr. Wei Chen", "MD", ["santa-monica"], ["US-CA", "US-OR", "US-WA"]),
]

PATIENTS = [
    (
        "maya.patient@example.com",
        "brooklyn",
        {
            "legal_name": "Maya Thompson",
            "preferred_name": "Maya",
            "date_of_birth": "1988-04-12",
            "phone": "+12125550101",
            "region": "US-NY",
            "timezone": "America/New_York",
        },
    ),
    (
        "jordan.patient@example.com",
        "denver",
        {
            "legal_name": "Jordan Alvarez",
            "preferred_name": "Jordan",
            "date_of_birth": "1979-09-30",
            "phone": "+17205550102",
            "region": "US-CO",
            "timezone": "America/Denver",
        },
    ),
    (
        "sam.patient@example.com",
        "santa-monica",
        {
            "legal_name": "Samantha Lee",
            "preferred_name": "Sam",
            "date_of_birth": "1995-01-21",
            "phone": "+13235550103",
            "region": "US-CA",
            "timezone": "Europe/London",
        },
    ),
]


def seed() -> list[tuple[str, str]]:
    """Create (or leave as they are) the demo records; return (login, what it is) pairs to print."""
    organization, _ = Organization.objects.get_or_create(slug="evergreen", defaults={"name": "Evergreen Care"})
    clinics = {}
    for fields in CLINICS:
        clinics[fields["slug"]], _ = Clinic.objects.update_or_create(
            slug=fields["slug"], defaults={**fields, "organization": organization}
        )
    logins = [(demo_user("superuser@example.com", superuser=True).email, "Django admin superuser")]

    org_admin = _staff("org.admin@example.com")
    OrganizationAdmin.objects.get_or_create(organization=organization, user=org_admin)
    logins.append((org_admin.email, "organization admin (all clinics)"))

    for email, name, credentials, clinic_slugs, regions in PROVIDERS:
        provider = _staff(email)
        profile, _ = ProviderProfile.objects.update_or_create(
            user=provider, defaults={"display_name": name, "credentials": credentials}
        )
        for region in regions:
            ProviderLicense.objects.get_or_create(provider=profile, region=region)
        for slug in clinic_slugs:
            _member(clinics[slug], provider, Role.PROVIDER)
        logins.append((email, f"provider at {', '.join(clinic_slugs)}"))

    for slug, clinic in clinics.items():
        admin = _staff(f"{slug}.admin@example.com")
        _member(clinic, admin, Role.CLINIC_ADMIN)
        desk = _staff(f"{slug}.desk@example.com")
        _member(clinic, desk, Role.FRONT_DESK)
        logins += [(admin.email, f"clinic admin at {slug}"), (desk.email, f"front desk at {slug}")]

    for email, slug, profile in PATIENTS:
        patient = demo_patient(email, **profile)
        ClinicPatient.objects.get_or_create(clinic=clinics[slug], patient=patient)
        logins.append((email, f"patient of {slug}"))
    return logins


def _staff(email):
    user = demo_user(email)
    demo_enroll_totp(user)
    return user


def _member(clinic, user, role):
    ClinicMembership.objects.update_or_create(clinic=clinic, user=user, defaults={"role": role, "is_active": True})
