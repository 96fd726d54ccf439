from .context import client_ip
from .models import AuditAction, AuditEvent


def _pk(value):
    return getattr(value, "pk", value)


def _person(actor):
    """The account that acts, or None for the system (and for an anonymous visitor)."""
    return actor if actor is not None and actor.is_authenticated else None


def _audit_event(*, actor, action: AuditAction, obj, patient, clinic) -> AuditEvent:
    return AuditEvent(
        actor=_person(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        patient_id=_pk(patient),
        clinic_id=_pk(clinic),
        ip_address=client_ip(),
    )


def audit_record(*, actor, action: AuditAction, obj, patient=None, clinic=None) -> AuditEvent:
    """Record that ``actor`` did ``action`` on ``obj`` (health information), from the client of the
    request being served (``context.py``)."""
    event = _audit_event(actor=actor, action=action, obj=obj, patient=patient, clinic=clinic)
    event.save()
    return event


def audit_record_many(
    *, actor, action: AuditAction, objs, patient=None, clinic=None, patient_of=None, clinic_of=None
) -> list[AuditEvent]:
    """``audit_record`` for each object of a list that was read or written together, in one insert.
    ``patient_of(obj)`` / ``clinic_of(obj)`` give each object's patient and clinic (instances or ids)
    when they are not all the same ``patient`` / ``clinic``."""
    return AuditEvent.objects.bulk_create(
        [
            _audit_event(
                actor=actor,
                action=action,
                obj=obj,
                patient=patient_of(obj) if patient_of else patient,
                clinic=clinic_of(obj) if clinic_of else clinic,
            )
            for obj in objs
        ]
    )


def audit_record_export(*, actor, what: str, clinic=None) -> AuditEvent:
    """An export of many records at once: who exported what (the query, not the rows), and from which
    clinic when it is one clinic's."""
    return AuditEvent.objects.create(
        actor=_person(actor),
        action=AuditAction.EXPORT,
        object_type="audit.export",
        object_id=what[:64],
        clinic_id=_pk(clinic),
        ip_address=client_ip(),
    )
