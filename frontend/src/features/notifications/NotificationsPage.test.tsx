import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Preferences, PortalNotification } from '../../lib/notificationsApi'
import { page, patientSession } from '../../test/careFixtures'
import { allauthConfig, signedOut } from '../../test/fixtures'
import { mockFetch, type Reply, type SentRequest } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const reminder: PortalNotification = {
  id: '6f1d6a3e-8a0b-4b7e-9d55-2f4c1b0e9a11',
  kind: 'check_in_questionnaire',
  title: 'Time for your check-in',
  body: 'Your regular check-in is ready in the portal.',
  link: '/check-ins',
  created_at: '2026-11-25T14:00:00Z',
  read_at: null,
}

const preferences: Preferences = {
  email_enabled: true,
  sms_enabled: false,
  sms_number: '',
  sms_verified: false,
  quiet_hours_start: null,
  quiet_hours_end: null,
  unsubscribed_kinds: [],
}

function renderWith(routes: Record<string, Reply | ((request: SentRequest) => Reply)>, route: string) {
  const fetch = mockFetch({ ...patientSession, ...routes })
  renderApp(route)
  return fetch
}

describe('notifications', () => {
  it('marks a notification as read', async () => {
    let read = false
    const { sent } = renderWith(
      {
        'GET /api/v1/notifications?page=1': () => ({
          status: 200,
          body: page([{ ...reminder, read_at: read ? '2026-11-26T12:00:00Z' : null }]),
        }),
        [`POST /api/v1/notifications/${reminder.id}/read`]: () => {
          read = true
          return { status: 200, body: { ...reminder, read_at: '2026-11-26T12:00:00Z' } }
        },
      },
      '/notifications',
    )
    const user = userEvent.setup()
    const item = (await screen.findByRole('heading', { name: 'Time for your check-in' })).closest('li')!
    expect(within(item).getByText('New')).toBeInTheDocument()
    expect(within(item).getByRole('link', { name: 'Open: Time for your check-in' })).toHaveAttribute(
      'href',
      '/check-ins',
    )

    await user.click(within(item).getByRole('button', { name: 'Mark as read: Time for your check-in' }))

    expect(await screen.findByRole('heading', { name: 'Time for your check-in' })).toBeInTheDocument()
    await screen.findByText('Your regular check-in is ready in the portal.')
    expect(screen.queryByText('New')).not.toBeInTheDocument()
    expect(sent.filter((request) => request.method === 'POST')).toHaveLength(1)
  })

  it('has a calm empty state', async () => {
    renderWith({ 'GET /api/v1/notifications?page=1': { status: 200, body: page([]) } }, '/notifications')

    expect(await screen.findByText(/You have no notifications/)).toBeInTheDocument()
  })
})

