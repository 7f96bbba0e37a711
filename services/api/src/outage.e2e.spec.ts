import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createPool,
  type EmbeddedDatabase,
  ensureDatabase,
  type Pool,
  removeEmbeddedData,
  startEmbeddedPostgres,
  withDatabase,
} from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { minimumCheckpoint, PROJECTIONS, verifyProjections } from '@reckon/projections';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { customerAssociated, orderPlaced, partnerRegistered } from './testing/events.js';
import { type StartedService, startService, stopServices } from './testing/service.js';

/**
 * PostgreSQL going away under load (issue 11): the service used to exit on the first connection
 * that died while checked out, and answered 500 meanwhile. Here it must live through it, answer
 * 503 problem+json with Retry-After while the database cannot be reached, resume by itself within
 * 2 s of it coming back, and lose and double nothing.
 */

const KEY = 'outage-admin-key-0001';
const HEADERS = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const PARTNER = 'P-OUT';
const CUSTOMER = 'C-OUT';
const WRITERS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What clients saw while writing orders (1.00 each) and reading the partner's consumption. */
class Traffic {
  /** Event ids the service acknowledged (201, or 200 for a repeat). */
  readonly acked: string[] = [];
  /** `POST 503`, `GET 200`, … */
  readonly answers = new Map<string, number>();
  /** Times of acknowledged writes. */
  readonly writeTimes: number[] = [];
  /** Anything but 2xx or a well-formed 503: must stay empty. */
  readonly unexpected: string[] = [];
  private stopping = false;
  private abandoned = false;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly base: string,
    /** Where the partner and customer are: reads wait for it at least. */
    public lastPosition: number,
  ) {
    for (let writer = 0; writer < WRITERS; writer++) this.loops.push(this.write(writer));
    this.loops.push(this.read());
  }

  count(answer: string): number {
    return this.answers.get(answer) ?? 0;
  }

  /** Stops after each writer has had its order in hand acknowledged. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
  }

  /** Stops at once (a failed test): orders in hand are left unacknowledged. */
  async abandon(): Promise<void> {
    this.abandoned = true;
    await this.stop();
  }

  private note(answer: string): void {
    this.answers.set(answer, this.count(answer) + 1);
  }

  /** Records the answer; true when it was a 2xx. A 503 must be problem+json with Retry-After. */
  private async judge(method: string, response: Response): Promise<boolean> {
    this.note(`${method} ${response.status}`);
    const body = await response.text();
    if (response.ok) {
      const { lastPosition } = JSON.parse(body) as { lastPosition?: number };
      if (lastPosition) this.lastPosition = Math.max(this.lastPosition, lastPosition);
      return true;
    }
    const wellFormed =
      response.status === 503 &&
      /^application\/problem\+json/.test(response.headers.get('content-type') ?? '') &&
      Number(response.headers.get('retry-after')) >= 1 &&
      (JSON.parse(body) as { status?: number }).status === 503;
    if (!wellFormed)
      this.unexpected.push(`${method} ${response.status} ${response.headers.get('retry-after')} ${body}`);
    return false;
  }

  private async write(writer: number): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const order = orderPlaced(`O-OUT-${writer}-${n}`, CUSTOMER, '1.00');
      // The same request until it is acknowledged: a 503 may hide an append that committed, and
      // its repeat must then answer 200 (idempotent) and count once.
      for (let attempt = 0; ; attempt++) {
        if (this.abandoned) return;
        if (attempt > 400) throw new Error(`order ${order.eventId} never acknowledged`);
        try {
          const response = await fetch(`${this.base}/v1/events`, {
            method: 'POST',
            headers: HEADERS,
            body: JSON.stringify(order),
          });
          if (await this.judge('POST', response)) break;
        } catch (error) {
          this.unexpected.push(`POST: ${error}`);
        }
        await sleep(50);
      }
      this.acked.push(order.eventId);
      this.writeTimes.push(Date.now());
    }
  }

  private async read(): Promise<void> {
    while (!this.stopping) {
      try {
        const response = await fetch(
          `${this.base}/v1/partners/${PARTNER}/consumption?period=2026-10&minPosition=${this.lastPosition}`,
          { headers: HEADERS },
        );
        await this.judge('GET', response);
      } catch (error) {
        this.unexpected.push(`GET: ${error}`);
      }
      await sleep(20);
    }
  }
}

async function post(base: string, body: unknown): Promise<number> {
  const response = await fetch(`${base}/v1/events`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { lastPosition: number }).lastPosition;
}

/**
 * After the outage: the process lives and is ready; every acknowledged order is in the log once and
 * nothing else is; the consumption counts each once; a fresh replay (verify) matches every read model.
 */
