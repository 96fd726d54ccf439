from functools import cache

from drf_spectacular.utils import extend_schema_field, inline_serializer
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from apps.booking.api.serializers import AppointmentOutput, AwareDateTimeField, WallClockOutput, utc_text, wall_clock
from apps.booking.selectors.catalogue import clinic_zone
from apps.care.instruments import ANSWER_OPTIONS, INSTRUMENTS, PROMPT, answer_errors
from apps.care.models import (
    Assessment,
    ConsentDocument,
    ConsentKind,
    ConsentSignature,
    ConsultationOutcome,
    DosingBookingDetails,
    DosingRoute,
    Escort,
    Intake,
    SafetyAlert,
    SessionRecord,
    SideEffect,
    TreatmentPlan,
)
from apps.care.screening import DISCLAIMER, INTAKE_ANSWER_FIELDS, intake_flags
from apps.care.selectors import PATIENT_FLAGS, PATIENT_SORTS, PATIENT_STAGES, PlanProgress, intake_answers
from apps.care.services import SESSION_RECORD_FIELDS
from apps.clinics.api.serializers import PatientSummaryOutput


@cache
def page_of(output_class: type[serializers.Serializer]) -> serializers.Serializer:
    """The schema of one page of ``output_class`` rows, as StandardPagination returns it (one component
    per row class, however many endpoints use it)."""
    return inline_serializer(
        name=f"Paginated{output_class.__name__}List",
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": output_class(many=True),
        },
    )


# --- Intake ------------------------------------------------------------------------------------


class IntakeAnswersInput(serializers.ModelSerializer):
    """Some or all of the intake's answers (a draft may be saved with any of them missing)."""

    class Meta:
        model = Intake
        fields = list(INTAKE_ANSWER_FIELDS)
        extra_kwargs = {name: {"required": False} for name in INTAKE_ANSWER_FIELDS}


class ScreeningReasonOutput(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ScreeningOutput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Intake.ScreeningOutcome.choices)
    reasons = ScreeningReasonOutput(many=True)
    disclaimer = serializers.CharField()


class IntakeOutput(serializers.ModelSerializer):
    """The answers, and once submitted the screen that was computed from them."""

    screening = serializers.SerializerMethodField()

    class Meta:
        model = Intake
        fields = ["status", "submitted_at", "updated_at", *INTAKE_ANSWER_FIELDS, "screening"]

    @extend_schema_field(ScreeningOutput(allow_null=True))
    def get_screening(self, intake: Intake):
        if intake.status != Intake.Status.SUBMITTED:
            return None
        return {"outcome": intake.screening_outcome, "reasons": intake.screening_reasons, "disclaimer": DISCLAIMER}


class StaffIntakeOutput(IntakeOutput):
    flags = serializers.SerializerMethodField(help_text="The flag questions the patient answered “yes”.")

    class Meta(IntakeOutput.Meta):
        fields = [*IntakeOutput.Meta.fields, "flags"]

    def get_flags(self, intake: Intake) -> list[str]:
        return intake_flags(intake_answers(intake))


# --- Consents ----------------------------------------------------------------------------------


class ConsentListQuery(serializers.Serializer):
    clinic = serializers.SlugField(help_text="The clinic the patient is dealing with: its organization's documents.")


