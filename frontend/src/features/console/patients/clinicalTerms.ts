import type { Decision, DosingRoute, PlanStatus } from '../api'

export const DECISION_LABELS: Record<Decision, string> = {
  accepted: 'Accepted for treatment',
  not_accepted: 'Not accepted',
  needs_more_information: 'Needs more information',
}

export const ROUTE_LABELS: Record<DosingRoute, string> = {
  iv_infusion: 'IV infusion',
  im_injection: 'IM injection',
  lozenge: 'Lozenge',
}

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  completed: 'Completed',
}