async function expectIntact(service: StartedService, traffic: Traffic, url: string): Promise<void> {
  expect(traffic.unexpected, service.output()).toEqual([]);
  expect(service.child.exitCode, service.output()).toBeNull();
  expect((await fetch(`${service.base}/readyz`)).status).toBe(200);
  expect(service.output()).toContain('PostgreSQL connection lost');
  expect(service.output()).not.toMatch(/Unhandled|uncaught/i);

  const pool = createPool(url, { max: 2, applicationName: 'reckon-test-check' });
  const store = await PostgresEventStore.connect(url);
  try {
    const logged = await pool.query<{ event_id: string; copies: string }>(
      `SELECT event_id, count(*) AS copies FROM event_log WHERE type = 'OrderPlaced' GROUP BY event_id`,
    );
    expect(logged.rows.every((row) => row.copies === '1')).toBe(true);
    expect(logged.rows.map((row) => row.event_id).sort()).toEqual([...traffic.acked].sort());

    const head = await store.headPosition();
    const figures = await vi.waitFor(
      async () => {
        const response = await fetch(
          `${service.base}/v1/partners/${PARTNER}/consumption?period=2026-10&minPosition=${head}`,
          { headers: HEADERS },
        );
        expect(response.status).toBe(200);
        return (await response.json()) as { consumption: string };
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(Number(figures.consumption)).toBe(traffic.acked.length);

    const verified = await verifyProjections({ pool, store, billingTz: 'Asia/Shanghai', projections: PROJECTIONS });
    expect(verified.differences).toEqual([]);
    expect(verified.position).toBe(head);
  } finally {
    await store.close();
    await pool.end();
  }
}

async function startWithTraffic(databaseUrl: string): Promise<{ service: StartedService; traffic: Traffic }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-outage-'));
  onTestFinished(() => rm(dataDir, { recursive: true, force: true }));
  const service = await startService({
    DATABASE_URL: databaseUrl,
    RECKON_DATA_DIR: dataDir,
    RECKON_API_KEYS: JSON.stringify([{ key: KEY, role: 'admin' }]),
    LOG_LEVEL: 'info',
  });
  await post(service.base, partnerRegistered(PARTNER));
  const traffic = new Traffic(service.base, await post(service.base, customerAssociated(CUSTOMER, PARTNER)));
  onTestFinished(() => traffic.abandon());
  await vi.waitFor(() => expect(traffic.acked.length).toBeGreaterThanOrEqual(20), { timeout: 20_000, interval: 20 });
  return { service, traffic };
}

describe('PostgreSQL outages under concurrent writes', () => {
  afterAll(async () => stopServices());

  describe("the service's connections cut (pg_terminate_backend)", () => {
    const db = useTestDatabase('api_outage_cut');

    it('the process lives, answers 503 with Retry-After, loses and doubles nothing', { timeout: 120_000 }, async () => {
      const { service, traffic } = await startWithTraffic(db.url);
      const admin = createPool(db.url, { max: 1, applicationName: 'reckon-test-admin' });
      onTestFinished(() => admin.end());
      // Every backend of the service (event store, read side, projections' locks, readiness), again
      // and again, until some request was caught with its connection cut.
      let cuts = 0;
      const deadline = Date.now() + 30_000;
      while ((cuts < 10 || traffic.count('POST 503') + traffic.count('GET 503') === 0) && Date.now() < deadline) {
        const cut = await admin.query<{ cut: string }>(
          `SELECT count(pg_terminate_backend(pid)) AS cut FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND application_name LIKE 'reckon-%' AND application_name <> 'reckon-test-admin'`,
        );
        if (Number(cut.rows[0]?.cut) > 0) cuts++;
        await sleep(100 + Math.random() * 200);
      }
      console.info(`[outage] ${cuts} cuts; answers ${JSON.stringify([...traffic.answers])}`);
      expect(cuts).toBeGreaterThanOrEqual(10);
      expect(
        traffic.count('POST 503') + traffic.count('GET 503'),
        JSON.stringify([...traffic.answers]),
      ).toBeGreaterThan(0);
      const written = traffic.acked.length;
      await vi.waitFor(() => expect(traffic.acked.length).toBeGreaterThanOrEqual(written + 20), {
        timeout: 10_000,
        interval: 20,
      });
      await traffic.stop();
      await expectIntact(service, traffic, db.url);
    });
  });

  describe('the database server stopped and started again', () => {
    it('the process lives, answers 503 with Retry-After meanwhile, resumes within 2 s, loses and doubles nothing', {
      timeout: 180_000,
    }, async () => {
      // A server of the test's own: never the machine's PostgreSQL, which others use.
      const dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-outage-pg-'));
      let server: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir, unsafeFast: true });
      onTestFinished(async () => {
        await stopServices();
        await server.stop();
        await removeEmbeddedData(dataDir);
      });
      await ensureDatabase(server.url, 'reckon');
      const url = withDatabase(server.url, 'reckon');
      const { service, traffic } = await startWithTraffic(url);

      await server.stop();
      const before = { post: traffic.count('POST 503'), get: traffic.count('GET 503') };
      await sleep(3000);
      expect(service.child.exitCode, service.output()).toBeNull();
      expect((await fetch(`${service.base}/healthz`)).status).toBe(200);
      expect((await fetch(`${service.base}/readyz`)).status).toBe(503);
      expect(traffic.count('POST 503')).toBeGreaterThan(before.post);
      expect(traffic.count('GET 503')).toBeGreaterThan(before.get);

      server = await startEmbeddedPostgres({ dataDir, port: server.port, unsafeFast: true });
      const back = Date.now();
      const admin: Pool = createPool(url, { max: 1, applicationName: 'reckon-test-admin' });
      onTestFinished(() => admin.end());
      const head = Number((await admin.query('SELECT max(global_position) AS head FROM event_log')).rows[0].head);
      const written = await vi.waitFor(
        () => {
          const first = traffic.writeTimes.find((time) => time >= back);
          expect(first, 'a write acknowledged').toBeDefined();
          return first as number;
        },
        { timeout: 10_000, interval: 20 },
      );
      const projected = await vi.waitFor(
        async () => {
          expect(await minimumCheckpoint(admin), 'the projections past the head').toBeGreaterThanOrEqual(head);
          return Date.now();
        },
        { timeout: 10_000, interval: 20 },
      );
      console.info(
        `[outage] server stopped and started: commands answered again after ${written - back} ms, ` +
          `projections past ${head} after ${projected - back} ms; answers ${JSON.stringify([...traffic.answers])}`,
      );
      expect(written - back, 'commands answer again').toBeLessThanOrEqual(2000);
      expect(projected - back, 'projections run again').toBeLessThanOrEqual(2000);

      await traffic.stop();
      await expectIntact(service, traffic, url);
    });
  });
});
