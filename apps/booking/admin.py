from django.contrib import admin

from apps.audit.admin_reads import AuditedAdmin

from .availability_cache import availability_changed
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


class ChangesAvailability(admin.ModelAdmin):
    """For what availability is computed from: an edit in the admin tells the availability cache, as
    the services do. ``clinics_of`` names the clinics a row concerns (one of each organization is enough)."""

    def clinics_of(self, obj):
        return [obj.clinic]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.availability_changed(obj)

    def delete_model(self, request, obj):
        self.availability_changed(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.availability_changed(obj)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        self.availability_changed(form.instance)

    def availability_changed(self, obj):
        for clinic in self.clinics_of(obj):
            availability_changed(clinic)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written here: these rows change only through the services, which check, lock,
    refuse a change that strands a booked appointment, keep history and tell the availability cache."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


def provider_clinics(provider):
    """The clinics where a provider is a member: their profile counts at each."""
    return [membership.clinic for membership in provider.user.memberships.select_related("clinic")]


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
