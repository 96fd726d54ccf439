import { lazy, Suspense } from 'react'
import { LoadingState } from '../../components/LoadingState'

// The console (with its charts and date pickers) loads only for staff who open it, so patients' pages stay light.
const ConsoleRoutes = lazy(() => import('./ConsoleRoutes'))

export function ConsoleEntry() {
  return (
    <Suspense fallback={<LoadingState label="Opening the clinic console…" />}>
      <ConsoleRoutes />
    </Suspense>
  )
}
