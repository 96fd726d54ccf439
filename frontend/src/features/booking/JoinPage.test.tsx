import { screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { appointment } from '../../test/bookingFixtures'
import { patientSession } from '../../test/careFixtures'
import { mockFetch } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'
import { openRoom } from './openRoom'

vi.mock('./openRoom', () => ({ openRoom: vi.fn() }))

const visit = appointment()
const ROOM_URL = 'https://video.example.org/room-1?jwt=token'

function renderJoin(at: string, overrides = {}) {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(at) })
  return mockFetch({
    ...patientSession,
    [`GET /api/v1/appointments/${visit.id}`]: { status: 200, body: { ...visit, ...overrides } },
    [`GET /api/v1/appointments/${visit.id}/join`]: {
      status: 200,
      body: { url: ROOM_URL, room: 'room-1', moderator: false, expires_at: visit.end },
    },
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

  it('opens the room in this window once it is open', async () => {
    renderJoin('2026-12-10T15:50:00Z')
    renderApp(`/appointments/${visit.id}/join`)

    await waitFor(() => expect(openRoom).toHaveBeenCalledWith(ROOM_URL))
    expect(openRoom).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('link', { name: 'Open the video room' })).toHaveAttribute('href', ROOM_URL)
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
