import { ApiError } from '../../../lib/http'

/** The message of a field's error from the API, to show beside the input that caused it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field]?.join(' ') : undefined
}
