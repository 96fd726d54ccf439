import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useInfiniteQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { paths } from '../../app/paths'
import { PageTitle } from '../../components/PageTitle'
import { QueryState } from '../../components/QueryState'
import { ShowMoreButton } from '../../components/ShowMoreButton'
import { numberedPages } from '../../lib/api'
import {
  educationQueryKeys,
  getArticles,
  STAGE_LABELS,
  useAssignedReading,
  useReadingProgress,
  useTopics,
  type ArticleFilters,
  type Stage,
} from '../../lib/educationApi'
import { ArticleCard } from './ArticleCard'
import { AssignedReadingList } from './AssignedReading'

const STAGE_OPTIONS = Object.entries(STAGE_LABELS).map(([value, label]) => ({ value, label }))

function isStage(value: string | null): value is Stage {
  return value !== null && value in STAGE_LABELS
}

export function LibraryPage() {
  const [searchParams, setSearchParams] = useSearchParams()
  const stage = searchParams.get('stage')
  const filters: ArticleFilters = {
    search: searchParams.get('q') ?? '',
    topic: searchParams.get('topic') ?? '',
    stage: isStage(stage) ? stage : undefined,
  }
  const filtered = Boolean(filters.search || filters.topic || filters.stage)

  function setFilter(name: 'q' | 'topic' | 'stage', value: string | null) {
    const next = new URLSearchParams(searchParams)
    if (value) next.set(name, value)
    else next.delete(name)
    setSearchParams(next, { replace: name !== 'q' })
  }

  return (
    <>
      <PageTitle>Library</PageTitle>
      <Text mb="lg">
        Plain-language articles about ketamine treatment, reviewed by clinicians. Read at your own pace.
      </Text>
      <Stack gap="xl">
        <LibraryFilters key={filters.search} filters={filters} onChange={setFilter} />
        {!filtered && <AssignedSection />}
        <ArticleResults filters={filters} filtered={filtered} onClear={() => setSearchParams({})} />
      </Stack>
    </>
  )
}

interface LibraryFiltersProps {
  filters: ArticleFilters
  onChange: (name: 'q' | 'topic' | 'stage', value: string | null) => void
}

function LibraryFilters({ filters, onChange }: LibraryFiltersProps) {
  const topics = useTopics()
  const [search, setSearch] = useState(filters.search ?? '')

  function submit(event: FormEvent) {
    event.preventDefault()
    onChange('q', search.trim() || null)
  }

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section" aria-label="Find articles">
      <Stack gap="md">
        <form role="search" onSubmit={submit}>
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <TextInput
              label="Search the library"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              maxLength={200}
              style={{ flexGrow: 1 }}
            />
            <Button type="submit">Search</Button>
          </Group>
        </form>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label="Topic"
            placeholder="All topics"
            data={(topics.data ?? []).map((topic) => ({ value: topic.slug, label: topic.name }))}
            value={filters.topic || null}
            onChange={(value) => onChange('topic', value)}
            clearable
            clearButtonProps={{ 'aria-label': 'Show all topics' }}
            error={topics.isError ? 'The topics could not be loaded. Searching still works.' : undefined}
          />
          <Select
            label="Stage of treatment"
            placeholder="Any stage"
            data={STAGE_OPTIONS}
            value={filters.stage ?? null}
            onChange={(value) => onChange('stage', value)}
            clearable
            clearButtonProps={{ 'aria-label': 'Show every stage' }}
          />
        </SimpleGrid>
        <Anchor component={Link} to={paths.savedArticles}>
          Your saved articles
        </Anchor>
      </Stack>
    </Paper>
  )
}

function AssignedSection() {
  const assigned = useAssignedReading()
  const progress = useReadingProgress()

  if (!assigned.data) {
    return (
      <QueryState
        query={assigned}
        loading="Loading your assigned reading…"
        failed="We couldn’t load your assigned reading"
      />
    )
  }
  if (assigned.data.length === 0) return null
  return (
    <section aria-labelledby="assigned-heading">
      <Title order={2} size="h3" id="assigned-heading" mb="xs">
        Assigned to you
      </Title>
      {progress.data && (
        <Text mb="sm">
          Your clinic suggested these. You have read {progress.data.read} of {progress.data.assigned}.
        </Text>
      )}
      <AssignedReadingList assignments={assigned.data} />
    </section>
  )
}

interface ArticleResultsProps {
  filters: ArticleFilters
  filtered: boolean
  onClear: () => void
}

function ArticleResults({ filters, filtered, onClear }: ArticleResultsProps) {
  const articles = useInfiniteQuery({
    queryKey: educationQueryKeys.articles(filters),
    queryFn: ({ pageParam }) => getArticles(filters, pageParam),
    ...numberedPages,
  })
  const heading = filters.search ? `Results for “${filters.search}”` : filtered ? 'Matching articles' : 'All articles'
  const found = articles.data?.pages[0]?.count ?? 0
  const list = articles.data?.pages.flatMap((page) => page.results) ?? []

  return (
    <section aria-labelledby="articles-heading">
      <Title order={2} size="h3" id="articles-heading" mb="xs">
        {heading}
      </Title>
      <QueryState query={articles} loading="Loading articles…" failed="We couldn’t load the articles" />
      {articles.data && (
        <Stack gap="md">
          <Group gap="sm">
            <Text role="status">{found === 1 ? '1 article' : `${found} articles`}</Text>
            {filtered && (
              <Button variant="subtle" size="compact-sm" onClick={onClear}>
                Clear search and filters
              </Button>
            )}
          </Group>
          {found === 0 ? (
            <Text>No articles match. Try other words, or clear the search to browse everything.</Text>
          ) : (
            <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
              {list.map((article) => (
                <ArticleCard key={article.slug} article={article} />
              ))}
            </Stack>
          )}
          <ShowMoreButton query={articles} label="Show more articles" />
        </Stack>
      )}
    </section>
  )
}
