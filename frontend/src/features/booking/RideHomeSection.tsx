import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { QueryState } from '../../components/QueryState'
import {
  answerRideHome,
  bookingQueryKeys,
  useEscort,
  useRideHome,
  type Escort,
  type RideHome,
  type RideHomeAnswer,
} from '../../lib/bookingApi'
import { ApiError } from '../../lib/http'

/**
 * For an upcoming dose: who takes the patient home afterwards (the clinic asks the day before), or that
 * they need help with it. The saved escort is offered; the answer is for this appointment only.
 */
export function RideHomeSection({ appointmentId }: { appointmentId: string }) {
  const ride = useRideHome(appointmentId, true)
  const escort = useEscort()
  return (
    <section aria-labelledby="ride-home-heading">
      <Title order={2} size="h4" id="ride-home-heading" mb="xs">
        Your ride home
      </Title>
      <QueryState query={ride} loading="Loading your ride home…" failed="We couldn’t load your ride home" />
      <QueryState query={escort} loading="Loading your escort…" failed="We couldn’t load your escort" />
      {ride.data && escort.isSuccess && (
        <RideHomeForm appointmentId={appointmentId} ride={ride.data} savedEscort={escort.data} />
      )}
    </section>
  )
}

interface RideHomeFormProps {
  appointmentId: string
  ride: RideHome
  savedEscort: Escort | null
}

function RideHomeForm({ appointmentId, ride, savedEscort }: RideHomeFormProps) {
  const queryClient = useQueryClient()
  const [name, setName] = useState(ride.escort_name || savedEscort?.name || '')
  const [phone, setPhone] = useState(ride.escort_phone || savedEscort?.phone || '')
  const save = useMutation({
    mutationFn: (answer: RideHomeAnswer) => answerRideHome(appointmentId, answer),
    onSuccess: (saved) => queryClient.setQueryData(bookingQueryKeys.rideHome(appointmentId), saved),
  })
  const fieldErrors = save.error instanceof ApiError ? save.error.fields : {}
  return (
    <Stack gap="sm">
      <RideHomeStatus ride={ride} />
      <Text size="sm">
        After the session you must not drive until the next day. Tell the clinic who will take you home, or that you
        need help with it: they will call you.
      </Text>
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Who will take you home?"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={fieldErrors.escort_name?.join(' ')}
        />
        <TextInput
          label="Their phone number"
          type="tel"
          value={phone}
          onChange={(event) => setPhone(event.currentTarget.value)}
          error={fieldErrors.escort_phone?.join(' ')}
        />
      </Group>
      {save.isError && Object.keys(fieldErrors).length === 0 && (
        <ApiErrorAlert title="We couldn’t save your answer" error={save.error} />
      )}
      <Group gap="sm">
        <Button
          loading={save.isPending}
          onClick={() => save.mutate({ needs_help: false, escort_name: name, escort_phone: phone })}
        >
          Confirm my ride home
        </Button>
        <Button
          variant="default"
          onClick={() => save.mutate({ needs_help: true, escort_name: '', escort_phone: '' })}
          disabled={save.isPending}
        >
          I need help getting home
        </Button>
      </Group>
    </Stack>
  )
}

function RideHomeStatus({ ride }: { ride: RideHome }) {
  if (ride.status === 'confirmed') {
    const who = ride.answered_by_text ? 'the person named in your profile' : ride.escort_name
    return (
      <Alert variant="light" color="evergreen" title="Confirmed" role="status">
        {who} will take you home.
      </Alert>
    )
  }
  if (ride.status === 'needs_help') {
    return (
      <Alert variant="light" color="yellow" title="You asked for help" role="status">
        The clinic will call you about getting home.
      </Alert>
    )
  }
  return <Text fw={600}>Not confirmed yet.</Text>
}
