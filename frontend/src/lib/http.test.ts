import { describe, expect, it, vi } from 'vitest'
import { mockFetch } from '../test/mockFetch'
import { apiRequest, ApiError, NETWORK_ERROR_MESSAGE } from './http'

async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the request to fail')
}

describe('apiRequest', () => {
  it('sends the csrftoken cookie as X-CSRFToken on unsafe methods, with same-origin credentials', async () => {
    document.cookie = 'csrftoken=token%20from%20django'
    const { sent } = mockFetch({ 'PATCH /api/v1/me/profile': { status: 200, body: { preferred_name: 'Sam' } } })

    const result = await apiRequest('/api/v1/me/profile', { method: 'PATCH', body: { preferred_name: 'Sam' } })

    expect(result).toEqual({ preferred_name: 'Sam' })
    expect(sent[0].headers['X-CSRFToken']).toBe('token from django')
    expect(sent[0].headers['Content-Type']).toBe('application/json')
    expect(sent[0].credentials).toBe('same-origin')
    expect(sent[0].body).toEqual({ preferred_name: 'Sam' })
  })

  it('does not send the CSRF token on safe methods', async () => {
    document.cookie = 'csrftoken=abc'
    const { sent } = mockFetch({ 'GET /api/v1/me': { status: 200, body: {} } })

    await apiRequest('/api/v1/me')

    expect(sent[0].headers['X-CSRFToken']).toBeUndefined()
    expect(sent[0].credentials).toBe('same-origin')
  })

  it('turns the portal error shape into an ApiError with code, message and field errors', async () => {
    mockFetch({
      'PATCH /api/v1/me/profile': {
        status: 400,
        body: {
          code: 'invalid',
          message: 'Please check the highlighted fields.',
          fields: { phone: ['Enter a phone number with its country code.'] },
        },
      },
    })

    const error = await rejectionOf(apiRequest('/api/v1/me/profile', { method: 'PATCH', body: {} }))

    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid')
    expect(error.message).toBe('Please check the highlighted fields.')
    expect(error.fields).toEqual({ phone: ['Enter a phone number with its country code.'] })
  })

  it('explains a server failure without a JSON body in plain words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<h1>Bad Gateway</h1>', { status: 502 })),
    )

    const error = await rejectionOf(apiRequest('/api/v1/me'))

    expect(error.status).toBe(502)
    expect(error.message).toBe('Something went wrong on our side. Please try again in a few minutes.')
    expect(error.fields).toEqual({})
  })

  it('explains a dropped connection in plain words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )

    const error = await rejectionOf(apiRequest('/api/v1/me'))

    expect(error.code).toBe('network_error')
    expect(error.message).toBe(NETWORK_ERROR_MESSAGE)
  })
})
