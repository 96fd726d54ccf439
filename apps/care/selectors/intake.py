"""The patient's intake questionnaire, as drafted or submitted."""

from ..exceptions import IntakeNotStarted, IntakeNotSubmitted
from ..models import Intake
from ..screening import INTAKE_ANSWER_FIELDS


def intake_for_patient(patient) -> Intake:
    intake = Intake.objects.filter(patient=patient).first()
    if intake is None:
        raise IntakeNotStarted()
    return intake


def submitted_intake_for_patient(patient) -> Intake:
    """The intake as staff see it: only once the patient has submitted it."""
    intake = Intake.objects.filter(patient=patient, status=Intake.Status.SUBMITTED).first()
    if intake is None:
        raise IntakeNotSubmitted()
    return intake


def intake_is_submitted(patient) -> bool:
    return Intake.objects.filter(patient=patient, status=Intake.Status.SUBMITTED).exists()


def intake_answers(intake: Intake) -> dict:
    return {name: getattr(intake, name) for name in INTAKE_ANSWER_FIELDS}
