import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { mockFetch } from '../../../test/mockFetch'
import { renderApp } from '../../../test/renderWithProviders'
import { BROOKLYN, DENVER, page, signedInStaff, staffMe } from '../test/fixtures'
import '../test/preloadConsole'
import { reportWeek } from './testWeeks'

const REPORT_URL = '/api/v1/clinics/brooklyn/reports/weekly?from=2026-03-02&weeks=4'
const weeks = [
  reportWeek('2026-03-02', {
    booked: 12,
    cancelled_by_patient: 2,
    no_shows: 1,
    completed: 9,
    no_show_rate: 0.1,
    provider_booked_minutes: 600,
    provider_available_minutes: 1200,
    provider_utilization: 0.5,
    money: [{ currency: 'USD', revenue_cents: 250000, refunds_cents: 5000 }],
    series_completed: 6,
    phq9_n: 6,
    phq9_mean_change: -7.5,
  }),
  reportWeek('2026-03-09', {
    booked: 3,
    completed: 3,
    no_show_rate: 0,
    series_completed: 2,
    phq9_n: 2,
    phq9_suppressed: true,
  }),
  reportWeek('2026-03-16'),
  reportWeek('2026-03-23'),
]
const clinicReport = { first_week: '2026-03-02', minimum_outcome_n: 5, clinic: BROOKLYN, weeks }
const admin = () => signedInStaff(staffMe({ memberships: [{ clinic: BROOKLYN, role: 'clinic_admin' }] }))
// The first render loads the console's lazy chunk; two busy cores can take a while.
const FIRST_RENDER = { timeout: 10_000 }
const noAlerts = { 'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]) }

function tableNamed(name: string) {
  return screen.getByRole('table', { name: new RegExp(`^${name}:`) })
}

describe('the reports page', () => {
  it('shows the range as a whole and each chart’s numbers as a table', async () => {
    mockFetch({ ...admin(), ...noAlerts, [`GET ${REPORT_URL}`]: { status: 200, body: clinicReport } })
    renderApp('/clinic/brooklyn/reports?from=2026-03-04&weeks=4')

    const summary = await screen.findByRole('region', { name: 'The whole range' }, FIRST_RENDER)
    expect(within(summary).getByText('Appointments booked').nextSibling).toHaveTextContent('15')
    expect(within(summary).getByText('No-show rate').nextSibling).toHaveTextContent('7.7%')
    expect(within(summary).getByText('Induction series completed').nextSibling).toHaveTextContent('8')

    const bookings = within(tableNamed('Bookings and cancellations')).getAllByRole('row')
    expect(bookings[1]).toHaveTextContent('Mar 2' + '12' + '2' + '0' + '1' + '9')
    const money = within(tableNamed('Revenue and refunds \\(USD\\)')).getAllByRole('row')
    expect(money[1]).toHaveTextContent('$2,500.00$50.00$2,450.00')
    const outcomes = within(tableNamed('PHQ-9 change after induction')).getAllByRole('row')
    expect(outcomes[1]).toHaveTextContent('-7.56')
    expect(outcomes[2]).toHaveTextContent('Withheld (fewer than 5 patients)2')
  })

  it('lets sighted people swap a chart for its table', async () => {
    mockFetch({ ...admin(), ...noAlerts, [`GET ${REPORT_URL}`]: { status: 200, body: clinicReport } })
    renderApp('/clinic/brooklyn/reports?from=2026-03-02&weeks=4')

    const section = await screen.findByRole('region', { name: 'No-show rate' }, FIRST_RENDER)
    await userEvent.click(within(section).getByRole('button', { name: 'Show table' }))
    expect(within(section).getByRole('region', { name: 'Table: No-show rate' })).toBeInTheDocument()
    expect(within(section).getByRole('button', { name: 'Show chart' })).toBeInTheDocument()
  })

  it('downloads the CSV, and says why when it cannot', async () => {
    let answer = { status: 200, body: 'clinic,week_start\n' as unknown }
    const { sent } = mockFetch({
      ...admin(),
      ...noAlerts,
      [`GET ${REPORT_URL}`]: { status: 200, body: clinicReport },
      'GET /api/v1/clinics/brooklyn/reports/weekly.csv?from=2026-03-02&weeks=4': () => answer,
    })
    const createObjectURL = vi.fn(() => 'blob:report')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    renderApp('/clinic/brooklyn/reports?from=2026-03-02&weeks=4')

    await userEvent.click(await screen.findByRole('button', { name: 'Download CSV' }, FIRST_RENDER))
    await vi.waitFor(() => expect(click).toHaveBeenCalledOnce())
    expect(createObjectURL).toHaveBeenCalledOnce()
    expect(sent.at(-1)?.url).toBe('/api/v1/clinics/brooklyn/reports/weekly.csv?from=2026-03-02&weeks=4')

    answer = {
      status: 403,
      body: { code: 'permission_denied', message: "Reports are for the clinic's administrators." },
    }
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }))
    expect(await screen.findByText("Reports are for the clinic's administrators.")).toBeInTheDocument()
    expect(screen.getByText('We couldn’t download the CSV')).toBeInTheDocument()
  })

  it('is not in front desk’s menu, and says whom it is for', async () => {
    const { sent } = mockFetch({ ...signedInStaff(), ...noAlerts })
    renderApp('/clinic/brooklyn/reports')

    expect(
      await screen.findByText(/Reports are for the clinic’s administrators/, undefined, FIRST_RENDER),
    ).toBeInTheDocument()
    const menu = screen.getByRole('navigation', { name: 'Clinic console' })
    expect(within(menu).queryByRole('link', { name: 'Reports' })).not.toBeInTheDocument()
    expect(sent.some((request) => request.url.includes('/reports/'))).toBe(false)
  })

  it('shows organisation admins every clinic and the totals', async () => {
    const orgAdmin = staffMe({
      is_org_admin: true,
      memberships: [],
      clinics: [
        { clinic: BROOKLYN, role: null },
        { clinic: DENVER, role: null },
      ],
    })
    mockFetch({
      ...signedInStaff(orgAdmin),
      ...noAlerts,
      'GET /api/v1/reports/weekly?from=2026-03-02&weeks=4': {
        status: 200,
        body: {
          first_week: '2026-03-02',
          minimum_outcome_n: 5,
          clinics: [
            { clinic: BROOKLYN, weeks },
            { clinic: DENVER, weeks: weeks.map((week) => reportWeek(week.week_start, { booked: 1 })) },
          ],
          totals: weeks.map((week) => reportWeek(week.week_start, { booked: week.booked + 1 })),
        },
      },
    })
    renderApp('/clinic/brooklyn/reports?from=2026-03-02&weeks=4&scope=all')

    expect(await screen.findByRole('heading', { name: 'Reports: all clinics' }, FIRST_RENDER)).toBeInTheDocument()
    const byClinic = await screen.findByRole('region', { name: 'Table of clinics' })
    const [, brooklyn, denver] = within(byClinic).getAllByRole('row')
    expect(brooklyn).toHaveTextContent('Evergreen Brooklyn152')
    expect(denver).toHaveTextContent('Evergreen Denver40')
    const summary = screen.getByRole('region', { name: 'The whole range' })
    expect(within(summary).getByText('Appointments booked').nextSibling).toHaveTextContent('19')
  })
})
