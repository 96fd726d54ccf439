"""The visit itself: the ride home after a dose, and where a video visit's patient was."""

from django.db import models
from phonenumber_field.modelfields import PhoneNumberField

from apps.accounts.models import validate_region_code
from apps.core.models import TimeStampedModel

from .appointments import Appointment


class RideHome(TimeStampedModel):
    """The patient's answer, for one dose appointment, to the day-before question: who takes them home
    (a name and phone, or by text "the escort named in the portal"), or that they need help with it."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        NEEDS_HELP = "needs_help", "Needs help"

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="ride_home")
    answer = models.CharField(max_length=12, choices=Answer.choices)
    escort_name = models.CharField(max_length=200, blank=True)
    escort_phone = PhoneNumberField(blank=True)
    answered_at = models.DateTimeField()
    answered_by_text = models.BooleanField(default=False)

    def __str__(self):
        return f"Ride home for {self.appointment_id}: {self.answer}"


class VisitLocation(models.Model):
    """Where the patient said they were for a video visit, each time they were asked: when booking it,
    and again when joining it. The record that care was rendered where the provider is licensed."""

    class Moment(models.TextChoices):
        BOOKING = "booking", "When booking"
        JOINING = "joining", "When joining"

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="visit_locations")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    region = models.CharField(max_length=10, validators=[validate_region_code])
    attested_at = models.DateTimeField()
    licensed = models.BooleanField(help_text="Whether the appointment's provider was licensed there for the visit.")

    class Meta:
        ordering = ["attested_at", "pk"]

    def __str__(self):
        return f"{self.appointment_id} {self.moment}: {self.region}"
