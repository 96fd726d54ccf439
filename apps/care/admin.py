"""Operators publish consent documents and configure crisis resources here. The patients' care
records themselves (intake answers, assessments, plans, alerts) are not in the admin: their reads
must be audited, which the API does and the admin would not."""

from django.contrib import admin

from .models import ConsentDocument, CrisisResources
from .services.consents import consent_document_publish


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(admin.ModelAdmin):
    """Adding a document publishes the next version of its kind; a published version never changes."""

    list_display = ["title", "organization", "kind", "version", "published_at"]
    list_filter = ["organization", "kind"]
    fields = ["organization", "kind", "title", "body", "version", "sha256", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else ["version", "sha256", "published_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        published = consent_document_publish(
            organization=obj.organization, kind=obj.kind, title=obj.title, body=obj.body
        )
        obj.pk, obj.version, obj.sha256, obj.published_at = (
            published.pk,
            published.version,
            published.sha256,
            published.published_at,
        )


@admin.register(CrisisResources)
class CrisisResourcesAdmin(admin.ModelAdmin):
    list_display = ["organization", "heading", "updated_at"]
