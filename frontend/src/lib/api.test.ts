import { describe, expect, it } from 'vitest'
import { mockFetch } from '../test/mockFetch'
import { callApi } from './api'
import { ApiError } from './http'

describe('callApi', () => {
  it('fills path parameters, encoded, and sends the JSON body', async () => {
    const { sent } = mockFetch({
      'POST /api/v1/consents/12/signatures': { status: 201, body: { id: 1, document: 12 } },
      'PUT /api/v1/education/bookmarks/what%20is%20it': { status: 200, body: { article: 'x' } },
    })

    const signature = await callApi('post', '/api/v1/consents/{document_id}/signatures', {
      path: { document_id: 12 },
      body: { typed_name: 'Sam Rivera', sha256: 'ab'.repeat(32) },
    })
    await callApi('put', '/api/v1/education/bookmarks/{slug}', { path: { slug: 'what is it' } })

    expect(signature.document).toBe(12)
    expect(sent[0].body).toEqual({ typed_name: 'Sam Rivera', sha256: 'ab'.repeat(32) })
    expect(sent[1].method).toBe('PUT')
  })

  it('leaves empty filters out of the query string', async () => {
    const { sent } = mockFetch({
      'GET /api/v1/education/articles?search=sleep&page=2': { status: 200, body: { count: 0, results: [] } },
    })

    await callApi('get', '/api/v1/education/articles', { query: { search: 'sleep', topic: '', page: 2 } })

    expect(sent[0].url).toBe('/api/v1/education/articles?search=sleep&page=2')
  })

  it('resolves with nothing for answers without a body and throws ApiError with extra keys', async () => {
    mockFetch({
      'POST /api/v1/notifications/phone/verify': { status: 202 },
      'POST /api/v1/consents/3/signatures': {
        status: 409,
        body: { code: 'consent_version_outdated', message: 'A newer version…', current_document_id: 4 },
      },
    })

    await expect(
      callApi('post', '/api/v1/notifications/phone/verify', { body: { number: '+13035550188' } }),
    ).resolves.toBe(null)
    const refusal = callApi('post', '/api/v1/consents/{document_id}/signatures', {
      path: { document_id: 3 },
      body: { typed_name: 'Sam', sha256: '0'.repeat(64) },
    })
    await expect(refusal).rejects.toBeInstanceOf(ApiError)
    await expect(refusal).rejects.toMatchObject({ code: 'consent_version_outdated', extra: { current_document_id: 4 } })
  })

  it('only accepts the paths, parameters and bodies the OpenAPI schema declares (checked by tsc)', () => {
    const typeChecks = () => {
      // @ts-expect-error: not a path of the API
      void callApi('get', '/api/v1/no-such-endpoint')
      // @ts-expect-error: the path parameter is required
      void callApi('post', '/api/v1/consents/{document_id}/signatures', { body: { typed_name: 'x', sha256: 'y' } })
      // @ts-expect-error: not a diagnosis the API knows
      void callApi('patch', '/api/v1/intake', { body: { diagnosis: 'flu' } })
      // @ts-expect-error: the clinic filter is required
      void callApi('get', '/api/v1/consents')
    }
    expect(typeChecks).toBeTypeOf('function')
  })
})
