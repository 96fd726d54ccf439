import { MantineProvider } from '@mantine/core'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../lib/http'
import { ApiErrorAlert } from './ErrorAlert'

function renderAlone(ui: ReactNode, { route = '/' }: { route?: string } = {}) {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <QueryClientProvider client={new QueryClient()}>
        <MantineProvider env="test">{ui}</MantineProvider>
      </QueryClientProvider>
    </MemoryRouter>,
  )
}

describe('ApiErrorAlert', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('shows the message under the title, with "Try again" when a retry is given', async () => {
    const onRetry = vi.fn()
    renderAlone(
      <ApiErrorAlert
        title="We couldn’t load your plan"
        error={new ApiError(500, { code: 'server_error', message: 'Something broke.' })}
        onRetry={onRetry}
      />,
    )

    expect(screen.getByText('We couldn’t load your plan')).toBeInTheDocument()
    expect(screen.getByText('Something broke.')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(onRetry).toHaveBeenCalledOnce()
  })

  it('offers a fresh sign-in that comes back to this page when the session has ended', async () => {
    const assign = vi.fn()
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, assign })
    renderAlone(
      <ApiErrorAlert
        title="We couldn’t load your plan"
        error={new ApiError(401, { code: 'not_authenticated', message: 'Your session has ended.' })}
        onRetry={() => {}}
      />,
      { route: '/plan?tab=2' },
    )

    expect(screen.getByText('You’re signed out')).toBeInTheDocument()
    expect(screen.getByText('Your session has ended.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Sign in again' }))
    expect(assign).toHaveBeenCalledOnce()
    expect(assign.mock.calls[0][0]).toContain(encodeURIComponent('/plan?tab=2'))
  })
})
