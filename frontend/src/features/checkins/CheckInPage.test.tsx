import { screen, within } from '@testing-library/react'
import userEvent, { type UserEvent } from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { gad7, organizationCrisis, patientSession, phq9 } from '../../test/careFixtures'
import { mockFetch, type Reply } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const instruments: Reply = { status: 200, body: [phq9, gad7] }

function savedAssessment(answers: number[]) {
  const total = answers.reduce((sum, answer) => sum + answer, 0)
  return {
    id: 41,
    instrument: 'phq9',
    answers,
    total_score: total,
    severity: total >= 10 ? 'moderate' : 'mild',
    taken_at: '2026-11-26T15:00:00Z',
  }
}

function renderCheckIn(postReply: Reply | (() => Promise<Reply>), instrument = 'phq9') {
  const fetch = mockFetch({
    ...patientSession,
    'GET /api/v1/assessments/instruments': instruments,
    'POST /api/v1/assessments': typeof postReply === 'function' ? postReply : () => postReply,
  })
  renderApp(`/check-ins/${instrument}`)
  return fetch
}

async function answerQuestion(user: UserEvent, number: number, answer: string) {
  const group = await screen.findByRole('radiogroup', { name: new RegExp(`^${number}\\. `) })
  await user.click(within(group).getByRole('radio', { name: answer }))
}

async function answerAll(user: UserEvent, answers: string[]) {
  for (const [index, answer] of answers.entries()) {
    await answerQuestion(user, index + 1, answer)
  }
}

const MODERATE_WITHOUT_ITEM_9 = [
  'Several days',
  'More than half the days',
  'Several days',
  'More than half the days',
  'Several days',
  'Several days',
  'Several days',
  'Several days',
  'Not at all',
]

/** A promise the test resolves when it chooses, to look at the screen while the server is "thinking". */
function heldReply() {
  let release: (reply: Reply) => void = () => {}
  const promise = new Promise<Reply>((resolve) => {
    release = resolve
  })
  return { answer: () => promise, release: (reply: Reply) => release(reply) }
}

function expectCrisisLinks(dialog: HTMLElement) {
  expect(within(dialog).getByRole('link', { name: /Call 988/ })).toHaveAttribute('href', 'tel:988')
  expect(within(dialog).getByRole('link', { name: 'Text 988' })).toHaveAttribute('href', 'sms:988')
  expect(within(dialog).getByRole('link', { name: /Call 911/ })).toHaveAttribute('href', 'tel:911')
}

