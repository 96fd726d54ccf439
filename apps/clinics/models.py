from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from apps.accounts.models import validate_iana_zone, validate_region_code
from apps.core.models import TimeStampedModel


class Organization(TimeStampedModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    def __str__(self):
        return self.name


class Clinic(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="clinics")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    address_line1 = models.CharField(max_length=200)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=10, validators=[validate_region_code], help_text="e.g. US-CO")
    postal_code = models.CharField(max_length=20)
    phone = PhoneNumberField()
    timezone = models.CharField(max_length=64, validators=[validate_iana_zone])
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"
    PROVIDER = "provider", "Provider"
    FRONT_DESK = "front_desk", "Front desk"


class ClinicMembership(TimeStampedModel):
    """A staff member's role at one clinic. A provider working at several clinics has one row each."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    booking_weight = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="A provider's share of the bookings that name no provider here: one with weight 2 gets about "
        "twice the bookings of one with weight 1 (a patient's previous provider comes first when free).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "user"], name="one_membership_per_clinic"),
            models.CheckConstraint(condition=models.Q(booking_weight__gte=1), name="booking_weight_positive"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} at {self.clinic}"


class OrganizationAdmin(TimeStampedModel):
    """Reaches every clinic of the organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="admins")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_admin_roles"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="one_admin_role_per_org")]


class ProviderProfile(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_profile")
    display_name = models.CharField(max_length=200)
    credentials = models.CharField(max_length=100, help_text="e.g. MD, DNP, PMHNP-BC")

    def __str__(self):
        return f"{self.display_name}, {self.credentials}"


class ProviderLicense(TimeStampedModel):
    """Where a provider may practise by telehealth: the patient's region must be licensed."""

    provider = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="licenses")
    region = models.CharField(max_length=10, validators=[validate_region_code])
    number = models.CharField(max_length=50, blank=True)
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "region"], name="one_license_per_region")]


class ClinicPatient(TimeStampedModel):
    """A patient registered with a clinic: what lets that clinic's staff see them."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="patient_links")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinic_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinic", "patient"], name="one_link_per_clinic_patient")]
