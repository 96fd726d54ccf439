import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mockFetch, type SentRequest } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import type { Appointment } from '../api'
import { ivAppointment, MAYA, page, RIVERA, schedule, signedInStaff, type AppointmentDetail } from '../test/fixtures'
import '../test/preloadConsole'

const APPOINTMENT = ivAppointment()
// The whole app renders before the console's first screen: allow for a slow CI machine.
const FIRST_RENDER = { timeout: 5000 }
const DETAIL = `/api/v1/appointments/${APPOINTMENT.id}`

function scheduleRoutes(current: { appointment: AppointmentDetail }) {
  return {
    ...signedInStaff(),
    'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
    'GET /api/v1/clinics/brooklyn/schedule?date=2026-03-09&days=1': () => ({
      status: 200,
      body: schedule([current.appointment]),
    }),
    [`GET ${DETAIL}`]: () => ({ status: 200, body: current.appointment }),
    [`GET ${DETAIL}/events`]: { status: 200, body: [] },
    [`POST ${DETAIL}/transitions`]: (request: SentRequest) => {
      const { status, reason } = request.body as { status: Appointment['status']; reason: string }
      current.appointment = { ...current.appointment, status, cancellation_reason: reason }
      return { status: 200, body: current.appointment }
    },
  }
}

async function openAppointment() {
  const chips = await screen.findAllByRole('button', { name: /Maya Thompson/ }, FIRST_RENDER)
  await userEvent.click(chips[0])
  return screen.findByRole('dialog', { name: 'Appointment' })
}

