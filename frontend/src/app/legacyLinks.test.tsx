import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { patientSession } from '../test/careFixtures'
import { mockFetch } from '../test/mockFetch'
import { renderApp } from '../test/renderWithProviders'

describe('links in messages sent before a route was renamed', () => {
  it('take /assessments to the check-ins', async () => {
    mockFetch({
      ...patientSession,
      'GET /api/v1/assessments/trend': { status: 200, body: { instruments: [], sessions: [] } },
    })
    renderApp('/assessments')
    expect(await screen.findByRole('heading', { level: 1, name: /check-ins/i })).toBeInTheDocument()
  })
})
