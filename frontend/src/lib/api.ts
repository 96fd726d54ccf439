/**
 * Typed calls to the portal API. Paths, parameters, request bodies and answers all come from
 * `api-types.ts`, which `npm run gen:api` generates from Django's OpenAPI schema: when the API changes,
 * regenerating the types makes every call that no longer fits fail the type check.
 */
import type { components, paths } from './api-types'
import { apiRequest } from './http'

export type Schemas = components['schemas']

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

/** The API paths that answer `method`. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never
}[keyof paths]

type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>

type JsonContent<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : null

/** The body of the success answer (200 or 201); `null` for 202 and 204, which have none. */
export type ApiAnswer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer Responses }
    ? Responses extends { 200: infer Ok }
      ? JsonContent<Ok>
      : Responses extends { 201: infer Created }
        ? JsonContent<Created>
        : null
    : never

/** `T` without `undefined`, or `never` when nothing is left (the generator writes `path?: never`). */
type Defined<T> = [NonNullable<T>] extends [never] ? never : NonNullable<T>

type IsNever<T> = [T] extends [never] ? true : false

type Parameter<Op, Kind extends 'path' | 'query'> = Op extends { parameters: infer Parameters }
  ? Kind extends keyof Parameters
    ? Defined<Parameters[Kind]>
    : never
  : never

type JsonContentOf<Content> = Content extends { content: { 'application/json': infer Json } } ? Json : never

// Distributes over the union, so an absent body (`never`) stays `never`.
type JsonBody<Op> = Op extends { requestBody?: infer Body } ? JsonContentOf<Defined<Body>> : never

/** Optional when the schema makes it optional, required otherwise. */
type Part<Name extends string, Value, Optional extends boolean> =
  IsNever<Value> extends true ? unknown : Optional extends true ? { [K in Name]?: Value } : { [K in Name]: Value }

type QueryIsOptional<Op> = Op extends { parameters: infer Parameters }
  ? 'query' extends keyof Parameters
    ? object extends Pick<Parameters, 'query'>
      ? true
      : false
    : true
  : true

type RequestParts<Op> = Part<'path', Parameter<Op, 'path'>, false> &
  Part<'query', Parameter<Op, 'query'>, QueryIsOptional<Op>> &
  Part<'body', JsonBody<Op>, false> & { signal?: AbortSignal; headers?: Record<string, string> }

/** The parts argument is optional only when the operation needs none of them. */
type PartsArgument<Op> = object extends RequestParts<Op> ? [parts?: RequestParts<Op>] : [parts: RequestParts<Op>]

interface LooseParts {
  path?: Record<string, string | number>
  query?: Record<string, string | number | boolean | undefined | null>
  body?: unknown
  signal?: AbortSignal
  headers?: Record<string, string>
}

function buildUrl(template: string, { path = {}, query = {} }: LooseParts): string {
  const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(path[name])))
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    // The API treats a missing filter and an empty one alike; sending neither keeps URLs tidy.
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value))
    }
  }
  const queryString = search.toString()
  return queryString ? `${url}?${queryString}` : url
}

/** Calls `method path`, resolving with the typed answer or throwing an `ApiError`. */
export function callApi<M extends Method, P extends PathWith<M>>(
  method: M,
  path: P,
  ...[parts]: PartsArgument<Operation<P, M>>
): Promise<ApiAnswer<P, M>> {
  const loose = (parts ?? {}) as LooseParts
  return apiRequest<ApiAnswer<P, M>>(buildUrl(path, loose), {
    method: method.toUpperCase(),
    body: loose.body,
    signal: loose.signal,
    headers: loose.headers,
  })
}

/** For useInfiniteQuery over the API's numbered pages (`?page=`): start at 1, stop when `next` is null. */
export const numberedPages = {
  initialPageParam: 1,
  getNextPageParam: (lastPage: { next?: string | null }, _pages: unknown, lastPageParam: number) =>
    lastPage.next ? lastPageParam + 1 : undefined,
}
