from django.contrib import admin

from apps.audit.admin_reads import AuditedAdmin
from apps.core.admin import ReadOnlyAdmin

from .changes import tell_clinic_changed
from .models import (
    Clinic,
    ClinicMembership,
    ClinicPatient,
    Organization,
    OrganizationAdmin,
    ProviderLicense,
    ProviderProfile,
)


class ChangesAvailability(admin.ModelAdmin):
    """For what availability is computed from: an edit in the admin is told to ``clinic_changed`` (the
    availability cache), as the services do. ``clinics_of`` names the clinics a row concerns (one of
    each organization is enough)."""

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
            tell_clinic_changed(clinic)


def provider_clinics(provider):
    """The clinics where a provider is a member: their profile counts at each."""
    return [membership.clinic for membership in provider.user.memberships.select_related("clinic")]


class ClinicInline(admin.TabularInline):
    model = Clinic
    extra = 0
    fields = ["name", "slug", "timezone", "is_active"]
    show_change_link = True


@admin.register(Organization)
class OrganizationAdminPage(admin.ModelAdmin):
    list_display = ["name", "slug"]
    inlines = [ClinicInline]


@admin.register(Clinic)
class ClinicAdmin(ChangesAvailability):
    list_display = ["name", "organization", "city", "timezone", "is_active"]
    list_filter = ["organization", "is_active", "timezone"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ["name"]}

    def clinics_of(self, obj):
        return [obj]


@admin.register(ClinicMembership)
class ClinicMembershipAdmin(ChangesAvailability):
    list_display = ["user", "clinic", "role", "is_active", "booking_weight"]
    list_filter = ["clinic", "role", "is_active"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(OrganizationAdmin)
class OrganizationAdminRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "organization"]
    raw_id_fields = ["user"]


class ProviderLicenseInline(admin.TabularInline):
    """Licences decide who may see a patient by video: a clinic admin changes them in the console
    (Availability, Providers & licences), where a change a booked visit needs is refused."""

    model = ProviderLicense
    extra = 0
    has_add_permission = ReadOnlyAdmin.has_add_permission
    has_change_permission = ReadOnlyAdmin.has_change_permission
    has_delete_permission = ReadOnlyAdmin.has_delete_permission


@admin.register(ProviderProfile)
class ProviderProfileAdmin(ChangesAvailability):
    list_display = ["display_name", "credentials", "user"]
    search_fields = ["display_name", "user__email"]
    raw_id_fields = ["user"]
    inlines = [ProviderLicenseInline]

    def clinics_of(self, obj):
        return provider_clinics(obj)


@admin.register(ClinicPatient)
class ClinicPatientAdmin(AuditedAdmin):
    list_display = ["patient", "clinic", "created_at"]
    list_filter = ["clinic"]
    search_fields = ["patient__email"]
    raw_id_fields = ["patient"]
