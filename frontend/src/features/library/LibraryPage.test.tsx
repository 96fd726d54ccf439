import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { page, patientSession } from '../../test/careFixtures'
import { articleDetail, articleSummary, assignment } from '../../test/educationFixtures'
import { mockFetch, type Reply, type SentRequest } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const topics: Reply = {
  status: 200,
  body: page([{ slug: 'understanding-ketamine', name: 'Understanding ketamine', description: '' }]),
}

function renderLibrary(routes: Record<string, Reply | ((request: SentRequest) => Reply)>, route = '/library') {
  const fetch = mockFetch({
    ...patientSession,
    'GET /api/v1/education/topics': topics,
    'GET /api/v1/education/assigned-reading': { status: 200, body: page([]) },
    'GET /api/v1/education/progress': { status: 200, body: { assigned: 0, read: 0, unread: 0 } },
    ...routes,
  })
  renderApp(route)
  return fetch
}

describe('library', () => {
  it('searches, shows how many articles match, and links each to its page', async () => {
    const sleep = articleSummary({ slug: 'sleep-after-a-session', title: 'Sleep after a session' })
    renderLibrary({
      'GET /api/v1/education/articles?page=1': { status: 200, body: page([articleSummary(), sleep]) },
      'GET /api/v1/education/articles?search=sleep&page=1': { status: 200, body: page([sleep]) },
    })
    const user = userEvent.setup()
    expect(await screen.findByText('2 articles')).toBeInTheDocument()

    await user.type(screen.getByRole('searchbox', { name: 'Search the library' }), 'sleep')
    await user.click(screen.getByRole('button', { name: 'Search' }))

    expect(await screen.findByRole('heading', { name: 'Results for “sleep”' })).toBeInTheDocument()
    expect(await screen.findByText('1 article')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Sleep after a session' })).toHaveAttribute(
      'href',
      '/library/articles/sleep-after-a-session',
    )
  })

  it('says when nothing matches and offers to clear the search', async () => {
    renderLibrary(
      {
        'GET /api/v1/education/articles?search=zzz&page=1': { status: 200, body: page([]) },
        'GET /api/v1/education/articles?page=1': { status: 200, body: page([articleSummary()]) },
      },
      '/library?q=zzz',
    )
    const user = userEvent.setup()

    expect(await screen.findByText(/No articles match/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Clear search and filters' }))

    expect(await screen.findByRole('heading', { name: 'All articles' })).toBeInTheDocument()
    expect(await screen.findByText('1 article')).toBeInTheDocument()
  })

  it('lists the reading the clinic assigned, with the progress', async () => {
    renderLibrary({
      'GET /api/v1/education/articles?page=1': { status: 200, body: page([articleSummary()]) },
      'GET /api/v1/education/assigned-reading': {
        status: 200,
        body: page([assignment({ due_at: '2026-12-01T15:00:00Z' })]),
      },
      'GET /api/v1/education/progress': { status: 200, body: { assigned: 3, read: 2, unread: 1 } },
    })

    const assigned = await screen.findByRole('region', { name: 'Assigned to you' })
    expect(await within(assigned).findByText('Your clinic suggested these. You have read 2 of 3.')).toBeInTheDocument()
    expect(
      within(assigned).getByRole('link', { name: 'What ketamine is, and where it comes from' }),
    ).toBeInTheDocument()
    expect(within(assigned).getByText(/Please read by/)).toBeInTheDocument()
  })

  it('saves an article for later from the list', async () => {
    let saved = false
    const { sent } = renderLibrary({
      'GET /api/v1/education/articles?page=1': () => ({
        status: 200,
        body: page([articleSummary({ bookmarked_at: saved ? '2026-11-26T12:00:00Z' : null })]),
      }),
      'PUT /api/v1/education/bookmarks/what-is-ketamine': () => {
        saved = true
        return { status: 200, body: { article: 'what-is-ketamine', created_at: '2026-11-26T12:00:00Z' } }
      },
    })
    const user = userEvent.setup()

    await user.click(
      await screen.findByRole('button', { name: 'Save for later: What ketamine is, and where it comes from' }),
    )

    expect(
      await screen.findByRole('button', { name: 'Remove from saved: What ketamine is, and where it comes from' }),
    ).toBeInTheDocument()
    expect(sent.some((request) => request.method === 'PUT')).toBe(true)
  })
})

describe('article page', () => {
  it('renders the server’s HTML under the article title, and marks it as read', async () => {
    let read = false
    renderLibrary(
      {
        'GET /api/v1/education/articles/what-is-ketamine': () => ({
          status: 200,
          body: articleDetail({ read_at: read ? '2026-11-26T12:00:00Z' : null }),
        }),
        'PUT /api/v1/education/read-marks/what-is-ketamine': () => {
          read = true
          return { status: 200, body: { article: 'what-is-ketamine', read_at: '2026-11-26T12:00:00Z' } }
        },
      },
      '/library/articles/what-is-ketamine',
    )
    const user = userEvent.setup()

    expect(
      await screen.findByRole('heading', { level: 1, name: 'What ketamine is, and where it comes from' }),
    ).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 2, name: 'A short history' })).toBeInTheDocument()
    expect(screen.getByText('Reviewed by Dr. Ana Rivera, MD', { exact: false })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Mark as read' }))

    expect(await screen.findByText('You have marked this article as read.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Mark as unread' })).toBeInTheDocument()
  })

  it('explains an article that does not exist', async () => {
    renderLibrary(
      {
        'GET /api/v1/education/articles/gone': {
          status: 404,
          body: { code: 'not_found', message: 'No such article.' },
        },
      },
      '/library/articles/gone',
    )

    expect(await screen.findByText('We couldn’t open this article')).toBeInTheDocument()
    expect(screen.getByText('No such article.')).toBeInTheDocument()
  })

  it('lists saved articles, with an empty state', async () => {
    renderLibrary({ 'GET /api/v1/education/bookmarks': { status: 200, body: page([]) } }, '/library/saved')

    expect(await screen.findByText(/You haven’t saved any articles yet/)).toBeInTheDocument()
  })
})
