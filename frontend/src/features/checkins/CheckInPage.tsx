import { Alert, Anchor, Badge, Box, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { Link, useParams } from 'react-router'
import { paths } from '../../app/paths'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import {
  careQueryKeys,
  crisisFromError,
  submitAssessment,
  useInstruments,
  type Assessment,
  type Instrument,
  type InstrumentCode,
} from '../../lib/careApi'
import { errorMessage } from '../../lib/http'
import { NotFoundPage } from '../NotFoundPage'
import { CrisisScreen, type CrisisPhase } from './CrisisScreen'
import { bandFor, INSTRUMENT_TITLES, isInstrumentCode, SELF_HARM_ITEM_INDEX, suggestsDanger } from './instruments'

export function CheckInPage() {
  const { instrument: code } = useParams()
  if (!isInstrumentCode(code)) {
    return <NotFoundPage />
  }
  return <CheckIn code={code} />
}

function CheckIn({ code }: { code: InstrumentCode }) {
  const instruments = useInstruments()
  const instrument = instruments.data?.find((candidate) => candidate.code === code)

  return (
    <Box maw={720}>
      <PageTitle>{INSTRUMENT_TITLES[code].title}</PageTitle>
      <QueryState query={instruments} loading="Loading the questions…" failed="We couldn’t load the questions" />
      {instrument && <CheckInForm code={code} instrument={instrument} />}
    </Box>
  )
}

const itemId = (index: number) => `check-in-question-${index + 1}`

function CheckInForm({ code, instrument }: { code: InstrumentCode; instrument: Instrument }) {
  const queryClient = useQueryClient()
  const [answers, setAnswers] = useState<(number | null)[]>(() => instrument.items.map(() => null))
  const [missing, setMissing] = useState<Set<number>>(new Set())
  // The last step of the crisis path stays known after the screen is closed, so it can be shown again.
  const [crisis, setCrisis] = useState<CrisisPhase | null>(null)
  const [crisisOpen, setCrisisOpen] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [result, setResult] = useState<Assessment | null>(null)
  const formRef = useRef<HTMLFormElement>(null)

  const submit = useMutation({
    mutationFn: (complete: number[]) => submitAssessment(code, complete),
    onSuccess: (submission) => {
      void queryClient.invalidateQueries({ queryKey: careQueryKeys.trend })
      setResult(submission.assessment)
      if (submission.crisis) {
        showCrisis({ kind: 'sent', crisis: submission.crisis })
      } else {
        setCrisisOpen(false)
      }
    },
    onError: (error) => {
      const serverCrisis = crisisFromError(error)
      setProblem(errorMessage(error))
      if (serverCrisis) {
        showCrisis({ kind: 'not-saved', crisis: serverCrisis, message: errorMessage(error) })
      } else if (suggestsDanger(code, answers)) {
        showCrisis({ kind: 'send-failed', message: errorMessage(error) })
      }
    },
  })

  function showCrisis(phase: CrisisPhase) {
    setCrisis(phase)
    setCrisisOpen(true)
  }

  function answer(index: number, value: number) {
    const next = answers.with(index, value)
    setAnswers(next)
    setMissing((current) => new Set([...current].filter((item) => item !== index)))
    // The resources show the moment the answer is given, not only once the form is sent.
    if (index === SELF_HARM_ITEM_INDEX && suggestsDanger(code, next) && !suggestsDanger(code, answers)) {
      showCrisis({ kind: 'answered' })
    }
  }

  function send() {
    const unanswered = answers.flatMap((value, index) => (value === null ? [index] : []))
    if (unanswered.length > 0) {
      setMissing(new Set(unanswered))
      setProblem(null)
      formRef.current?.querySelector<HTMLInputElement>(`#${itemId(unanswered[0])} input`)?.focus()
      return
    }
    setProblem(null)
    if (suggestsDanger(code, answers)) {
      // Before the request, so the help is on screen even if the server is slow or unreachable.
      showCrisis({ kind: 'sending' })
    }
    submit.mutate(answers as number[])
  }

  const crisisScreen = crisis && crisisOpen && (
    <CrisisScreen phase={crisis} onClose={() => setCrisisOpen(false)} onRetry={send} />
  )

  if (result) {
    return (
      <>
        {crisisScreen}
        <CheckInResult
          instrument={instrument}
          result={result}
          onShowHelp={crisis ? () => setCrisisOpen(true) : undefined}
        />
      </>
    )
  }

  return (
    <>
      {crisisScreen}
      <Text mb="xs">{INSTRUMENT_TITLES[code].about}</Text>
      <form
        ref={formRef}
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          send()
        }}
      >
        <Stack gap="md">
          <Text fw={600} id="check-in-prompt">
            {instrument.prompt}
          </Text>
          {instrument.items.map((item, index) => (
            <Paper key={item} withBorder p={{ base: 'sm', sm: 'md' }}>
              <Radio.Group
                id={itemId(index)}
                label={`${index + 1}. ${item}`}
                value={answers[index] === null ? '' : String(answers[index])}
                onChange={(value) => answer(index, Number(value))}
                error={missing.has(index) ? 'Please choose an answer.' : undefined}
                labelProps={{ fw: 600, mb: 'xs' }}
              >
                <Stack gap="xs">
                  {instrument.answer_options.map((option) => (
                    <Radio key={option.value} value={String(option.value)} label={option.label} />
                  ))}
                </Stack>
              </Radio.Group>
            </Paper>
          ))}
          {missing.size > 0 && (
            <Alert color="red" variant="light" title="Some questions still need an answer">
              <Text size="sm">
                {missing.size === 1 ? 'One question is' : `${missing.size} questions are`} not answered yet. Each one is
                marked above.
              </Text>
            </Alert>
          )}
          <ErrorAlert title="Your answers were not sent" message={problem} />
          <Group>
            <Button type="submit" loading={submit.isPending}>
              Send my answers
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  )
}

interface CheckInResultProps {
  instrument: Instrument
  result: Assessment
  onShowHelp?: () => void
}

function CheckInResult({ instrument, result, onShowHelp }: CheckInResultProps) {
  const band = bandFor(instrument.bands, result.total_score)
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="check-in-result-heading">
      <Stack gap="sm" align="flex-start">
        <Title order={2} size="h3" id="check-in-result-heading">
          Thank you. Your answers are saved.
        </Title>
        <Text size="xl" fw={600}>
          Your {instrument.name} score: {result.total_score} out of {instrument.max_score}
        </Text>
        {band && (
          <>
            <Badge size="lg" variant="light">
              {band.label}
            </Badge>
            <Text>
              Scores from {band.low} to {band.high} are in the {band.label.toLowerCase()} range.
            </Text>
          </>
        )}
        <Text>
          This check-in helps you and your care team see how you are doing over time. It is not a diagnosis: your care
          team looks at your answers with you.
        </Text>
        {onShowHelp && (
          <Button variant="outline" onClick={onShowHelp}>
            Show the ways to get help again
          </Button>
        )}
        <Group>
          <Button component={Link} to={paths.checkIns}>
            See your scores over time
          </Button>
          <Anchor component={Link} to={paths.home}>
            Back to your home page
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  )
}
