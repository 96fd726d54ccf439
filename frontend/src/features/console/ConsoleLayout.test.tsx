import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockFetch } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'
import { BROOKLYN, DENVER, page, signedInStaff, staffMe } from './test/fixtures'
import './test/preloadConsole'

const FIRST_RENDER = { timeout: 10_000 }
const row = {
  preferred_name: '',
  email: 'patient@example.com',
  stage: 'induction',
  open_safety_alert: false,
  no_escort: false,
  next_appointment: '2026-03-09T14:00:00Z',
}
const twoClinics = staffMe({
  memberships: [
    { clinic: BROOKLYN, role: 'front_desk' },
    { clinic: DENVER, role: 'provider' },
  ],
})

describe('the clinic console frame', () => {
  it('lists only the staff member’s clinics, each with its time zone, and keeps the section when switching', async () => {
    mockFetch({
      ...signedInStaff(twoClinics),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
      'GET /api/v1/clinics/denver/alerts?state=open': page([]),
      'GET /api/v1/clinics/brooklyn/patients': page([]),
      'GET /api/v1/clinics/denver/patients': page([]),
    })
    renderApp('/clinic/brooklyn/patients')

    expect(
      await screen.findByText('Evergreen Brooklyn has no patients yet.', undefined, FIRST_RENDER),
    ).toBeInTheDocument()
    await userEvent.click(screen.getByRole('combobox', { name: 'Clinic' }))
    const options = await screen.findAllByRole('option')
    expect(options.map((option) => option.textContent)).toEqual([
      'Evergreen Brooklyn · America/New_York',
      'Evergreen Denver · America/Denver',
    ])
    await userEvent.click(options[1])
    expect(await screen.findByText('Evergreen Denver has no patients yet.')).toBeInTheDocument()
    expect(screen.getByText('America/Denver')).toBeInTheDocument()
    expect(screen.getByText('Provider')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Patients' })).toHaveAttribute('aria-current', 'page')
  })

  it('offers an organisation admin every clinic /me lists for them, without asking the clinic directory', async () => {
    const admin = staffMe({
      is_org_admin: true,
      memberships: [],
      clinics: [
        { clinic: BROOKLYN, role: null },
        { clinic: DENVER, role: null },
      ],
    })
    const { sent } = mockFetch({
      ...signedInStaff(admin),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
      'GET /api/v1/clinics/brooklyn/patients': page([]),
    })
    renderApp('/clinic/brooklyn/patients')

    expect(
      await screen.findByText('Evergreen Brooklyn has no patients yet.', undefined, FIRST_RENDER),
    ).toBeInTheDocument()
    expect(screen.getByText('Organisation admin')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('combobox', { name: 'Clinic' }))
    const options = await screen.findAllByRole('option')
    expect(options.map((option) => option.textContent)).toEqual([
      'Evergreen Brooklyn · America/New_York',
      'Evergreen Denver · America/Denver',
    ])
    expect(sent.filter((request) => request.url.startsWith('/api/v1/clinics?'))).toEqual([])
  })

  it('does not open another clinic’s pages, and asks nothing about that clinic', async () => {
    const { sent } = mockFetch(signedInStaff())
    renderApp('/clinic/denver/patients')

    expect(await screen.findByRole('heading', { level: 1, name: 'Clinic not found' }, FIRST_RENDER)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Evergreen Brooklyn' })).toHaveAttribute(
      'href',
      '/clinic/brooklyn/schedule',
    )
    expect(sent.filter((request) => request.url.includes('/denver'))).toEqual([])
  })

  it('flags open safety alerts in the menu and above the patient list, which the API gives with them on top', async () => {
    const alert = {
      id: 3,
      reason: 'phq9_self_harm',
      reason_label: 'PHQ-9 item 9: thoughts of being better off dead or of self-harm',
      answer: 2,
      answer_label: 'More than half the days',
      raised_at: '2026-03-09T14:00:00Z',
      patient: {
        id: 'p-2',
        email: 'zoe@example.com',
        legal_name: 'Zoe Young',
        preferred_name: '',
        phone: '+12125550199',
      },
      assessment: {
        id: 9,
        instrument: 'phq9',
        answers: [],
        total_score: 16,
        severity: 'moderately_severe',
        taken_at: '2026-03-09T14:00:00Z',
      },
      acknowledged_at: null,
      acknowledged_by: null,
      acknowledgement_note: '',
    }
    mockFetch({
      ...signedInStaff(),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([alert]),
      'GET /api/v1/clinics/brooklyn/patients': page([
        { ...row, id: 'p-2', email: 'zoe@example.com', legal_name: 'Zoe Young', open_safety_alert: true },
        { ...row, id: 'p-1', email: 'amir@example.com', legal_name: 'Amir Aziz', no_escort: true },
      ]),
    })
    renderApp('/clinic/brooklyn/patients')

    expect(await screen.findByRole('link', { name: /Safety alerts\W+1 open/ }, FIRST_RENDER)).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Needs attention now' })).toBeInTheDocument()
    const table = screen.getByRole('table')
    const names = [...table.querySelectorAll('tbody tr')].map((row) => row.querySelector('a')?.textContent)
    expect(names).toEqual(['Zoe Young', 'Amir Aziz'])
    const rows = table.querySelectorAll('tbody tr')
    expect(rows[0]).toHaveTextContent('Induction')
    expect(rows[0]).toHaveTextContent('Open safety alert')
    expect(rows[1]).toHaveTextContent('No escort named')
    expect(rows[1]).toHaveTextContent('Mon, Mar 9, 10:00 AM EDT')
  })

  it('offers reports where the person is a clinic admin, and leaves them when switching to a clinic where not', async () => {
    const adminHere = staffMe({
      memberships: [
        { clinic: BROOKLYN, role: 'clinic_admin' },
        { clinic: DENVER, role: 'provider' },
      ],
    })
    mockFetch({
      ...signedInStaff(adminHere),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
      'GET /api/v1/clinics/denver/alerts?state=open': page([]),
      'GET /api/v1/clinics/brooklyn/patients': page([]),
    })
    renderApp('/clinic/brooklyn/patients')

    expect(await screen.findByRole('link', { name: 'Reports' }, FIRST_RENDER)).toHaveAttribute(
      'href',
      '/clinic/brooklyn/reports',
    )
    await userEvent.click(screen.getByRole('link', { name: 'Reports' }))
    await userEvent.click(screen.getByRole('combobox', { name: 'Clinic' }))
    await userEvent.click(await screen.findByRole('option', { name: /Evergreen Denver/ }))
    expect(await screen.findByRole('link', { name: 'Schedule' })).toHaveAttribute('aria-current', 'page')
    expect(screen.getByRole('navigation', { name: 'Clinic console' })).not.toHaveTextContent('Reports')
  })

  it('links library editors to the admin site, where articles are written and previewed', async () => {
    mockFetch({
      ...signedInStaff(staffMe({ can_edit_library: true })),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
      'GET /api/v1/clinics/brooklyn/patients': page([]),
    })
    renderApp('/clinic/brooklyn/patients')

    expect(await screen.findByRole('link', { name: 'Edit the library (admin site)' }, FIRST_RENDER)).toHaveAttribute(
      'href',
      '/admin/education/article/',
    )
  })

  it('filters the patient list by stage and flag through the API, and sorts by the next appointment', async () => {
    const { sent } = mockFetch({
      ...signedInStaff(),
      'GET /api/v1/clinics/brooklyn/alerts?state=open': page([]),
      'GET /api/v1/clinics/brooklyn/patients': page([{ ...row, id: 'p-1', legal_name: 'Amir Aziz' }]),
      'GET /api/v1/clinics/brooklyn/patients?stage=maintenance': page([]),
      'GET /api/v1/clinics/brooklyn/patients?stage=maintenance&flag=no_escort': page([]),
      'GET /api/v1/clinics/brooklyn/patients?stage=maintenance&flag=no_escort&sort=next_appointment': page([]),
    })
    renderApp('/clinic/brooklyn/patients')

    expect(await screen.findByRole('link', { name: 'Amir Aziz' }, FIRST_RENDER)).toBeInTheDocument()
    const pick = async (label: string, option: string) => {
      await userEvent.click(screen.getByRole('combobox', { name: label }))
      await userEvent.click(await screen.findByRole('option', { name: option }))
    }
    await pick('Stage', 'Maintenance')
    await pick('Needs attention', 'No escort named')
    await pick('Sort by', 'Next appointment')
    expect(await screen.findByText('No patient of Evergreen Brooklyn matches these filters.')).toBeInTheDocument()
    expect(sent.at(-1)?.url).toBe(
      '/api/v1/clinics/brooklyn/patients?stage=maintenance&flag=no_escort&sort=next_appointment',
    )
  }, 30_000)
})
