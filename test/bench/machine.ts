/**
 * Yardsticks of the machine itself, taken before the sections run, so that runs on different
 * machines can be told apart from changes of the code: the machines the bench has run on gave
 * figures up to 2.8× apart on the same code (docs/scaling-history.md). One says how fast the
 * machine runs JavaScript like the folds', two how long a round trip takes (the HTTP and
 * single-event figures feel that most). Each is the best of three short runs: a shared machine
 * only adds noise upwards.
 */
import net from 'node:net';
import { Decimal } from '@reckon/domain';
import pg from 'pg';
import type { Figure } from './harness.js';

/** The lowest of three runs of `measure`. */
async function best(measure: () => number | Promise<number>): Promise<number> {
  let value = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) value = Math.min(value, await measure());
  return value;
}

/** An event shaped like the log's orders, as its JSON text. */
const EVENT = JSON.stringify({
  eventId: '6f1c2b9e-0a4d-4c7e-8b2f-000000000024',
  type: 'OrderPlaced',
  version: 1,
  occurredAt: '2026-10-05T10:00:00.000+08:00',
  data: {
    orderId: 'O-000123',
    customerId: 'C-000045',
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: '1200.00',
    amount: '1080.00',
    resources: [{ resourceId: 'res-000123' }],
    termEnd: '2027-10-05T10:00:00+08:00',
  },
  metadata: { actor: 'bench' },
});

/**
 * µs of one thread's CPU per unit of JavaScript work like a fold's: parse an event's JSON, add
 * two of its amounts with decimal.js, format the sum, stringify the event again.
 */
function jsUnitUs(): number {
  const n = 20_000;
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const event = JSON.parse(EVENT) as { data: { listAmount: string; amount: string } };
    const sum = new Decimal(event.data.listAmount).plus(event.data.amount).toFixed(2);
    sink += sum.length + JSON.stringify(event).length;
  }
  if (sink === 0) throw new Error('unreachable');
  return ((performance.now() - started) * 1000) / n;
}

/**
 * µs per round trip of a small message over loopback TCP, between two sockets of this process: what
 * the machine's network stack costs each request and each query (in some sandboxes far more than
 * the system call itself).
 */
async function loopbackUs(): Promise<number> {
  const server = net.createServer((socket) => socket.on('data', (chunk) => socket.write(chunk)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  try {
    const n = 2000;
    const message = Buffer.from('ping');
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const answered = new Promise((resolve) => socket.once('data', resolve));
      socket.write(message);
      await answered;
    }
    return ((performance.now() - started) * 1000) / n;
  } finally {
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** µs per `SELECT 1` on `client`, one after another: a round trip to PostgreSQL. */
async function roundTripUs(client: pg.Client): Promise<number> {
  const n = 1000;
  const started = performance.now();
  for (let i = 0; i < n; i++) await client.query('SELECT 1');
  return ((performance.now() - started) * 1000) / n;
}

export async function machineYardsticks(url: string): Promise<Figure[]> {
  jsUnitUs(); // compiled by V8's optimising tiers before it is timed
  const js = await best(jsUnitUs);
  const loopback = await best(loopbackUs);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let database: number;
  try {
    database = await best(() => roundTripUs(client));
  } finally {
    await client.end();
  }
  return [
    {
      key: 'machine_js_unit_us',
      value: Number(js.toFixed(2)),
      unit: 'µs',
      label: 'JS work unit (JSON parse + decimal add + stringify)',
    },
    {
      key: 'machine_loopback_round_trip_us',
      value: Number(loopback.toFixed(1)),
      unit: 'µs',
      label: 'a loopback TCP round trip (Node.js to Node.js)',
    },
    {
      key: 'machine_pg_round_trip_us',
      value: Number(database.toFixed(1)),
      unit: 'µs',
      label: 'SELECT 1 round trip to PostgreSQL',
    },
  ];
}
