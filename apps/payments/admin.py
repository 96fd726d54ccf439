"""The clinics' payment policies are edited here too; money rows are read-only (they change only
through the services, which keep Stripe and the portal in step)."""

from django.contrib import admin

from apps.audit.admin_reads import AuditedAdmin
from apps.core.admin import ReadOnlyAdmin

from .models import CardOnFileConsent, Payment, PaymentPolicy, Refund, StripeEvent


@admin.register(PaymentPolicy)
class PaymentPolicyAdmin(admin.ModelAdmin):
    list_display = ["clinic", "consultation_at_booking", "session_at_booking", "late_cancellation", "no_show_fee_cents"]


@admin.register(Payment)
class PaymentAdmin(AuditedAdmin, ReadOnlyAdmin):
    list_display = ["id", "clinic", "kind", "status", "amount_cents", "currency", "created_at"]
    list_filter = ["clinic", "kind", "status"]


@admin.register(Refund)
class RefundAdmin(AuditedAdmin, ReadOnlyAdmin):
    audit_patient, audit_clinic = "payment.patient_id", "payment.clinic_id"
    list_select_related = ["payment"]
    list_display = ["id", "payment", "kind", "status", "amount_cents", "created_at"]
    list_filter = ["kind", "status"]


@admin.register(CardOnFileConsent)
class CardOnFileConsentAdmin(AuditedAdmin, ReadOnlyAdmin):
    list_display = ["id", "clinic", "text_version", "given_at", "revoked_at"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ["stripe_id", "type", "received_at", "processed_at", "outcome"]
    list_filter = ["type", "outcome"]
