import type { IntakeAnswers } from '../../../lib/careApi'

/** The intake's questions as a clinician reads them, in questionnaire order (field names from the care API). */
export const INTAKE_QUESTIONS: { field: keyof IntakeAnswers; label: string }[] = [
  { field: 'diagnosis', label: 'Diagnosis the patient was told about' },
  { field: 'diagnosis_other', label: 'Other diagnosis' },
  { field: 'mania_elevated_mood', label: 'Past month: days of unusually high, hyper or irritable mood' },
  { field: 'mania_less_sleep', label: 'Past month: much less sleep, still full of energy' },
  { field: 'psychosis_perceptions', label: 'Past month: hearing or seeing things others could not' },
  { field: 'psychosis_beliefs', label: 'Past month: beliefs of being controlled, plotted against, or special powers' },
  { field: 'antidepressant_trials', label: 'Antidepressants tried' },
  { field: 'therapies_tried', label: 'Courses of therapy or other treatments (TMS, ECT)' },
  { field: 'has_mental_health_provider', label: 'Sees a mental-health provider now' },
  { field: 'mental_health_provider_name', label: 'Mental-health provider' },
  { field: 'mental_health_provider_contact', label: 'Mental-health provider’s contact' },
  { field: 'open_to_mental_health_provider', label: 'Open to seeing a mental-health provider' },
  { field: 'takes_medications', label: 'Takes medicines or supplements' },
  { field: 'medications', label: 'Medicines and doses' },
  { field: 'uncontrolled_high_blood_pressure', label: 'High blood pressure not under control' },
  { field: 'heart_or_blood_vessel_disease', label: 'Heart disease, heart attack, stroke or aneurysm' },
  { field: 'pregnant_or_breastfeeding', label: 'Pregnant, possibly pregnant, trying, or breastfeeding' },
  { field: 'history_of_psychosis', label: 'Ever had psychosis, hallucinations or delusions' },
  { field: 'substance_use', label: 'Worrying alcohol or drug use, or in recovery' },
  { field: 'prior_ketamine_reaction', label: 'Bad reaction to ketamine or an anaesthetic' },
  { field: 'medical_history_notes', label: 'Anything else for a clinician' },
]

const DIAGNOSES: Record<string, string> = {
  major_depression: 'Major depression',
  bipolar_depression: 'Bipolar depression',
  other: 'Other',
}

export function intakeAnswerText(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not answered'
  if (value === true) return 'Yes'
  if (value === false) return 'No'
  if (field === 'diagnosis') return DIAGNOSES[String(value)] ?? String(value)
  return String(value)
}

export function intakeQuestionLabel(field: string): string {
  return INTAKE_QUESTIONS.find((question) => question.field === field)?.label ?? field
}

export const SCREENING_LABELS = {
  likely_candidate: 'Likely candidate',
  needs_review: 'Needs a clinician’s review',
  not_a_candidate_now: 'Not a candidate for now',
} as const
