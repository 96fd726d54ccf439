import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ConsentDocument, ConsentStatus } from '../../lib/careApi'
import type { Clinic } from '../../lib/portalApi'
import { page, patientSession } from '../../test/careFixtures'
import { mockFetch, type Reply, type SentRequest } from '../../test/mockFetch'
import { renderApp } from '../../test/renderWithProviders'

const brooklyn: Clinic = {
  slug: 'brooklyn',
  name: 'Evergreen Brooklyn',
  organization: 'Evergreen Ketamine Care',
  address_line1: '1 Main Street',
  city: 'Brooklyn',
  region: 'US-NY',
  postal_code: '11201',
  phone: '+17185550100',
  timezone: 'America/New_York',
}
const denver: Clinic = { ...brooklyn, slug: 'denver', name: 'Evergreen Denver', city: 'Denver' }

const BODY = 'I agree to treatment.\n\nI understand the risks — including “dissociation”.'
// hashlib.sha256(BODY.encode("utf-8")).hexdigest()
const BODY_SHA256 = '0c6e2005cdb5a329a77566ffe7b0bd961d8a3f1261698a5856dfb354cdd719a0'

function treatment(overrides: Partial<ConsentDocument> = {}): ConsentDocument {
  return {
    id: 3,
    kind: 'treatment',
    version: 2,
    title: 'Treatment consent',
    body: BODY,
    sha256: BODY_SHA256,
    published_at: '2026-11-01T12:00:00Z',
    signed_at: null,
    needs_signature: true,
    earlier_version_signed: false,
    ...overrides,
  }
}

const privacySigned = treatment({
  id: 5,
  kind: 'privacy',
  version: 1,
  title: 'Privacy notice',
  body: 'We keep your records private.',
  signed_at: '2026-11-02T12:00:00Z',
  needs_signature: false,
})

function status(documents: ConsentDocument[]): Reply {
  const body: ConsentStatus = { organization: 'Evergreen Ketamine Care', documents }
  return { status: 200, body }
}

function renderConsents(
  routes: Record<string, Reply | ((request: SentRequest) => Reply)>,
  { clinics = [brooklyn], route = '/consents' } = {},
) {
  const fetch = mockFetch({
    ...patientSession,
    'GET /api/v1/clinics': { status: 200, body: page(clinics) },
    'GET /api/v1/me/profile': { status: 200, body: { legal_name: 'Samantha Rivera' } },
    ...routes,
  })
  renderApp(route)
  return fetch
}

async function sign(name: string) {
  const user = userEvent.setup()
  const form = (await screen.findByRole('region', { name: 'Text of Treatment consent' })).closest('form')!
  await user.type(within(form).getByLabelText('Type your full legal name to sign'), name)
  await user.click(within(form).getByRole('button', { name: 'Sign “Treatment consent”' }))
  return user
}

describe('consent forms', () => {
  it('signs with the typed name and the SHA-256 of exactly the text shown', async () => {
    let signed = false
    const { sent } = renderConsents({
      'GET /api/v1/consents?clinic=brooklyn': () =>
        status(
          signed
            ? [treatment({ needs_signature: false, signed_at: '2026-11-26T12:00:00Z' }), privacySigned]
            : [treatment(), privacySigned],
        ),
      'POST /api/v1/consents/3/signatures': () => {
        signed = true
        return { status: 201, body: { id: 9, document: 3 } }
      },
    })

    expect(await screen.findByText('Evergreen Ketamine Care: 1 of 2 forms signed.')).toBeInTheDocument()
    expect(screen.getByText('As it appears in your details: Samantha Rivera.')).toBeInTheDocument()
    await sign('Samantha Rivera')

    expect(
      await screen.findByText('You have signed all 2 of Evergreen Ketamine Care’s forms. Thank you.'),
    ).toBeInTheDocument()
    const post = sent.find((request) => request.method === 'POST')
    expect(post?.body).toEqual({ typed_name: 'Samantha Rivera', sha256: BODY_SHA256 })
    expect(screen.getByRole('heading', { name: 'Treatment consent' })).toHaveFocus()
  })

  it('loads the newer version when the one being signed is outdated, and says why', async () => {
    let version = 2
    renderConsents({
      'GET /api/v1/consents?clinic=brooklyn': () =>
        status([treatment({ id: version === 2 ? 3 : 4, version, body: version === 2 ? BODY : 'New terms.' })]),
      'POST /api/v1/consents/3/signatures': () => {
        version = 3
        return {
          status: 409,
          body: {
            code: 'consent_version_outdated',
            message: 'A newer version of this document has been published. Please read and sign that one.',
            current_document_id: 4,
            current_version: 3,
          },
        }
      },
    })

    await sign('Samantha Rivera')

    expect(await screen.findByText('Version 3, published', { exact: false })).toBeInTheDocument()
    expect(screen.getByText(/A newer version of this document has just been published/)).toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Text of Treatment consent' })).toHaveTextContent('New terms.')
  })

  it('explains a changed text and a name that does not match, each next to its cause', async () => {
    let attempt = 0
    renderConsents({
      'GET /api/v1/consents?clinic=brooklyn': status([treatment()]),
      'POST /api/v1/consents/3/signatures': () => {
        attempt += 1
        return attempt === 1
          ? {
              status: 400,
              body: {
                code: 'signature_name_mismatch',
                message: 'Please type your full legal name as it appears in your profile.',
                fields: { typed_name: ['Please type your full legal name as it appears in your profile.'] },
              },
            }
          : {
              status: 409,
              body: {
                code: 'consent_text_mismatch',
                message: 'The document you signed is not the one on file. Please reload it and sign again.',
              },
            }
      },
    })

    const user = await sign('Sam')
    const name = screen.getByLabelText('Type your full legal name to sign')
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'))
    expect(name).toHaveAccessibleDescription(/Please type your full legal name as it appears in your profile./)
    expect(name).toHaveFocus()

    await user.clear(name)
    await user.type(name, 'Samantha Rivera')
    await user.click(screen.getByRole('button', { name: 'Sign “Treatment consent”' }))
    expect(await screen.findByText(/This document changed while you were reading it/)).toBeInTheDocument()
  })

  it('asks which clinic first when there are several', async () => {
    renderConsents({ 'GET /api/v1/consents?clinic=denver': status([privacySigned]) }, { clinics: [brooklyn, denver] })
    const user = userEvent.setup()

    await user.click(await screen.findByRole('combobox', { name: 'Your clinic' }))
    await user.click(await screen.findByRole('option', { name: 'Evergreen Denver, Denver' }))

    expect(
      await screen.findByText('You have signed all 1 of Evergreen Ketamine Care’s forms. Thank you.'),
    ).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Read what you signed' }))
    expect(await screen.findByRole('region', { name: 'Text of Privacy notice' })).toHaveTextContent(
      'We keep your records private.',
    )
  })

  it('points to the profile when the legal name is missing', async () => {
    renderConsents({
      'GET /api/v1/consents?clinic=brooklyn': status([treatment()]),
      'POST /api/v1/consents/3/signatures': {
        status: 400,
        body: {
          code: 'legal_name_required',
          message: 'Please add your full legal name to your profile before signing.',
        },
      },
    })

    await sign('Samantha Rivera')

    expect(
      await screen.findByText('Please add your full legal name to your profile before signing.'),
    ).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Add your legal name to your details' })).toHaveAttribute(
      'href',
      '/profile',
    )
  })
})
