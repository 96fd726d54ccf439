from django.contrib import admin

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


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "clinic", "kind", "modality", "route", "duration_minutes", "recovery_minutes", "is_active"]
    list_filter = ["clinic", "kind", "modality", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Chair)
class ChairAdmin(admin.ModelAdmin):
    list_display = ["name", "clinic", "is_active"]
    list_filter = ["clinic", "is_active"]


@admin.register(WeeklyHours)
class WeeklyHoursAdmin(admin.ModelAdmin):
    list_display = ["provider", "clinic", "weekday", "start_time", "end_time"]
    list_filter = ["clinic", "weekday"]


@admin.register(AvailabilityOverride)
class AvailabilityOverrideAdmin(admin.ModelAdmin):
    list_display = ["provider", "kind", "clinic", "date", "start_time", "end_time"]
    list_filter = ["kind", "clinic"]
    date_hierarchy = "date"


@admin.register(ClinicClosure)
class ClinicClosureAdmin(admin.ModelAdmin):
    list_display = ["clinic", "starts_on", "ends_on", "reason"]
    list_filter = ["clinic"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Appointments change only through the booking services (which check, lock and keep history);
    the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppointmentEventInline(admin.TabularInline):
    model = AppointmentEvent
    extra = 0
    can_delete = False
    fields = ["at", "kind", "from_status", "to_status", "previous_starts_at", "reason", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["id", "clinic", "service", "provider", "status", "starts_at"]
    list_filter = ["clinic", "status"]
    date_hierarchy = "starts_at"
    inlines = [AppointmentEventInline]


@admin.register(TreatmentSeries)
class TreatmentSeriesAdmin(ReadOnlyAdmin):
    list_display = ["id", "clinic", "service", "created_at"]
    list_filter = ["clinic"]
