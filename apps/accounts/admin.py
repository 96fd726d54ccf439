from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from apps.audit.admin_reads import AuditedAdmin

from .models import PatientProfile, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(PatientProfile)
class PatientProfileAdmin(AuditedAdmin):
    audit_patient, audit_clinic = "user_id", None
    # Health-adjacent identity data: searchable by e-mail only, no bulk listing of names and birthdays.
    list_display = ["user", "region", "timezone", "updated_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