describe('notification settings', () => {
  it('turns e-mail off at once, and saves quiet hours and the kinds of message wanted', async () => {
    const { sent } = renderWith(
      {
        'GET /api/v1/notifications/preferences': { status: 200, body: preferences },
        'PATCH /api/v1/notifications/preferences': (request) => ({
          status: 200,
          body: { ...preferences, ...(request.body as object) },
        }),
      },
      '/notifications/settings',
    )
    const user = userEvent.setup()

    const email = await screen.findByRole('switch', { name: 'Send me reminders and updates by e-mail' })
    expect(email).toHaveAccessibleDescription('Messages about appointments you have booked are always e-mailed.')
    await user.click(email)
    await waitFor(() => expect(email).not.toBeChecked())
    await user.click(screen.getByRole('checkbox', { name: 'Hold non-urgent messages during quiet hours' }))
    await user.click(screen.getByRole('checkbox', { name: 'Earlier visit offers' }))
    await user.click(screen.getByRole('button', { name: 'Save settings' }))

    expect(await screen.findByText('Your settings have been saved.')).toBeInTheDocument()
    expect(sent.filter((request) => request.method === 'PATCH').map((request) => request.body)).toEqual([
      { email_enabled: false },
      { quiet_hours_start: '21:00', quiet_hours_end: '08:00', unsubscribed_kinds: ['earlier_visit_offered'] },
    ])
  })

  it('shows a quiet-hours error from the API next to the times', async () => {
    renderWith(
      {
        'GET /api/v1/notifications/preferences': {
          status: 200,
          body: { ...preferences, quiet_hours_start: '22:00:00', quiet_hours_end: '07:30:00' },
        },
        'PATCH /api/v1/notifications/preferences': {
          status: 400,
          body: {
            code: 'invalid',
            message: 'Please check the highlighted fields.',
            fields: { quiet_hours_end: ['Give both the start and the end of quiet hours.'] },
          },
        },
      },
      '/notifications/settings',
    )
    const user = userEvent.setup()

    expect(await screen.findByLabelText('From')).toHaveValue('22:00')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))

    expect(await screen.findByLabelText('Until')).toHaveAccessibleDescription(
      'Give both the start and the end of quiet hours.',
    )
    expect(screen.getByText('Your settings were not saved')).toBeInTheDocument()
  })

  it('turns texts on by confirming a code sent to the phone', async () => {
    const { sent } = renderWith(
      {
        'GET /api/v1/notifications/preferences': { status: 200, body: preferences },
        'POST /api/v1/notifications/phone/verify': { status: 202 },
        'POST /api/v1/notifications/phone/confirm': (request) =>
          (request.body as { code: string }).code === '123456'
            ? {
                status: 200,
                body: { ...preferences, sms_enabled: true, sms_number: '+13035550188', sms_verified: true },
              }
            : {
                status: 400,
                body: {
                  code: 'verification_failed',
                  message: 'That code is not right.',
                  fields: { code: ['That code is not right.'] },
                },
              },
      },
      '/notifications/settings',
    )
    const user = userEvent.setup()

    await user.type(await screen.findByLabelText(/Mobile number/), '(303) 555-0188')
    await user.click(screen.getByRole('button', { name: 'Text me a code' }))
    expect(
      await screen.findByText('We texted a 6-digit code to (303) 555-0188. It works for 10 minutes.'),
    ).toBeInTheDocument()
    expect(sent.find((request) => request.url.endsWith('/phone/verify'))?.body).toEqual({ number: '3035550188' })

    const code = screen.getByLabelText('6-digit code')
    await user.type(code, '000000')
    await user.click(screen.getByRole('button', { name: 'Confirm my number' }))
    expect(await screen.findByText('That code is not right.')).toBeInTheDocument()
    expect(code).toHaveAccessibleDescription('That code is not right.')

    await user.clear(code)
    await user.type(code, '123456')
    await user.click(screen.getByRole('button', { name: 'Confirm my number' }))
    expect(await screen.findByText('Texts go to +13035550188.')).toBeInTheDocument()
    expect(screen.getByRole('switch', { name: 'Send me text messages' })).toBeChecked()
  })
})

describe('unsubscribe link', () => {
  const token = 'signed-token'

  it('works signed out, and changes nothing until the button is pressed', async () => {
    let unsubscribed = false
    const { sent } = mockFetch({
      'GET /_allauth/browser/v1/config': allauthConfig,
      'GET /_allauth/browser/v1/auth/session': signedOut(),
      [`GET /api/v1/notifications/unsubscribe/${token}`]: () => ({
        status: 200,
        body: { kind: 'booster_due', description: 'Follow-up visit due', unsubscribed },
      }),
      [`POST /api/v1/notifications/unsubscribe/${token}`]: () => {
        unsubscribed = true
        return { status: 200, body: { kind: 'booster_due', description: 'Follow-up visit due', unsubscribed } }
      },
    })
    renderApp(`/notifications/unsubscribe/${token}`)
    const user = userEvent.setup()

    expect(await screen.findByText('Stop getting “Follow-up visit due” messages?')).toBeInTheDocument()
    expect(sent.some((request) => request.method === 'POST')).toBe(false)
    await user.click(screen.getByRole('button', { name: 'Unsubscribe' }))

    expect(await screen.findByText(/You won’t get “Follow-up visit due” messages any more/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Sign in to choose which messages you get' })).toBeInTheDocument()
  })

  it('explains a link that no longer works', async () => {
    mockFetch({
      'GET /_allauth/browser/v1/config': allauthConfig,
      'GET /_allauth/browser/v1/auth/session': signedOut(),
      [`GET /api/v1/notifications/unsubscribe/${token}`]: {
        status: 404,
        body: { code: 'not_found', message: 'This unsubscribe link is not valid.' },
      },
    })
    renderApp(`/notifications/unsubscribe/${token}`)

    expect(await screen.findByText(/This unsubscribe link doesn’t work/)).toBeInTheDocument()
  })
})
