import type { Crisis, Instrument, Intake, Trend } from '../lib/careApi'
import { allauthConfig, me, signedIn } from './fixtures'
import type { Reply } from './mockFetch'

/** What every signed-in patient screen asks for first. */
export const patientSession: Record<string, Reply> = {
  'GET /_allauth/browser/v1/config': allauthConfig,
  'GET /_allauth/browser/v1/auth/session': signedIn,
  'GET /api/v1/me': { status: 200, body: me() },
}

const answerOptions = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
]

export const phq9: Instrument = {
  code: 'phq9',
  name: 'PHQ-9',
  prompt: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    'Little interest or pleasure in doing things',
    'Feeling down, depressed, or hopeless',
    'Trouble falling or staying asleep, or sleeping too much',
    'Feeling tired or having little energy',
    'Poor appetite or overeating',
    'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
    'Moving or speaking so slowly that other people could have noticed? Or the opposite',
    'Thoughts that you would be better off dead or of hurting yourself in some way',
  ],
  answer_options: answerOptions,
  max_score: 27,
  bands: [
    { low: 0, high: 4, severity: 'minimal', label: 'Minimal' },
    { low: 5, high: 9, severity: 'mild', label: 'Mild' },
    { low: 10, high: 14, severity: 'moderate', label: 'Moderate' },
    { low: 15, high: 19, severity: 'moderately_severe', label: 'Moderately severe' },
    { low: 20, high: 27, severity: 'severe', label: 'Severe' },
  ],
}

export const gad7: Instrument = {
  code: 'gad7',
  name: 'GAD-7',
  prompt: phq9.prompt,
  items: [
    'Feeling nervous, anxious, or on edge',
    'Not being able to stop or control worrying',
    'Worrying too much about different things',
    'Trouble relaxing',
    'Being so restless that it is hard to sit still',
    'Becoming easily annoyed or irritable',
    'Feeling afraid as if something awful might happen',
  ],
  answer_options: answerOptions,
  max_score: 21,
  bands: [
    { low: 0, high: 4, severity: 'minimal', label: 'Minimal' },
    { low: 5, high: 9, severity: 'mild', label: 'Mild' },
    { low: 10, high: 14, severity: 'moderate', label: 'Moderate' },
    { low: 15, high: 21, severity: 'severe', label: 'Severe' },
  ],
}

/** An organization's own crisis resources, as the API answers them after raising the alert. */
export const organizationCrisis: Crisis = {
  heading: 'Evergreen is here for you',
  message: 'You told us you have had thoughts of hurting yourself. Please reach out now.',
  resources: [
    { label: 'Evergreen after-hours line', instruction: 'Call 1-800-555-0100, any time.', href: 'tel:+18005550100' },
    { label: '988 Suicide & Crisis Lifeline', instruction: 'Call or text 988.', href: 'tel:988' },
  ],
  care_team_notified: true,
  follow_up: 'Your care team has been told and will follow up with you.',
}

export function trend(overrides: Partial<Trend> = {}): Trend {
  return {
    instruments: [
      { instrument: 'phq9', name: 'PHQ-9', max_score: 27, bands: phq9.bands, points: [] },
      { instrument: 'gad7', name: 'GAD-7', max_score: 21, bands: gad7.bands, points: [] },
    ],
    sessions: [],
    ...overrides,
  }
}

export const emptyDraft: Intake = {
  status: 'draft',
  submitted_at: null,
  updated_at: '2026-11-20T15:00:00Z',
  diagnosis: '',
  diagnosis_other: '',
  mania_elevated_mood: null,
  mania_less_sleep: null,
  psychosis_perceptions: null,
  psychosis_beliefs: null,
  antidepressant_trials: null,
  therapies_tried: null,
  has_mental_health_provider: null,
  mental_health_provider_name: '',
  mental_health_provider_contact: '',
  open_to_mental_health_provider: null,
  takes_medications: null,
  medications: '',
  uncontrolled_high_blood_pressure: null,
  heart_or_blood_vessel_disease: null,
  pregnant_or_breastfeeding: null,
  history_of_psychosis: null,
  substance_use: null,
  prior_ketamine_reaction: null,
  medical_history_notes: '',
  screening: null,
}

export function page<T>(results: T[]) {
  return { count: results.length, next: null, previous: null, results }
}
