from .models import AuditAction, AuditEvent


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy's address in production; gunicorn is run with forwarded-allow-ips so
    # that it is the client's. X-Forwarded-For itself is never trusted here.
    return request.META.get("REMOTE_ADDR") or None


def _pk(value):
    return getattr(value, "pk", value)


def _audit_event(*, request, action: AuditAction, obj, patient, clinic, actor=None) -> AuditEvent:
    return AuditEvent(
        actor=actor or (request.user if request.user.is_authenticated else None),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        patient_id=_pk(patient),
        clinic_id=_pk(clinic),
        ip_address=client_ip(request),
    )


def audit_record(*, request, action: AuditAction, obj, patient=None, clinic=None, actor=None) -> AuditEvent:
    """Record that ``request.user`` (or ``actor``, for a request that is not theirs: a reply by text
    relayed by the SMS provider) did ``action`` on ``obj`` (health information)."""
    event = _audit_event(request=request, action=action, obj=obj, patient=patient, clinic=clinic, actor=actor)
    event.save()
    return event


def audit_record_many(
    *, request, action: AuditAction, objs, patient=None, clinic=None, patient_of=None, clinic_of=None
) -> list[AuditEvent]:
    """``audit_record`` for each object of a list that was read or written together, in one insert.
    ``patient_of(obj)`` / ``clinic_of(obj)`` give each object's patient and clinic (instances or ids)
    when they are not all the same ``patient`` / ``clinic``."""
    return AuditEvent.objects.bulk_create(
        [
            _audit_event(
                request=request,
                action=action,
                obj=obj,
                patient=patient_of(obj) if patient_of else patient,
                clinic=clinic_of(obj) if clinic_of else clinic,
            )
            for obj in objs
        ]
    )


def audit_record_export(*, request, what: str, clinic=None) -> AuditEvent:
    """An export of many records at once: who exported what (the query, not the rows), and from which
    clinic when it is one clinic's."""
    return AuditEvent.objects.create(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="audit.export",
        object_id=what[:64],
        clinic_id=_pk(clinic),
        ip_address=client_ip(request),
    )
