import { Alert, Anchor, Box, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core'
import type { Crisis } from '../../lib/careApi'
import { DEFAULT_CRISIS_RESOURCES, safeResourceHref } from '../../lib/crisis'

/**
 * Where the crisis path stands:
 * - `answered`: PHQ-9 question 9 was answered above zero and nothing has been sent yet;
 * - `sending`: the answers are on their way (the resources show without waiting for the server);
 * - `sent`: saved, the care team alerted; the server's resources replace the defaults;
 * - `not-saved`: the server could not raise the alert (503 `safety_alert_failed`) but sent its resources;
 * - `send-failed`: the server could not be reached or refused for another reason.
 */
export type CrisisPhase =
  | { kind: 'answered' }
  | { kind: 'sending' }
  | { kind: 'sent'; crisis: Crisis }
  | { kind: 'not-saved'; crisis: Crisis; message: string }
  | { kind: 'send-failed'; message: string }

interface CrisisScreenProps {
  phase: CrisisPhase
  onClose: () => void
  onRetry: () => void
}

const CLOSE_LABELS: Record<CrisisPhase['kind'], string> = {
  answered: 'Go back to my check-in',
  sending: 'Go back',
  sent: 'See my results',
  'not-saved': 'Go back to my check-in',
  'send-failed': 'Go back to my check-in',
}

/** Full-screen, on top of everything, the moment an answer suggests the person may be in danger. */
export function CrisisScreen({ phase, onClose, onRetry }: CrisisScreenProps) {
  const crisis = 'crisis' in phase ? phase.crisis : DEFAULT_CRISIS_RESOURCES

  return (
    <Modal.Root opened fullScreen onClose={onClose} transitionProps={{ duration: 0 }}>
      <Modal.Content bg="evergreen.0">
        <Modal.Header bg="evergreen.0">
          {/* Focus starts on the heading, so it is read first and no call starts by an accidental key press. */}
          <Modal.Title
            data-autofocus
            tabIndex={-1}
            fz="h1"
            fw={600}
            lh={1.25}
            maw={640}
            w="100%"
            mx="auto"
            style={{ outline: 'none' }}
          >
            {crisis.heading}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Box maw={640} mx="auto">
            <Stack gap="lg">
              <Text size="lg">{crisis.message}</Text>

              <Stack gap="sm" aria-label="Get help now" role="group">
                <Button component="a" href="tel:988" size="lg">
                  Call 988, the Suicide &amp; Crisis Lifeline
                </Button>
                <Button component="a" href="sms:988" size="lg" variant="outline">
                  Text 988
                </Button>
                <Button component="a" href="tel:911" size="lg" color="red.9">
                  Call 911 if you are in immediate danger
                </Button>
              </Stack>

              <section aria-labelledby="crisis-resources-heading">
                <Title order={3} size="h4" id="crisis-resources-heading" mb="xs">
                  Ways to get help
                </Title>
                <List spacing="sm">
                  {crisis.resources.map((resource) => {
                    const href = safeResourceHref(resource)
                    return (
                      <List.Item key={`${resource.label}-${resource.instruction}`}>
                        {href ? (
                          <Anchor href={href} fw={600}>
                            {resource.label}
                          </Anchor>
                        ) : (
                          <Text span fw={600}>
                            {resource.label}
                          </Text>
                        )}
                        : {resource.instruction}
                      </List.Item>
                    )
                  })}
                </List>
              </section>

              <CareTeamStatus phase={phase} onRetry={onRetry} />

              <Group>
                <Button variant="default" size="md" onClick={onClose}>
                  {CLOSE_LABELS[phase.kind]}
                </Button>
              </Group>
            </Stack>
          </Box>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  )
}

function CareTeamStatus({ phase, onRetry }: { phase: CrisisPhase; onRetry: () => void }) {
  return (
    <Box role="status">
      {phase.kind === 'answered' && (
        <Text>
          When you send your check-in, your care team will be told so they can follow up with you. If you are in danger
          now, don’t wait: use the numbers above.
        </Text>
      )}
      {phase.kind === 'sending' && <Text>Sending your answers to your care team…</Text>}
      {phase.kind === 'sent' && <Text fw={600}>{phase.crisis.follow_up}</Text>}
      {phase.kind === 'not-saved' && (
        <Alert color="red" variant="light" title="Your answers were not saved">
          <Stack gap="xs">
            <Text size="sm">{phase.message}</Text>
            <Text size="sm">{phase.crisis.follow_up}</Text>
          </Stack>
        </Alert>
      )}
      {phase.kind === 'send-failed' && (
        <Alert color="red" variant="light" title="Your answers were not sent">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{phase.message}</Text>
            <Text size="sm">
              Your care team has not been told yet. Please use the numbers above if you need help now, or call your
              clinic.
            </Text>
            <Button variant="default" size="xs" onClick={onRetry}>
              Try sending again
            </Button>
          </Stack>
        </Alert>
      )}
    </Box>
  )
}
