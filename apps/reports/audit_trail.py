"""The audit trail as organization admins search it. It reads the audit app's rows through the
clinics they administer, so it sits above both."""

from django.db.models import Q, QuerySet

from apps.audit.models import AuditEvent
from apps.clinics.models import Clinic


def audit_events_for_organization_admin(
    user, *, patient_id=None, actor_id=None, action=None, since=None, until=None
) -> QuerySet[AuditEvent]:
    """The trail an organization admin may search: events at their organizations' clinics, and events
    about patients registered with one of those clinics (a patient reading their own record)."""
    clinics = Clinic.objects.filter(organization__admins__user=user)
    events = AuditEvent.objects.filter(
        Q(clinic__in=clinics) | Q(clinic__isnull=True, patient__clinic_links__clinic__in=clinics)
    ).distinct()
    if patient_id:
        events = events.filter(patient_id=patient_id)
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action=action)
    if since:
        events = events.filter(at__gte=since)
    if until:
        events = events.filter(at__lt=until)
    return events.select_related("actor", "patient", "clinic").order_by("-at", "-pk")
