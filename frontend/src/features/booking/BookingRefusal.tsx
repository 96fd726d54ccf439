import { Alert, Anchor, List, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { ApiError } from '../../lib/http'
import { BLOCKER_ACTIONS } from './bookingTerms'

interface Blocker {
  code: string
  message: string
}

function blockersOf(error: ApiError): Blocker[] {
  const listed = error.extra.blockers
  if (Array.isArray(listed)) {
    return listed.filter((item): item is Blocker => typeof item?.code === 'string' && typeof item?.message === 'string')
  }
  // The booking app's own gates (profile, home region) refuse with one code of their own.
  return error.code in BLOCKER_ACTIONS ? [{ code: error.code, message: error.message }] : []
}

/** Whether the error is the care pathway (or the profile) saying "not yet": steps to do, not a failure. */
function isBookingRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && blockersOf(error).length > 0
}

/**
 * Why the booking was refused, in plain words, each step with a link to where the patient can do it.
 * Any other error is shown as it is.
 */
export function BookingRefusal({ error, title }: { error: unknown; title: string }) {
  if (!isBookingRefusal(error)) {
    return <ApiErrorAlert title={title} error={error} />
  }
  const blockers = blockersOf(error)
  return (
    <Alert color="yellow" variant="light" title="A few steps first">
      <Stack gap="xs">
        <Text size="sm">
          {blockers.length === 1
            ? 'This can be booked once this step is done:'
            : 'This can be booked once these steps are done:'}
        </Text>
        <List spacing="xs" size="sm">
          {blockers.map((blocker) => {
            const action = BLOCKER_ACTIONS[blocker.code]
            return (
              <List.Item key={blocker.code}>
                {blocker.message}
                {action && (
                  <>
                    {' '}
                    <Anchor component={Link} to={action.to} size="sm" fw={600}>
                      {action.label}
                    </Anchor>
                  </>
                )}
              </List.Item>
            )
          })}
        </List>
      </Stack>
    </Alert>
  )
}
