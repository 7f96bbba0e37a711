// A burst of on-demand charges for one partner in one period on an empty log, crossing a tier
// threshold at the 10,000th (net 100,000), then the period's close: prints how long the projections
// took to catch up with each. On a fresh database the tier shift's UPDATE met tables without
// statistics; joined on partner and period alone it took 52 s for 10,000 lines (now about 2 s for
// the whole burst). Usage: BASE=http://127.0.0.1:3000 KEY=<admin key> node test/repro/tier-shift-burst.mjs [charges]
import { randomUUID } from 'node:crypto';

const base = `${process.env.BASE ?? 'http://127.0.0.1:3000'}/v1`;
const KEY = process.env.KEY;
if (!KEY) throw new Error('KEY (an admin key) is required');
const H = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const N = Number(process.argv[2] ?? 15000);
const ev = (type, occurredAt, data) => ({ eventId: randomUUID(), type, occurredAt, data });
async function post(events) {
  const r = await fetch(`${base}/events`, { method: 'POST', headers: H, body: JSON.stringify({ events }) });
  if (r.status >= 300) throw new Error(`${r.status} ${await r.text()}`);
  return (await r.json()).lastPosition;
}
await post([
  ev('IncentiveRulesPublished', '2026-09-01T00:00:00+08:00', {
    version: 1,
    effectiveFrom: '2026-01',
    rules: [{ rate: '0.05' }],
    tiers: [
      { minNet: '0', bonusRate: '0' },
      { minNet: '100000', bonusRate: '0.01' },
    ],
  }),
  ev('PartnerRegistered', '2026-09-01T00:00:00+08:00', {
    partnerId: 'P',
    name: 'P',
    tier: 'solution_provider',
    level: 'gold',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  }),
  ev('CustomerAssociated', '2026-09-01T00:00:00+08:00', {
    customerId: 'C',
    customerName: 'C',
    partnerId: 'P',
    associationType: 'referral',
  }),
]);
for (let i = 0; i < N; i += 1000) {
  const batch = [];
  for (let j = i; j < Math.min(N, i + 1000); j++) {
    batch.push(
      ev('OnDemandCharged', '2026-10-05T10:00:00+08:00', {
        chargeId: `ch${j}`,
        customerId: 'C',
        productType: 'ecs',
        resourceId: `r${j % 50}`,
        usageType: 'cpu',
        quantity: '1',
        unit: 'h',
        amount: '10.00',
        currency: 'CNY',
        windowStart: '2026-10-05T09:00:00+08:00',
        windowEnd: '2026-10-05T10:00:00+08:00',
      }),
    );
  }
  await post(batch);
}
async function waitFor(p) {
  const t = Date.now();
  for (;;) {
    const r = await fetch(`${base}/partners/P/consumption?period=2026-10&minPosition=${p}`, { headers: H });
    if (r.status === 200) return Date.now() - t;
  }
}
const p0 = await post([
  ev('AdjustmentPosted', '2026-10-06T10:00:00+08:00', {
    adjustmentId: 'a1',
    customerId: 'C',
    amount: '1',
    currency: 'CNY',
    reason: 'x',
  }),
]);
console.log('caught up before close in', await waitFor(p0), 'ms');
// CLOSE=0 leaves the period open (to close it later, e.g. after a restart has emptied the caches).
if (process.env.CLOSE !== '0') {
  const p1 = await post([ev('BillingPeriodClosed', '2026-11-01T00:00:00+08:00', { period: '2026-10' })]);
  console.log('close folded in', await waitFor(p1), 'ms');
}
