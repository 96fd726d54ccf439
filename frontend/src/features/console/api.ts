/** The clinic console's calls to the portal API: types, fetchers, query keys and hooks. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { callApi, numberedPages, type Schemas } from '../../lib/api'
import type { paths } from '../../lib/api-types'
import { ApiError } from '../../lib/http'

// --- Shapes: the generated schema's, under the names the console reads best ----------------------

/** One page of a numbered list; the rows are all most lists need. */
export interface Page<Row> {
  count: number
  next?: string | null
  results: Row[]
}

export type ClinicSummary = Schemas['BookingClinicOutput']
export type AppointmentStatus = Schemas['AppointmentStatusEnum']

/**
 * An appointment. The appointment's own page adds, for doses only, who takes the patient home
 * (`ride_home`); the other answers (lists, transitions, moves) leave it out.
 */
export type Appointment = Schemas['AppointmentOutput'] &
  Partial<Pick<Schemas['AppointmentWithRideHomeOutput'], 'ride_home'>>
export type RideHomeAnswer = Schemas['RideHomeOutput']

/**
 * The schedule lists each provider's appointments under the provider, and names each appointment's
 * chair and service by the id or slug of one listed once; the drawer reads the rest of an appointment.
 */
export type Schedule = Schemas['ScheduleOutput']
export type ScheduleProvider = Schemas['ScheduleProviderOutput']
export type ScheduleAppointment = Schemas['ScheduleAppointmentOutput']
export type AppointmentEvent = Schemas['AppointmentEventOutput']
export type Slot = Schemas['SlotOutput']

type Query<P extends keyof paths> = paths[P]['get'] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

export type PatientRow = Schemas['ClinicPatientRowOutput']
export type PatientDetail = Schemas['PatientDetailOutput']
/** Who a patient is, as every staff answer about one names them. */
export type PatientSummary = Pick<PatientRow, 'id' | 'email' | 'legal_name' | 'preferred_name'>
export type PatientStage = Schemas['PatientStageEnum']
type PatientQuery = Query<'/api/v1/clinics/{clinic_slug}/patients'>
export type PatientFlag = NonNullable<PatientQuery['flag']>
export type PatientSort = NonNullable<PatientQuery['sort']>

export interface PatientFilters {
  search: string
  stage?: PatientStage
  flag?: PatientFlag
  sort: PatientSort
}

export type StaffIntake = Schemas['StaffIntakeOutput']
export type InstrumentTrend = Schemas['InstrumentTrendOutput']
export type SafetyAlert = Schemas['SafetyAlertOutput']
export type AlertState = NonNullable<Query<'/api/v1/clinics/{clinic_slug}/alerts'>['state']>
export type Decision = Schemas['DecisionEnum']
export type DosingRoute = Schemas['DosingRouteEnum']
export type PlanStatus = Schemas['TreatmentPlanStatusEnum']
/** What a new plan allows; the responsible provider defaults to the signed-in one. */
export type PlanFields = Schemas['PlanInputRequest']
export type PlanChanges = Schemas['PatchedPlanUpdateInputRequest']
export type PlanProgress = Schemas['PlanProgressOutput']
/** A documented change to what a plan allows: each field with its value before and after, and why. */
export type PlanAdjustment = Schemas['PlanAdjustmentOutput']
export type Plan = Schemas['StaffPlanOutput']
export type Payment = Schemas['PaymentOutput']
export type PaymentStatus = Payment['status']
export type DeliveryLogEntry = Schemas['DeliveryLogOutput']
export type DeliveryStatus = DeliveryLogEntry['status']
export type DoseUnit = Schemas['DoseUnitEnum']
export type SideEffect = Schemas['SideEffectsEnum']
/** What a dosing session's record says; a PUT sends all of it (a null or missing field is emptied). */
export type SessionRecordFields = Schemas['SessionRecordInputRequest']
export type SessionRecord = Schemas['SessionRecordFieldsOutput']
/** A dosing session as providers see it: the appointment, its booking's escort, and the record. */
export type SessionSheet = Schemas['SessionSheetOutput']
export type AppointmentsWhen = NonNullable<
  Query<'/api/v1/clinics/{clinic_slug}/patients/{patient_id}/appointments'>['when']
>

type BookingInput = Schemas['AppointmentCreateInputRequest']
/** Staff book for a patient of the clinic, at the clinic; the no-driving confirmation is for doses only. */
export type Booking = Pick<BookingInput, 'clinic' | 'service' | 'start' | 'provider'> &
  Required<Pick<BookingInput, 'patient'>> &
  Partial<Pick<BookingInput, 'will_not_drive'>>

// --- Calls ---------------------------------------------------------------------------------------

/** Rows per page of the lists on a patient's page, which show a few at a time. */
export const PATIENT_LIST_PAGE = 10

/** Page 1 is the default; leaving it out keeps the URL as the API's own links write it. */
const laterPage = (page: number) => (page > 1 ? page : undefined)

