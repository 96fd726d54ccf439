import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { denverClinic, drLee, drPark, service, slot } from '../../test/bookingFixtures'
import { patientSession } from '../../test/careFixtures'
import { mockFetch } from '../../test/mockFetch'
import { renderWithProviders } from '../../test/renderWithProviders'
import { SlotCalendar, type SlotChoice } from './SlotCalendar'

const AVAILABILITY = 'GET /api/v1/clinics/denver/availability?service=consultation&start=2026-12-01&end=2026-12-31'

const nineDenver = slot('2026-12-10T16:00:00Z', '2026-12-10T09:00', 'MST', [drLee, drPark])
const halfPastElevenDenver = slot('2026-12-10T18:30:00Z', '2026-12-10T11:30', 'MST', [drLee])
const nextDay = slot('2026-12-11T16:00:00Z', '2026-12-11T09:00', 'MST', [drLee])

function renderCalendar(ownTimeZone: string, onChange = vi.fn<(choice: SlotChoice | null) => void>()) {
  mockFetch({
    ...patientSession,
    [AVAILABILITY]: {
      status: 200,
      body: {
        clinic: { slug: 'denver', name: denverClinic.name, timezone: 'America/Denver' },
        service: service(),
        start: '2026-12-01',
        end: '2026-12-31',
        viewer_timezone: null,
        slots: [nineDenver, halfPastElevenDenver, nextDay],
      },
    },
  })
  renderWithProviders(
    <SlotCalendar
      clinicSlug="denver"
      clinicName={denverClinic.name}
      clinicTimeZone="America/Denver"
      ownTimeZone={ownTimeZone}
      service={service()}
      value={null}
      onChange={onChange}
    />,
  )
  return onChange
}

describe('slot calendar', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T12:00:00Z') })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows the clinic’s times, labelled, with the patient’s own time beside each', async () => {
    const onChange = renderCalendar('America/New_York')

    expect(await screen.findByText(/Your own time \(EST\) is shown beside each/)).toBeInTheDocument()
    const times = await screen.findByRole('group', { name: 'Free times on Thursday, December 10' })
    const nine = within(times).getByRole('radio', { name: /9:00 AM MST.*11:00 AM EST your time/ })
    expect(within(times).getByRole('radio', { name: /11:30 AM MST.*1:30 PM EST your time/ })).toBeInTheDocument()
    expect(within(times).getAllByRole('radio')).toHaveLength(2)
    // Days without a free time cannot be chosen.
    expect(screen.getByRole('button', { name: 'Saturday, December 12, no free times' })).toBeDisabled()

    await userEvent.click(nine)
    expect(onChange).toHaveBeenLastCalledWith({ slot: nineDenver, providerId: null })
  })

  it('shows one clock when the patient lives in the clinic’s zone, and narrows the times to one provider', async () => {
    const onChange = renderCalendar('America/Denver')

    const times = await screen.findByRole('group', { name: 'Free times on Thursday, December 10' })
    expect(within(times).getByRole('radio', { name: '9:00 AM MST' })).toBeInTheDocument()
    expect(screen.queryByText(/your time/)).not.toBeInTheDocument()

    await userEvent.click(screen.getByRole('combobox', { name: 'Provider' }))
    await userEvent.click(await screen.findByRole('option', { name: 'Sam Park, NP' }))
    expect(within(screen.getByRole('group', { name: /Free times on/ })).getAllByRole('radio')).toHaveLength(1)
    expect(screen.getByRole('button', { name: 'Friday, December 11, no free times' })).toBeDisabled()

    await userEvent.click(screen.getByRole('radio', { name: '9:00 AM MST' }))
    expect(onChange).toHaveBeenLastCalledWith({ slot: nineDenver, providerId: drPark.id })
  })
})
