import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { useTestDatabase } from '@reckon/database/vitest';
import { EXAMPLES } from '@reckon/domain';
import type {
  IncentiveItem,
  Page,
  PartnerBalance,
  PartnerConsumption,
  PublishedRevision,
  Statement,
  StatementDraft,
  SubscriptionItem,
  VoucherQuotaOperation,
} from '@reckon/projections';
import type { Static } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../docs/http-reference.js';
import type { Appended, StoredEvent } from '../routes/schemas.js';
import { KEYS, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';
import { CLIENT_TYPES_PATH, clientTypes } from './generate.js';
import type { operations, paths } from './openapi.js';

/*
 * The answers the generated client expects are the answers the routes' schemas describe: each pair
 * must be the same type both ways, so a route whose answer changes breaks `pnpm typecheck` until
 * the client is generated again (`pnpm docs:http`), and the typed calls below then have to compile
 * against the new contract.
 */
type JsonAnswer<Op extends keyof operations, Status extends number> =
  operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer Body } }> ? Body : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const conforms: [
  Same<JsonAnswer<'getPartnerConsumption', 200>, PartnerConsumption>,
  Same<JsonAnswer<'getPartnerBalance', 200>, PartnerBalance>,
  Same<JsonAnswer<'listVoucherQuotaOperations', 200>, Page<VoucherQuotaOperation>>,
  Same<JsonAnswer<'listCustomerSubscriptions', 200>, Page<SubscriptionItem>>,
  Same<JsonAnswer<'listPartnerIncentives', 200>, Page<IncentiveItem>>,
  Same<JsonAnswer<'getStatement', 200>, Statement>,
  Same<JsonAnswer<'rebuildStatement', 201>, StatementDraft>,
  Same<JsonAnswer<'publishStatementRevision', 200>, PublishedRevision>,
  Same<JsonAnswer<'appendEvents', 201>, Static<typeof Appended>>,
  Same<JsonAnswer<'listStreamEvents', 200>['items'][number], StoredEvent>,
] = [true, true, true, true, true, true, true, true, true, true];

type Operation = {
  operationId?: string;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { description?: string; content?: Record<string, Media> }>;
};
type Media = { schema?: object; example?: unknown; examples?: Record<string, { value: unknown }> };

function operationsOf(doc: OpenApiDocument): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      op,
    ]),
  );
}

/** An OpenAPI 3.0 schema as ajv (draft-07) reads it: `exclusiveMaximum: true` next to `maximum` is the bound itself. */
function draft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(draft07);
  if (node === null || typeof node !== 'object') return node;
  const schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, draft07(value)]));
  for (const [bound, flag] of [
    ['maximum', 'exclusiveMaximum'],
    ['minimum', 'exclusiveMinimum'],
  ] as const) {
    if (schema[flag] === true) {
      schema[flag] = schema[bound];
      delete schema[bound];
    }
  }
  return schema;
}

const examplesOf = (media: Media): unknown[] => [
  ...(media.example === undefined ? [] : [media.example]),
  ...Object.values(media.examples ?? {}).map((example) => example.value),
];

