import { ApiError } from './http'

interface FieldErrorOptions {
  /** Which of the API's fields the form shows (by the API's name); the rest are left out. All when not given. */
  keep?: (field: string) => boolean
  /** Form field names that differ from the API's, keyed by the API's name. */
  rename?: Readonly<Record<string, string>>
}

/**
 * The API's field errors (an ApiError's `fields: {name: [messages]}`) as Mantine form errors, ready for
 * `form.setErrors`: one string per field, its messages joined. Anything but an ApiError gives no errors.
 */
export function apiFieldErrors(error: unknown, { keep, rename = {} }: FieldErrorOptions = {}): Record<string, string> {
  if (!(error instanceof ApiError)) return {}
  const errors: Record<string, string> = {}
  for (const [field, messages] of Object.entries(error.fields)) {
    if (messages.length === 0 || (keep && !keep(field))) continue
    errors[rename[field] ?? field] = messages.join(' ')
  }
  return errors
}

/** The message of one field's error from the API, to show beside the input that caused it. */
export function apiFieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fields[field]?.join(' ') : undefined
}
