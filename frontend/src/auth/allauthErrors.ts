import type { AllauthResponse } from '../lib/allauth'
import { ApiError, plainMessageForStatus } from '../lib/http'

/** allauth's input errors keyed by form field, ready for Mantine's `form.setErrors`. */
export function fieldErrors(response: AllauthResponse | undefined, fields: readonly string[]): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const error of response?.errors ?? []) {
    if (error.param && fields.includes(error.param)) {
      errors[error.param] = errors[error.param] ? `${errors[error.param]} ${error.message}` : error.message
    }
  }
  return errors
}

/** Errors that belong to no field on the form, in plain words. */
export function generalError(response: AllauthResponse | undefined, fields: readonly string[] = []): string | null {
  if (!response || response.status < 400) {
    return null
  }
  const messages = (response.errors ?? [])
    .filter((error) => !error.param || !fields.includes(error.param))
    .map((error) => error.message)
  if (messages.length > 0) {
    return messages.join(' ')
  }
  const hasFieldErrors = (response.errors ?? []).length > 0
  return hasFieldErrors ? null : plainMessageForStatus(response.status)
}

/** For queries: the answer's data when allauth said 200, otherwise a thrown {@link ApiError}. */
export function requireData<Data>(response: AllauthResponse<Data>): Data {
  if (response.status !== 200 || response.data === undefined) {
    throw new ApiError(response.status, {
      code: response.errors?.[0]?.code ?? `http_${response.status}`,
      message: generalError(response) ?? plainMessageForStatus(response.status),
    })
  }
  return response.data
}
