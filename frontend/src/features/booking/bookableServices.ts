import { isDose, type Service } from '../../lib/bookingApi'
import { approvedRoutes, type Plan } from '../../lib/careApi'

/**
 * The services the patient may book at a clinic: a consultation anywhere; with an active plan at the
 * clinic, the doses it approves and its conversations (integration, follow-up). The API's gates decide in
 * the end and explain any step still missing (intake, consents, PHQ-9…).
 */
export function bookableServices(services: Service[], plan: Plan | null, clinicSlug: string): Service[] {
  const planHere = plan !== null && plan.status === 'active' && plan.clinic.slug === clinicSlug
  const routes: string[] = plan ? approvedRoutes(plan) : []
  return services.filter((service) => {
    if (service.kind === 'consultation') return true
    if (!planHere) return false
    return isDose(service.kind) ? routes.includes(service.route) : true
  })
}

/** Whether the first series of doses is still to be booked, to book it together as one plan. */
export function inductionToBook(plan: Plan | null): boolean {
  if (plan === null || plan.status !== 'active') return false
  const { induction } = plan.progress
  return !plan.progress.maintenance_started && induction.completed + induction.booked === 0
}
