import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Intake } from '../../lib/careApi'
import { emptyDraft, patientSession } from '../../test/careFixtures'
import { mockFetch, type Reply, type SentRequest } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const notStarted: Reply = {
  status: 404,
  body: { code: 'intake_not_started', message: 'You have not started your intake yet.' },
}

const historyAnswered: Intake = {
  ...emptyDraft,
  diagnosis: 'major_depression',
  antidepressant_trials: 3,
  therapies_tried: 1,
}

const completeDraft: Intake = {
  ...historyAnswered,
  mania_elevated_mood: false,
  mania_less_sleep: false,
  psychosis_perceptions: false,
  psychosis_beliefs: false,
  has_mental_health_provider: true,
  mental_health_provider_name: 'Dr. Jane Moss',
  mental_health_provider_contact: '+12125550199',
  takes_medications: false,
  uncontrolled_high_blood_pressure: false,
  heart_or_blood_vessel_disease: false,
  pregnant_or_breastfeeding: false,
  history_of_psychosis: false,
  substance_use: false,
  prior_ketamine_reaction: false,
}

function renderIntake(routes: Record<string, Reply | ((request: SentRequest) => Reply)>) {
  const fetch = mockFetch({ ...patientSession, ...routes })
  renderApp('/intake')
  return fetch
}

