import { describe, expect, it } from 'vitest'
import { apiFieldError, apiFieldErrors } from './formErrors'
import { ApiError } from './http'

const invalid = new ApiError(400, {
  code: 'invalid',
  message: 'Check the highlighted fields.',
  fields: { name: ['This field is required.', 'Too short.'], discharged_at: ['Must be after the start.'], other: [] },
})

describe('API field errors for forms', () => {
  it('joins each field’s messages and leaves out fields with none', () => {
    expect(apiFieldErrors(invalid)).toEqual({
      name: 'This field is required. Too short.',
      discharged_at: 'Must be after the start.',
    })
  })

  it('keeps only the fields the form shows, under the form’s names', () => {
    expect(
      apiFieldErrors(invalid, { keep: (field) => field !== 'name', rename: { discharged_at: 'discharged_time' } }),
    ).toEqual({ discharged_time: 'Must be after the start.' })
  })

  it('gives no errors for anything but an API error', () => {
    expect(apiFieldErrors(new Error('offline'))).toEqual({})
    expect(apiFieldError(new Error('offline'), 'name')).toBeUndefined()
  })

  it('reads one field’s message', () => {
    expect(apiFieldError(invalid, 'name')).toBe('This field is required. Too short.')
    expect(apiFieldError(invalid, 'missing')).toBeUndefined()
  })
})
