import { Accordion, Badge, Group, List, Stack, Table, Text } from '@mantine/core'
import { LoadingState } from '../../../components/LoadingState'
import { consoleApi, hasCode, usePatientPart, type StaffIntake } from '../api'
import { useConsoleClinic } from '../clinics'
import { Section } from '../components/Section'
import { formatDateTime } from '../../../lib/time'
import { INTAKE_QUESTIONS, intakeAnswerText, intakeQuestionLabel, SCREENING_LABELS } from './intakeQuestions'
import { ApiErrorAlert } from '../../../components/ErrorAlert'

const SCREENING_COLOURS = { likely_candidate: 'teal', needs_review: 'yellow', not_a_candidate_now: 'red' } as const

/** The submitted intake for a clinician's review: the screen, the answers that need a look, then everything. */
export function IntakeSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const intake = usePatientPart(clinic.slug, patientId, 'intake', () => consoleApi.intake(clinic.slug, patientId))
  return (
    <Section id="intake" title="Intake and screen">
      {intake.isPending && <LoadingState label="Loading the intake…" />}
      {intake.isError &&
        (hasCode(intake.error, 'intake_not_submitted') ? (
          <Text>The patient hasn’t submitted an intake yet.</Text>
        ) : (
          <ApiErrorAlert error={intake.error} onRetry={() => void intake.refetch()} />
        ))}
      {intake.data && <IntakeReview intake={intake.data} timeZone={clinic.timezone} />}
    </Section>
  )
}

function IntakeReview({ intake, timeZone }: { intake: StaffIntake; timeZone: string }) {
  const screening = intake.screening
  return (
    <Stack gap="sm">
      <Text size="sm">Submitted {intake.submitted_at ? formatDateTime(intake.submitted_at, timeZone) : ''}</Text>
      {screening && (
        <Stack gap={4}>
          <Group gap="xs">
            <Text fw={600}>Screen:</Text>
            <Badge
              miw="max-content"
              tt="none"
              radius="sm"
              styles={{
                root: {
                  background: `var(--mantine-color-${SCREENING_COLOURS[screening.outcome]}-0)`,
                  color: 'var(--mantine-color-gray-9)',
                  border: `1px solid var(--mantine-color-${SCREENING_COLOURS[screening.outcome]}-7)`,
                },
              }}
            >
              {SCREENING_LABELS[screening.outcome]}
            </Badge>
          </Group>
          <List size="sm" spacing={2}>
            {screening.reasons.map((reason) => (
              <List.Item key={reason.code}>{reason.message}</List.Item>
            ))}
          </List>
        </Stack>
      )}
      <div>
        <Text fw={600} size="sm">
          Answered “yes” to flag questions
        </Text>
        {intake.flags.length === 0 ? (
          <Text size="sm">None.</Text>
        ) : (
          <List size="sm" spacing={2}>
            {intake.flags.map((flag) => (
              <List.Item key={flag}>
                <span aria-hidden>! </span>
                {intakeQuestionLabel(flag)}
              </List.Item>
            ))}
          </List>
        )}
      </div>
      <Accordion variant="contained">
        <Accordion.Item value="answers">
          <Accordion.Control>All answers</Accordion.Control>
          <Accordion.Panel>
            <Table variant="vertical" layout="fixed">
              <Table.Tbody>
                {INTAKE_QUESTIONS.map(({ field, label }) => (
                  <Table.Tr key={field}>
                    <Table.Th w="55%">{label}</Table.Th>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{intakeAnswerText(field, intake[field])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  )
}
