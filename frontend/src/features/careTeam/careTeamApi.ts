/** The patient's outside provider, their consent to share with them, and what was shared. */
import { callApi, type Schemas } from '../../lib/api'

export type OutsideCare = Schemas['OutsideCareOverviewOutput']
export type OutsideProvider = Schemas['OutsideProviderOutput']
export type OutsideProviderChanges = Schemas['OutsideProviderInputRequest']
export type SharingConsent = Schemas['SharingConsentOutput']
export type SharedSummary = Schemas['SummaryOutput']
export type ShareSection = Schemas['ShareSectionEnum']
export type LinkState = Schemas['LinkStateEnum']
export type ConsentWording = Schemas['ConsentWordingOutput']

/** In the order the consent's wording lists them. */
export const SECTION_LABELS: Record<ShareSection, string> = {
  attendance: 'The sessions you attended (dates and routes) and your treatment plan',
  assessments: 'Your PHQ-9 and GAD-7 scores over time',
  side_effects: 'Side effects noted at your sessions',
}

export const LINK_STATE_LABELS: Record<LinkState, string> = {
  live: 'Not opened yet',
  downloaded: 'Opened',
  expired: 'Expired unopened',
  revoked: 'Closed when your consent ended',
}

export const careTeamKeys = { overview: ['care-team'] as const }

export const careTeamApi = {
  overview: () => callApi('get', '/api/v1/me/outside-care'),
  saveProvider: (body: OutsideProviderChanges) => callApi('put', '/api/v1/me/outside-care/provider', { body }),
  wording: (sections: ShareSection[], validUntil: string) =>
    callApi('post', '/api/v1/me/outside-care/consent-wording', { body: { sections, valid_until: validUntil } }),
  give: (sections: ShareSection[], validUntil: string, typedName: string, sha256: string) =>
    callApi('post', '/api/v1/me/outside-care/consents', {
      body: { sections, valid_until: validUntil, typed_name: typedName, sha256 },
    }),
  revoke: (consentId: string) =>
    callApi('post', '/api/v1/me/outside-care/consents/{sharing_consent_id}/revocation', {
      path: { sharing_consent_id: consentId },
    }),
}
