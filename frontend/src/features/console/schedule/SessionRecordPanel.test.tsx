import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mockFetch, type Reply, type SentRequest } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import type { SessionRecord, SessionSheet } from '../api'
import { BROOKLYN, ivAppointment, page, schedule, signedInStaff, staffMe } from '../test/fixtures'
import '../test/preloadConsole'

// The whole app renders before the console's first screen, and these tests fill a long form: allow for a slow CI machine.
const FIRST_RENDER = { timeout: 20_000 }
const LONG = 40_000
const CHECKED_IN = ivAppointment({ status: 'checked_in' })
const DETAIL = `/api/v1/appointments/${CHECKED_IN.id}`
const RECORD = `/api/v1/clinics/brooklyn/appointments/${CHECKED_IN.id}/session-record`
const provider = staffMe({ memberships: [{ clinic: BROOKLYN, role: 'provider' }] })

const emptySheet: SessionSheet = {
  appointment: CHECKED_IN,
  booking: {
    escort_name: 'Sam Thompson',
    escort_phone: '+12125550123',
    no_driving_acknowledged_at: '2026-03-01T12:00:00Z',
  },
  state: 'not_started',
  record: null,
}

/** The fields of a saved record (the API answers a PUT's fields as they were saved). */
type SavedFields = Omit<SessionRecord, 'recorded_by' | 'created_at' | 'updated_at' | 'completed_at' | 'completed_by'>

function sheetWith(fields: SavedFields, completed: boolean): SessionSheet {
  const author = { id: 'p1', display_name: 'Dr. Ana Rivera' }
  return {
    ...emptySheet,
    appointment: completed ? { ...CHECKED_IN, status: 'completed' } : CHECKED_IN,
    state: completed ? 'completed' : 'draft',
    record: {
      ...fields,
      recorded_by: author,
      created_at: '2026-03-09T14:05:00Z',
      updated_at: '2026-03-09T14:05:00Z',
      completed_at: completed ? '2026-03-09T16:45:00Z' : null,
      completed_by: completed ? author : null,
    },
  }
}

function routes(overrides: Record<string, Reply | ((request: SentRequest) => Reply)> = {}) {
  return {
    ...signedInStaff(provider),
    'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
    'GET /api/v1/clinics/brooklyn/schedule?date=2026-03-09&days=1': { status: 200, body: schedule([CHECKED_IN]) },
    [`GET ${DETAIL}`]: { status: 200, body: CHECKED_IN },
    [`GET ${DETAIL}/events`]: { status: 200, body: [] },
    [`GET ${RECORD}`]: { status: 200, body: emptySheet },
    [`PUT ${RECORD}`]: (request: SentRequest) => ({
      status: 200,
      body: sheetWith(request.body as SavedFields, false),
    }),
    ...overrides,
  }
}

async function openSessionRecord() {
  const chips = await screen.findAllByRole('button', { name: /Maya Thompson/ }, FIRST_RENDER)
  await userEvent.click(chips[0])
  const drawer = await screen.findByRole('dialog', { name: 'Appointment' })
  return within(drawer).findByRole('region', { name: 'Session record' })
}

async function fillVitals(record: HTMLElement, moment: string, values: string[]) {
  const group = within(record).getByRole('group', { name: moment })
  const labels = [/Systolic/, /Diastolic/, /Heart rate/, /SpO/]
  for (const [index, label] of labels.entries()) {
    await userEvent.click(within(group).getByLabelText(label))
    await userEvent.paste(values[index])
  }
}

