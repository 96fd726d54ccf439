import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appointment } from '../../test/bookingFixtures'
import { patientSession } from '../../test/careFixtures'
import { mockFetch } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'
import { openRoom } from './openRoom'

vi.mock('./openRoom', () => ({ openRoom: vi.fn() }))

const visit = appointment()
const ROOM_URL = 'https://video.example.org/room-1?jwt=token'

const NOT_LICENSED = {
  status: 409,
  body: {
    code: 'visit_location_not_licensed',
    message: 'Dr. Ana Lee can only see you by video where they are licensed, and that does not include US-CA.',
    region: 'US-CA',
    clinic_phone: '+13035550100',
  },
}

function renderJoin(at: string, overrides = {}) {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(at) })
  return mockFetch({
    ...patientSession,
    [`GET /api/v1/appointments/${visit.id}`]: { status: 200, body: { ...visit, ...overrides } },
    [`POST /api/v1/appointments/${visit.id}/join`]: (request) =>
      (request.body as { region: string }).region === 'US-CO'
        ? { status: 200, body: { url: ROOM_URL, room: 'room-1', moderator: false, expires_at: visit.end } }
        : NOT_LICENSED,
  })
}

describe('the video visit page', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.mocked(openRoom).mockClear()
  })

  it('counts down to the room, telling screen readers only now and then', async () => {
    // 2 hours 20 minutes before the room opens (15:45 UTC).
    const { sent } = renderJoin('2026-12-10T13:25:00Z')
    renderApp(`/appointments/${visit.id}/join`)

    expect(await screen.findByText('Opens in 2 hours 20 minutes')).toHaveAttribute('aria-hidden')
    expect(screen.getByRole('status')).toHaveTextContent('The video room opens in about 2 hours.')
    expect(screen.getByText(/starts on Thu, Dec 10, 9:00 AM MST/)).toBeInTheDocument()
    expect(sent.some((request) => request.url.endsWith('/join'))).toBe(false)
    expect(openRoom).not.toHaveBeenCalled()
  })

  it('asks where the patient is right now, then opens the room in this window', async () => {
    const { sent } = renderJoin('2026-12-10T15:50:00Z')
    renderApp(`/appointments/${visit.id}/join`)

    // Where they said they would be when booking is the first answer offered.
    expect(await screen.findByLabelText(/Where are you right now/, { selector: 'input' })).toHaveValue('Colorado')
    expect(openRoom).not.toHaveBeenCalled()
    await userEvent.click(screen.getByRole('button', { name: 'Join the video visit' }))

    await waitFor(() => expect(openRoom).toHaveBeenCalledWith(ROOM_URL))
    expect(sent.find((request) => request.url.endsWith('/join'))?.body).toEqual({ region: 'US-CO' })
    expect(openRoom).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('link', { name: 'Open the video room' })).toHaveAttribute('href', ROOM_URL)
  })

  it('refuses a place where the provider is not licensed, with the clinic to call', async () => {
    renderJoin('2026-12-10T15:50:00Z')
    renderApp(`/appointments/${visit.id}/join`)

    const where = await screen.findByLabelText(/Where are you right now/, { selector: 'input' })
    await userEvent.clear(where)
    await userEvent.type(where, 'Califor')
    await userEvent.click(await screen.findByRole('option', { name: 'California' }))
    await userEvent.click(screen.getByRole('button', { name: 'Join the video visit' }))

    expect(await screen.findByText('Your provider can’t see you by video in California')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: '+13035550100' })).toHaveAttribute('href', 'tel:+13035550100')
    expect(openRoom).not.toHaveBeenCalled()
  })

  it('says when the visit has ended', async () => {
    renderJoin('2026-12-10T17:00:00Z')
    renderApp(`/appointments/${visit.id}/join`)

    expect(await screen.findByText('This video visit has ended')).toBeInTheDocument()
    expect(openRoom).not.toHaveBeenCalled()
  })

  it('says when the appointment is not a video visit', async () => {
    renderJoin('2026-12-10T15:50:00Z', { is_telehealth: false, room_opens_at: null })
    renderApp(`/appointments/${visit.id}/join`)

    expect(await screen.findByText('This is not a video visit')).toBeInTheDocument()
    expect(openRoom).not.toHaveBeenCalled()
  })
})
