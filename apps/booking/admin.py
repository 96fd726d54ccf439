from django.contrib import admin

from apps.audit.admin_reads import AuditedAdmin
from apps.core.admin import ReadOnlyAdmin

from .models import (
    Appointment,
    AppointmentEvent,
    AvailabilityOverride,
    Chair,
    ClinicClosure,
    ServiceType,
    TreatmentSeries,
    WeeklyHours,
)

# What can be booked is set in the clinic console (Availability), through the booking services.


@admin.register(ServiceType)
class ServiceTypeAdmin(ReadOnlyAdmin):
    list_display = ["name", "clinic", "kind", "modality", "route", "duration_minutes", "recovery_minutes", "is_active"]
    list_filter = ["clinic", "kind", "modality", "is_active"]
    search_fields = ["name", "slug"]


@admin.register(Chair)
class ChairAdmin(ReadOnlyAdmin):
    list_display = ["name", "clinic", "is_active"]
    list_filter = ["clinic", "is_active"]


@admin.register(WeeklyHours)
class WeeklyHoursAdmin(ReadOnlyAdmin):
    list_display = ["provider", "clinic", "weekday", "start_time", "end_time"]
    list_filter = ["clinic", "weekday"]


@admin.register(AvailabilityOverride)
class AvailabilityOverrideAdmin(ReadOnlyAdmin):
    list_display = ["provider", "kind", "clinic", "date", "start_time", "end_time"]
    list_filter = ["kind", "clinic"]
    date_hierarchy = "date"


@admin.register(ClinicClosure)
class ClinicClosureAdmin(ReadOnlyAdmin):
    list_display = ["clinic", "starts_on", "ends_on", "reason"]
    list_filter = ["clinic"]


class AppointmentEventInline(admin.TabularInline):
    model = AppointmentEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ("at", "kind", "from_status", "to_status", "previous_starts_at", "reason", "actor")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(AuditedAdmin, ReadOnlyAdmin):
    list_display = ["id", "clinic", "service", "provider", "status", "starts_at"]
    list_filter = ["clinic", "status"]
    date_hierarchy = "starts_at"
    inlines = [AppointmentEventInline]


@admin.register(TreatmentSeries)
class TreatmentSeriesAdmin(AuditedAdmin, ReadOnlyAdmin):
    list_display = ["id", "clinic", "service", "created_at"]
    list_filter = ["clinic"]
