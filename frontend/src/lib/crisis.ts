import type { Crisis, CrisisResource } from './careApi'

/** The US resources the API itself falls back on, shown before it answers (or when it can't). */
export const DEFAULT_CRISIS_RESOURCES: Pick<Crisis, 'heading' | 'message' | 'resources'> = {
  heading: 'You do not have to go through this alone',
  message:
    'You told us you have had thoughts that you would be better off dead or of hurting yourself. ' +
    'Help is available right now, at any time of day or night.',
  resources: [
    {
      label: '988 Suicide & Crisis Lifeline',
      instruction: 'Call or text 988, or chat at 988lifeline.org.',
      href: 'tel:988',
    },
    {
      label: 'Emergency services',
      instruction: 'If you are in immediate danger, call 911 or go to the nearest emergency room.',
      href: 'tel:911',
    },
  ],
}

const SAFE_SCHEMES = ['tel:', 'sms:', 'https:', 'http:', 'mailto:']

/** An organization's configured link, if it is one a person can safely follow (never `javascript:`). */
export function safeResourceHref(resource: CrisisResource): string | null {
  const href = resource.href?.trim()
  if (!href) {
    return null
  }
  return SAFE_SCHEMES.some((scheme) => href.toLowerCase().startsWith(scheme)) ? href : null
}
