from .models import AuditAction, AuditEvent


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy's address in production; gunicorn is run with forwarded-allow-ips so
    # that it is the client's. X-Forwarded-For itself is never trusted here.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(*, request, action: AuditAction, obj, patient=None, clinic=None) -> AuditEvent:
    """Record that ``request.user`` did ``action`` on ``obj`` (health information)."""
    return AuditEvent.objects.create(
        actor=request.user if request.user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        patient=patient,
        clinic=clinic,
        ip_address=client_ip(request),
    )


def audit_record_many(*, request, action: AuditAction, objects) -> None:
    """Record one event per object in one query (a list or schedule showing many patients' records).
    Each object has a ``patient_id`` (whose information it is) and a ``clinic_id``."""
    actor = request.user if request.user.is_authenticated else None
    ip_address = client_ip(request)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            patient_id=obj.patient_id,
            clinic_id=obj.clinic_id,
            ip_address=ip_address,
        )
        for obj in objects
    )
