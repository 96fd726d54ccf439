"""The clinic's patient list."""

from rest_framework import serializers

from apps.care.selectors.patients import PATIENT_FLAGS, PATIENT_SORTS, PATIENT_STAGES
from apps.clinics.api.serializers import PatientSummaryOutput


class ClinicPatientListQuery(serializers.Serializer):
    search = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Name or e-mail contains"
    )
    stage = serializers.ChoiceField(
        choices=PATIENT_STAGES,
        required=False,
        help_text="no_plan: no current treatment plan here; induction, maintenance: the current plan's phase; "
        "paused: the plan is paused.",
    )
    flag = serializers.ChoiceField(
        choices=PATIENT_FLAGS,
        required=False,
        help_text="safety_alert: an open PHQ-9 item-9 alert; no_escort: a current plan but no escort named.",
    )
    sort = serializers.ChoiceField(
        choices=PATIENT_SORTS,
        default="name",
        help_text="Patients with an open safety alert always come first.",
    )


class ClinicPatientRowOutput(PatientSummaryOutput):
    stage = serializers.ChoiceField(choices=PATIENT_STAGES)
    open_safety_alert = serializers.BooleanField()
    no_escort = serializers.BooleanField(help_text="A current plan, but no escort named for the ride home.")
    next_appointment = serializers.DateTimeField(
        source="next_appointment_at", allow_null=True, help_text="The next booked visit here."
    )