describe('the schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-09T15:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it('shows providers and chairs as columns, with each appointment’s time, status and patient', async () => {
    mockFetch(scheduleRoutes({ appointment: APPOINTMENT }))
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    const providerColumn = await screen.findByRole('region', { name: 'Dr. Ana Rivera' }, FIRST_RENDER)
    expect(within(providerColumn).getByRole('button')).toHaveTextContent(
      '10:00 AM–10:40 AM · ConfirmedMaya ThompsonIV ketamine infusion',
    )
    // The chair stays taken until the recovery ends, and says with whom.
    const chair = screen.getByRole('region', { name: 'Chair 1' })
    expect(within(chair).getByRole('button')).toHaveTextContent('10:00 AM–12:40 PM · Confirmed')
    expect(within(chair).getByRole('button')).toHaveTextContent('with Dr. Ana Rivera')
    expect(screen.getByRole('heading', { level: 2, name: 'Monday, March 9, 2026' })).toBeInTheDocument()
    expect(screen.getByText('America/New_York')).toBeInTheDocument()
  })

  it('flags a dose whose ride home is not confirmed, or for which the patient asked for help', async () => {
    const notConfirmed = { status: 'not_confirmed' as const, escort_name: '', escort_phone: '' }
    const unanswered = { ...APPOINTMENT, ride_home: { ...notConfirmed, answered_by_text: false } }
    mockFetch(scheduleRoutes({ appointment: unanswered }))
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    const providerColumn = await screen.findByRole('region', { name: 'Dr. Ana Rivera' }, FIRST_RENDER)
    expect(within(providerColumn).getByRole('button')).toHaveTextContent('Ride home not confirmed')
    const dialog = await openAppointment()
    expect(within(dialog).getByText('Not confirmed yet.')).toBeInTheDocument()
  })

  it('says where the patient will be for a video visit', async () => {
    const video = { ...APPOINTMENT, chair: null, is_telehealth: true, visit_region: 'US-NJ' }
    mockFetch(scheduleRoutes({ appointment: video }))
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    const dialog = await openAppointment()
    expect(within(dialog).getByRole('row', { name: /Where/ })).toHaveTextContent('Video visit, patient in New Jersey')
  })

  it('checks a patient in and then marks the visit completed, after asking once more', async () => {
    // Not a dose: a dose is completed through its session record (below).
    const current = { appointment: ivAppointment({ service: { ...APPOINTMENT.service, kind: 'integration' } }) }
    const { sent } = mockFetch(scheduleRoutes(current))
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    const drawer = await openAppointment()
    await userEvent.click(await within(drawer).findByRole('button', { name: 'Check in' }))
    expect(await within(drawer).findByText('Checked in', { selector: '.mantine-Badge-label' })).toBeInTheDocument()

    await userEvent.click(within(drawer).getByRole('button', { name: 'Mark completed' }))
    expect(within(drawer).getByText(/This cannot be undone/)).toBeInTheDocument()
    await userEvent.click(within(drawer).getByRole('button', { name: 'Yes, mark completed' }))
    expect(await within(drawer).findByText(/This appointment is final/)).toBeInTheDocument()

    const transitions = sent.filter((request) => request.url.endsWith('/transitions')).map((request) => request.body)
    expect(transitions).toEqual([
      { status: 'checked_in', reason: '' },
      { status: 'completed', reason: '' },
    ])
  })

  it('cancels only with a reason', async () => {
    const current = { appointment: APPOINTMENT }
    const { sent } = mockFetch(scheduleRoutes(current))
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    const drawer = await openAppointment()
    await userEvent.click(await within(drawer).findByRole('button', { name: 'Cancel appointment' }))
    await userEvent.click(within(drawer).getByRole('button', { name: 'Cancel the appointment' }))
    expect(within(drawer).getByText('Give a reason for cancelling.')).toBeInTheDocument()
    expect(sent.some((request) => request.method === 'POST')).toBe(false)

    await userEvent.type(within(drawer).getByLabelText(/Reason for cancelling/), 'Patient unwell')
    await userEvent.click(within(drawer).getByRole('button', { name: 'Cancel the appointment' }))
    expect(await within(drawer).findByText(/This appointment is final/)).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({
      status: 'cancelled',
      reason: 'Patient unwell',
    })
  })

  it('explains a refusal from the booking engine next to the buttons', async () => {
    mockFetch({
      ...scheduleRoutes({ appointment: APPOINTMENT }),
      [`POST ${DETAIL}/transitions`]: {
        status: 409,
        body: { code: 'not_yet', message: 'Check-in opens an hour before the appointment.' },
      },
    })
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    const drawer = await openAppointment()
    await userEvent.click(await within(drawer).findByRole('button', { name: 'Check in' }))
    expect(await within(drawer).findByText('Check-in opens an hour before the appointment.')).toBeInTheDocument()
  })

  it('books on a patient’s behalf: patient, service, a free time, then one request with an idempotency key', async () => {
    const slot = {
      start: '2026-03-09T18:00:00Z',
      clinic_time: { local: '2026-03-09T14:00', utc_offset: '-04:00', abbreviation: 'EDT' },
      providers: [{ id: RIVERA.id, display_name: RIVERA.display_name, credentials: 'MD' }],
      chairs_free: null,
    }
    const { sent } = mockFetch({
      ...scheduleRoutes({ appointment: APPOINTMENT }),
      'GET /api/v1/clinics/brooklyn/patients?search=maya': page([
        { id: MAYA.id, email: 'maya@example.com', legal_name: 'Maya Thompson', preferred_name: 'Maya' },
      ]),
      'GET /api/v1/clinics/brooklyn/services': {
        status: 200,
        body: [{ slug: 'consultation', name: 'Initial consultation', duration_minutes: 60 }],
      },
      [`GET /api/v1/clinics/brooklyn/availability?service=consultation&start=2026-03-09&end=2026-03-09&patient=${MAYA.id}`]:
        { status: 200, body: { start: '2026-03-09', end: '2026-03-09', slots: [slot] } },
      'POST /api/v1/appointments': () => ({
        status: 201,
        body: ivAppointment({
          id: 'new',
          start: slot.start,
          service: { ...APPOINTMENT.service, name: 'Initial consultation' },
        }),
      }),
    })
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    await userEvent.click(await screen.findByRole('button', { name: 'Book an appointment' }, FIRST_RENDER))
    const dialog = await screen.findByRole('dialog', { name: 'Book an appointment' })
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Patient' }), 'maya')
    await userEvent.click(await screen.findByRole('option', { name: /Maya Thompson · maya@example.com/ }))
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Service' }))
    await userEvent.click(await screen.findByRole('option', { name: 'Initial consultation · 60 min' }))
    await userEvent.click(await within(dialog).findByRole('radio', { name: '2:00 PM' }))
    expect(
      within(dialog).getByText(/Initial consultation for Maya Thompson, Mon, Mar 9, 2:00 PM EDT/),
    ).toBeInTheDocument()
    await userEvent.click(within(dialog).getByRole('button', { name: 'Book appointment' }))

    expect(await screen.findByText(/Booked/)).toBeInTheDocument()
    const booking = sent.find((request) => request.method === 'POST' && request.url === '/api/v1/appointments')!
    // The schema requires the fields the API defaults; the console sends those defaults.
    expect(booking.body).toEqual({
      clinic: 'brooklyn',
      service: 'consultation',
      start: slot.start,
      patient: MAYA.id,
      hold: false,
      will_not_drive: false,
      visit_region: '',
    })
    expect(booking.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('books a dose only once the patient’s no-driving promise is confirmed, and lists what the pathway still needs', async () => {
    const slot = {
      start: '2026-03-09T18:00:00Z',
      clinic_time: { local: '2026-03-09T14:00', utc_offset: '-04:00', abbreviation: 'EDT' },
      providers: [{ id: RIVERA.id, display_name: RIVERA.display_name, credentials: 'MD' }],
      chairs_free: 2,
    }
    const { sent } = mockFetch({
      ...scheduleRoutes({ appointment: APPOINTMENT }),
      'GET /api/v1/clinics/brooklyn/patients?search=maya': page([
        { id: MAYA.id, email: 'maya@example.com', legal_name: 'Maya Thompson', preferred_name: 'Maya' },
      ]),
      'GET /api/v1/clinics/brooklyn/services': {
        status: 200,
        body: [{ slug: 'iv-infusion', name: 'IV ketamine infusion', kind: 'dosing', duration_minutes: 40 }],
      },
      [`GET /api/v1/clinics/brooklyn/availability?service=iv-infusion&start=2026-03-09&end=2026-03-09&patient=${MAYA.id}`]:
        { status: 200, body: { start: '2026-03-09', end: '2026-03-09', slots: [slot] } },
      'POST /api/v1/appointments': {
        status: 409,
        body: {
          code: 'booking_not_allowed',
          message: 'This appointment cannot be booked yet. Each step below needs to be done first.',
          blockers: [{ code: 'no_treatment_plan', message: 'A provider needs to create your treatment plan.' }],
        },
      },
    })
    renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

    await userEvent.click(await screen.findByRole('button', { name: 'Book an appointment' }, FIRST_RENDER))
    const dialog = await screen.findByRole('dialog', { name: 'Book an appointment' })
    await userEvent.type(within(dialog).getByRole('combobox', { name: 'Patient' }), 'maya')
    await userEvent.click(await screen.findByRole('option', { name: /Maya Thompson · maya@example.com/ }))
    await userEvent.click(within(dialog).getByRole('combobox', { name: 'Service' }))
    await userEvent.click(await screen.findByRole('option', { name: 'IV ketamine infusion · 40 min' }))
    await userEvent.click(await within(dialog).findByRole('radio', { name: '2:00 PM' }))
    expect(within(dialog).getByRole('button', { name: 'Book appointment' })).toBeDisabled()
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /won’t drive until the day after/ }))
    await userEvent.click(within(dialog).getByRole('button', { name: 'Book appointment' }))

    const needed = await within(dialog).findByRole('list', { name: 'What is still needed' })
    expect(needed).toHaveTextContent('A provider needs to create your treatment plan.')
    const booking = sent.find((request) => request.method === 'POST' && request.url === '/api/v1/appointments')!
    expect(booking.body).toMatchObject({ service: 'iv-infusion', will_not_drive: true })
  })
})
