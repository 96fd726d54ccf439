export const accountQueryKeys = {
  authenticators: ['account', 'authenticators'] as const,
  totp: ['account', 'totp'] as const,
  recoveryCodes: ['account', 'recovery-codes'] as const,
  sessions: ['account', 'sessions'] as const,
}
