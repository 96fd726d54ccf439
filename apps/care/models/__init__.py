"""The care pathway's records, one module per part of it. All of them are health information: every read
and write goes through a service or selector that audits it. Clinical records are never deleted
(PROTECT)."""

# Django and the rest of the portal import the models from here.
from .assessments import Assessment, CrisisResources, SafetyAlert
from .consents import ConsentDocument, ConsentKind, ConsentSignature
from .intake import MAX_TREATMENTS_TRIED, Intake, yes_no
from .plans import (
    DEFAULT_INDUCTION_SESSIONS,
    DEFAULT_INDUCTION_WINDOW_DAYS,
    ConsultationOutcome,
    PlanAdjustment,
    TreatmentPlan,
    validate_routes,
)
from .sessions import (
    DIASTOLIC_RANGE,
    DOSE_RANGES,
    HEART_RATE_RANGE,
    SESSION_RECORD_REQUIRED_FIELDS,
    SPO2_RANGE,
    SYSTOLIC_RANGE,
    DoseUnit,
    DosingBookingDetails,
    Escort,
    SessionRecord,
    SideEffect,
    measurement,
    validate_side_effects,
)

__all__ = [
    "DEFAULT_INDUCTION_SESSIONS",
    "DEFAULT_INDUCTION_WINDOW_DAYS",
    "DIASTOLIC_RANGE",
    "DOSE_RANGES",
    "HEART_RATE_RANGE",
    "MAX_TREATMENTS_TRIED",
    "SESSION_RECORD_REQUIRED_FIELDS",
    "SPO2_RANGE",
    "SYSTOLIC_RANGE",
    "Assessment",
    "ConsentDocument",
    "ConsentKind",
    "ConsentSignature",
    "ConsultationOutcome",
    "CrisisResources",
    "DoseUnit",
    "DosingBookingDetails",
    "Escort",
    "Intake",
    "PlanAdjustment",
    "SafetyAlert",
    "SessionRecord",
    "SideEffect",
    "TreatmentPlan",
    "measurement",
    "validate_routes",
    "validate_side_effects",
    "yes_no",
]
