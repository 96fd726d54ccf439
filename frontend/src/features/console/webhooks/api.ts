/** The webhook management API: types, fetchers and query keys for the console's Webhooks page. */
import { callApi, type Schemas } from '../../../lib/api'

export type WebhookEndpoint = Schemas['WebhookEndpointOutput']
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecretOutput']
export type WebhookEventType = WebhookEndpoint['events'][number]
export type WebhookDelivery = Schemas['WebhookDeliveryOutput']
export type WebhookDeliveryStatus = WebhookDelivery['status']
export type WebhookEndpointFields = Schemas['WebhookEndpointInputRequest']
export type WebhookEndpointChanges = Schemas['PatchedWebhookEndpointUpdateInputRequest']

const ENDPOINTS = '/api/v1/clinics/{clinic_slug}/webhook-endpoints'
const ENDPOINT = '/api/v1/clinics/{clinic_slug}/webhook-endpoints/{endpoint_id}'

const at = (slug: string, endpointId: string) => ({ clinic_slug: slug, endpoint_id: endpointId })

export const webhooksApi = {
  endpoints: (slug: string) => callApi('get', ENDPOINTS, { path: { clinic_slug: slug } }),
  create: (slug: string, body: WebhookEndpointFields) =>
    callApi('post', ENDPOINTS, { path: { clinic_slug: slug }, body }),
  update: (slug: string, endpointId: string, body: WebhookEndpointChanges) =>
    callApi('patch', ENDPOINT, { path: at(slug, endpointId), body }),
  remove: (slug: string, endpointId: string) => callApi('delete', ENDPOINT, { path: at(slug, endpointId) }),
  rotateSecret: (slug: string, endpointId: string) =>
    callApi('post', `${ENDPOINT}/secret`, { path: at(slug, endpointId) }),
  sendTestEvent: (slug: string, endpointId: string) =>
    callApi('post', `${ENDPOINT}/test-events`, { path: at(slug, endpointId) }),
  deliveries: (slug: string, endpointId: string, page: number) =>
    callApi('get', `${ENDPOINT}/deliveries`, { path: at(slug, endpointId), query: { page } }),
  retry: (slug: string, endpointId: string, deliveryId: string) =>
    callApi('post', `${ENDPOINT}/deliveries/{delivery_id}/retries`, {
      path: { ...at(slug, endpointId), delivery_id: deliveryId },
    }),
}

export const webhooksKeys = {
  endpoints: (slug: string) => ['console', slug, 'webhook-endpoints'] as const,
  deliveries: (slug: string, endpointId: string) =>
    ['console', slug, 'webhook-endpoints', endpointId, 'deliveries'] as const,
  deliveriesPage: (slug: string, endpointId: string, page: number) =>
    [...webhooksKeys.deliveries(slug, endpointId), page] as const,
}
