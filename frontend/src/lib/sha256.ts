export class HashingUnavailableError extends Error {
  constructor() {
    super(
      'Your browser can’t sign documents on this page. Please update your browser, or open the portal from its ' +
        'usual https:// address.',
    )
    this.name = 'HashingUnavailableError'
  }
}

/** The SHA-256 of `text` as UTF-8, in lowercase hex, from the browser's Web Crypto. */
export async function sha256Hex(text: string): Promise<string> {
  // Web Crypto exists only in secure contexts (https, or localhost during development).
  if (!globalThis.crypto?.subtle) {
    throw new HashingUnavailableError()
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}
