/** The education library: topics, articles, bookmarks, read marks and assigned reading. */
import { useQuery } from '@tanstack/react-query'
import { callApi, type Schemas } from './api'

export type Topic = Schemas['TopicOutput']
export type Stage = Schemas['StageEnum']
export type ArticleSummary = Schemas['ArticleSummaryOutput']
export type ArticleDetail = Schemas['ArticleDetailOutput']
export type Assignment = Schemas['AssignmentOutput']
export type ReadingProgress = Schemas['ProgressOutput']

export interface ArticleFilters {
  search?: string
  topic?: string
  stage?: Stage
}

export const educationQueryKeys = {
  all: ['education'] as const,
  topics: ['education', 'topics'] as const,
  articles: (filters: ArticleFilters) => ['education', 'articles', filters] as const,
  article: (slug: string) => ['education', 'article', slug] as const,
  bookmarks: ['education', 'bookmarks'] as const,
  assigned: ['education', 'assigned'] as const,
  progress: ['education', 'progress'] as const,
}

export const getTopics = () => callApi('get', '/api/v1/education/topics').then((page) => page.results)
export const getArticles = (filters: ArticleFilters, page: number) =>
  callApi('get', '/api/v1/education/articles', { query: { ...filters, page } })
export const getArticle = (slug: string) => callApi('get', '/api/v1/education/articles/{slug}', { path: { slug } })
export const getBookmarks = () => callApi('get', '/api/v1/education/bookmarks').then((page) => page.results)
export const getAssignedReading = () =>
  callApi('get', '/api/v1/education/assigned-reading').then((page) => page.results)
export const getReadingProgress = () => callApi('get', '/api/v1/education/progress')

export const bookmark = (slug: string) => callApi('put', '/api/v1/education/bookmarks/{slug}', { path: { slug } })
export const removeBookmark = (slug: string) =>
  callApi('delete', '/api/v1/education/bookmarks/{slug}', { path: { slug } })
export const markRead = (slug: string) => callApi('put', '/api/v1/education/read-marks/{slug}', { path: { slug } })
export const markUnread = (slug: string) => callApi('delete', '/api/v1/education/read-marks/{slug}', { path: { slug } })

export const useTopics = () =>
  useQuery({ queryKey: educationQueryKeys.topics, queryFn: getTopics, staleTime: 5 * 60_000 })
export const useAssignedReading = () => useQuery({ queryKey: educationQueryKeys.assigned, queryFn: getAssignedReading })
export const useReadingProgress = () => useQuery({ queryKey: educationQueryKeys.progress, queryFn: getReadingProgress })

export const STAGE_LABELS: Record<Stage, string> = {
  exploring: 'Exploring treatment',
  before_consultation: 'Before your consultation',
  before_first_dose: 'Before your first session',
  after_a_session: 'After a session',
  maintenance: 'Maintenance',
}
