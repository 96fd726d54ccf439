import { render } from '@testing-library/react'
import { QueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import { AppProviders } from '../app/AppProviders'
import { AppRoutes } from '../app/AppRoutes'

export function renderWithProviders(ui: ReactNode, { route = '/' }: { route?: string } = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <MemoryRouter initialEntries={[route]}>
      <AppProviders queryClient={queryClient} mantineEnv="test">
        {ui}
      </AppProviders>
    </MemoryRouter>,
  )
}

/** Renders the whole app, as a visitor opening `route` would see it. */
export function renderApp(route: string) {
  return renderWithProviders(<AppRoutes />, { route })
}