describe('the HTTP contract: the OpenAPI document and the client generated from it', () => {
  const db = useTestDatabase('api_contract');
  let t: QueryTestApp;
  let doc: OpenApiDocument;
  let baseUrl: string;
  let seededAt: number;

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
    doc = (await t.app.inject({ url: '/docs/json' })).json() as OpenApiDocument;
    // The domain's examples: every event type, the partners, customers and orders the document's examples name.
    seededAt = await t.seed(EXAMPLES);
  });
  afterAll(async () => t?.close());

  it('is a valid OpenAPI 3 document with servers, an operationId per operation and examples of answers and errors', async () => {
    expect(conforms.every(Boolean)).toBe(true);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect((doc as { servers?: unknown[] }).servers?.length).toBeGreaterThan(0);
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThanOrEqual(13);
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length);
    for (const [name, op] of operations) {
      expect(op.operationId, `${name} has an operationId`).toMatch(/^[a-z][A-Za-z]+$/);
      if (op.requestBody) {
        const media = Object.values(op.requestBody.content);
        expect(media.flatMap(examplesOf).length, `${name}: an example body`).toBeGreaterThan(0);
      }
      for (const [status, response] of Object.entries(op.responses)) {
        const examples = Object.values(response.content ?? {}).flatMap(examplesOf);
        expect(examples.length, `${name} ${status}: an example`).toBeGreaterThan(0);
        expect(response.description, `${name} ${status}: a description`).not.toBe('Default Response');
      }
    }
  });

  it('gives examples its own schemas accept', async () => {
    const resolved = (await SwaggerParser.dereference(structuredClone(doc) as never)) as unknown as OpenApiDocument;
    // OpenAPI 3.0 schemas: `nullable`, `example`; formats are not checked here.
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    let checked = 0;
    for (const [name, op] of operationsOf(resolved)) {
      const media = [
        ...Object.entries(op.requestBody?.content ?? {}).map(([type, m]) => [`body ${type}`, m] as const),
        ...Object.entries(op.responses).flatMap(([status, response]) =>
          Object.entries(response.content ?? {}).map(([type, m]) => [`${status} ${type}`, m] as const),
        ),
      ];
      for (const [where, m] of media) {
        if (!m.schema) continue;
        const validate = ajv.compile(draft07(m.schema) as object);
        for (const example of examplesOf(m)) {
          expect(validate(example), `${name} ${where}: ${ajv.errorsText(validate.errors)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('is the document the committed client types were generated from (pnpm docs:http writes them)', async () => {
    expect(readFileSync(CLIENT_TYPES_PATH, 'utf8'), 'client/openapi.ts is stale: run pnpm docs:http').toBe(
      await clientTypes(doc),
    );
  });

  it('answers every operation through the typed client as its types say', async () => {
    const client = createClient<paths, 'application/json' | 'application/problem+json'>({
      baseUrl,
      headers: { authorization: `Bearer ${KEYS.admin}` },
    });
    const period = '2026-10';
    const minPosition = seededAt;

    const appended = await client.POST('/v1/events', {
      body: {
        eventId: randomUUID(),
        type: 'AdjustmentPosted',
        version: 1,
        occurredAt: '2026-10-21T10:00:00+08:00',
        data: { adjustmentId: 'ADJ-client', customerId: 'C300', amount: '-5.00', currency: 'CNY', reason: 'goodwill' },
      },
    });
    expect(appended.response.status, JSON.stringify(appended.error)).toBe(201);
    const position = appended.data?.lastPosition ?? 0;
    expect(position).toBeGreaterThan(seededAt);

    const stream = await client.GET('/v1/streams/{streamId}/events', {
      params: { path: { streamId: 'order-O1' }, query: { limit: 1 } },
    });
    expect(stream.data?.items[0]?.type).toBe('OrderPlaced');
    expect(stream.data?.nextCursor).toEqual(expect.any(String));

    const consumption = await client.GET('/v1/partners/{id}/consumption', {
      params: { path: { id: 'R200' }, query: { period, minPosition: position } },
    });
    expect(consumption.data?.customers.map((c) => c.customerId)).toEqual(['C300']);
    expect(consumption.data?.adjustments).toBe('-25.00'); // the examples' -20.00 and this -5.00

    const balance = await client.GET('/v1/partners/{id}/balance', { params: { path: { id: 'R200' } } });
    expect(balance.data?.funds.allocated).toBe('2000.00');

    const operations = await client.GET('/v1/voucher-quotas/{id}/operations', {
      params: { path: { id: 'Q1' }, query: { limit: 2, minPosition } },
    });
    expect(operations.data?.items.map((o) => o.kind)).toEqual(['revoked', 'issued']);

    const subscriptions = await client.GET('/v1/customers/{id}/subscriptions', {
      params: { path: { id: 'C300' }, query: { minPosition } },
    });
    expect(subscriptions.data?.items.map((s) => s.resourceId)).toEqual(['ecs-1']);

    const incentives = await client.GET('/v1/partners/{id}/incentives', {
      params: { path: { id: 'R200' }, query: { period, associationType: 'resale', minPosition } },
    });
    expect(incentives.data?.items.length).toBeGreaterThan(0);
    expect(incentives.data?.items.every((line) => line.period === period)).toBe(true);

    const statement = await client.GET('/v1/partners/{id}/statements/{period}', {
      params: { path: { id: 'R200', period }, query: { minPosition } },
    });
    expect(statement.data?.status).toBe('estimated');

    const draft = await client.POST('/v1/partners/{id}/statements/{period}/rebuild', {
      params: { path: { id: 'R200', period } },
      body: { rulesVersion: '2026.1' },
    });
    expect(draft.response.status, JSON.stringify(draft.error)).toBe(201);
    const revision = draft.data?.revision ?? 0;
    expect(revision).toBe((statement.data?.revision ?? 0) + 1);

    const published = await client.POST('/v1/partners/{id}/statements/{period}/revisions/{revision}/publish', {
      params: { path: { id: 'R200', period, revision } },
    });
    expect(published.data).toEqual({ revision, status: 'published', trueUp: null });

    const unknown = await client.GET('/v1/partners/{id}/balance', { params: { path: { id: 'P9' } } });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.type).toBe('urn:reckon:problem:not-found');

    const liveness = await client.GET('/healthz');
    expect(liveness.data?.status).toBe('ok');
    const readiness = await client.GET('/readyz');
    expect(readiness.data?.status).toBe('ready');
    const metrics = await client.GET('/metrics', { parseAs: 'text' });
    expect(metrics.data).toContain('reckon_events_appended_total');
  });
});
