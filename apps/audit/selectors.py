from django.db.models import Q, QuerySet

from .models import AuditEvent


def audit_events_for_organization_admin(
    user, *, patient_id=None, actor_id=None, action=None, since=None, until=None
) -> QuerySet[AuditEvent]:
    """The trail an organization admin may search: events at their organizations' clinics, and events
    about patients registered with one of those clinics (a patient reading their own record)."""
    events = AuditEvent.objects.filter(
        Q(clinic__organization__admins__user=user)
        | Q(clinic__isnull=True, patient__clinic_links__clinic__organization__admins__user=user)
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
