import { vi } from 'vitest'

export interface Reply {
  status: number
  body?: unknown
}

export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
  credentials: RequestCredentials | undefined
}

type Handler = Reply | ((request: SentRequest) => Reply | Promise<Reply>)

/**
 * Replaces `fetch` with a table of canned answers keyed by "METHOD /path".
 * Unknown requests answer 501 so a test fails loudly instead of hanging. A handler may return a promise,
 * to hold an answer back while the test looks at the screen.
 */
export function mockFetch(routes: Record<string, Handler>) {
  const sent: SentRequest[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request: SentRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      url: String(input),
      headers: (init.headers ?? {}) as Record<string, string>,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    }
    sent.push(request)
    const handler = routes[`${request.method} ${request.url}`]
    const reply =
      typeof handler === 'function'
        ? await handler(request)
        : (handler ?? { status: 501, body: { unexpected: request.url } })
    const body = reply.body === undefined ? null : JSON.stringify(reply.body)
    return new Response(body, { status: reply.status, headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetchMock)
  return { sent, fetchMock }
}
