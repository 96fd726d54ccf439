/** A clinic's API keys for the FHIR API: listed, made (the secret shown once) and revoked by its admins. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { callApi, type Schemas } from '../../../lib/api'

export type ApiKey = Schemas['APIKeyOutput']
export type NewApiKey = Schemas['NewAPIKeyOutput']
export type ApiKeyScope = Schemas['ApiKeyScopeEnum']
export type NewApiKeyFields = Schemas['APIKeyCreateInputRequest']

export const apiKeyKeys = {
  list: (slug: string) => ['console', slug, 'api-keys'] as const,
}

export const useApiKeys = (slug: string) =>
  useQuery({
    queryKey: apiKeyKeys.list(slug),
    queryFn: ({ signal }) =>
      callApi('get', '/api/v1/clinics/{clinic_slug}/api-keys', { path: { clinic_slug: slug }, signal }),
  })

export function useCreateApiKey(slug: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (fields: NewApiKeyFields) =>
      callApi('post', '/api/v1/clinics/{clinic_slug}/api-keys', { path: { clinic_slug: slug }, body: fields }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.list(slug) }),
  })
}

export function useRevokeApiKey(slug: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (key: ApiKey) =>
      callApi('post', '/api/v1/clinics/{clinic_slug}/api-keys/{key_id}/revocation', {
        path: { clinic_slug: slug, key_id: key.id },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.list(slug) }),
  })
}

/** The key's state in words: what a reader of the list needs first. */
export function keyState(key: ApiKey, now: Date = new Date()): 'revoked' | 'expired' | 'active' {
  if (key.revoked_at) return 'revoked'
  if (key.expires_at && new Date(key.expires_at) <= now) return 'expired'
  return 'active'
}
