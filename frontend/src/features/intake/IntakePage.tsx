import { Box, Text } from '@mantine/core'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { useIntake } from '../../lib/careApi'
import { IntakeForm } from './IntakeForm'
import { IntakeResult } from './IntakeResult'

export function IntakePage() {
  const intake = useIntake()

  return (
    <Box maw={720}>
      <PageTitle>Your intake</PageTitle>
      <QueryState query={intake} loading="Loading your intake…" failed="We couldn’t load your intake" />
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
