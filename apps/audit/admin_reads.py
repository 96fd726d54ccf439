"""The Django admin's pages over health information write the audit trail, as the API does: a list
page records each row it shows, a change page the row it opens, and a save or delete the write."""

from operator import attrgetter

from django.contrib import admin

from .models import AuditAction
from .services import audit_record_many


class AuditedAdmin(admin.ModelAdmin):
    """``audit_patient`` and ``audit_clinic`` are the dotted attributes that give a row's patient and
    clinic (ids, so that recording costs no query per row); ``audit_clinic = None`` for rows without one."""

    audit_patient = "patient_id"
    audit_clinic: str | None = "clinic_id"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            self._audit(request, AuditAction.READ, list(changelist.result_list))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        shown = (getattr(response, "context_data", None) or {}).get("original")
        if shown is not None:
            self._audit(request, AuditAction.READ, [shown])
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit(request, AuditAction.UPDATE if change else AuditAction.CREATE, [obj])

    def delete_model(self, request, obj):
        self._audit(request, AuditAction.DELETE, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._audit(request, AuditAction.DELETE, list(queryset))
        super().delete_queryset(request, queryset)

    def _audit(self, request, action, objs) -> None:
        if not objs:
            return
        clinic_of = attrgetter(self.audit_clinic) if self.audit_clinic else (lambda obj: None)
        audit_record_many(
            actor=request.user, action=action, objs=objs, patient_of=attrgetter(self.audit_patient), clinic_of=clinic_of
        )
