import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockFetch } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import { BROOKLYN, signedInStaff, staffMe } from '../test/fixtures'
import '../test/preloadConsole'
import type { AvailabilitySettings, OrphanedAppointment, ServiceSetting, WeeklyHours } from './availabilityApi'

const RIVERA = { id: 'aaaaaaaa-0000-4000-8000-000000000001', display_name: 'Dr. Ana Rivera', credentials: 'MD' }
const API = '/api/v1/clinics/brooklyn'

const settings = (overrides: Partial<AvailabilitySettings> = {}): AvailabilitySettings => ({
  clinic: BROOKLYN,
  role: 'clinic_admin',
  may_edit_clinic: true,
  providers: [{ ...RIVERA, may_edit: true }],
  ...overrides,
})

const MONDAY: WeeklyHours = { id: 7, provider: RIVERA, weekday: 0, start_time: '09:00', end_time: '17:00' }

const ORPHAN: OrphanedAppointment = {
  id: 'dddddddd-0000-4000-8000-000000000001',
  status: 'confirmed',
  start: '2026-03-09T19:00:00Z',
  clinic_time: { local: '2026-03-09T15:00', utc_offset: '-04:00', abbreviation: 'EDT' },
  clinic: BROOKLYN,
  patient: { id: 'p-1', display_name: 'Maya Thompson' },
  provider: RIVERA,
  service: { slug: 'consult', name: 'Initial consultation', kind: 'consultation', modality: 'in_person', route: '' },
}

const admin = () => signedInStaff(staffMe({ memberships: [{ clinic: BROOKLYN, role: 'clinic_admin' }] }))