describe('intake questionnaire', () => {
  it('starts at the first step and saves that step’s answers as a draft when continuing', async () => {
    const { sent } = renderIntake({
      'GET /api/v1/intake': notStarted,
      'PATCH /api/v1/intake': (request) => ({ status: 200, body: { ...emptyDraft, ...(request.body as object) } }),
    })
    const user = userEvent.setup()

    expect(await screen.findByRole('heading', { name: 'Your diagnosis and treatment so far' })).toBeInTheDocument()
    expect(screen.getByText('Step 1 of 5 · 0 of 15 questions answered')).toBeInTheDocument()
    await user.click(screen.getByRole('radio', { name: 'Something else' }))
    await user.type(await screen.findByLabelText('What is the diagnosis?'), 'Persistent depressive disorder')
    await user.type(screen.getByLabelText('How many antidepressant medicines have you tried?'), '2')
    expect(screen.getByText('Step 1 of 5 · 3 of 16 questions answered')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Save and continue' }))

    expect(await screen.findByRole('heading', { name: 'The past month' })).toHaveFocus()
    expect(sent.find((request) => request.method === 'PATCH')?.body).toEqual({
      diagnosis: 'other',
      diagnosis_other: 'Persistent depressive disorder',
      antidepressant_trials: 2,
      therapies_tried: null,
    })
  })

  it('resumes a saved draft at the first step with a question left', async () => {
    renderIntake({ 'GET /api/v1/intake': { status: 200, body: historyAnswered } })

    expect(await screen.findByRole('heading', { name: 'The past month' })).toBeInTheDocument()
    expect(screen.getByText('Step 2 of 5 · 3 of 15 questions answered')).toBeInTheDocument()
    expect(screen.getByRole('progressbar', { name: '3 of 15 questions answered' })).toBeInTheDocument()
  })

  it('catches a count that is not a number before saving, next to the field', async () => {
    const { sent } = renderIntake({ 'GET /api/v1/intake': notStarted })
    const user = userEvent.setup()
    const trials = await screen.findByLabelText('How many antidepressant medicines have you tried?')

    await user.type(trials, 'a few')
    await user.click(screen.getByRole('button', { name: 'Save and continue' }))

    expect(trials).toHaveAccessibleDescription(/Enter a whole number from 0 to 50./)
    expect(trials).toHaveAttribute('aria-invalid', 'true')
    expect(trials).toHaveFocus()
    expect(sent.some((request) => request.method === 'PATCH')).toBe(false)
  })

  it('shows a field error from the API next to its question', async () => {
    renderIntake({
      'GET /api/v1/intake': notStarted,
      'PATCH /api/v1/intake': {
        status: 400,
        body: {
          code: 'invalid',
          message: 'Please check the highlighted answers.',
          fields: { therapies_tried: ['Ensure this value is less than or equal to 50.'] },
        },
      },
    })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/How many courses of talk therapy/), '12')

    await user.click(screen.getByRole('button', { name: 'Save and continue' }))

    expect(await screen.findByText('Please check the highlighted answers.')).toBeInTheDocument()
    expect(screen.getByLabelText(/How many courses of talk therapy/)).toHaveAccessibleDescription(
      /Ensure this value is less than or equal to 50./,
    )
  })

  it('sends a complete intake once and shows the screen in plain words, with who decides', async () => {
    const submitted: Intake = {
      ...completeDraft,
      status: 'submitted',
      submitted_at: '2026-11-26T16:00:00Z',
      screening: {
        outcome: 'needs_review',
        reasons: [{ code: 'substance_use', message: 'You told us about alcohol or drug use.' }],
        disclaimer:
          'This is a screen based on your answers, not a diagnosis or a decision about your care. A clinician reviews every intake and decides with you at your consultation.',
      },
    }
    const { sent } = renderIntake({
      'GET /api/v1/intake': { status: 200, body: completeDraft },
      'POST /api/v1/intake/submission': { status: 200, body: submitted },
    })
    const user = userEvent.setup()

    expect(await screen.findByRole('heading', { name: 'Check and send your answers' })).toBeInTheDocument()
    expect(screen.getByText('Dr. Jane Moss')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Send my intake' }))

    expect(
      await screen.findByRole('heading', { name: 'A clinician will go through some of your answers with you' }),
    ).toBeInTheDocument()
    expect(screen.getByText('You told us about alcohol or drug use.')).toBeInTheDocument()
    expect(screen.getByText('A clinician decides, with you')).toBeInTheDocument()
    expect(screen.getByText(/A clinician reviews every intake and decides with you/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Send my intake' })).not.toBeInTheDocument()
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1)
  })

  it('lists what is missing on the review step and sends nothing', async () => {
    const { sent } = renderIntake({
      'GET /api/v1/intake': { status: 200, body: { ...completeDraft, takes_medications: true } },
    })
    const user = userEvent.setup()

    await screen.findByRole('heading', { name: 'Your care and medicines' })
    // Resumed at the unanswered medicines question; go on to the review without answering it.
    await user.click(screen.getByRole('button', { name: 'Save and continue' }))
    await user.click(await screen.findByRole('button', { name: 'Save and continue' }))
    await screen.findByRole('heading', { name: 'Check and send your answers' })
    const missing = screen.getByRole('button', { name: 'Which medicines and supplements do you take?' })

    await user.click(screen.getByRole('button', { name: 'Send my intake' }))

    expect(await screen.findByText('One question still needs an answer. It is listed above.')).toBeInTheDocument()
    expect(sent.some((request) => request.method === 'POST')).toBe(false)
    await user.click(missing)
    expect(await screen.findByRole('heading', { name: 'Your care and medicines' })).toHaveFocus()
    expect(screen.getByLabelText('Which medicines and supplements do you take?')).toBeInTheDocument()
  })

  it('goes back to the question the API says is missing', async () => {
    renderIntake({
      'GET /api/v1/intake': { status: 200, body: completeDraft },
      'POST /api/v1/intake/submission': {
        status: 400,
        body: {
          code: 'intake_incomplete',
          message: 'Some questions still need an answer before you can submit.',
          fields: { psychosis_beliefs: ['Please answer this question.'] },
        },
      },
    })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Send my intake' }))

    expect(await screen.findByRole('heading', { name: 'The past month' })).toBeInTheDocument()
    expect(screen.getByText('Some questions still need an answer before you can submit.')).toBeInTheDocument()
    const group = screen.getByRole('radiogroup', { name: /controlling your thoughts/ })
    expect(group).toHaveAccessibleDescription('Please answer this question.')
    expect(within(group).getByRole('radio', { name: 'No' })).toBeInTheDocument()
  })
})
