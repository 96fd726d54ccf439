/**
 * The intake questionnaire as the patient sees it: steps, questions in plain words, and which answers
 * the API needs before the intake can be sent (mirrors `missing_answers` in apps/care/screening.py; the
 * API has the final word and names any answer still missing).
 */
import type { Intake, IntakeAnswers } from '../../lib/careApi'

export type AnswerField = keyof IntakeAnswers

/** Form values: yes/no answers as 'yes' | 'no' | '' and numbers as text, as the inputs hold them. */
export type IntakeValues = Record<AnswerField, string>

interface QuestionBase {
  field: AnswerField
  label: string
  hint?: string
  /** Asked only when this returns true. */
  askedWhen?: (values: IntakeValues) => boolean
  optional?: boolean
}

export type Question =
  | (QuestionBase & { kind: 'yes-no' })
  | (QuestionBase & { kind: 'count' })
  | (QuestionBase & { kind: 'text' })
  | (QuestionBase & { kind: 'long-text' })
  | (QuestionBase & { kind: 'choice'; options: { value: string; label: string }[] })

export interface IntakeStep {
  id: string
  title: string
  intro: string
  questions: Question[]
}

export const MAX_COUNT = 50

export const INTAKE_STEPS: IntakeStep[] = [
  {
    id: 'history',
    title: 'Your diagnosis and treatment so far',
    intro: 'Your best guess is fine. A clinician goes through your answers with you.',
    questions: [
      {
        field: 'diagnosis',
        kind: 'choice',
        label: 'Which diagnosis has a provider told you about?',
        options: [
          { value: 'major_depression', label: 'Major depression (also called clinical depression)' },
          { value: 'bipolar_depression', label: 'Bipolar depression' },
          { value: 'other', label: 'Something else' },
        ],
      },
      {
        field: 'diagnosis_other',
        kind: 'text',
        label: 'What is the diagnosis?',
        askedWhen: (values) => values.diagnosis === 'other',
      },
      {
        field: 'antidepressant_trials',
        kind: 'count',
        label: 'How many antidepressant medicines have you tried?',
        hint: 'Count each medicine you took for a few weeks or more. Enter 0 if none.',
      },
      {
        field: 'therapies_tried',
        kind: 'count',
        label: 'How many courses of talk therapy or other depression treatments (such as TMS or ECT) have you had?',
        hint: 'Enter 0 if none.',
      },
    ],
  },
  {
    id: 'past-month',
    title: 'The past month',
    intro:
      'These questions help a clinician judge whether ketamine would be safe for you right now. There are no wrong answers.',
    questions: [
      {
        field: 'mania_elevated_mood',
        kind: 'yes-no',
        label:
          'Have you had several days in a row of feeling unusually high, hyper or irritable, so that others noticed?',
      },
      {
        field: 'mania_less_sleep',
        kind: 'yes-no',
        label: 'Have you needed much less sleep than usual and still felt full of energy?',
      },
      {
        field: 'psychosis_perceptions',
        kind: 'yes-no',
        label: 'Have you heard or seen things that other people could not?',
      },
      {
        field: 'psychosis_beliefs',
        kind: 'yes-no',
        label:
          'Have you felt that others were controlling your thoughts or plotting against you, or that you had special powers?',
      },
    ],
  },
  {
    id: 'care',
    title: 'Your care and medicines',
    intro: 'Ketamine treatment works best alongside the care you already have.',
    questions: [
      {
        field: 'has_mental_health_provider',
        kind: 'yes-no',
        label: 'Do you see a mental-health provider now, such as a psychiatrist, therapist or counsellor?',
      },
      {
        field: 'mental_health_provider_name',
        kind: 'text',
        label: 'Their name',
        askedWhen: (values) => values.has_mental_health_provider === 'yes',
      },
      {
        field: 'mental_health_provider_contact',
        kind: 'text',
        label: 'Their phone number or e-mail address',
        askedWhen: (values) => values.has_mental_health_provider === 'yes',
      },
      {
        field: 'open_to_mental_health_provider',
        kind: 'yes-no',
        label: 'Would you be open to seeing a mental-health provider alongside treatment?',
        askedWhen: (values) => values.has_mental_health_provider === 'no',
      },
      {
        field: 'takes_medications',
        kind: 'yes-no',
        label: 'Do you take any medicines or supplements now?',
      },
      {
        field: 'medications',
        kind: 'long-text',
        label: 'Which medicines and supplements do you take?',
        hint: 'Include doses if you know them.',
        askedWhen: (values) => values.takes_medications === 'yes',
      },
    ],
  },
  {
    id: 'health',
    title: 'Your health',
    intro: 'Ketamine raises blood pressure and heart rate for a while, so a clinician needs to know about these.',
    questions: [
      {
        field: 'uncontrolled_high_blood_pressure',
        kind: 'yes-no',
        label: 'Do you have high blood pressure that is not under control?',
      },
      {
        field: 'heart_or_blood_vessel_disease',
        kind: 'yes-no',
        label: 'Have you had heart disease, a heart attack, a stroke or an aneurysm?',
      },
      {
        field: 'pregnant_or_breastfeeding',
        kind: 'yes-no',
        label: 'Are you pregnant, possibly pregnant, trying to become pregnant, or breastfeeding?',
      },
      {
        field: 'history_of_psychosis',
        kind: 'yes-no',
        label: 'Have you ever had psychosis (losing touch with reality), hallucinations or delusions?',
      },
      {
        field: 'substance_use',
        kind: 'yes-no',
        label:
          'Do you use alcohol or drugs in a way that worries you or others, or are you in recovery from a substance use disorder?',
      },
      {
        field: 'prior_ketamine_reaction',
        kind: 'yes-no',
        label: 'Have you ever had a bad reaction to ketamine or to an anaesthetic?',
      },
      {
        field: 'medical_history_notes',
        kind: 'long-text',
        label: 'Is there anything else a clinician should know?',
        optional: true,
      },
    ],
  },
]

