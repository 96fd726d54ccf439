import uuid
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from apps.core.models import TimeStampedModel

validate_region_code = RegexValidator(
    r"^[A-Z]{2}-[A-Z0-9]{1,3}$", "Use an ISO 3166-2 region code such as US-NY or CA-ON."
)


def validate_iana_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not an IANA time zone (for example America/New_York).")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_superuser", False)
        extra.setdefault("is_staff", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_superuser=True, is_staff=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Logs in with an e-mail address. ``is_staff`` means Django admin access only; clinic staff are
    users with a clinic membership (see apps.clinics)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def display_name(self) -> str:
        profile = getattr(self, "patient_profile", None)
        if profile and (profile.preferred_name or profile.legal_name):
            return profile.preferred_name or profile.legal_name
        return self.email.split("@")[0]


class PatientProfile(TimeStampedModel):
    """What a patient tells us about themselves. Health information: every read and write is audited."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="patient_profile")
    legal_name = models.CharField(max_length=200, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = PhoneNumberField(blank=True)
    region = models.CharField(
        max_length=10,
        blank=True,
        validators=[validate_region_code],
        help_text="ISO 3166-2 code of the home state or region, e.g. US-NY (telehealth licensing).",
    )
    timezone = models.CharField(max_length=64, default="America/New_York", validators=[validate_iana_zone])
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_phone = PhoneNumberField(blank=True)

    def __str__(self):
        return f"Patient profile {self.pk}"
