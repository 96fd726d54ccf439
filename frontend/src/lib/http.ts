/**
 * Same-origin JSON fetch wrapper shared by the portal API and the allauth client.
 * Django's session cookie authenticates every call; unsafe methods carry the CSRF token.
 */

/**
 * Error body of the portal's own API (`/api/v1/`). Some errors carry more keys, such as the crisis
 * resources of `safety_alert_failed` or the current version of an outdated consent document.
 */
export interface PortalErrorBody {
  code: string
  message: string
  fields?: Record<string, string[]>
  [extra: string]: unknown
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: Record<string, string[]>
  /** The body's keys other than code, message and fields. */
  readonly extra: Record<string, unknown>

  constructor(status: number, body: PortalErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    const { code, fields, message: _message, ...extra } = body
    this.status = status
    this.code = code
    this.fields = fields ?? {}
    this.extra = extra
  }
}

export interface JsonResponse {
  status: number
  ok: boolean
  /** Parsed JSON body, or null when the body was empty or not JSON. */
  body: unknown
}

export interface RequestOptions {
  method?: string
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

export const NETWORK_ERROR_MESSAGE =
  'We couldn’t reach Evergreen Ketamine Care. Please check your internet connection and try again.'
const GENERIC_ERROR_MESSAGE = 'Something went wrong. Please try again.'

function readCookie(name: string): string | null {
  for (const pair of document.cookie.split(';')) {
    const [key, ...rest] = pair.trim().split('=')
    if (key === name) {
      return decodeURIComponent(rest.join('='))
    }
  }
  return null
}

export async function requestJson(path: string, options: RequestOptions = {}): Promise<JsonResponse> {
  const method = (options.method ?? 'GET').toUpperCase()
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
  }
  if (!SAFE_METHODS.has(method)) {
    const csrfToken = readCookie('csrftoken')
    if (csrfToken) {
      headers['X-CSRFToken'] = csrfToken
    }
  }

  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error
    }
    throw new ApiError(0, { code: 'network_error', message: NETWORK_ERROR_MESSAGE })
  }

  return { status: response.status, ok: response.ok, body: await parseJsonBody(response) }
}

async function parseJsonBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (!text) {
    return null
  }
  try {
    return JSON.parse(text)
  } catch {
    // Proxies and crashed servers answer with HTML; the caller falls back to a plain message.
    return null
  }
}

export function plainMessageForStatus(status: number): string {
  if (status === 0) return NETWORK_ERROR_MESSAGE
  if (status === 401) return 'You’re signed out. Please sign in again.'
  if (status === 403) return 'You don’t have access to this.'
  if (status === 404) return 'We couldn’t find what you were looking for.'
  if (status === 429) return 'There have been too many attempts. Please wait a minute and try again.'
  if (status >= 500) return 'Something went wrong on our side. Please try again in a few minutes.'
  return GENERIC_ERROR_MESSAGE
}

function isPortalErrorBody(body: unknown): body is PortalErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as PortalErrorBody).code === 'string' &&
    typeof (body as PortalErrorBody).message === 'string'
  )
}

function toApiError({ status, body }: JsonResponse): ApiError {
  if (isPortalErrorBody(body)) {
    return new ApiError(status, body)
  }
  return new ApiError(status, { code: `http_${status}`, message: plainMessageForStatus(status) })
}

/** Calls the portal API and resolves with the JSON body, or throws an {@link ApiError}. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await requestJson(path, options)
  if (!response.ok) {
    throw toApiError(response)
  }
  return response.body as T
}

/** The message to show a person for any error thrown while talking to a server. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    return error.message
  }
  return GENERIC_ERROR_MESSAGE
}

/**
 * Fetches a file (a CSV export) and hands it to the browser as a download, named as the server names
 * it. An error answer is thrown as an {@link ApiError}, like any other call, so it can be shown in words.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let response: Response
  try {
    // JSON is accepted too: errors come as JSON, and the API negotiates on it.
    response = await fetch(path, { headers: { Accept: 'text/csv, application/json' }, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, { code: 'network_error', message: NETWORK_ERROR_MESSAGE })
  }
  if (!response.ok) {
    throw toApiError({ status: response.status, ok: false, body: await parseJsonBody(response) })
  }
  const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = named?.[1] ?? fallbackName
  document.body.append(link)
  link.click()
  link.remove()
  // Revoking at once can cancel the download in some browsers; the blob is small.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
