/** The care pathway: intake, consents, PHQ-9/GAD-7 check-ins and the treatment plan. */
import { useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from './api'
import { ApiError } from './http'

export type Intake = Schemas['IntakeOutput']
export type IntakeAnswers = Schemas['PatchedIntakeAnswersInputRequest']
export type Screening = Schemas['ScreeningOutput']
export type ScreeningOutcome = Schemas['OutcomeEnum']
export type ConsentStatus = Schemas['ConsentStatusOutput']
export type ConsentDocument = Schemas['ConsentDocumentOutput']
export type Instrument = Schemas['InstrumentOutput']
export type InstrumentCode = Schemas['AssessmentInputInstrumentEnum']
export type Band = Schemas['BandOutput']
export type AssessmentSubmission = Schemas['AssessmentSubmissionOutput']
export type Assessment = Schemas['AssessmentOutput']
export type Crisis = Schemas['CrisisOutput']
export type CrisisResource = Schemas['CrisisResourceOutput']
export type Trend = Schemas['TrendOutput']
export type InstrumentTrend = Schemas['InstrumentTrendOutput']
export type TrendPoint = Schemas['TrendPointOutput']
export type Plan = Schemas['PlanOutput']
// From the plan's input, not the enum's generated name, which changes when another field shares the choices.
export type TreatmentRoute = Schemas['PlanInputRequest']['approved_routes'][number]

export const ROUTE_LABELS: Record<TreatmentRoute, string> = {
  iv_infusion: 'IV infusion',
  im_injection: 'Injection into a muscle (IM)',
  lozenge: 'Lozenge that dissolves in the mouth',
}

/** The API types the routes loosely (a JSON list); only the known route codes are kept. */
export function approvedRoutes(plan: Pick<Plan, 'approved_routes'>): TreatmentRoute[] {
  const routes: unknown = plan.approved_routes
  return Array.isArray(routes)
    ? routes.filter((route): route is TreatmentRoute => typeof route === 'string' && route in ROUTE_LABELS)
    : []
}

export const careQueryKeys = {
  intake: ['care', 'intake'] as const,
  consents: (clinic: string) => ['care', 'consents', clinic] as const,
  instruments: ['care', 'instruments'] as const,
  trend: ['care', 'trend'] as const,
  plan: ['care', 'plan'] as const,
}

/** The answer, or null when the API refuses with `code`: "there is none yet" is not an error to show. */
async function noneWhen<T>(code: string, request: Promise<T>): Promise<T | null> {
  try {
    return await request
  } catch (error) {
    if (error instanceof ApiError && error.code === code) {
      return null
    }
    throw error
  }
}

/** The patient's intake, or null before they have saved any answer. */
export const getIntake = () => noneWhen('intake_not_started', callApi('get', '/api/v1/intake'))

export const saveIntakeDraft = (answers: IntakeAnswers) => callApi('patch', '/api/v1/intake', { body: answers })
export const submitIntake = () => callApi('post', '/api/v1/intake/submission')

export const getConsents = (clinic: string) => callApi('get', '/api/v1/consents', { query: { clinic } })
export const signConsent = (documentId: number, signature: Schemas['ConsentSignatureInputRequest']) =>
  callApi('post', '/api/v1/consents/{document_id}/signatures', { path: { document_id: documentId }, body: signature })

export const getInstruments = () => callApi('get', '/api/v1/assessments/instruments')
export const getTrend = () => callApi('get', '/api/v1/assessments/trend')
export const submitAssessment = (instrument: InstrumentCode, answers: number[]) =>
  callApi('post', '/api/v1/assessments', { body: { instrument, answers } })

/** The current (or last completed) treatment plan, or null when there is none yet. */
export const getPlan = () => noneWhen('no_plan', callApi('get', '/api/v1/plan'))

export const useIntake = () => useQuery({ queryKey: careQueryKeys.intake, queryFn: getIntake })
export const useInstruments = () =>
  useQuery({ queryKey: careQueryKeys.instruments, queryFn: getInstruments, staleTime: Infinity })
export const useTrend = () => useQuery({ queryKey: careQueryKeys.trend, queryFn: getTrend })
export const usePlan = () => useQuery({ queryKey: careQueryKeys.plan, queryFn: getPlan })

/**
 * The crisis resources a 503 `safety_alert_failed` carries: the answers were not saved, but the patient
 * must still see where to get help.
 */
export function crisisFromError(error: unknown): Crisis | null {
  if (!(error instanceof ApiError) || error.code !== 'safety_alert_failed') {
    return null
  }
  const crisis = error.extra.crisis
  return isCrisis(crisis) ? crisis : null
}

function isCrisis(value: unknown): value is Crisis {
  const candidate = value as Partial<Crisis> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.heading === 'string' &&
    typeof candidate.message === 'string' &&
    Array.isArray(candidate.resources)
  )
}