describe('the crisis path', () => {
  it('shows the crisis resources full-screen the moment question 9 is answered above zero, before sending', async () => {
    const { sent } = renderCheckIn({ status: 500 })
    const user = userEvent.setup()

    await answerQuestion(user, 9, 'Several days')

    const dialog = await screen.findByRole('dialog', { name: 'You do not have to go through this alone' })
    expectCrisisLinks(dialog)
    expect(within(dialog).getByRole('heading', { level: 2 })).toHaveFocus()
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0)

    await user.click(within(dialog).getByRole('button', { name: 'Go back to my check-in' }))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByRole('radio', { name: 'Several days', checked: true })).toBeInTheDocument()
  })

  it('shows help before the server answers, then the organization’s resources and the care team’s follow-up', async () => {
    const held = heldReply()
    const { sent } = renderCheckIn(held.answer)
    const user = userEvent.setup()
    await answerAll(user, [...MODERATE_WITHOUT_ITEM_9.slice(0, 8), 'More than half the days'])
    await user.click(screen.getByRole('button', { name: 'Go back to my check-in' }))

    await user.click(screen.getByRole('button', { name: 'Send my answers' }))

    // The request is still open: the default US resources are already on screen.
    const waiting = await screen.findByRole('dialog', { name: 'You do not have to go through this alone' })
    expectCrisisLinks(waiting)
    expect(within(waiting).getByText('Sending your answers to your care team…')).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({
      instrument: 'phq9',
      answers: [1, 2, 1, 2, 1, 1, 1, 1, 2],
    })

    held.release({
      status: 201,
      body: { assessment: savedAssessment([1, 2, 1, 2, 1, 1, 1, 1, 2]), crisis: organizationCrisis },
    })

    const answered = await screen.findByRole('dialog', { name: 'Evergreen is here for you' })
    expect(within(answered).getByRole('link', { name: 'Evergreen after-hours line' })).toHaveAttribute(
      'href',
      'tel:+18005550100',
    )
    expect(within(answered).getByText(organizationCrisis.follow_up)).toBeInTheDocument()
    expectCrisisLinks(answered)

    await user.click(within(answered).getByRole('button', { name: 'See my results' }))
    expect(await screen.findByText('Your PHQ-9 score: 12 out of 27')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Show the ways to get help again' })).toBeInTheDocument()
  })

  it('keeps the server’s crisis resources on screen when the alert could not be raised (503)', async () => {
    const message =
      'We could not save your answers just now. If you are thinking about ending your life or hurting yourself, please reach out now using the resources below.'
    renderCheckIn({
      status: 503,
      body: {
        code: 'safety_alert_failed',
        message,
        crisis: {
          ...organizationCrisis,
          care_team_notified: false,
          follow_up: 'We could not reach your care team through the portal just now.',
        },
      },
    })
    const user = userEvent.setup()
    await answerAll(user, [...MODERATE_WITHOUT_ITEM_9.slice(0, 8), 'Nearly every day'])
    await user.click(screen.getByRole('button', { name: 'Go back to my check-in' }))
    await user.click(screen.getByRole('button', { name: 'Send my answers' }))

    const dialog = await screen.findByRole('dialog', { name: 'Evergreen is here for you' })
    expect(within(dialog).getByText('Your answers were not saved')).toBeInTheDocument()
    expect(within(dialog).getByText(message)).toBeInTheDocument()
    expect(
      within(dialog).getByText('We could not reach your care team through the portal just now.'),
    ).toBeInTheDocument()
    expectCrisisLinks(dialog)
  })

  it('keeps the default resources and offers to send again when the server cannot be reached', async () => {
    let attempts = 0
    renderCheckIn(async () => {
      attempts += 1
      if (attempts === 1) throw new TypeError('Failed to fetch')
      return {
        status: 201,
        body: { assessment: savedAssessment([1, 2, 1, 2, 1, 1, 1, 1, 1]), crisis: organizationCrisis },
      }
    })
    const user = userEvent.setup()
    await answerAll(user, [...MODERATE_WITHOUT_ITEM_9.slice(0, 8), 'Several days'])
    await user.click(screen.getByRole('button', { name: 'Go back to my check-in' }))
    await user.click(screen.getByRole('button', { name: 'Send my answers' }))

    const dialog = await screen.findByRole('dialog', { name: 'You do not have to go through this alone' })
    expect(await within(dialog).findByText('Your answers were not sent')).toBeInTheDocument()
    expect(within(dialog).getByText(/Your care team has not been told yet/)).toBeInTheDocument()
    expectCrisisLinks(dialog)

    await user.click(within(dialog).getByRole('button', { name: 'Try sending again' }))
    expect(await screen.findByRole('dialog', { name: 'Evergreen is here for you' })).toBeInTheDocument()
  })

  it('never opens for the GAD-7, whatever its last answer', async () => {
    renderCheckIn(
      {
        status: 201,
        body: {
          assessment: { ...savedAssessment([3, 3, 3, 3, 3, 3, 3]), instrument: 'gad7', severity: 'severe' },
          crisis: null,
        },
      },
      'gad7',
    )
    const user = userEvent.setup()
    await answerAll(user, Array(7).fill('Nearly every day'))
    await user.click(screen.getByRole('button', { name: 'Send my answers' }))

    expect(await screen.findByText('Your GAD-7 score: 21 out of 21')).toBeInTheDocument()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })
})

describe('check-in form', () => {
  it('marks each unanswered question and sends nothing', async () => {
    const { sent } = renderCheckIn({ status: 500 })
    const user = userEvent.setup()
    await answerQuestion(user, 1, 'Several days')

    await user.click(screen.getByRole('button', { name: 'Send my answers' }))

    expect(await screen.findByText('8 questions are not answered yet. Each one is marked above.')).toBeInTheDocument()
    const second = screen.getByRole('radiogroup', { name: /^2\. / })
    expect(second).toHaveAccessibleDescription('Please choose an answer.')
    expect(within(second).getAllByRole('radio')[0]).toHaveFocus()
    expect(screen.getByRole('radiogroup', { name: /^1\. / })).not.toHaveAccessibleDescription()
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(0)
  })

  it('shows the score with its severity range and no crisis screen when question 9 is zero', async () => {
    renderCheckIn({ status: 201, body: { assessment: savedAssessment([1, 2, 1, 2, 1, 1, 1, 1, 0]), crisis: null } })
    const user = userEvent.setup()
    await answerAll(user, MODERATE_WITHOUT_ITEM_9)

    await user.click(screen.getByRole('button', { name: 'Send my answers' }))

    expect(await screen.findByText('Your PHQ-9 score: 10 out of 27')).toBeInTheDocument()
    expect(screen.getByText('Moderate')).toBeInTheDocument()
    expect(screen.getByText('Scores from 10 to 14 are in the moderate range.')).toBeInTheDocument()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'See your scores over time' })).toHaveAttribute('href', '/check-ins')
  })

  it('explains a refusal next to the send button and keeps the answers', async () => {
    renderCheckIn({
      status: 400,
      body: { code: 'invalid', message: 'PHQ-9 has 9 questions; answer each one.', fields: {} },
    })
    const user = userEvent.setup()
    await answerAll(user, MODERATE_WITHOUT_ITEM_9)

    await user.click(screen.getByRole('button', { name: 'Send my answers' }))

    expect(await screen.findByText('PHQ-9 has 9 questions; answer each one.')).toBeInTheDocument()
    expect(screen.getByText('Your answers were not sent')).toBeInTheDocument()
    expect(screen.getAllByRole('radio', { checked: true })).toHaveLength(9)
  })
})
