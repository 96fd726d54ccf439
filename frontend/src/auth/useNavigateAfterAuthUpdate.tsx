import { useCallback, useState } from 'react'
import { Navigate } from 'react-router'
import type { AuthResponse } from '../lib/allauth'
import { useAuth } from './authContext'
import { isAuthenticated, pendingFlow } from './flows'

function authStateKey(auth: AuthResponse): string {
  return `${isAuthenticated(auth)}:${pendingFlow(auth)?.id ?? ''}`
}

/**
 * Navigates once the shared auth state shows allauth's answer. Navigating straight away would let the
 * route guards of the next screen judge the old state and bounce the person elsewhere.
 * The page renders `redirect` when it is set.
 */
export function useNavigateAfterAuthUpdate() {
  const { auth } = useAuth()
  const [target, setTarget] = useState<{ path: string; stateKey: string } | null>(null)
  const navigateAfterAuthUpdate = useCallback(
    (answer: AuthResponse, path: string) => setTarget({ path, stateKey: authStateKey(answer) }),
    [],
  )
  const redirect = target && authStateKey(auth) === target.stateKey ? <Navigate to={target.path} /> : null
  return { redirect, navigateAfterAuthUpdate }
}