describe('availability', () => {
  it('shows a provider’s week in the clinic’s zone and saves a changed shift', async () => {
    let hours = [MONDAY]
    const { sent } = mockFetch({
      ...admin(),
      [`GET ${API}/availability-settings`]: { status: 200, body: settings() },
      [`GET ${API}/weekly-hours`]: () => ({ status: 200, body: hours }),
      [`PUT ${API}/weekly-hours/7`]: (request) => {
        hours = [{ ...MONDAY, ...(request.body as object) }]
        return { status: 200, body: hours[0] }
      },
    })
    renderApp('/clinic/brooklyn/availability')

    const week = await screen.findByRole('table', { name: /Dr. Ana Rivera’s regular weekly hours/ }, { timeout: 5000 })
    expect(screen.getByText(/Times are the clinic’s wall clock/)).toHaveTextContent('America/New_York')
    const monday = within(week).getByRole('row', { name: /Monday/ })
    expect(within(monday).getByText('9:00 AM – 5:00 PM')).toBeInTheDocument()
    expect(within(week).getByRole('row', { name: /Tuesday/ })).toHaveTextContent('Not working')

    await userEvent.click(within(monday).getByRole('button', { name: 'Change Monday 9:00 AM – 5:00 PM' }))
    const end = within(monday).getByLabelText(/End \(Monday\)/)
    await userEvent.clear(end)
    await userEvent.type(end, '13:00')
    await userEvent.click(within(monday).getByRole('button', { name: 'Save' }))

    expect(await within(monday).findByText('9:00 AM – 1:00 PM', {}, { timeout: 5000 })).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'PUT')?.body).toEqual({
      weekday: 0,
      start_time: '09:00',
      end_time: '13:00',
    })
  })

  it('lists the appointments a refused change would strand, linked to the schedule', async () => {
    mockFetch({
      ...admin(),
      [`GET ${API}/availability-settings`]: { status: 200, body: settings() },
      [`GET ${API}/weekly-hours`]: { status: 200, body: [MONDAY] },
      [`DELETE ${API}/weekly-hours/7`]: {
        status: 409,
        body: {
          code: 'would_orphan_appointments',
          message: 'This change would leave 1 booked appointment outside the available hours.',
          appointments: [ORPHAN],
        },
      },
    })
    renderApp('/clinic/brooklyn/availability')

    await userEvent.click(
      await screen.findByRole('button', { name: 'Remove Monday 9:00 AM – 5:00 PM' }, { timeout: 5000 }),
    )
    const alert = await screen.findByRole('alert', {}, { timeout: 5000 })
    expect(alert).toHaveTextContent('This change would leave 1 booked appointment outside the available hours.')
    const affected = within(alert).getByRole('list', { name: 'Affected appointments' })
    expect(affected).toHaveTextContent('Maya Thompson · Initial consultation with Dr. Ana Rivera')
    expect(within(affected).getByRole('link')).toHaveAttribute(
      'href',
      `/clinic/brooklyn/schedule?date=2026-03-09&appointment=${ORPHAN.id}`,
    )
    expect(screen.getByText('9:00 AM – 5:00 PM')).toBeInTheDocument()
  })

  it('is read only for the front desk', async () => {
    mockFetch({
      ...signedInStaff(),
      [`GET ${API}/availability-settings`]: {
        status: 200,
        body: settings({ role: 'front_desk', may_edit_clinic: false, providers: [{ ...RIVERA, may_edit: false }] }),
      },
      [`GET ${API}/weekly-hours`]: { status: 200, body: [MONDAY] },
      [`GET ${API}/chairs`]: { status: 200, body: [{ id: 1, name: 'Chair 1', is_active: true }] },
    })
    renderApp('/clinic/brooklyn/availability')

    expect(await screen.findByText(/Read only/, {}, { timeout: 5000 })).toBeInTheDocument()
    await screen.findByText('9:00 AM – 5:00 PM', {}, { timeout: 5000 })
    expect(screen.queryByRole('button', { name: /Add hours/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Change Monday/ })).not.toBeInTheDocument()

    await userEvent.click(screen.getByRole('tab', { name: 'Chairs' }))
    expect(await screen.findByRole('cell', { name: 'Chair 1' }, { timeout: 5000 })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Add chair' })).not.toBeInTheDocument()
  })

  it('shows a service’s field errors beside the fields', async () => {
    const service: ServiceSetting = {
      id: 4,
      name: 'Initial consultation',
      slug: 'consult',
      kind: 'consultation',
      modality: 'in_person',
      route: '',
      duration_minutes: 60,
      recovery_minutes: 0,
      buffer_before_minutes: 0,
      buffer_after_minutes: 0,
      minimum_notice_minutes: 1440,
      horizon_days: 60,
      cancellation_window_hours: 24,
      slot_step_minutes: 15,
      price_cents: 25000,
      currency: 'USD',
      needs_chair: false,
      is_active: true,
    }
    const { sent } = mockFetch({
      ...admin(),
      [`GET ${API}/availability-settings`]: { status: 200, body: settings() },
      [`GET ${API}/service-types`]: { status: 200, body: [service] },
      [`PATCH ${API}/service-types/4`]: {
        status: 400,
        body: {
          code: 'invalid',
          message: 'Some of the information is not valid.',
          fields: { route: ['Only dosing sessions and boosters have a route.'] },
        },
      },
    })
    renderApp('/clinic/brooklyn/availability?tab=services')

    const row = await screen.findByRole('row', { name: /Initial consultation/ }, { timeout: 5000 })
    expect(row).toHaveTextContent('$250.00')
    await userEvent.click(within(row).getByRole('button', { name: 'Edit Initial consultation' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit Initial consultation' })
    const price = within(dialog).getByLabelText('Price')
    await userEvent.clear(price)
    await userEvent.type(price, '275')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }))

    expect(
      await within(dialog).findByText('Only dosing sessions and boosters have a route.', {}, { timeout: 5000 }),
    ).toBeInTheDocument()
    expect(sent.find((request) => request.method === 'PATCH')?.body).toMatchObject({ price_cents: 27500 })
  })

  it('sets a provider’s share of unnamed bookings, adds a licence and lists the visit a removal would strand', async () => {
    const NEW_YORK = { id: 3, region: 'US-NY', number: 'NY-123', expires_on: '2027-06-30' }
    let licences = [NEW_YORK]
    const provider = () => ({ ...RIVERA, booking_weight: 1, licences })
    const { sent } = mockFetch({
      ...admin(),
      [`GET ${API}/availability-settings`]: { status: 200, body: settings() },
      [`GET ${API}/providers`]: () => ({ status: 200, body: [provider()] }),
      [`PATCH ${API}/providers/${RIVERA.id}`]: { status: 200, body: { ...provider(), booking_weight: 3 } },
      [`POST ${API}/providers/${RIVERA.id}/licences`]: (request) => {
        const added = { id: 4, ...(request.body as object) } as typeof NEW_YORK
        licences = [...licences, added]
        return { status: 201, body: added }
      },
      [`DELETE ${API}/licences/3`]: {
        status: 409,
        body: {
          code: 'would_orphan_appointments',
          message: '1 booked video visit relies on this licence: the patient will be in New York.',
          appointments: [ORPHAN],
        },
      },
    })
    renderApp('/clinic/brooklyn/availability?tab=providers')

    const panel = await screen.findByRole('region', { name: 'Dr. Ana Rivera, MD' }, { timeout: 5000 })
    const table = within(panel).getByRole('table', { name: 'Where Dr. Ana Rivera may see patients by video' })
    expect(within(table).getByRole('row', { name: /New York/ })).toHaveTextContent('NY-123')

    const share = within(panel).getByLabelText(/Share of bookings that name no provider/)
    await userEvent.clear(share)
    await userEvent.type(share, '3')
    await userEvent.click(within(panel).getByRole('button', { name: 'Save share' }))
    expect(await within(panel).findByRole('status')).toHaveTextContent('Saved')
    expect(sent.find((request) => request.method === 'PATCH')?.body).toEqual({ booking_weight: 3 })

    const add = within(panel).getByRole('form', { name: 'Add a licence for Dr. Ana Rivera' })
    await userEvent.click(within(add).getByRole('combobox', { name: 'State' }))
    await userEvent.click(await screen.findByRole('option', { name: 'New Jersey' }))
    await userEvent.type(within(add).getByLabelText(/Licence number/), 'NJ-9')
    await userEvent.click(within(add).getByRole('button', { name: 'Add licence' }))
    expect(await within(table).findByRole('row', { name: /New Jersey/ }, { timeout: 5000 })).toHaveTextContent(
      'No expiry',
    )
    expect(sent.find((request) => request.method === 'POST')?.body).toEqual({
      region: 'US-NJ',
      number: 'NJ-9',
      expires_on: null,
    })

    await userEvent.click(within(panel).getByRole('button', { name: 'Remove the New York licence' }))
    const refusal = await within(panel).findByRole('alert', {}, { timeout: 5000 })
    expect(refusal).toHaveTextContent('the patient will be in New York')
    expect(within(refusal).getByRole('list', { name: 'Affected appointments' })).toHaveTextContent('Maya Thompson')
  })

  it('shows the providers’ shares and licences to the front desk without controls', async () => {
    mockFetch({
      ...signedInStaff(),
      [`GET ${API}/availability-settings`]: {
        status: 200,
        body: settings({ role: 'front_desk', may_edit_clinic: false, providers: [{ ...RIVERA, may_edit: false }] }),
      },
      [`GET ${API}/providers`]: {
        status: 200,
        body: [{ ...RIVERA, booking_weight: 2, licences: [{ id: 3, region: 'US-NY', number: '', expires_on: null }] }],
      },
    })
    renderApp('/clinic/brooklyn/availability?tab=providers')

    const panel = await screen.findByRole('region', { name: 'Dr. Ana Rivera, MD' }, { timeout: 5000 })
    expect(panel).toHaveTextContent('Share of bookings that name no provider: 2')
    expect(within(panel).getByRole('row', { name: /New York/ })).toHaveTextContent('No expiry')
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument()
  })
})
