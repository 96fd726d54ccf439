import { Box, Text } from '@mantine/core'
import { ApiErrorAlert } from '../../components/ErrorAlert'
import { LoadingState } from '../../components/LoadingState'
import { PageTitle } from '../../components/PageTitle'
import { useIntake } from '../../lib/careApi'
import { IntakeForm } from './IntakeForm'
import { IntakeResult } from './IntakeResult'

export function IntakePage() {
  const intake = useIntake()

  return (
    <Box maw={720}>
      <PageTitle>Your intake</PageTitle>
      {intake.isPending && <LoadingState label="Loading your intake…" />}
      {intake.isError && (
        <ApiErrorAlert
          title="We couldn’t load your intake"
          error={intake.error}
          onRetry={() => void intake.refetch()}
        />
      )}
      {intake.isSuccess &&
        (intake.data?.status === 'submitted' && intake.data.screening ? (
          <IntakeResult screening={intake.data.screening} submittedAt={intake.data.submitted_at ?? null} />
        ) : (
          <>
            <Text mb="lg">
              A few questions about your health and the care you have had. Your answers are saved as you go, so you can
              stop and come back any time. A clinician reads every intake.
            </Text>
            <IntakeForm intake={intake.data} />
          </>
        ))}
    </Box>
  )
}
