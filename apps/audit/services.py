from operator import attrgetter
from typing import Any

from .context import client_ip
from .models import AuditAction, AuditEvent

# For ``audit_record_many`` of rows that each name their patient and clinic (appointments, payments).
ROW_OWNERS: dict[str, Any] = {"patient_of": attrgetter("patient_id"), "clinic_of": attrgetter("clinic_id")}


def _pk(value):
    return getattr(value, "pk", value)


def _person(actor):
    """The account that acts, or None for the system (and for an anonymous visitor)."""
    return actor if actor is not None and actor.is_authenticated else None


def _audit_event(
    *, person, action: AuditAction, obj, patient, clinic, model=None, ip_address=None, via=""
) -> AuditEvent:
    return AuditEvent(
        # By id: the actor is often the request's lazy user, costly to assign to a relation many times.
        actor_id=_pk(person),
        action=action,
        object_type=(model or obj)._meta.label_lower,
        object_id=str(obj.pk),
        patient_id=_pk(patient),
        clinic_id=_pk(clinic),
        ip_address=ip_address,
        via=via,
    )


def audit_record(*, actor, action: AuditAction, obj, patient=None, clinic=None, via: str = "") -> AuditEvent:
    """Record that ``actor`` did ``action`` on ``obj`` (health information), from the client of the
    request being served (``context.py``). ``via``: what acted when no account did (``AuditEvent.via``)."""
    event = _audit_event(
        person=_person(actor),
        action=action,
        obj=obj,
        patient=patient,
        clinic=clinic,
        ip_address=client_ip(),
        via=via,
    )
    event.save()
    return event


def audit_record_many(
    *,
    actor,
    action: AuditAction,
    objs,
    patient=None,
    clinic=None,
    patient_of=None,
    clinic_of=None,
    model=None,
    via: str = "",
) -> list[AuditEvent]:
    """``audit_record`` for each object of a list that was read or written together, in one insert.
    ``patient_of(obj)`` / ``clinic_of(obj)`` give each object's patient and clinic (instances or ids)
    when they are not all the same ``patient`` / ``clinic``. ``model``: the objects' model when they
    are rows read of it rather than its instances (anything with a ``pk``, e.g. a projection)."""
    person, ip_address = _person(actor), client_ip()
    return AuditEvent.objects.bulk_create(
        [
            _audit_event(
                person=person,
                action=action,
                obj=obj,
                patient=patient_of(obj) if patient_of else patient,
                clinic=clinic_of(obj) if clinic_of else clinic,
                model=model,
                ip_address=ip_address,
                via=via,
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
