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
