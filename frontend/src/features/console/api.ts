/** The clinic console's calls to the portal API: types, fetchers, query keys and hooks. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { ApiError, apiRequest } from '../../lib/http'
import type { ClinicRole, PatientProfile } from '../../lib/portalApi'

// --- Shapes ------------------------------------------------------------------------------------

export interface Paginated<Row> {
  count: number
  next: string | null
  previous: string | null
  results: Row[]
}

export interface ClinicSummary {
  slug: string
  name: string
  timezone: string
}

/** A wall-clock reading the API gives beside an instant: "2026-03-08T13:00", "-06:00", "MDT". */
export interface WallClock {
  local: string
  utc_offset: string
  abbreviation: string
}

export type AppointmentStatus = 'held' | 'confirmed' | 'checked_in' | 'completed' | 'no_show' | 'cancelled'

export interface Provider {
  id: string
  display_name: string
  credentials: string
}

export interface Chair {
  id: number
  name: string
}

export interface ServiceSummary {
  slug: string
  name: string
  kind: string
  modality: string
  route: string
}

export interface Appointment {
  id: string
  status: AppointmentStatus
  clinic: ClinicSummary
  service: ServiceSummary
  provider: Provider
  patient: { id: string; display_name: string }
  chair: Chair | null
  series: string | null
  /** UTC instants */
  start: string
  end: string
  visit_end: string
  clinic_time: WallClock
  hold_expires_at: string | null
  cancelled_at: string | null
  cancelled_by: string
  cancellation_reason: string
  is_telehealth: boolean
  /** Video visits: where the patient said they would be (ISO 3166-2); empty for visits at the clinic. */
  visit_region: string
  /** On the schedule, for doses only: who takes the patient home, as they answered. */
  ride_home?: RideHomeAnswer | null
}

export interface RideHomeAnswer {
  status: 'not_confirmed' | 'confirmed' | 'needs_help'
  escort_name: string
  escort_phone: string
  answered_at: string | null
  answered_by_text: boolean
}

/** How the schedule says a dose's ride home stands; null when all is well or it is not a dose. */
export function rideHomeWarning(appointment: Appointment): string | null {
  if (!appointment.ride_home || appointment.status === 'cancelled') return null
  if (appointment.ride_home.status === 'needs_help') return 'Needs help getting home'
  if (appointment.ride_home.status === 'not_confirmed') return 'Ride home not confirmed'
  return null
}

export interface WorkingSpan {
  start: string
  end: string
  clinic_start: WallClock
  clinic_end: WallClock
}

export interface ScheduleProvider extends Provider {
  hours: WorkingSpan[]
}

export interface Schedule {
  clinic: ClinicSummary
  timezone: string
  start: string
  end: string
  providers: ScheduleProvider[]
  chairs: Chair[]
  appointments: Appointment[]
}

export interface AppointmentEvent {
  at: string
  kind: string
  by: 'patient' | 'clinic' | 'system'
  from_status: string
  to_status: string
  previous_start: string | null
  previous_provider: string | null
  reason: string
}

export interface Service extends ServiceSummary {
  duration_minutes: number
  recovery_minutes: number
  needs_chair: boolean
  price_cents: number
  currency: string
}

export interface Slot {
  start: string
  clinic_time: WallClock
  providers: Provider[]
  chairs_free: number | null
}

export interface Availability {
  start: string
  end: string
  slots: Slot[]
}

export interface PatientSummary {
  id: string
  email: string
  legal_name: string
  preferred_name: string
}

export type PatientStage = 'no_plan' | 'induction' | 'maintenance' | 'paused'
export type PatientFlag = 'safety_alert' | 'no_escort'
export type PatientSort = 'name' | 'next_appointment'

export interface PatientFilters {
  search: string
  stage?: PatientStage
  flag?: PatientFlag
  sort: PatientSort
}

/** A row of the clinic's patient list: where the patient is, what needs attention, their next visit. */
export interface PatientRow extends PatientSummary {
  stage: PatientStage
  open_safety_alert: boolean
  no_escort: boolean
  next_appointment: string | null
}

export interface PatientDetail extends PatientSummary {
  profile: PatientProfile | null
}

export interface StaffMember {
  id: string
  email: string
  role: ClinicRole
  provider: { display_name: string; credentials: string } | null
}

export type ScreeningOutcome = 'likely_candidate' | 'needs_review' | 'not_a_candidate_now'

