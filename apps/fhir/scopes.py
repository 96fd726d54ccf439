"""What an API key may read: SMART-style system scopes, one per resource type, or all of them."""

# The resource types the API serves, each readable under ``system/<Type>.read``.
RESOURCE_TYPES = (
    "Patient",
    "Practitioner",
    "Location",
    "HealthcareService",
    "Schedule",
    "Slot",
    "Appointment",
    "QuestionnaireResponse",
    "Observation",
)
ALL_READ = "system/*.read"

# In plain words, for the console's checkboxes: what a clinic admin grants when ticking each scope.
SCOPE_LABELS = {
    ALL_READ: "Everything below",
    "system/Patient.read": "Patients: names, dates of birth and contact details",
    "system/Practitioner.read": "The clinic's providers",
    "system/Location.read": "The clinic's address, phone and time zone",
    "system/HealthcareService.read": "The services the clinic offers",
    "system/Schedule.read": "Each provider's schedule at the clinic",
    "system/Slot.read": "Open appointment times",
    "system/Appointment.read": "Appointments, with their patients",
    "system/QuestionnaireResponse.read": "PHQ-9 and GAD-7 answers",
    "system/Observation.read": "PHQ-9 and GAD-7 total scores",
}
SCOPES = tuple(SCOPE_LABELS)


def scope_for(resource_type: str) -> str:
    return f"system/{resource_type}.read"


def grants(scopes: list[str], resource_type: str) -> bool:
    return ALL_READ in scopes or scope_for(resource_type) in scopes
