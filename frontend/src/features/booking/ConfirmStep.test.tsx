import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { appointment, denverClinic, drLee, ivDosing, slot } from '../../test/bookingFixtures'
import { patientSession } from '../../test/careFixtures'
import { mockFetch, type Reply, type SentRequest } from '../../test/mockFetch'
import { renderWithProviders } from '../../test/renderWithProviders'
import { ConfirmStep } from './ConfirmStep'

const nine = slot('2026-12-10T16:00:00Z', '2026-12-10T09:00', 'MST', [drLee])
const booked = appointment({ service: { ...appointment().service, slug: 'iv-dosing', kind: 'dosing' } })

function renderConfirm(book: Reply | (() => Reply | Promise<Reply>)) {
  const onBooked = vi.fn()
  const onSlotTaken = vi.fn()
  const requests = mockFetch({
    ...patientSession,
    'GET /api/v1/escort': { status: 404, body: { code: 'no_escort', message: 'No escort has been named yet.' } },
    'PUT /api/v1/escort': {
      status: 200,
      body: { name: 'Jo Rivera', phone: '+13035550123', no_driving_acknowledged_at: null, updated_at: '' },
    },
    'POST /api/v1/appointments': book,
  })
  renderWithProviders(
    <ConfirmStep
      clinic={denverClinic}
      service={ivDosing}
      choice={{ slot: nine, providerId: drLee.id }}
      ownTimeZone="America/Denver"
      dueAtBookingCents={0}
      onBooked={onBooked}
      onSlotTaken={onSlotTaken}
      onBack={vi.fn()}
    />,
  )
  return { ...requests, onBooked, onSlotTaken }
}

const bookings = (sent: SentRequest[]) =>
  sent.filter((request) => request.method === 'POST' && request.url === '/api/v1/appointments')

describe('confirming a dosing session', () => {
  it('asks for the escort and the no-driving promise, then books once with one Idempotency-Key', async () => {
    let answer: (reply: Reply) => void = () => {}
    const { sent, onBooked } = renderConfirm(() => new Promise<Reply>((resolve) => (answer = resolve)))
    const user = userEvent.setup()

    expect(await screen.findByText('Thu, Dec 10, 9:00 AM MST (clinic time)')).toBeInTheDocument()
    expect(screen.getByText('Dr. Ana Lee, MD')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Confirm booking' }))
    expect(screen.getByLabelText(/Who will take you home/)).toHaveAccessibleDescription(
      'Please give the name of the adult who will take you home.',
    )
    expect(screen.getByRole('checkbox', { name: /I will not drive/ })).toHaveAccessibleDescription(
      'Please confirm that you will not drive until the next day.',
    )
    expect(bookings(sent)).toHaveLength(0)

    await user.type(screen.getByLabelText(/Who will take you home/), 'Jo Rivera')
    await user.type(screen.getByLabelText(/Their phone number/), '303 555 0123')
    await user.click(screen.getByRole('checkbox', { name: /I will not drive/ }))
    const confirm = screen.getByRole('button', { name: 'Confirm booking' })
    await user.click(confirm)
    await user.click(confirm)

    await waitFor(() => expect(bookings(sent)).toHaveLength(1))
    const escort = sent.find((request) => request.method === 'PUT')
    expect(escort?.body).toEqual({ name: 'Jo Rivera', phone: '303 555 0123', will_not_drive: true })
    const [booking] = bookings(sent)
    expect(booking.body).toEqual({
      clinic: 'denver',
      service: 'iv-dosing',
      start: '2026-12-10T16:00:00Z',
      provider: drLee.id,
      hold: false,
      will_not_drive: true,
      visit_region: '',
    })
    expect(booking.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)

    answer({ status: 201, body: booked })
    await waitFor(() => expect(onBooked).toHaveBeenCalledWith(booked))
  })

  it('retries a confirmation whose answer was lost with the same key, so it cannot book twice', async () => {
    let calls = 0
    const { sent, onBooked } = renderConfirm(() => {
      calls += 1
      return calls === 1 ? { status: 502 } : { status: 201, body: booked }
    })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/Who will take you home/), 'Jo Rivera')
    await user.type(screen.getByLabelText(/Their phone number/), '+13035550123')
    await user.click(screen.getByRole('checkbox', { name: /I will not drive/ }))

    await user.click(screen.getByRole('button', { name: 'Confirm booking' }))
    expect(await screen.findByText('We couldn’t book this time')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Confirm booking' }))

    await waitFor(() => expect(onBooked).toHaveBeenCalledWith(booked))
    const [first, second] = bookings(sent)
    expect(second.headers['Idempotency-Key']).toBe(first.headers['Idempotency-Key'])
  })

  it('lists the care pathway’s missing steps with a link to each', async () => {
    renderConfirm({
      status: 409,
      body: {
        code: 'booking_not_allowed',
        message: 'This appointment cannot be booked yet. Each step below needs to be done first.',
        blockers: [
          {
            code: 'consent_required',
            message: 'Please read and sign the treatment consent before booking.',
            details: {},
          },
          { code: 'phq9_required', message: 'Please complete a PHQ-9 check-in.', details: {} },
        ],
      },
    })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/Who will take you home/), 'Jo Rivera')
    await user.type(screen.getByLabelText(/Their phone number/), '+13035550123')
    await user.click(screen.getByRole('checkbox', { name: /I will not drive/ }))
    await user.click(screen.getByRole('button', { name: 'Confirm booking' }))

    expect(await screen.findByText('Please read and sign the treatment consent before booking.')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Read and sign the consent forms' })).toHaveAttribute('href', '/consents')
    expect(screen.getByRole('link', { name: 'Take a mood check-in (PHQ-9)' })).toHaveAttribute(
      'href',
      '/check-ins/phq9',
    )
  })

  it('sends the patient back to the free times when someone else took the time first', async () => {
    const { onSlotTaken } = renderConfirm({
      status: 409,
      body: { code: 'slot_taken', message: 'That time is no longer available. Please choose another.' },
    })
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/Who will take you home/), 'Jo Rivera')
    await user.type(screen.getByLabelText(/Their phone number/), '+13035550123')
    await user.click(screen.getByRole('checkbox', { name: /I will not drive/ }))
    await user.click(screen.getByRole('button', { name: 'Confirm booking' }))

    await waitFor(() =>
      expect(onSlotTaken).toHaveBeenCalledWith('That time is no longer available. Please choose another.'),
    )
  })
})
