import type { ArticleDetail, ArticleSummary, Assignment } from '../lib/educationApi'

export function articleSummary(overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    slug: 'what-is-ketamine',
    title: 'What ketamine is, and where it comes from',
    summary: 'Ketamine has been an anesthetic for more than fifty years.',
    stage: 'exploring',
    reading_minutes: 4,
    topics: [{ slug: 'understanding-ketamine', name: 'Understanding ketamine', description: '' }],
    tags: [{ slug: 'history', name: 'history' }],
    clinic: null,
    medical_reviewer: { display_name: 'Dr. Ana Rivera', credentials: 'MD' },
    reviewed_on: '2026-10-01',
    read_at: null,
    bookmarked_at: null,
    ...overrides,
  }
}

export function articleDetail(overrides: Partial<ArticleDetail> = {}): ArticleDetail {
  return {
    ...articleSummary(),
    body_html: '<p>Ketamine is a medicine.</p><h2>A short history</h2><p>It was first made in 1962.</p>',
    published_at: '2026-10-02T12:00:00Z',
    ...overrides,
  }
}

export function assignment(overrides: Partial<Assignment> = {}): Assignment {
  const { slug, title, summary, stage, reading_minutes } = articleSummary()
  return {
    article: { slug, title, summary, stage, reading_minutes },
    event: 'intake_submitted',
    assigned_at: '2026-11-20T12:00:00Z',
    due_at: null,
    read_at: null,
    ...overrides,
  }
}