export interface StaffIntake {
  status: 'draft' | 'submitted'
  submitted_at: string | null
  updated_at: string
  screening: {
    outcome: ScreeningOutcome
    reasons: { code: string; message: string }[]
    disclaimer: string
  } | null
  flags: string[]
  [answer: string]: unknown
}

export interface ConsentDocument {
  id: number
  kind: string
  version: number
  title: string
  published_at: string
  signed_at: string | null
  needs_signature: boolean
  earlier_version_signed: boolean
}

export interface ConsentStatus {
  organization: string
  documents: ConsentDocument[]
}

export interface SeverityBand {
  low: number
  high: number
  severity: string
  label: string
}

export interface InstrumentTrend {
  instrument: string
  name: string
  max_score: number
  bands: SeverityBand[]
  points: { taken_at: string; total_score: number; severity: string }[]
}

export interface AssessmentTrend {
  instruments: InstrumentTrend[]
  sessions: string[]
}

export interface Assessment {
  id: number
  instrument: string
  answers: number[]
  total_score: number
  severity: string
  taken_at: string
}

export interface SafetyAlert {
  id: number
  reason: string
  reason_label: string
  answer: number
  answer_label: string
  raised_at: string
  patient: PatientSummary & { phone: string }
  assessment: Assessment
  acknowledged_at: string | null
  acknowledged_by: string | null
  acknowledgement_note: string
}

export type AlertState = 'open' | 'acknowledged' | 'all'

export type Decision = 'accepted' | 'not_accepted' | 'needs_more_information'

export interface Clinician {
  id: string
  display_name: string
  credentials: string
}

export interface ConsultationOutcome {
  id: number
  decision: Decision
  notes: string
  decided_at: string
  provider: Clinician
  recorded_by: string
}

export type DosingRoute = 'iv_infusion' | 'im_injection' | 'lozenge'
export type PlanStatus = 'active' | 'paused' | 'completed'

export interface PlanFields {
  approved_routes: DosingRoute[]
  induction_sessions: number
  induction_window_days: number
  integration_sessions: number
  booster_interval_days: number | null
  /** The responsible provider's user id; the API defaults it to the signed-in provider. */
  provider?: string
}

export interface PlanProgress {
  phase: 'induction' | 'maintenance'
  induction: { completed: number; booked: number; total: number; summary: string }
  integration: { completed: number; total: number }
  last_dosing_session: { start: string; clinic_time: WallClock } | null
  maintenance_started: boolean
  maintenance_started_at: string | null
  /** A date in the clinic's calendar ("2026-04-02"). */
  next_booster_due: string | null
}

/** A documented change to what a plan allows: each field with its value before and after, and why. */
export interface PlanAdjustment {
  adjusted_at: string
  adjusted_by: { id: string; display_name: string }
  changes: Partial<Record<keyof PlanFields, [unknown, unknown]>>
  reason: string
}

export interface Plan extends Omit<PlanFields, 'provider'> {
  progress: PlanProgress
  /** Staff only: every change to the routes, induction or boosters, newest first. */
  adjustments?: PlanAdjustment[]
  id: number
  status: PlanStatus
  clinic: { slug: string; name: string }
  provider: Clinician
  consultation_outcome: number
  created_at: string
  updated_at: string
}

export interface Escort {
  name: string
  phone: string
  no_driving_acknowledged_at: string
  updated_at: string
}

export interface PatientReading {
  patient_id: string
  progress: { assigned: number; read: number; unread: number }
  first_dose_preparation: { complete: boolean; articles: { slug: string; title: string; read_at: string | null }[] }
  assignments: {
    article: { slug: string; title: string; summary: string; stage: string; reading_minutes: number }
    event: string
    assigned_at: string
    due_at: string | null
    read_at: string | null
  }[]
}

export type PaymentStatus = 'requires_payment' | 'processing' | 'succeeded' | 'canceled'

export interface Payment {
  id: string
  kind: string
  /** The kind in words: "Payment at booking", "Missed-appointment fee"… */
  description: string
  status: PaymentStatus
  amount_cents: number
  currency: string
  created_at: string
  paid_at: string | null
  refunded_cents: number
  failure_message: string
}

export type DeliveryStatus = 'pending' | 'claimed' | 'sent' | 'failed' | 'cancelled' | 'skipped'

export interface DeliveryLogEntry {
  id: string
  recipient_email: string
  kind: string
  channel: 'email' | 'sms' | 'in_app'
  status: DeliveryStatus
  due_at: string
  sent_at: string | null
  attempts: number
  last_error: string
}

