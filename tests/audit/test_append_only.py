import pytest
from django.db import DatabaseError, transaction

from apps.audit.models import AuditEvent


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_change_or_remove_audit_rows(patient):
    event = AuditEvent.objects.create(
        actor=patient, action="read", object_type="accounts.patientprofile", object_id="1", patient=patient
    )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "read"
