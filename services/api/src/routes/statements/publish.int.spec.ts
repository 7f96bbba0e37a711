import { useTestDatabase } from '@reckon/database/vitest';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from '../../cli/verify.js';
import { cliContext } from '../../testing/cli.js';
import { customerAssociated, envelope, orderPlaced, partnerRegistered } from '../../testing/events.js';
import { bearer, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

const at = (instant: string) => `${instant}+08:00`;

interface Revision {
  revision: number;
  status: string;
  total: string;
  checksum: string;
  lines: { sourceId: string; rate: string; amount: string }[];
}
interface Draft {
  revision: number;
  total: string;
  diff: { totalBefore: string; totalAfter: string; difference: string; lines: unknown[] };
}
interface PublishedData {
  partnerId: string;
  period: string;
  revision: number;
  rulesVersion: string;
  totalBefore: string;
  totalAfter: string;
}

/**
 * Publishing a draft (SPEC §4, §5; docs/incentives.md "Publishing checks the draft"): the projection
 * recomputes the revision when it folds StatementRevisionPublished, so the publish recomputes it the
 * same way first. A closed period's draft that events since the rebuild changed (a back-dated
 * programme enrolment here) is refused with 409 and nothing appended; an open period's is published
 * as recomputed; either way the event's totals are those of the revision the projection then holds.
 * The audit of statements (F1, F2) found the published revision, its TrueUp and the event's totals
 * all differing from the reviewed draft.
 */
describe('publishing a statement draft books what the draft showed, or is refused', () => {
  const db = useTestDatabase('api_statement_publish');
  let t: QueryTestApp;

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      // The audit's rule set v5: 1 %, a 0.5 % tier from a net of 1000, programme PCE +2 %.
      envelope(
        'IncentiveRulesPublished',
        {
          version: 'v5',
          effectiveFrom: '2026-11',
          rules: [{ id: 'all', rate: '0.01' }],
          tiers: [
            { minNet: '0', bonusRate: '0' },
            { minNet: '1000', bonusRate: '0.005' },
          ],
          programs: { PCE: { bonusRate: '0.02' } },
        },
        at('2026-10-30T00:00:00'),
      ),
      // A later set that covers no open period yet: drafts are rebuilt under it.
      envelope(
        'IncentiveRulesPublished',
        { version: 'v6', effectiveFrom: '2027-01', rules: [{ id: 'all', rate: '0.02' }] },
        at('2026-10-30T00:00:00'),
      ),
      ...['P9', 'P7', 'P8'].map((p) => ({
        ...partnerRegistered(p, { level: 'x', timeZone: 'UTC' }),
        occurredAt: at('2026-11-01T00:00:00'),
      })),
      ...['9', '7', '8'].map((n) => ({
        ...customerAssociated(`C${n}`, `P${n}`),
        occurredAt: at('2026-11-01T00:00:00'),
      })),
      { ...orderPlaced('O90', 'C9', '1000'), occurredAt: at('2026-11-15T10:00:00') },
      { ...orderPlaced('O70', 'C7', '1000'), occurredAt: at('2026-11-15T10:00:00') },
      { ...orderPlaced('O80', 'C8', '500'), occurredAt: at('2026-12-03T10:00:00') },
      envelope('BillingPeriodClosed', { period: '2026-11' }, at('2026-12-01T02:00:00')),
    ]);
  });
  afterAll(async () => t?.close());

  const post = (url: string, payload?: unknown) =>
    t.app.inject({ method: 'POST', url, headers: bearer('finance'), ...(payload ? { payload } : {}) });
  const get = (url: string) => t.app.inject({ url, headers: bearer('admin') });
  const ok = <T>(response: LightMyRequestResponse, status = 200): T => {
    expect(response.statusCode, response.body).toBe(status);
    return response.json() as T;
  };
  const rebuild = async (partner: string, period: string, rulesVersion: string) =>
    ok<Draft>(await post(`/v1/partners/${partner}/statements/${period}/rebuild`, { rulesVersion }), 201);
  const publish = (partner: string, period: string, revision: number) =>
    post(`/v1/partners/${partner}/statements/${period}/revisions/${revision}/publish`);
  const statement = async (partner: string, period: string, revision?: number) =>
    ok<Revision>(
      await get(`/v1/partners/${partner}/statements/${period}${revision === undefined ? '' : `?revision=${revision}`}`),
    );
  /** The StatementRevisionPublished events of a statement, as the stream audit view reads them from the log. */
  const publications = async (partner: string, period: string) => {
    const response = await get(`/v1/streams/statement-${partner}-${period}/events`);
    if (response.statusCode === 404) return []; // the stream has no events
    const page = ok<{ items: { type: string; data: PublishedData }[] }>(response);
    return page.items.filter((e) => e.type === 'StatementRevisionPublished').map((e) => e.data);
  };
  /** The event's totals are those of the revisions the projection holds after folding it. */
  const expectEventDescribesRevisions = async (event: PublishedData | undefined, before: number) => {
    expect(event).toBeDefined();
    const published = await statement(event!.partnerId, event!.period, event!.revision);
    const previous = await statement(event!.partnerId, event!.period, before);
    expect(event!.totalAfter).toBe(published.total);
    expect(event!.totalBefore).toBe(previous.total);
  };

  it('refuses a closed period’s draft that a back-dated enrolment changed (409, nothing appended); a new rebuild publishes the true-up it shows', async () => {
    // O90 1000 × (1 % + 0.5 % tier) = 15.00, and the same under v5 in a draft: no difference.
    const first = await rebuild('P9', '2026-11', 'v5');
    expect(first).toMatchObject({ revision: 2, total: '15.00', diff: { difference: '0.00', lines: [] } });
    const reviewed = await statement('P9', '2026-11', 2);

    // Back-dated into the closed month: the draft still shows 15.00, publishing would book 35.00.
    await t.seed([envelope('PartnerProgramEnrolled', { partnerId: 'P9', program: 'PCE' }, at('2026-11-01T00:00:00'))]);
    expect((await statement('P9', '2026-11', 2)).total).toBe('15.00');

    const head = await t.store.headPosition();
    const refused = expectProblem(await publish('P9', '2026-11', 2), 409);
    expect(refused).toMatchObject({
      type: 'urn:reckon:problem:statement-conflict',
      detail:
        'revision 2 of 2026-11 no longer matches what publishing would book: events since the rebuild changed its ' +
        'lines or rates (draft total 15.00, now 35.00); rebuild it again and publish the new draft',
    });
    expect(await t.store.headPosition()).toBe(head);
    expect(await publications('P9', '2026-11')).toEqual([]);
    // Still a draft, as reviewed; the closed revision is still current; no TrueUp in December.
    const still = await statement('P9', '2026-11', 2);
    expect(still).toEqual(reviewed);
    expect(still.status).toBe('draft');
    expect(await statement('P9', '2026-11')).toMatchObject({ revision: 1, total: '15.00', status: 'confirmed' });
    expect((await get('/v1/partners/P9/statements/2026-12')).statusCode).toBe(404);

    // Rebuilt again: the diff shows the enrolment (O90 at 3.5 %), and publishing books exactly it.
    const second = await rebuild('P9', '2026-11', 'v5');
    expect(second).toMatchObject({
      revision: 2,
      total: '35.00',
      diff: {
        totalBefore: '15.00',
        totalAfter: '35.00',
        difference: '20.00',
        lines: [{ sourceType: 'OrderPlaced', sourceId: 'O90', before: '15.00', after: '35.00' }],
      },
    });
    const draft = await statement('P9', '2026-11', 2);
    expect(ok(await publish('P9', '2026-11', 2))).toEqual({
      revision: 2,
      status: 'published',
      trueUp: { period: '2026-12', amount: '20.00' },
    });
    const published = await statement('P9', '2026-11');
    expect(published).toMatchObject({ revision: 2, status: 'confirmed', total: '35.00', checksum: draft.checksum });
    expect(published.lines.map((l) => [l.sourceId, l.rate, l.amount])).toEqual([['O90', '0.035', '35.00']]);
    const december = await statement('P9', '2026-12');
    expect(december.lines).toMatchObject([{ sourceId: '2026-11/r2', amount: '20.00' }]);

    const events = await publications('P9', '2026-11');
    expect(events).toEqual([
      {
        partnerId: 'P9',
        period: '2026-11',
        revision: 2,
        rulesVersion: 'v5',
        totalBefore: '15.00',
        totalAfter: '35.00',
      },
    ]);
    await expectEventDescribesRevisions(events[0], 1);
  });

  it('publishes a closed period’s draft unchanged when nothing it depends on moved (other partners’ events do not refuse it)', async () => {
    // O70 1000 × 1.5 % = 15.00 under v5; under v6, 2 % and no tier: 20.00.
    const draft = await rebuild('P7', '2026-11', 'v6');
    expect(draft).toMatchObject({ revision: 2, total: '20.00', diff: { difference: '5.00' } });
    const reviewed = await statement('P7', '2026-11', 2);
    // Since the rebuild: another partner's back-dated change, and a new order in the open period.
    await t.seed([
      envelope('PartnerProfileChanged', { partnerId: 'P9', level: 'y' }, at('2026-11-01T00:00:00')),
      { ...orderPlaced('O71', 'C7', '100'), occurredAt: at('2026-12-04T10:00:00') },
    ]);
    expect(ok(await publish('P7', '2026-11', 2))).toEqual({
      revision: 2,
      status: 'published',
      trueUp: { period: '2026-12', amount: '5.00' },
    });
    const published = await statement('P7', '2026-11');
    expect(published).toMatchObject({ revision: 2, status: 'confirmed', total: '20.00' });
    expect(published.checksum).toBe(reviewed.checksum);
    expect(published.lines).toEqual(reviewed.lines.map((l) => ({ ...l, status: 'confirmed' })));
    const events = await publications('P7', '2026-11');
    expect(events).toMatchObject([{ revision: 2, rulesVersion: 'v6', totalBefore: '15.00', totalAfter: '20.00' }]);
    await expectEventDescribesRevisions(events[0], 1);
  });

  it('books each later publish of a closed period against the revision before it: back and forth, −5.00 then +5.00', async () => {
    // P7 2026-11 is at revision 2 (v6, 20.00) after the case above.
    const back = await rebuild('P7', '2026-11', 'v5');
    expect(back).toMatchObject({ revision: 3, total: '15.00', diff: { difference: '-5.00' } });
    expect(ok(await publish('P7', '2026-11', 3))).toMatchObject({ trueUp: { period: '2026-12', amount: '-5.00' } });
    const forth = await rebuild('P7', '2026-11', 'v6');
    expect(forth).toMatchObject({ revision: 4, total: '20.00', diff: { difference: '5.00' } });
    expect(ok(await publish('P7', '2026-11', 4))).toMatchObject({ trueUp: { period: '2026-12', amount: '5.00' } });
    const december = await statement('P7', '2026-12');
    const trueUps = december.lines.filter((l) => l.sourceId.startsWith('2026-11/'));
    expect(trueUps.map((l) => [l.sourceId, l.amount])).toEqual([
      ['2026-11/r2', '5.00'],
      ['2026-11/r3', '-5.00'],
      ['2026-11/r4', '5.00'],
    ]);
  });

  it('publishes an open period’s draft as recomputed at publish: the event’s totals are the published revision’s', async () => {
    // December is open: O80 500 × 1 % = 5.00 under v5, 10.00 under v6.
    const draft = await rebuild('P8', '2026-12', 'v6');
    expect(draft).toMatchObject({
      revision: 2,
      total: '10.00',
      diff: { totalBefore: '5.00', totalAfter: '10.00', difference: '5.00' },
    });
    // A new order after the rebuild: revision 1 follows it (net 1500, tier 0.5 %: 7.50 + 15.00).
    await t.seed([{ ...orderPlaced('O81', 'C8', '1000'), occurredAt: at('2026-12-05T10:00:00') }]);
    expect(await statement('P8', '2026-12')).toMatchObject({ revision: 1, total: '22.50' });

    expect(ok(await publish('P8', '2026-12', 2))).toEqual({ revision: 2, status: 'published', trueUp: null });
    // v6 has no tier: 500 × 2 % + 1000 × 2 % = 30.00, not the draft's 10.00.
    const published = await statement('P8', '2026-12');
    expect(published).toMatchObject({ revision: 2, status: 'estimated', total: '30.00' });
    const events = await publications('P8', '2026-12');
    expect(events).toMatchObject([{ revision: 2, rulesVersion: 'v6', totalBefore: '22.50', totalAfter: '30.00' }]);
    await expectEventDescribesRevisions(events[0], 1);
  });

  it('a replay of the log from zero makes the same revisions, so the events’ totals describe them there too', async () => {
    const ctx = cliContext(db.url, t.store);
    expect(await verifyCommand(['incentives'], ctx), ctx.stdout.text() + ctx.stderr.text()).toBe(0);
    expect(ctx.stdout.text()).toMatch(/^verify: identical: /);
  });
});
