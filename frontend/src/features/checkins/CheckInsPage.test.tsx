import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { patientSession, phq9, trend } from '../../test/careFixtures'
import { mockFetch } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'
import { chartSummary } from './instruments'

const phq9Points = [
  { taken_at: '2026-10-01T14:00:00Z', total_score: 18, severity: 'moderately_severe' },
  { taken_at: '2026-10-15T14:00:00Z', total_score: 12, severity: 'moderate' },
  { taken_at: '2026-11-01T14:00:00Z', total_score: 6, severity: 'mild' },
]

function withPhq9History() {
  const withPoints = trend()
  withPoints.instruments[0].points = phq9Points
  return withPoints
}

describe('scores over time', () => {
  it('lists every score in a table, newest first, with its range', async () => {
    mockFetch({ ...patientSession, 'GET /api/v1/assessments/trend': { status: 200, body: withPhq9History() } })
    renderApp('/check-ins')

    const table = await screen.findByRole('table', { name: 'Your PHQ-9 scores, newest first' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      [new Date('2026-11-01T14:00:00Z').toLocaleDateString(undefined, { dateStyle: 'long' }), '6', 'Mild'],
      [new Date('2026-10-15T14:00:00Z').toLocaleDateString(undefined, { dateStyle: 'long' }), '12', 'Moderate'],
      [
        new Date('2026-10-01T14:00:00Z').toLocaleDateString(undefined, { dateStyle: 'long' }),
        '18',
        'Moderately severe',
      ],
    ])
    expect(within(table).getByRole('columnheader', { name: 'Score (out of 27)' })).toBeInTheDocument()
    expect(await screen.findByRole('img', { name: /PHQ-9 scores over 3 check-ins: 18 on/ })).toBeInTheDocument()
  })

  it('says so when an instrument has no scores yet', async () => {
    mockFetch({ ...patientSession, 'GET /api/v1/assessments/trend': { status: 200, body: withPhq9History() } })
    renderApp('/check-ins')

    expect(await screen.findByText(/No GAD-7 check-ins yet/)).toBeInTheDocument()
    expect(screen.queryByRole('table', { name: /GAD-7/ })).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Start the anxiety check-in' })).toHaveAttribute('href', '/check-ins/gad7')
  })

  it('explains a failed load with a way to try again', async () => {
    mockFetch({ ...patientSession, 'GET /api/v1/assessments/trend': { status: 502 } })
    renderApp('/check-ins')

    expect(await screen.findByText('We couldn’t load your scores')).toBeInTheDocument()
    expect(screen.getByText('Something went wrong on our side. Please try again in a few minutes.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument()
  })
})

describe('chart summary', () => {
  it('describes a single check-in in one sentence', () => {
    const single = { instrument: 'phq9', name: 'PHQ-9', max_score: 27, bands: phq9.bands, points: [phq9Points[0]] }
    expect(chartSummary(single)).toMatch(/^PHQ-9: one check-in, a score of 18 on /)
  })
})
