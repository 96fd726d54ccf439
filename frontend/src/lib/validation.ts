/** Client-side checks that catch slips before a round trip; the server still has the final word. */

export function checkEmail(value: string): string | null {
  if (!value.trim()) {
    return 'Enter your e-mail address.'
  }
  return /^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an e-mail address like name@example.com.'
}

export function checkFilled(message: string) {
  return (value: string): string | null => (value.trim() ? null : message)
}

export function checkSamePassword(value: string, values: { password: string }): string | null {
  return value === values.password ? null : 'The two passwords don’t match.'
}

export const NEW_PASSWORD_HINT = 'Use at least 10 characters. A few unrelated words make a strong, memorable password.'
