import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Paper,
  Progress,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { useForm, type UseFormReturnType } from '@mantine/form'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { careQueryKeys, saveIntakeDraft, submitIntake, type Intake } from '../../lib/careApi'
import { apiFieldErrors } from '../../lib/formErrors'
import { ApiError, errorMessage } from '../../lib/http'
import {
  answerText,
  countError,
  INTAKE_STEPS,
  isAnswered,
  isAsked,
  questionFor,
  requiredQuestions,
  stepAnswers,
  stepIndexOf,
  toValues,
  unansweredQuestions,
  type IntakeValues,
  type Question,
} from './intakeQuestions'

const REVIEW_STEP = INTAKE_STEPS.length
const STEP_COUNT = INTAKE_STEPS.length + 1

type IntakeForm = UseFormReturnType<IntakeValues>

/** Where to pick up: the first step with a question still to answer, or the review. */
function resumeStep(values: IntakeValues): number {
  const first = unansweredQuestions(values)[0]
  return first ? stepIndexOf(first.field) : REVIEW_STEP
}

function fieldErrors(error: unknown): Record<string, string> {
  return apiFieldErrors(error, { keep: (name) => Boolean(questionFor(name)) })
}

export function IntakeForm({ intake }: { intake: Intake | null }) {
  const queryClient = useQueryClient()
  const form = useForm<IntakeValues>({ initialValues: toValues(intake) })
  const [step, setStep] = useState(() => resumeStep(form.getValues()))
  const [problem, setProblem] = useState<string | null>(null)
  const [savedForLater, setSavedForLater] = useState(false)
  const stepHeading = useRef<HTMLHeadingElement>(null)
  const firstRender = useRef(true)

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    stepHeading.current?.focus()
  }, [step])

  function showProblem(error: unknown) {
    setProblem(errorMessage(error))
    const errors = fieldErrors(error)
    form.setErrors(errors)
    const first = Object.keys(errors)[0]
    if (first) {
      const index = stepIndexOf(first)
      setStep(index)
      // The step renders first; then the field can take focus.
      requestAnimationFrame(() => form.getInputNode(first)?.focus())
    }
  }

  const save = useMutation({
    mutationFn: ({ stepIndex }: { stepIndex: number; next: number | 'later' }) =>
      saveIntakeDraft(stepAnswers(INTAKE_STEPS[stepIndex], form.getValues())),
    onMutate: () => {
      setProblem(null)
      setSavedForLater(false)
    },
    onSuccess: (saved, { next }) => {
      queryClient.setQueryData(careQueryKeys.intake, saved)
      form.resetDirty()
      if (next === 'later') {
        setSavedForLater(true)
      } else {
        setStep(next)
      }
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'intake_already_submitted') {
        void queryClient.invalidateQueries({ queryKey: careQueryKeys.intake })
      }
      showProblem(error)
    },
  })

  const submit = useMutation({
    mutationFn: submitIntake,
    onMutate: () => setProblem(null),
    onSuccess: (submitted) => queryClient.setQueryData(careQueryKeys.intake, submitted),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'intake_already_submitted') {
        void queryClient.invalidateQueries({ queryKey: careQueryKeys.intake })
      }
      showProblem(error)
    },
  })

  function checkStep(stepIndex: number): boolean {
    const errors: Record<string, string> = {}
    for (const question of INTAKE_STEPS[stepIndex].questions) {
      const slip = question.kind === 'count' ? countError(form.getValues()[question.field]) : null
      if (slip && isAsked(question, form.getValues())) errors[question.field] = slip
    }
    form.setErrors(errors)
    const first = Object.keys(errors)[0]
    if (first) form.getInputNode(first)?.focus()
    return !first
  }

  function leaveStep(next: number | 'later') {
    if (step === REVIEW_STEP) {
      setStep(next === 'later' ? step : next)
      return
    }
    if (!checkStep(step)) return
    if (!form.isDirty() && next !== 'later') {
      setStep(next)
      return
    }
    save.mutate({ stepIndex: step, next })
  }

  function send() {
    const missing = unansweredQuestions(form.getValues())
    if (missing.length > 0) {
      setProblem(
        missing.length === 1
          ? 'One question still needs an answer. It is listed above.'
          : `${missing.length} questions still need an answer. They are listed above.`,
      )
      return
    }
    submit.mutate()
  }

  const values = form.getValues()
  const required = requiredQuestions(values)
  const answered = required.filter((question) => isAnswered(question, values)).length
  const busy = save.isPending || submit.isPending

  return (
    <Stack gap="lg">
      <IntakeProgress step={step} answered={answered} required={required.length} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          if (step === REVIEW_STEP) send()
          else leaveStep(step + 1)
        }}
      >
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <Stack gap="lg">
            <Title order={2} size="h3" ref={stepHeading} tabIndex={-1} style={{ outline: 'none' }}>
              {step === REVIEW_STEP ? 'Check and send your answers' : INTAKE_STEPS[step].title}
            </Title>
            {step === REVIEW_STEP ? (
              <Review values={values} onChange={setStep} />
            ) : (
              <StepQuestions form={form} stepIndex={step} />
            )}
            <ErrorAlert
              title={step === REVIEW_STEP ? 'Your intake was not sent' : 'Your answers were not saved'}
              message={problem}
            />
            {savedForLater && <Text role="status">Your answers are saved. You can come back and finish any time.</Text>}
            <Group justify="space-between" gap="sm">
              <Group gap="sm">
                {step > 0 && (
                  <Button variant="default" onClick={() => leaveStep(step - 1)} disabled={busy}>
                    Back
                  </Button>
                )}
                {step < REVIEW_STEP && (
                  <Button variant="subtle" onClick={() => leaveStep('later')} disabled={busy}>
                    Save and finish later
                  </Button>
                )}
              </Group>
              <Button type="submit" loading={step === REVIEW_STEP ? submit.isPending : save.isPending}>
                {step === REVIEW_STEP ? 'Send my intake' : 'Save and continue'}
              </Button>
            </Group>
          </Stack>
        </Paper>
      </form>
    </Stack>
  )
}