export type DoseUnit = 'mg' | 'mg/kg'
export type SideEffect = 'dizziness' | 'blurred_vision' | 'dissociation' | 'nausea' | 'fatigue' | 'other'

/** What a dosing session's record says; a PUT sends all of it (a null or missing field is emptied). */
export interface SessionRecordFields {
  route: DosingRoute | null
  /** A decimal as text ("0.50"), as the API gives it. */
  dose: string | null
  dose_unit: DoseUnit | ''
  before_systolic: number | null
  before_diastolic: number | null
  before_heart_rate: number | null
  before_spo2: number | null
  after_systolic: number | null
  after_diastolic: number | null
  after_heart_rate: number | null
  after_spo2: number | null
  side_effects: SideEffect[]
  side_effect_notes: string
  discharged_at: string | null
  discharged_with: string
}

export interface SessionRecord extends SessionRecordFields {
  recorded_by: { id: string; display_name: string }
  created_at: string
  updated_at: string
  completed_at: string | null
  completed_by: { id: string; display_name: string } | null
}

/** A dosing session as providers see it: the appointment, its booking's escort, and the record. */
export interface SessionSheet {
  appointment: Appointment
  booking: { escort_name: string; escort_phone: string; no_driving_acknowledged_at: string } | null
  state: 'not_started' | 'draft' | 'completed'
  record: SessionRecord | null
}

export type AppointmentsWhen = 'upcoming' | 'past'

// --- Calls ---------------------------------------------------------------------------------------

const API = '/api/v1'
/** Rows per page of the lists on a patient's page, which show a few at a time. */
export const PATIENT_LIST_PAGE = 10

function query(params: Record<string, string | number | undefined>): string {
  const defined = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined)
  const search = new URLSearchParams(defined.map(([key, value]) => [key, String(value)]))
  const text = search.toString()
  return text ? `?${text}` : ''
}

const clinicPath = (slug: string) => `${API}/clinics/${encodeURIComponent(slug)}`
const patientPath = (slug: string, patientId: string) => `${clinicPath(slug)}/patients/${encodeURIComponent(patientId)}`
const sessionRecordPath = (slug: string, appointmentId: string) =>
  `${clinicPath(slug)}/appointments/${encodeURIComponent(appointmentId)}/session-record`

