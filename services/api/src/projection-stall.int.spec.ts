import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, readCheckpoint } from '@reckon/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from './cli/verify.js';
import { type ReadSideHandle, startReadSide } from './routes/queries/index.js';
import { cliContext } from './testing/cli.js';
import { customerAssociated, partnerRegistered } from './testing/events.js';
import { bearer, openTestApp, type TestApp } from './testing/harness.js';
import { expectProblem } from './testing/problems.js';

/** The value of `name{projection="…"}` in a Prometheus text body (undefined: absent). */
function gauge(body: string, name: string, projection: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${name}{projection="${projection}"}`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A projection that cannot fold an event (here: a constraint added to its table by hand, the way a
 * bug would break it) is loud: `/readyz` answers 503 naming it, the event's position and the error;
 * `/metrics` shows it stalled; `reckon verify` exits 1 naming it as behind. Once the cause is gone it
 * carries on by itself, and all of them say so.
 */
describe('a projection stopped by an event', () => {
  const db = useTestDatabase('api_projection_stall');
  let store: PostgresEventStore;
  let readSide: ReadSideHandle;
  let running = true;
  let t: TestApp;

  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    readSide = await startReadSide({ databaseUrl: db.url, store, billingTimeZone: 'Asia/Shanghai', retryDelayMs: 300 });
    t = await openTestApp(db.url, {
      queries: { ...readSide.queries, minPositionTimeoutMs: 500 },
      processMetrics: false,
    });
  });
  afterAll(async () => {
    await t?.close();
    if (running) await readSide?.close();
    await store?.close();
  });

  const post = async (events: object[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer('admin'),
      payload: { events },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().lastPosition as number;
  };
  const verify = async (...args: string[]) => {
    const ctx = cliContext(db.url, store);
    const code = await verifyCommand(['all', ...args], ctx);
    return { code, out: ctx.stdout.text() + ctx.stderr.text() };
  };

  it('is named by /readyz, /metrics and reckon verify until it carries on', async () => {
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
    await readSide.queries.pool.query(
      `ALTER TABLE rm_directory.partners ADD CONSTRAINT broken_by_test CHECK (name <> 'Unfoldable Ltd')`,
    );
    // Three partners in one batch: the one before the bad one is kept, the one after waits.
    const head = await post([
      partnerRegistered('P-OK'),
      partnerRegistered('P-BAD', { name: 'Unfoldable Ltd' }),
      partnerRegistered('P-AFTER'),
      customerAssociated('C-AFTER', 'P-AFTER'),
    ]);
    const bad = head - 2;

    const ready = await until('/readyz to answer 503', async () => {
      const res = await t.app.inject('/readyz');
      return res.statusCode === 503 ? res : undefined;
    });
    const problem = expectProblem(ready, 503);
    expect(problem.detail as string).toMatch(
      new RegExp(
        `^projection directory is stopped at position ${bad} since .*: projection directory cannot fold PartnerRegistered`,
      ),
    );
    expect(problem.detail as string).toContain('broken_by_test');
    expect(problem.projections).toEqual([
      {
        projection: 'directory',
        position: bad,
        checkpoint: bad - 1,
        error: expect.stringContaining('broken_by_test'),
        since: expect.any(String),
      },
    ]);
    // The events before the failing one are folded; the other projections are not held up.
    expect((await readCheckpoint(readSide.queries.pool, 'rm_directory')).position).toBe(bad - 1);
    await until('the other projections to reach the head', async () => {
      const positions = await Promise.all(
        PROJECTIONS.filter((p) => p.name !== 'directory').map((p) => readCheckpoint(readSide.queries.pool, p.schema)),
      );
      return positions.every((c) => c.position === head) ? true : undefined;
    });

    const metrics = (await t.app.inject('/metrics')).body;
    expect(gauge(metrics, 'reckon_projection_stalled', 'directory')).toBe(1);
    expect(gauge(metrics, 'reckon_projection_stalled_position', 'directory')).toBe(bad);
    for (const p of PROJECTIONS.filter((x) => x.name !== 'directory')) {
      expect(gauge(metrics, 'reckon_projection_stalled', p.name)).toBe(0);
      expect(gauge(metrics, 'reckon_projection_stalled_position', p.name)).toBeUndefined();
    }

    // A read that waits for the head says why it will not come.
    const read = expectProblem(
      await t.app.inject({ url: `/v1/partners/P-OK/balance?minPosition=${head}`, headers: bearer('admin') }),
      503,
    );
    expect(read.detail as string).toContain(`projection directory is stopped at position ${bad}`);

    const stuck = await verify('--wait-seconds', '30');
    expect(stuck.out).toContain(
      `verify: BEHIND: directory is at position ${bad - 1}, the log at ${head}; stopped at position ${bad} since `,
    );
    expect(stuck.out).toContain('broken_by_test');
    expect(stuck.out).not.toMatch(/^verify: identical: /m);
    expect(stuck.code).toBe(1);

    // The cause goes (a fixed release, here the constraint dropped): the runner's retry gets past it.
    await readSide.queries.pool.query('ALTER TABLE rm_directory.partners DROP CONSTRAINT broken_by_test');
    await until('/readyz to answer 200', async () =>
      (await t.app.inject('/readyz')).statusCode === 200 ? true : undefined,
    );
    expect((await readCheckpoint(readSide.queries.pool, 'rm_directory')).stall).toBeNull();
    const after = (await t.app.inject('/metrics')).body;
    expect(gauge(after, 'reckon_projection_stalled', 'directory')).toBe(0);
    expect(gauge(after, 'reckon_projection_stalled_position', 'directory')).toBeUndefined();
    const clean = await verify();
    expect(clean.out).toMatch(/^verify: identical: /m);
    expect(clean.code).toBe(0);
  });

  it('verify names projections that no process runs while the log moves on', async () => {
    await readSide.close();
    running = false;
    const head = await post([partnerRegistered('P-LATER')]);
    const run = await verify('--wait-seconds', '30');
    for (const p of PROJECTIONS) {
      expect(run.out).toContain(
        `verify: BEHIND: ${p.name} is at position ${head - 1}, the log at ${head}; no process runs it`,
      );
    }
    expect(run.code).toBe(1);
  });

  it('a service or verify in another billing zone than the read models were booked in is refused, naming both', async () => {
    const problem =
      /projection directory: its tables were built with RECKON_BILLING_TZ=Asia\/Shanghai, this process has UTC/;
    await expect(startReadSide({ databaseUrl: db.url, store, billingTimeZone: 'UTC' })).rejects.toThrow(problem);
    const ctx = { ...cliContext(db.url, store), billingTz: 'UTC' };
    expect(await verifyCommand(['all'], ctx)).toBe(1);
    expect(ctx.stderr.text()).toMatch(problem);
    expect(ctx.stderr.text()).toContain('reckon rebuild all');
  });
});
