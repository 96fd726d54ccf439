import { Alert, Anchor, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import { paths } from '../../app/paths'
import type { Screening, ScreeningOutcome } from '../../lib/careApi'
import { formatIsoDate } from '../../lib/format'

const OUTCOME_HEADINGS: Record<ScreeningOutcome, string> = {
  likely_candidate: 'Your intake is ready for your consultation',
  needs_review: 'A clinician will go through some of your answers with you',
  not_a_candidate_now: 'Ketamine treatment may not be the right step just now',
}

interface IntakeResultProps {
  screening: Screening
  submittedAt: string | null
}

/** The screen of a sent intake, in plain words: a first look, never the decision. */
export function IntakeResult({ screening, submittedAt }: IntakeResultProps) {
  return (
    <Stack gap="lg">
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="intake-result-heading">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {submittedAt ? `You sent your intake on ${formatIsoDate(submittedAt)}.` : 'You have sent your intake.'}
          </Text>
          <Title order={2} size="h3" id="intake-result-heading">
            {OUTCOME_HEADINGS[screening.outcome]}
          </Title>
          <List spacing="sm">
            {screening.reasons.map((reason) => (
              <List.Item key={reason.code}>{reason.message}</List.Item>
            ))}
          </List>
        </Stack>
      </Paper>
      <Alert variant="light" color="blue" title="A clinician decides, with you">
        <Text size="sm">{screening.disclaimer}</Text>
      </Alert>
      <section aria-labelledby="intake-next-heading">
        <Title order={2} size="h4" id="intake-next-heading" mb="xs">
          What happens next
        </Title>
        <Text mb="sm">
          Before your consultation, please read and sign your clinic’s consent forms. The library explains what
          treatment is like.
        </Text>
        <Group>
          <Button component={Link} to={paths.consents}>
            Sign your consent forms
          </Button>
          <Anchor component={Link} to={paths.library}>
            Read about treatment
          </Anchor>
        </Group>
      </section>
    </Stack>
  )
}
