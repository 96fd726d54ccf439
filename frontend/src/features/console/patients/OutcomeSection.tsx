import { Button, Group, Radio, Stack, Table, Text, Textarea, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ErrorAlert } from '../../../components/ErrorAlert'
import { apiFieldErrors } from '../../../lib/formErrors'
import { errorMessage } from '../../../lib/http'
import { consoleApi, consoleKeys, usePatientPart, type Decision } from '../api'
import { mayDoClinicalWork, useConsoleClinic } from '../clinics'
import { QueryState } from '../../../components/QueryState'
import { ScrollRegion } from '../components/ScrollRegion'
import { Section } from '../components/Section'
import { formatDateTime } from '../../../lib/time'
import { DECISION_LABELS } from './clinicalTerms'
import { ResponsibleProviderSelect } from './ResponsibleProviderSelect'
import { useClinicProviders } from './useClinicProviders'

/** The provider's decisions after consultation, newest first, and (for clinicians) a form to record one. */
export function OutcomeSection({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const outcomes = usePatientPart(clinic.slug, patientId, 'outcomes', () => consoleApi.outcomes(clinic.slug, patientId))
  return (
    <Section id="outcomes" title="Consultation outcomes">
      <Stack gap="md">
        <QueryState query={outcomes} loading="Loading consultation outcomes…" />
        {outcomes.data &&
          (outcomes.data.results.length === 0 ? (
            <Text>No consultation outcome is recorded at this clinic yet.</Text>
          ) : (
            <ScrollRegion label="Table of consultation outcomes" minWidth={480}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Decided</Table.Th>
                    <Table.Th>Decision</Table.Th>
                    <Table.Th>Provider</Table.Th>
                    <Table.Th>Notes</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {outcomes.data.results.map((outcome) => (
                    <Table.Tr key={outcome.id}>
                      <Table.Td>{formatDateTime(outcome.decided_at, clinic.timezone)}</Table.Td>
                      <Table.Td fw={600}>{DECISION_LABELS[outcome.decision]}</Table.Td>
                      <Table.Td>{outcome.provider.display_name}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{outcome.notes || '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          ))}
        {mayDoClinicalWork(clinic) ? (
          <OutcomeForm patientId={patientId} />
        ) : (
          <Text size="sm">Providers and clinic admins record consultation outcomes.</Text>
        )}
      </Stack>
    </Section>
  )
}

function OutcomeForm({ patientId }: { patientId: string }) {
  const clinic = useConsoleClinic()
  const queryClient = useQueryClient()
  const { ownId } = useClinicProviders()
  const form = useForm({
    initialValues: { decision: '' as Decision | '', notes: '', provider: ownId },
    validate: {
      decision: (value) => (value ? null : 'Choose the decision.'),
      provider: (value) => (value ? null : 'Name the responsible provider.'),
    },
  })
  const record = useMutation({
    mutationFn: (values: typeof form.values) =>
      consoleApi.recordOutcome(clinic.slug, patientId, {
        decision: values.decision as Decision,
        notes: values.notes.trim(),
        ...(values.provider && values.provider !== ownId ? { provider: values.provider } : {}),
      }),
    onSuccess: (outcome) => {
      void queryClient.invalidateQueries({ queryKey: consoleKeys.patientPart(clinic.slug, patientId, 'outcomes') })
      notifications.show({ color: 'teal', message: `Outcome recorded: ${DECISION_LABELS[outcome.decision]}.` })
      form.reset()
    },
    onError: (error) => {
      form.setErrors(apiFieldErrors(error))
    },
  })

  return (
    <form onSubmit={form.onSubmit((values) => record.mutate(values))} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h5">
          Record a consultation outcome
        </Title>
        <Radio.Group label="Decision" withAsterisk {...form.getInputProps('decision')}>
          <Group gap="md" mt={4}>
            {(Object.keys(DECISION_LABELS) as Decision[]).map((decision) => (
              <Radio key={decision} value={decision} label={DECISION_LABELS[decision]} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea label="Notes" rows={2} maxLength={4000} {...form.getInputProps('notes')} />
        {!ownId && <ResponsibleProviderSelect {...form.getInputProps('provider')} />}
        <ErrorAlert
          message={record.error && Object.keys(form.errors).length === 0 ? errorMessage(record.error) : null}
        />
        <Group>
          <Button type="submit" loading={record.isPending}>
            Record outcome
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
