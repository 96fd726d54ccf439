"""When providers work: weekly hours, extra hours and time off, and clinic closures."""

from django.db import models
from django.db.models import Q

from apps.core.models import TimeStampedModel


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeeklyHours(TimeStampedModel):
    """A provider's regular working hours at one clinic on one weekday, in the clinic's local time. A
    provider working at several clinics has rows for each; shifts do not cross midnight."""

    provider = models.ForeignKey("clinics.ProviderProfile", on_delete=models.CASCADE, related_name="weekly_hours")
    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="weekly_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["provider", "clinic", "weekday", "start_time"]
        verbose_name_plural = "weekly hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=models.F("end_time")), name="booking_hours_start_before_end"
            )
        ]

    def __str__(self):
        return f"{self.provider} at {self.clinic}: {self.get_weekday_display()} {self.start_time}-{self.end_time}"


class OverrideKind(models.TextChoices):
    EXTRA_HOURS = "extra_hours", "Extra hours"
    TIME_OFF = "time_off", "Time off"


class AvailabilityOverride(TimeStampedModel):
    """A change to a provider's regular hours on one local date: extra hours at a clinic, or time off
    (at one clinic, or everywhere when ``clinic`` is empty; the whole day when no times are given)."""

    provider = models.ForeignKey("clinics.ProviderProfile", on_delete=models.CASCADE, related_name="overrides")
    clinic = models.ForeignKey(
        "clinics.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="availability_overrides"
    )
    kind = models.CharField(max_length=20, choices=OverrideKind.choices)
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["provider", "date", "start_time"]
        indexes = [models.Index(fields=["provider", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, start_time__lt=models.F("end_time")),
                name="booking_override_times_together",
            ),
            models.CheckConstraint(
                condition=~Q(kind=OverrideKind.EXTRA_HOURS) | Q(clinic__isnull=False, start_time__isnull=False),
                name="booking_extra_hours_at_a_clinic_with_times",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.provider} on {self.date}"


class ClinicClosure(TimeStampedModel):
    """Whole local days on which a clinic takes no appointments and its providers' hours there lapse."""

    clinic = models.ForeignKey("clinics.Clinic", on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="Inclusive.")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["clinic", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="booking_closure_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.clinic} closed {self.starts_on}-{self.ends_on}"