function IntakeProgress({ step, answered, required }: { step: number; answered: number; required: number }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={600}>
        Step {step + 1} of {STEP_COUNT} · {answered} of {required} questions answered
      </Text>
      <Progress
        value={required === 0 ? 0 : (answered / required) * 100}
        aria-label={`${answered} of ${required} questions answered`}
        size="md"
      />
    </Stack>
  )
}

function StepQuestions({ form, stepIndex }: { form: IntakeForm; stepIndex: number }) {
  const step = INTAKE_STEPS[stepIndex]
  const values = form.getValues()
  return (
    <Stack gap="lg">
      <Text>{step.intro}</Text>
      {step.questions
        .filter((question) => isAsked(question, values))
        .map((question) => (
          <QuestionInput key={question.field} form={form} question={question} />
        ))}
    </Stack>
  )
}

function QuestionInput({ form, question }: { form: IntakeForm; question: Question }) {
  const inputProps = form.getInputProps(question.field)
  const label = question.optional ? `${question.label} (optional)` : question.label
  switch (question.kind) {
    case 'yes-no':
      return (
        <Radio.Group label={label} description={question.hint} labelProps={{ fw: 600, mb: 4 }} {...inputProps}>
          <Group gap="xl" mt="xs">
            <Radio value="yes" label="Yes" />
            <Radio value="no" label="No" />
          </Group>
        </Radio.Group>
      )
    case 'choice':
      return (
        <Radio.Group label={label} description={question.hint} labelProps={{ fw: 600, mb: 4 }} {...inputProps}>
          <Stack gap="xs" mt="xs">
            {question.options.map((option) => (
              <Radio key={option.value} value={option.value} label={option.label} />
            ))}
          </Stack>
        </Radio.Group>
      )
    case 'count':
      return (
        <TextInput
          label={label}
          description={question.hint}
          inputMode="numeric"
          autoComplete="off"
          styles={{ wrapper: { maxWidth: 160 } }}
          {...inputProps}
        />
      )
    case 'text':
      return <TextInput label={label} description={question.hint} autoComplete="off" {...inputProps} />
    case 'long-text':
      return (
        <Textarea
          label={label}
          description={question.hint}
          autosize
          minRows={3}
          maxLength={2000}
          autoComplete="off"
          {...inputProps}
        />
      )
  }
}

function Review({ values, onChange }: { values: IntakeValues; onChange: (step: number) => void }) {
  const missing = unansweredQuestions(values)
  return (
    <Stack gap="lg">
      <Text>
        Please check your answers. Once you send your intake you can’t change it, and a clinician will review it.
      </Text>
      {missing.length > 0 && (
        <Alert color="yellow" variant="light" title="Some questions still need an answer">
          <List size="sm" spacing={4}>
            {missing.map((question) => (
              <List.Item key={question.field}>
                <Anchor component="button" type="button" onClick={() => onChange(stepIndexOf(question.field))}>
                  {question.label}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {INTAKE_STEPS.map((step, index) => (
        <section key={step.id} aria-labelledby={`review-${step.id}`}>
          <Group justify="space-between" align="baseline" mb="xs" wrap="nowrap">
            <Title order={3} size="h4" id={`review-${step.id}`}>
              {step.title}
            </Title>
            <Anchor
              component="button"
              type="button"
              onClick={() => onChange(index)}
              aria-describedby={`review-${step.id}`}
            >
              Change
            </Anchor>
          </Group>
          <Stack component="dl" gap="xs" m={0}>
            {step.questions
              .filter((question) => isAsked(question, values))
              .map((question) => (
                <div key={question.field}>
                  <Text component="dt" size="sm" c="dimmed">
                    {question.label}
                  </Text>
                  <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {answerText(question, values)}
                  </Text>
                </div>
              ))}
          </Stack>
        </section>
      ))}
    </Stack>
  )
}