describe('the session record of a dosing appointment', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-09T17:00:00Z'))
  })
  afterEach(() => vi.useRealTimers())

  it(
    'saves a draft with the route of the booked service and the vital signs typed so far',
    async () => {
      const { sent } = mockFetch(routes())
      renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

      const record = await openSessionRecord()
      // A dose is not completed by a plain status change.
      expect(screen.queryByRole('button', { name: 'Mark completed' })).not.toBeInTheDocument()
      expect(within(record).getByText(/Escort named at booking: Sam Thompson/)).toBeInTheDocument()
      await userEvent.type(within(record).getByLabelText('Dose'), '0.5')
      await userEvent.click(within(record).getByRole('combobox', { name: 'Unit' }))
      await userEvent.click(await screen.findByRole('option', { name: 'mg/kg' }))
      await fillVitals(record, 'Vital signs before the dose', ['128', '82', '72', '98'])
      await userEvent.click(within(record).getByRole('button', { name: 'Save draft' }))

      expect(await screen.findByText('Session record saved as a draft.')).toBeInTheDocument()
      const put = sent.find((request) => request.method === 'PUT')!
      expect(put.body).toMatchObject({
        route: 'iv_infusion',
        dose: '0.5',
        dose_unit: 'mg/kg',
        before_systolic: 128,
        before_diastolic: 82,
        before_heart_rate: 72,
        before_spo2: 98,
        after_systolic: null,
        side_effects: [],
        discharged_at: null,
        discharged_with: '',
      })
      expect(await within(record).findByText(/Draft saved .* by Dr. Ana Rivera/)).toBeInTheDocument()
    },
    LONG,
  )

  it(
    'shows what completing still needs next to each field',
    async () => {
      mockFetch(
        routes({
          [`POST ${RECORD}/completion`]: {
            status: 400,
            body: {
              code: 'session_record_incomplete',
              message: 'Some of the session record still needs filling in before the session can be completed.',
              fields: { dose: ['Needed to complete the session.'], discharged_at: ['Needed to complete the session.'] },
            },
          },
        }),
      )
      renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

      const record = await openSessionRecord()
      await userEvent.click(within(record).getByRole('button', { name: 'Complete session' }))
      await userEvent.click(within(record).getByRole('button', { name: 'Yes, complete session' }))

      expect(await within(record).findByText(/Some fields need attention/)).toBeInTheDocument()
      expect(within(record).getByLabelText('Dose')).toHaveAccessibleDescription(/Needed to complete the session/)
      expect(within(record).getByLabelText(/Left at/)).toHaveAccessibleDescription(/Needed to complete the session/)
    },
    LONG,
  )

  it(
    'completes the session with the escort hand-over, then shows the final record',
    async () => {
      const { sent } = mockFetch(
        routes({
          [`POST ${RECORD}/completion`]: () => {
            const saved = sent.filter((each) => each.method === 'PUT').at(-1)!.body as SavedFields
            return { status: 200, body: sheetWith(saved, true) }
          },
        }),
      )
      renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

      const record = await openSessionRecord()
      await userEvent.type(within(record).getByLabelText('Dose'), '40')
      await userEvent.click(within(record).getByRole('combobox', { name: 'Unit' }))
      await userEvent.click(await screen.findByRole('option', { name: 'mg' }))
      await fillVitals(record, 'Vital signs before the dose', ['128', '82', '72', '98'])
      await fillVitals(record, 'Vital signs at recovery', ['122', '80', '70', '99'])
      await userEvent.click(within(record).getByRole('checkbox', { name: 'Nausea' }))
      await userEvent.click(within(record).getByRole('button', { name: 'Left now' }))
      await userEvent.click(within(record).getByRole('button', { name: 'Left with Sam Thompson' }))
      await userEvent.click(within(record).getByRole('button', { name: 'Complete session' }))
      await userEvent.click(within(record).getByRole('button', { name: 'Yes, complete session' }))

      expect(await within(record).findByText(/Completed/)).toBeInTheDocument()
      expect(within(record).getByText('Nausea')).toBeInTheDocument()
      expect(within(record).queryByRole('button', { name: 'Save draft' })).not.toBeInTheDocument()
      expect(within(record).getByText(/1:00 PM with Sam Thompson/)).toBeInTheDocument()
      const put = sent.filter((request) => request.method === 'PUT').at(-1)!
      // 1:00 PM in New York on the session's day.
      expect(put.body).toMatchObject({ discharged_at: '2026-03-09T17:00:00.000Z', discharged_with: 'Sam Thompson' })
      expect(sent.filter((request) => request.url.endsWith('/transitions'))).toEqual([])
      expect(sent.some((request) => request.method === 'POST' && request.url === `${RECORD}/completion`)).toBe(true)
    },
    LONG,
  )

  it(
    'tells the front desk a provider completes a dose, without loading its clinical record',
    async () => {
      const { sent } = mockFetch({ ...routes(), ...signedInStaff() })
      renderApp('/clinic/brooklyn/schedule?date=2026-03-09')

      const chips = await screen.findAllByRole('button', { name: /Maya Thompson/ }, FIRST_RENDER)
      await userEvent.click(chips[0])
      const drawer = await screen.findByRole('dialog', { name: 'Appointment' })
      expect(await within(drawer).findByText(/A provider completes this dosing session/)).toBeInTheDocument()
      expect(within(drawer).queryByRole('button', { name: 'Mark completed' })).not.toBeInTheDocument()
      expect(sent.some((request) => request.url === RECORD)).toBe(false)
    },
    LONG,
  )
})
