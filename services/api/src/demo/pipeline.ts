/**
 * `pnpm demo`'s work once the service runs: import the demo programme through the append pipeline
 * (idempotent: the event ids are the same every run), wait for the projections, then rebuild the
 * PCE partner's closed statement under the newer rule set and publish it — through the HTTP routes
 * themselves (`app.inject`), so the true-up is made exactly as an operator would make it. A second
 * run appends nothing and publishes nothing.
 */
import { Readable } from 'node:stream';
import type { Pool } from '@reckon/database';
import { minimumCheckpoint } from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import type { CommandHandler } from '../application/command-handler.js';
import { importEvents } from '../cli/import.js';
import { DEMO_EVENTS, type DemoCast, type DemoOptions, demoEvents, findCast } from './programme.js';

export interface DemoDeps {
  app: FastifyInstance;
  commands: CommandHandler;
  store: { headPosition(): Promise<number> };
  /** The read-model pool (projection checkpoints). */
  pool: Pool;
  adminKey: string;
  /** Progress lines (default: stderr). */
  progress?: (line: string) => void;
  /** Give up between batches when this turns true (the service is stopping). */
  stopping?: () => boolean;
}

export interface DemoLoad {
  cast: DemoCast;
  /** Events in the demo programme, and how many this run appended (0 on a repeat). */
  events: number;
  appended: number;
  duplicates: number;
  /** The head of the log once loaded (the guide's `minPosition`). */
  head: number;
  /** Whether this run published the true-up (false: it was already published). */
  published: boolean;
  /** The TrueUp booked in the first open period, as the publish answered it (null on a repeat). */
  trueUp: { period: string; amount: string } | null;
  seconds: number;
}

export class DemoStopped extends Error {
  override name = 'DemoStopped';
}

function ndjson(options: DemoOptions): Readable {
  return Readable.from(
    (function* () {
      for (const event of demoEvents(options)) yield `${JSON.stringify(event)}\n`;
    })(),
  );
}

/** One line at most every `ms`, and a forced one (the last) unless it was just printed. */
function throttled(write: (line: string) => void, ms = 1000) {
  let last = 0;
  let previous = '';
  return (line: string, force = false) => {
    if (line === previous || (!force && Date.now() - last < ms)) return;
    last = Date.now();
    previous = line;
    write(line);
  };
}

export async function loadDemo(deps: DemoDeps, options: DemoOptions = {}): Promise<DemoLoad> {
  const started = Date.now();
  const write = deps.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stopping = deps.stopping ?? (() => false);
  const cast = findCast(demoEvents(options));
  const total = options.events ?? DEMO_EVENTS;

  // 1. The log: the same checks as POST /v1/events; repeats of earlier runs are no-ops.
  const say = throttled(write);
  const summary = await importEvents(
    deps.commands,
    ndjson(options),
    { actor: { kind: 'demo', command: 'pnpm demo' }, requestId: 'demo-import' },
    {
      batchSize: 1000,
      onProgress: (done) => {
        if (stopping()) throw new DemoStopped('stopping');
        const rate = Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
        say(`demo: importing events ${done}/${total} (${rate}/s)`, done === total);
      },
    },
  );
  if (summary.refused.length > 0) {
    const first = summary.refused[0];
    throw new Error(`demo: ${summary.refused.length} events refused, first line ${first?.line}: ${first?.reason}`);
  }
  write(`demo: ${summary.accepted} events appended, ${summary.duplicates} already there`);

  // 2. The read side: every projection up to the head of the log.
  const head = await deps.store.headPosition();
  for (;;) {
    const at = await minimumCheckpoint(deps.pool);
    say(`demo: projections at ${at}/${head}`, at >= head);
    if (at >= head) break;
    if (stopping()) throw new DemoStopped('stopping');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // 3. The true-up: rebuild the closed statement under the newer rules and publish it, once.
  const { pcePartner, trueUp } = cast;
  const headers = { authorization: `Bearer ${deps.adminKey}` };
  const statementUrl = `/v1/partners/${pcePartner.partnerId}/statements/${trueUp.period}`;
  const current = await deps.app.inject({ url: statementUrl, headers });
  if (current.statusCode !== 200) throw new Error(`demo: GET ${statementUrl}: ${current.statusCode} ${current.body}`);
  let published = false;
  let booked: DemoLoad['trueUp'] = null;
  if (String(current.json().rulesVersion) !== trueUp.toRules) {
    const rebuilt = await deps.app.inject({
      method: 'POST',
      url: `${statementUrl}/rebuild`,
      headers,
      payload: { rulesVersion: trueUp.toRules },
    });
    if (rebuilt.statusCode !== 201) throw new Error(`demo: rebuild: ${rebuilt.statusCode} ${rebuilt.body}`);
    const draft = rebuilt.json() as { revision: number; diff: { difference: string; lines: unknown[] } };
    write(
      `demo: rebuilt ${pcePartner.partnerId} ${trueUp.period} under rules ${trueUp.toRules}: draft revision ` +
        `${draft.revision}, ${draft.diff.lines.length} lines differ, difference ${draft.diff.difference}`,
    );
    const publish = await deps.app.inject({
      method: 'POST',
      url: `${statementUrl}/revisions/${draft.revision}/publish`,
      headers,
    });
    if (publish.statusCode !== 200) throw new Error(`demo: publish: ${publish.statusCode} ${publish.body}`);
    booked = (publish.json() as { trueUp: DemoLoad['trueUp'] }).trueUp;
    published = true;
    write(
      `demo: published revision ${draft.revision}` +
        (booked ? `; TrueUp ${booked.amount} booked in ${booked.period}` : '; no TrueUp (no difference)'),
    );
  } else {
    write(`demo: the true-up of ${trueUp.period} under rules ${trueUp.toRules} is already published`);
  }
  return {
    cast,
    events: total,
    appended: summary.accepted,
    duplicates: summary.duplicates,
    head: await deps.store.headPosition(),
    published,
    trueUp: booked,
    seconds: (Date.now() - started) / 1000,
  };
}