class ConsentDocumentOutput(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    signed_at = serializers.SerializerMethodField(help_text="When the patient signed this version; null if not.")
    needs_signature = serializers.SerializerMethodField()
    earlier_version_signed = serializers.BooleanField(
        help_text="The patient signed an earlier version: this one is new and needs signing again."
    )

    class Meta:
        model = ConsentDocument
        fields = [
            "id",
            "kind",
            "version",
            "title",
            "body",
            "sha256",
            "published_at",
            "signed_at",
            "needs_signature",
            "earlier_version_signed",
        ]

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_signed_at(self, document):
        signature = next(iter(document.patient_signatures), None)
        return serializers.DateTimeField().to_representation(signature.signed_at) if signature else None

    def get_needs_signature(self, document) -> bool:
        return not document.patient_signatures


class ConsentStatusOutput(serializers.Serializer):
    organization = serializers.CharField()
    documents = ConsentDocumentOutput(many=True)


class ConsentSignatureInput(serializers.Serializer):
    typed_name = serializers.CharField(max_length=200, help_text="The patient's full legal name, typed.")
    sha256 = serializers.RegexField(
        r"^[0-9a-fA-F]{64}$", help_text="The ``sha256`` of the document as shown to the patient."
    )


class ConsentSignatureOutput(serializers.ModelSerializer):
    class Meta:
        model = ConsentSignature
        fields = ["id", "document", "document_version", "document_sha256", "typed_name", "signed_at", "ip_address"]


# --- Assessments ---------------------------------------------------------------------------------


class AnswerOptionOutput(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()


class BandOutput(serializers.Serializer):
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    severity = serializers.CharField()
    label = serializers.CharField()


class InstrumentOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    prompt = serializers.SerializerMethodField()
    items = serializers.ListField(child=serializers.CharField())
    answer_options = serializers.SerializerMethodField()
    max_score = serializers.IntegerField()
    bands = BandOutput(many=True)

    def get_prompt(self, instrument) -> str:
        return PROMPT

    @extend_schema_field(AnswerOptionOutput(many=True))
    def get_answer_options(self, instrument):
        return [{"value": value, "label": label} for value, label in ANSWER_OPTIONS]


class AssessmentInput(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=list(INSTRUMENTS))
    answers = serializers.ListField(
        child=serializers.IntegerField(), max_length=20, help_text="One answer per item, 0 to 3, in order."
    )

    def validate(self, data):
        errors = answer_errors(data["instrument"], data["answers"])
        if errors:
            raise serializers.ValidationError({"answers": errors})
        return data


class AssessmentOutput(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["id", "instrument", "answers", "total_score", "severity", "taken_at"]


class CrisisResourceOutput(serializers.Serializer):
    label = serializers.CharField()
    instruction = serializers.CharField()
    href = serializers.CharField(required=False)


class CrisisOutput(serializers.Serializer):
    heading = serializers.CharField()
    message = serializers.CharField()
    resources = CrisisResourceOutput(many=True)
    care_team_notified = serializers.BooleanField()
    follow_up = serializers.CharField()


class AssessmentSubmissionOutput(serializers.Serializer):
    assessment = AssessmentOutput()
    crisis = CrisisOutput(
        allow_null=True, help_text="Present when the answers suggest the patient may be in danger: show it at once."
    )


class TrendPointOutput(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = ["taken_at", "total_score", "severity"]


class InstrumentTrendOutput(serializers.Serializer):
    instrument = serializers.CharField(source="instrument.code")
    name = serializers.CharField(source="instrument.name")
    max_score = serializers.IntegerField(source="instrument.max_score")
    bands = BandOutput(source="instrument.bands", many=True)
    points = TrendPointOutput(many=True)


class TrendSessionOutput(serializers.Serializer):
    date = serializers.SerializerMethodField(help_text="The session's date in its clinic's time zone.")
    start = serializers.SerializerMethodField(help_text="UTC")
    clinic_time = serializers.SerializerMethodField()
    clinic = serializers.SlugField(source="clinic.slug")

    def get_date(self, appointment) -> str:
        return appointment.starts_at.astimezone(clinic_zone(appointment.clinic)).date().isoformat()

    def get_start(self, appointment) -> str:
        return utc_text(appointment.starts_at)

    @extend_schema_field(WallClockOutput)
    def get_clinic_time(self, appointment):
        return wall_clock(appointment.starts_at, clinic_zone(appointment.clinic))


class TrendOutput(serializers.Serializer):
    instruments = InstrumentTrendOutput(many=True)
    sessions = TrendSessionOutput(
        many=True,
        help_text="The patient's completed dosing sessions (dosing and boosters), oldest first, to mark on the "
        "chart. Staff see those at their clinic.",
    )


# --- Safety alerts and staff notifications -------------------------------------------------------


class AlertListQuery(serializers.Serializer):
    state = serializers.ChoiceField(choices=["open", "acknowledged", "all"], default="open")


class AlertPatientOutput(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    legal_name = serializers.CharField(source="patient_profile.legal_name", default="")
    preferred_name = serializers.CharField(source="patient_profile.preferred_name", default="")
    phone = serializers.CharField(source="patient_profile.phone", default="")


class SafetyAlertOutput(serializers.ModelSerializer):
    reason_label = serializers.CharField(source="get_reason_display")
    answer_label = serializers.SerializerMethodField()
    patient = AlertPatientOutput()
    assessment = AssessmentOutput()
    acknowledged_by = serializers.EmailField(source="acknowledged_by.email", default=None)

    class Meta:
        model = SafetyAlert
        fields = [
            "id",
            "reason",
            "reason_label",
            "answer",
            "answer_label",
            "raised_at",
            "patient",
            "assessment",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledgement_note",
        ]

    def get_answer_label(self, alert) -> str:
        return dict(ANSWER_OPTIONS)[alert.answer]


class AlertAcknowledgementInput(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


# --- Consultation outcomes and treatment plans ---------------------------------------------------

PROVIDER_HELP = "User id of the responsible provider of this clinic; defaults to the signed-in provider."


class ClinicianOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField(source="provider_profile.display_name", default="")
    credentials = serializers.CharField(source="provider_profile.credentials", default="")


class ClinicSummaryOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class ConsultationOutcomeInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ConsultationOutcome.Decision.choices)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    provider = serializers.UUIDField(required=False, help_text=PROVIDER_HELP)


class ConsultationOutcomeOutput(serializers.ModelSerializer):
    provider = ClinicianOutput()
    recorded_by = serializers.EmailField(source="recorded_by.email")

    class Meta:
        model = ConsultationOutcome
        fields = ["id", "decision", "notes", "decided_at", "provider", "recorded_by"]


class PlanInput(serializers.ModelSerializer):
    approved_routes = serializers.ListField(
        child=serializers.ChoiceField(choices=DosingRoute.choices), allow_empty=False, max_length=3
    )
    provider = serializers.UUIDField(required=False, help_text=PROVIDER_HELP)

    class Meta:
        model = TreatmentPlan
        fields = [
            "approved_routes",
            "induction_sessions",
            "induction_window_days",
            "integration_sessions",
            "booster_interval_days",
            "provider",
        ]

    def validate_approved_routes(self, routes):
        if len(set(routes)) != len(routes):
            raise serializers.ValidationError("Name each route once.")
        return routes


class PlanUpdateInput(PlanInput):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Why the plan changes: required when it allows more to be booked (a route, more induction "
        "sessions or days, boosters sooner or where there were none).",
    )

    class Meta(PlanInput.Meta):
        fields = [*PlanInput.Meta.fields, "status", "reason"]


class InductionProgressOutput(serializers.Serializer):
    completed = serializers.IntegerField()
    booked = serializers.IntegerField(help_text="Booked and not done yet (held, confirmed or checked in).")
    total = serializers.IntegerField()
    summary = serializers.CharField(help_text="e.g. “3 of 6 induction sessions”")


class IntegrationProgressOutput(serializers.Serializer):
    completed = serializers.IntegerField()
    total = serializers.IntegerField()


class SessionTimeOutput(serializers.Serializer):
    start = serializers.CharField(help_text="UTC")
    clinic_time = WallClockOutput()


class PlanProgressOutput(serializers.Serializer):
    phase = serializers.ChoiceField(choices=["induction", "maintenance"])
    induction = InductionProgressOutput()
    integration = IntegrationProgressOutput()
    last_dosing_session = SessionTimeOutput(
        allow_null=True, help_text="The latest completed dosing session or booster."
    )
    maintenance_started = serializers.BooleanField(help_text="The induction series is complete.")
    maintenance_started_at = serializers.DateTimeField(allow_null=True)
    next_booster_due = serializers.DateField(
        allow_null=True,
        help_text="The last completed dose plus the booster interval, as a date in the clinic's time zone; "
        "null before maintenance or without a booster interval.",
    )


def plan_progress_data(progress: PlanProgress) -> dict:
    last = progress.last_dose_at
    return {
        "phase": progress.phase,
        "induction": {
            "completed": progress.induction_completed,
            "booked": progress.induction_booked,
            "total": progress.induction_total,
            "summary": progress.summary,
        },
        "integration": {"completed": progress.integration_completed, "total": progress.integration_total},
        "last_dosing_session": (
            {"start": utc_text(last), "clinic_time": wall_clock(last, progress.zone)} if last is not None else None
        ),
        "maintenance_started": progress.maintenance_started_at is not None,
        "maintenance_started_at": progress.maintenance_started_at,
        "next_booster_due": progress.next_booster_due,
    }


class PlanOutput(serializers.ModelSerializer):
    """A plan with its progress, which the view gives as ``context["progress"]`` (``plan_progress``)."""

    clinic = ClinicSummaryOutput()
    provider = ClinicianOutput()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = TreatmentPlan
        fields = [
            "id",
            "status",
            "approved_routes",
            "induction_sessions",
            "induction_window_days",
            "integration_sessions",
            "booster_interval_days",
            "maintenance_started_at",
            "clinic",
            "provider",
            "consultation_outcome",
            "created_at",
            "updated_at",
            "progress",
        ]

    @extend_schema_field(PlanProgressOutput)
    def get_progress(self, plan):
        return PlanProgressOutput(plan_progress_data(self.context["progress"])).data


class AdjusterOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class PlanAdjustmentOutput(serializers.Serializer):
    adjusted_at = serializers.DateTimeField()
    adjusted_by = AdjusterOutput()
    changes = serializers.DictField(
        child=serializers.ListField(), help_text="Each changed field with its value before and after."
    )
    reason = serializers.CharField()


class StaffPlanOutput(PlanOutput):
    """The plan as the clinic's staff see it: with every documented change to what it allows."""

    adjustments = PlanAdjustmentOutput(many=True, source="adjustments.all")

    class Meta(PlanOutput.Meta):
        fields = [*PlanOutput.Meta.fields, "adjustments"]


# --- Escort --------------------------------------------------------------------------------------


class EscortInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    phone = PhoneNumberField(help_text="Any common format; stored and returned as E.164 (+12125550123).")
    will_not_drive = serializers.BooleanField(
        help_text="The patient confirms they will not drive until the day after a dosing session. Must be true."
    )

    def validate_will_not_drive(self, value):
        if value is not True:
            raise serializers.ValidationError("Please confirm you will not drive until the next day.")
        return value


class EscortOutput(serializers.ModelSerializer):
    phone = serializers.CharField()

    class Meta:
        model = Escort
        fields = ["name", "phone", "no_driving_acknowledged_at", "updated_at"]


# --- Session records -----------------------------------------------------------------------------

RECORD_FIELDS = list(SESSION_RECORD_FIELDS)


class SessionRecordInput(serializers.ModelSerializer):
    """The whole record (PUT): a field left out or null is emptied. ``route`` defaults to the booked
    service's. Vital signs and doses outside believable ranges are refused field by field."""

    route = serializers.ChoiceField(choices=DosingRoute.choices, required=False, allow_null=True)
    side_effects = serializers.ListField(
        child=serializers.ChoiceField(choices=SideEffect.choices),
        required=False,
        allow_null=True,
        max_length=len(SideEffect.values),
        help_text="Each observed side effect once; an empty list means none were observed.",
    )
    discharged_at = AwareDateTimeField(required=False, allow_null=True, help_text="When the patient left.")

    class Meta:
        model = SessionRecord
        fields = RECORD_FIELDS
        extra_kwargs = {name: {"required": False, "allow_null": True} for name in RECORD_FIELDS}


class RecordAuthorOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()


class SessionRecordFieldsOutput(serializers.ModelSerializer):
    recorded_by = RecordAuthorOutput()
    completed_by = RecordAuthorOutput(allow_null=True)

    class Meta:
        model = SessionRecord
        fields = [*RECORD_FIELDS, "recorded_by", "created_at", "updated_at", "completed_at", "completed_by"]


class DosingBookingDetailsOutput(serializers.ModelSerializer):
    escort_phone = serializers.CharField()

    class Meta:
        model = DosingBookingDetails
        fields = ["escort_name", "escort_phone", "no_driving_acknowledged_at"]


class SessionSheetOutput(serializers.Serializer):
    appointment = AppointmentOutput()
    booking = DosingBookingDetailsOutput(
        source="booking_details",
        allow_null=True,
        help_text="The escort named and the no-driving acknowledgement given when the session was booked.",
    )
    state = serializers.SerializerMethodField()
    record = SessionRecordFieldsOutput(allow_null=True, help_text="Null until the record is started.")

    @extend_schema_field(serializers.ChoiceField(choices=["not_started", "draft", "completed"]))
    def get_state(self, sheet):
        if sheet.record is None:
            return "not_started"
        return "completed" if sheet.record.is_completed else "draft"


# --- The clinic's patient list -------------------------------------------------------------------


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
