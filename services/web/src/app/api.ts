/**
 * The API as the partner centre calls it: openapi-fetch over the `paths` type generated from the
 * OpenAPI document (`pnpm docs:http` writes services/api/src/client/openapi.ts; the web build
 * type-checks against it, so a changed route breaks `pnpm build`, not the page).
 *
 * The API key lives in sessionStorage only: sent as `Authorization: Bearer`, never in a URL.
 */
import type { paths } from '@reckon/api/openapi';
import createClient from 'openapi-fetch';

export type { paths };

const KEY_STORAGE = 'reckon.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}
export function storeKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

// JSON answers only: the lists also serve text/csv (Accept: text/csv), which the screens download as files.
export const client = createClient<paths, 'application/json' | 'application/problem+json'>({ baseUrl: '' });
client.use({
  onRequest({ request }) {
    const key = storedKey();
    if (key) request.headers.set('authorization', `Bearer ${key}`);
    return request;
  },
});

/** A problem+json answer (or a network failure) as an Error whose message is its `detail`. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly title?: string,
  ) {
    super(detail);
  }
}

export function problemOf(status: number, body: unknown): ApiProblem {
  const p = (body ?? {}) as { detail?: unknown; title?: unknown };
  const detail = typeof p.detail === 'string' ? p.detail : `HTTP ${status}`;
  return new ApiProblem(status, detail, typeof p.title === 'string' ? p.title : undefined);
}

/**
 * Read-your-writes: after an action, the `lastPosition` its POST /v1/events answered; every later
 * read asks for `minPosition` so the screen shows the result once the projections have it.
 */
let readAfter = 0;
export function readAfterPosition(): number {
  return readAfter;
}
export function noteAppended(lastPosition: number): void {
  readAfter = Math.max(readAfter, lastPosition);
}
/** The `minPosition` a read sends after an action (none before the first). */
export function afterWrites(): { minPosition?: number } {
  return readAfter > 0 ? { minPosition: readAfter } : {};
}

/** The paths answering GET with a page `{ items, nextCursor }`. */
export type ListPath = {
  [P in keyof paths]: paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } }
    ? B extends { items: unknown[]; nextCursor: string | null }
      ? P
      : never
    : never;
}[keyof paths];
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;
export type ItemOf<P extends ListPath> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': { items: (infer I)[] } } } } };
}
  ? I
  : never;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Params = { path?: Record<string, string>; query?: Record<string, unknown> };
type LooseGet = (
  path: string,
  init: { params: Params; parseAs?: 'json' | 'blob'; headers?: Record<string, string> },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const looseGet = client.GET as unknown as LooseGet;

function withReadAfter(query: Record<string, unknown>): Record<string, unknown> {
  const clean = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '' && v !== undefined));
  return { ...clean, ...afterWrites() };
}

/** One page of a list route, in the partner's time zone. */
export async function getPage<P extends ListPath>(
  path: P,
  pathParams: Record<string, string>,
  query: Record<string, unknown>,
): Promise<Page<ItemOf<P>>> {
  const { data, error, response } = await looseGet(path, {
    params: { path: pathParams, query: withReadAfter({ tz: 'partner', ...query }) },
  });
  if (error !== undefined || !data) throw problemOf(response.status, error);
  return data as Page<ItemOf<P>>;
}

/** The API's own CSV of a list (Accept: text/csv, the whole list), saved as a file. */
export async function downloadCsv(
  path: ListPath,
  pathParams: Record<string, string>,
  query: Record<string, unknown>,
  filename: string,
): Promise<void> {
  const { data, error, response } = await looseGet(path, {
    params: { path: pathParams, query: withReadAfter({ tz: 'partner', ...query }) },
    parseAs: 'blob',
    headers: { accept: 'text/csv' },
  });
  if (error !== undefined || !(data instanceof Blob)) throw problemOf(response.status, error);
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A v4 UUID (crypto.randomUUID needs a secure context; plain-HTTP hosts are not one). */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Envelope = paths['/v1/events']['post']['requestBody']['content']['application/json'];
type OneEvent = Exclude<Envelope, { events: unknown }>;
export type EventInput = Omit<OneEvent, 'eventId' | 'version' | 'occurredAt'> & { occurredAt?: string };

/** Appends one event (an action of the centre) and notes its position for read-your-writes. */
export async function appendEvent(event: EventInput): Promise<number> {
  const body = { eventId: uuid(), version: 1, occurredAt: new Date().toISOString(), ...event } as OneEvent;
  const { data, error, response } = await client.POST('/v1/events', { body });
  if (error !== undefined || !data) throw problemOf(response.status, error);
  noteAppended(data.lastPosition);
  return data.lastPosition;
}

export type Me = paths['/v1/me']['get']['responses'][200]['content']['application/json'];

export async function getMe(): Promise<Me> {
  const { data, error, response } = await client.GET('/v1/me', { params: { query: withReadAfter({ tz: 'partner' }) } });
  if (error !== undefined || !data) throw problemOf(response.status, error);
  return data;
}