const ALL_QUESTIONS = INTAKE_STEPS.flatMap((step) => step.questions)

export function isAsked(question: Question, values: IntakeValues): boolean {
  return question.askedWhen?.(values) ?? true
}

/** The questions that must be answered before sending, given the answers so far. */
export function requiredQuestions(values: IntakeValues): Question[] {
  return ALL_QUESTIONS.filter((question) => !question.optional && isAsked(question, values))
}

export function isAnswered(question: Question, values: IntakeValues): boolean {
  return values[question.field].trim() !== ''
}

export function unansweredQuestions(values: IntakeValues): Question[] {
  return requiredQuestions(values).filter((question) => !isAnswered(question, values))
}

export function stepIndexOf(field: string): number {
  return INTAKE_STEPS.findIndex((step) => step.questions.some((question) => question.field === field))
}

export function questionFor(field: string): Question | undefined {
  return ALL_QUESTIONS.find((question) => question.field === field)
}

function yesNo(value: boolean | null | undefined): string {
  if (value === true) return 'yes'
  if (value === false) return 'no'
  return ''
}

export function toValues(intake: Intake | null): IntakeValues {
  const values = {} as IntakeValues
  for (const question of ALL_QUESTIONS) {
    const answer = intake?.[question.field]
    values[question.field] =
      question.kind === 'yes-no'
        ? yesNo(answer as boolean | null | undefined)
        : answer === null || answer === undefined
          ? ''
          : String(answer)
  }
  return values
}

/** The answers of one step as the API takes them; questions not asked are cleared, so no stale answer stays. */
export function stepAnswers(step: IntakeStep, values: IntakeValues): IntakeAnswers {
  const answers: Record<string, unknown> = {}
  for (const question of step.questions) {
    const asked = isAsked(question, values)
    const value = asked ? values[question.field].trim() : ''
    if (question.kind === 'yes-no') {
      answers[question.field] = value === '' ? null : value === 'yes'
    } else if (question.kind === 'count') {
      answers[question.field] = value === '' ? null : Number(value)
    } else {
      answers[question.field] = value
    }
  }
  return answers as IntakeAnswers
}

/** A slip caught before the round trip: counts are whole numbers from 0 to 50. */
export function countError(value: string): string | null {
  if (value.trim() === '') return null
  const number = Number(value.trim())
  return /^\d+$/.test(value.trim()) && number <= MAX_COUNT ? null : `Enter a whole number from 0 to ${MAX_COUNT}.`
}

export function answerText(question: Question, values: IntakeValues): string {
  const value = values[question.field]
  if (value === '') return 'Not answered yet'
  if (question.kind === 'yes-no') return value === 'yes' ? 'Yes' : 'No'
  if (question.kind === 'choice') return question.options.find((option) => option.value === value)?.label ?? value
  return value
}