/**
 * The patient list and the alerts paginate by hand (StandardPagination), so the schema leaves out the
 * `page` parameter the API reads all the same.
 */
type WithPage<Q> = Q & { page?: number }

const clinic = (slug: string) => ({ clinic_slug: slug })
const patientOf = (slug: string, patientId: string) => ({ clinic_slug: slug, patient_id: patientId })
const sessionOf = (slug: string, appointmentId: string) => ({ clinic_slug: slug, appointment_id: appointmentId })

export const consoleApi = {
  schedule: (slug: string, date: string, days: number, includeCancelled: boolean) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/schedule', {
      path: clinic(slug),
      query: { date, days, include_cancelled: includeCancelled || undefined },
    }),
  services: (slug: string) => callApi('get', '/api/v1/clinics/{clinic_slug}/services', { path: clinic(slug) }),
  availability: (slug: string, params: { service: string; start: string; end: string; patient?: string }) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/availability', { path: clinic(slug), query: params }),
  appointment: (id: string) =>
    callApi('get', '/api/v1/appointments/{appointment_id}', { path: { appointment_id: id } }),
  appointmentEvents: (id: string) =>
    callApi('get', '/api/v1/appointments/{appointment_id}/events', { path: { appointment_id: id } }),
  transition: (id: string, status: AppointmentStatus, reason = '') =>
    callApi('post', '/api/v1/appointments/{appointment_id}/transitions', {
      path: { appointment_id: id },
      body: { status, reason },
    }),
  sessionSheet: (slug: string, appointmentId: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/appointments/{appointment_id}/session-record', {
      path: sessionOf(slug, appointmentId),
    }),
  saveSessionRecord: (slug: string, appointmentId: string, fields: SessionRecordFields) =>
    callApi('put', '/api/v1/clinics/{clinic_slug}/appointments/{appointment_id}/session-record', {
      path: sessionOf(slug, appointmentId),
      body: fields,
    }),
  completeSession: (slug: string, appointmentId: string) =>
    callApi('post', '/api/v1/clinics/{clinic_slug}/appointments/{appointment_id}/session-record/completion', {
      path: sessionOf(slug, appointmentId),
    }),
  move: (id: string, start: string, provider?: string) =>
    callApi('patch', '/api/v1/appointments/{appointment_id}', {
      path: { appointment_id: id },
      body: provider ? { start, provider } : { start },
    }),
  /** The key makes a retried or double-clicked booking return the first result instead of booking twice. */
  book: (booking: Booking, idempotencyKey: string) =>
    callApi('post', '/api/v1/appointments', {
      // The API's defaults, written out: no hold (staff confirm at once), at the clinic unless it says otherwise.
      body: { hold: false, will_not_drive: false, visit_region: '', ...booking },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  staff: (slug: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/staff', { path: clinic(slug), query: { page_size: 200 } }),
  patients: (slug: string, filters: PatientFilters, page: number) => {
    const query: WithPage<PatientQuery> = {
      search: filters.search || undefined,
      stage: filters.stage,
      flag: filters.flag,
      sort: filters.sort === 'name' ? undefined : filters.sort,
      page: laterPage(page),
    }
    return callApi('get', '/api/v1/clinics/{clinic_slug}/patients', { path: clinic(slug), query })
  },
  patient: (slug: string, id: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}', { path: patientOf(slug, id) }),
  intake: (slug: string, id: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/intake', { path: patientOf(slug, id) }),
  consents: (slug: string, id: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/consents', { path: patientOf(slug, id) }),
  assessmentTrend: (slug: string, id: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/assessments/trend', {
      path: patientOf(slug, id),
    }),
  outcomes: (slug: string, id: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/consultation-outcomes', {
      path: patientOf(slug, id),
    }),
  recordOutcome: (slug: string, id: string, outcome: Schemas['ConsultationOutcomeInputRequest']) =>
    callApi('post', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/consultation-outcomes', {
      path: patientOf(slug, id),
      body: outcome,
    }),
  plan: (slug: string, id: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/plan', { path: patientOf(slug, id) }),
  createPlan: (slug: string, id: string, plan: PlanFields) =>
    callApi('post', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/plan', {
      path: patientOf(slug, id),
      body: plan,
    }),
  updatePlan: (slug: string, id: string, changes: PlanChanges) =>
    callApi('patch', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/plan', {
      path: patientOf(slug, id),
      body: changes,
    }),
  patientAppointments: (slug: string, id: string, when: AppointmentsWhen, page: number) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/appointments', {
      path: patientOf(slug, id),
      query: { when, page: laterPage(page), page_size: PATIENT_LIST_PAGE },
    }),
  escort: (slug: string, id: string) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/patients/{patient_id}/escort', { path: patientOf(slug, id) }),
  reading: (slug: string, id: string) =>
    callApi('get', '/api/v1/education/clinics/{clinic_slug}/patients/{patient_id}/reading', {
      path: patientOf(slug, id),
    }),
  alerts: (slug: string, state: AlertState, page = 1) => {
    const query: WithPage<Query<'/api/v1/clinics/{clinic_slug}/alerts'>> = { state, page: laterPage(page) }
    return callApi('get', '/api/v1/clinics/{clinic_slug}/alerts', { path: clinic(slug), query })
  },
  acknowledgeAlert: (slug: string, alertId: number, note: string) =>
    callApi('post', '/api/v1/clinics/{clinic_slug}/alerts/{alert_id}/acknowledge', {
      path: { clinic_slug: slug, alert_id: alertId },
      body: { note },
    }),
  deliveryLog: (slug: string, status: DeliveryStatus | undefined, page: number) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/notifications', {
      path: clinic(slug),
      query: { status, page: laterPage(page) },
    }),
  patientNotifications: (slug: string, patientId: string, page: number) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/notifications', {
      path: clinic(slug),
      query: { recipient: patientId, page: laterPage(page), page_size: PATIENT_LIST_PAGE },
    }),
  patientPayments: (slug: string, patientId: string, page: number) =>
    callApi('get', '/api/v1/clinics/{clinic_slug}/payments', {
      path: clinic(slug),
      query: { patient: patientId, page: laterPage(page), page_size: PATIENT_LIST_PAGE },
    }),
  resend: (slug: string, notificationId: string) =>
    callApi('post', '/api/v1/clinics/{clinic_slug}/notifications/{notification_id}/resend', {
      path: { clinic_slug: slug, notification_id: notificationId },
    }),
}