export const consoleApi = {
  schedule: (slug: string, date: string, days: number, includeCancelled: boolean) =>
    apiRequest<Schedule>(
      `${clinicPath(slug)}/schedule${query({ date, days, include_cancelled: includeCancelled ? 'true' : undefined })}`,
    ),
  services: (slug: string) => apiRequest<Service[]>(`${clinicPath(slug)}/services`),
  availability: (slug: string, params: { service: string; start: string; end: string; patient?: string }) =>
    apiRequest<Availability>(`${clinicPath(slug)}/availability${query(params)}`),
  appointment: (id: string) => apiRequest<Appointment>(`${API}/appointments/${encodeURIComponent(id)}`),
  appointmentEvents: (id: string) =>
    apiRequest<AppointmentEvent[]>(`${API}/appointments/${encodeURIComponent(id)}/events`),
  transition: (id: string, status: AppointmentStatus, reason = '') =>
    apiRequest<Appointment>(`${API}/appointments/${encodeURIComponent(id)}/transitions`, {
      method: 'POST',
      body: { status, reason },
    }),
  sessionSheet: (slug: string, appointmentId: string) =>
    apiRequest<SessionSheet>(sessionRecordPath(slug, appointmentId)),
  saveSessionRecord: (slug: string, appointmentId: string, fields: SessionRecordFields) =>
    apiRequest<SessionSheet>(sessionRecordPath(slug, appointmentId), { method: 'PUT', body: fields }),
  completeSession: (slug: string, appointmentId: string) =>
    apiRequest<SessionSheet>(`${sessionRecordPath(slug, appointmentId)}/completion`, { method: 'POST' }),
  move: (id: string, start: string, provider?: string) =>
    apiRequest<Appointment>(`${API}/appointments/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: provider ? { start, provider } : { start },
    }),
  /** The key makes a retried or double-clicked booking return the first result instead of booking twice. */
  book: (
    booking: {
      clinic: string
      service: string
      start: string
      patient: string
      provider?: string
      will_not_drive?: boolean
    },
    idempotencyKey: string,
  ) =>
    apiRequest<Appointment>(`${API}/appointments`, {
      method: 'POST',
      body: booking,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  staff: (slug: string) => apiRequest<Paginated<StaffMember>>(`${clinicPath(slug)}/staff${query({ page_size: 200 })}`),
  patients: (slug: string, filters: PatientFilters, page: number) =>
    apiRequest<Paginated<PatientRow>>(
      `${clinicPath(slug)}/patients${query({
        search: filters.search || undefined,
        stage: filters.stage,
        flag: filters.flag,
        sort: filters.sort === 'name' ? undefined : filters.sort,
        page: page > 1 ? page : undefined,
      })}`,
    ),
  patient: (slug: string, id: string) => apiRequest<PatientDetail>(patientPath(slug, id)),
  intake: (slug: string, id: string) => apiRequest<StaffIntake>(`${patientPath(slug, id)}/intake`),
  consents: (slug: string, id: string) => apiRequest<ConsentStatus>(`${patientPath(slug, id)}/consents`),
  assessmentTrend: (slug: string, id: string) =>
    apiRequest<AssessmentTrend>(`${patientPath(slug, id)}/assessments/trend`),
  outcomes: (slug: string, id: string) =>
    apiRequest<Paginated<ConsultationOutcome>>(`${patientPath(slug, id)}/consultation-outcomes`),
  recordOutcome: (slug: string, id: string, outcome: { decision: Decision; notes: string; provider?: string }) =>
    apiRequest<ConsultationOutcome>(`${patientPath(slug, id)}/consultation-outcomes`, {
      method: 'POST',
      body: outcome,
    }),
  plan: (slug: string, id: string) => apiRequest<Plan>(`${patientPath(slug, id)}/plan`),
  createPlan: (slug: string, id: string, plan: PlanFields) =>
    apiRequest<Plan>(`${patientPath(slug, id)}/plan`, { method: 'POST', body: plan }),
  updatePlan: (slug: string, id: string, changes: Partial<PlanFields> & { status?: PlanStatus; reason?: string }) =>
    apiRequest<Plan>(`${patientPath(slug, id)}/plan`, { method: 'PATCH', body: changes }),
  patientAppointments: (slug: string, id: string, when: AppointmentsWhen, page: number) =>
    apiRequest<Paginated<Appointment>>(
      `${patientPath(slug, id)}/appointments${query({ when, page: page > 1 ? page : undefined, page_size: PATIENT_LIST_PAGE })}`,
    ),
  escort: (slug: string, id: string) => apiRequest<Escort>(`${patientPath(slug, id)}/escort`),
  reading: (slug: string, id: string) =>
    apiRequest<PatientReading>(
      `${API}/education/clinics/${encodeURIComponent(slug)}/patients/${encodeURIComponent(id)}/reading`,
    ),
  alerts: (slug: string, state: AlertState, page = 1) =>
    apiRequest<Paginated<SafetyAlert>>(
      `${clinicPath(slug)}/alerts${query({ state, page: page > 1 ? page : undefined })}`,
    ),
  acknowledgeAlert: (slug: string, alertId: number, note: string) =>
    apiRequest<SafetyAlert>(`${clinicPath(slug)}/alerts/${alertId}/acknowledge`, { method: 'POST', body: { note } }),
  deliveryLog: (slug: string, status: DeliveryStatus | undefined, page: number) =>
    apiRequest<Paginated<DeliveryLogEntry>>(
      `${clinicPath(slug)}/notifications${query({ status, page: page > 1 ? page : undefined })}`,
    ),
  patientNotifications: (slug: string, patientId: string, page: number) =>
    apiRequest<Paginated<DeliveryLogEntry>>(
      `${clinicPath(slug)}/notifications${query({ recipient: patientId, page: page > 1 ? page : undefined, page_size: PATIENT_LIST_PAGE })}`,
    ),
  patientPayments: (slug: string, patientId: string, page: number) =>
    apiRequest<Paginated<Payment>>(
      `${clinicPath(slug)}/payments${query({ patient: patientId, page: page > 1 ? page : undefined, page_size: PATIENT_LIST_PAGE })}`,
    ),
  resend: (slug: string, notificationId: string) =>
    apiRequest<DeliveryLogEntry>(`${clinicPath(slug)}/notifications/${encodeURIComponent(notificationId)}/resend`, {
      method: 'POST',
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
  fetchPage: (page: number) => Promise<Paginated<Row>>,
) {
  return useInfiniteQuery({
    queryKey: consoleKeys.patientPart(slug, patientId, part),
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: 1,
    getNextPageParam: (last, _pages, lastPage) => (last.next ? lastPage + 1 : undefined),
  })
}

/** Whether a call failed with this portal error code (e.g. "no_plan", which is a normal, empty state). */
export function hasCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code
}
