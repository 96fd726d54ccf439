import { describe, expect, it } from 'vitest'
import { sha256Hex } from './sha256'

describe('sha256Hex', () => {
  it('hashes the text as UTF-8, like the server (hashlib.sha256(body.encode("utf-8")))', async () => {
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    // Typographic quotes and accents are several bytes in UTF-8.
    expect(await sha256Hex('I’ve read it — José')).toBe(
      '1837086da8a25065e94c72e6b46b884ae7000fec38256c2dc4f480b41ddb3251',
    )
  })
})