// --- Query keys and hooks ------------------------------------------------------------------------

/** Everything the console caches sits under ['console', clinic slug, ...] so a clinic can be dropped at once. */
export const consoleKeys = {
  clinic: (slug: string) => ['console', slug] as const,
  schedules: (slug: string) => ['console', slug, 'schedule'] as const,
  schedule: (slug: string, date: string, days: number, includeCancelled: boolean) =>
    ['console', slug, 'schedule', date, days, includeCancelled] as const,
  services: (slug: string) => ['console', slug, 'services'] as const,
  availability: (slug: string, params: object) => ['console', slug, 'availability', params] as const,
  appointment: (slug: string, id: string) => ['console', slug, 'appointment', id] as const,
  sessionSheet: (slug: string, appointmentId: string) =>
    ['console', slug, 'appointment', appointmentId, 'session-record'] as const,
  staff: (slug: string) => ['console', slug, 'staff'] as const,
  patients: (slug: string, filters: PatientFilters, page: number) =>
    ['console', slug, 'patients', filters, page] as const,
  patient: (slug: string, id: string) => ['console', slug, 'patient', id] as const,
  patientPart: (slug: string, id: string, part: string) => ['console', slug, 'patient', id, part] as const,
  alerts: (slug: string) => ['console', slug, 'alerts'] as const,
  alertList: (slug: string, state: AlertState, page: number) => ['console', slug, 'alerts', state, page] as const,
  deliveryLog: (slug: string) => ['console', slug, 'delivery-log'] as const,
  deliveryLogPage: (slug: string, status: DeliveryStatus | undefined, page: number) =>
    ['console', slug, 'delivery-log', status ?? 'all', page] as const,
}

export const useSchedule = (slug: string, date: string, days: number, includeCancelled: boolean) =>
  useQuery({
    queryKey: consoleKeys.schedule(slug, date, days, includeCancelled),
    queryFn: () => consoleApi.schedule(slug, date, days, includeCancelled),
    // Keep the last schedule on screen while the next day loads, so the grid does not blink away.
    placeholderData: keepPreviousData,
  })

export const useServices = (slug: string) =>
  useQuery({ queryKey: consoleKeys.services(slug), queryFn: () => consoleApi.services(slug), staleTime: 300_000 })

export const useStaff = (slug: string) =>
  useQuery({ queryKey: consoleKeys.staff(slug), queryFn: () => consoleApi.staff(slug), staleTime: 300_000 })

/** Open alerts of the clinic (the first page holds the longest-waiting 50). */
export const useOpenAlerts = (slug: string) =>
  useQuery({ queryKey: consoleKeys.alertList(slug, 'open', 1), queryFn: () => consoleApi.alerts(slug, 'open') })

export function usePatientPart<Data>(slug: string, patientId: string, part: string, fetcher: () => Promise<Data>) {
  return useQuery({ queryKey: consoleKeys.patientPart(slug, patientId, part), queryFn: fetcher })
}

/** A paginated list on a patient's page, a few rows at a time, with more pages loaded on request. */
export function usePatientPages<Row>(
  slug: string,
  patientId: string,
  part: string,
  fetchPage: (page: number) => Promise<Page<Row>>,
) {
  return useInfiniteQuery({
    queryKey: consoleKeys.patientPart(slug, patientId, part),
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    ...numberedPages,
  })
}

/** Whether a call failed with this portal error code (e.g. "no_plan", which is a normal, empty state). */
export function hasCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code
}
