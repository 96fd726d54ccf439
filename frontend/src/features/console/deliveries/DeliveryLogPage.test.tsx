import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockFetch } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import type { DeliveryLogEntry } from '../api'
import { page, signedInStaff } from '../test/fixtures'
import '../test/preloadConsole'

const entry = (id: string, status: DeliveryLogEntry['status'], overrides: Partial<DeliveryLogEntry> = {}) => ({
  id,
  recipient_email: 'maya@example.com',
  kind: 'appointment_reminder',
  channel: 'sms' as const,
  status,
  due_at: '2026-03-09T14:00:00Z',
  sent_at: null,
  attempts: 3,
  last_error: '',
  ...overrides,
})

describe('the delivery log', () => {
  it('offers to resend only failed messages', async () => {
    const failed = entry('failed-1', 'failed', { last_error: 'SMS provider unreachable' })
    const { sent } = mockFetch({
      ...signedInStaff(),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
      'GET /api/v1/clinics/brooklyn/notifications': page([
        failed,
        entry('sent-1', 'sent', { channel: 'email', sent_at: '2026-03-09T14:00:05Z', attempts: 1 }),
      ]),
      'POST /api/v1/clinics/brooklyn/notifications/failed-1/resend': {
        status: 200,
        body: { ...failed, status: 'pending' },
      },
    })
    renderApp('/clinic/brooklyn/messages')

    const table = await screen.findByRole('table', undefined, { timeout: 5000 })
    const [failedRow, sentRow] = within(table).getAllByRole('row').slice(1)
    expect(failedRow).toHaveTextContent('Appointment reminder')
    expect(failedRow).toHaveTextContent('SMS provider unreachable')
    expect(within(sentRow).queryByRole('button')).not.toBeInTheDocument()

    await userEvent.click(
      within(failedRow).getByRole('button', { name: 'Resend the appointment reminder to maya@example.com' }),
    )
    expect(await screen.findByText('Sending again to maya@example.com.')).toBeInTheDocument()
    expect(sent.filter((request) => request.method === 'POST').map((request) => request.url)).toEqual([
      '/api/v1/clinics/brooklyn/notifications/failed-1/resend',
    ])
  })

  it('filters by status through the API', async () => {
    mockFetch({
      ...signedInStaff(),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
      'GET /api/v1/clinics/brooklyn/notifications?status=failed': page([]),
    })
    renderApp('/clinic/brooklyn/messages?status=failed')

    expect(await screen.findByText('No messages with this status.', undefined, { timeout: 5000 })).toBeInTheDocument()
  })
})
