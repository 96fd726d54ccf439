import { createContext, useContext } from 'react'
import type { AllauthConfig, AuthResponse } from '../lib/allauth'
import { isAuthenticated, pendingFlow } from './flows'

export const authQueryKeys = {
  session: ['auth', 'session'] as const,
  config: ['auth', 'config'] as const,
}

interface AuthContextValue {
  auth: AuthResponse
  config: AllauthConfig
}

export const AuthContext = createContext<AuthContextValue | null>(null)

export function useAuth() {
  const value = useContext(AuthContext)
  if (!value) {
    throw new Error('useAuth must be used inside <AuthProvider>')
  }
  const { auth, config } = value
  return {
    auth,
    config,
    isAuthenticated: isAuthenticated(auth),
    pendingFlow: pendingFlow(auth),
  }
}
