/**
 * A probe for the compact whole-log fold (docs/scaling.md): the consumption sums of a whole log
 * folded in memory, one row per customer × month, each row final once (nothing written), with the
 * domain's `addConsumption` on decimal.js and again with amounts as integers scaled by 10⁸ (BigInt),
 * three rounds each, alternated, over the summed events read once:
 *
 *   node --max-old-space-size=6000 --expose-gc --conditions=@reckon/source --import tsx \
 *     test/bench/projections/sums-probe.ts postgres://…/reckon_bench_1m
 *
 * The booking period is the month of occurredAt and the partner is left out (the association
 * lookup is the projection's, not the arithmetic's): it measures what the fold's arithmetic and
 * keyed rows cost, not the projection's figures.
 */
import { addConsumption, type ConsumptionFigures, noConsumption, type TypedEvent } from '@reckon/domain';
import type { StoredEvent } from '@reckon/event-store';
import { PostgresEventStore } from '@reckon/event-store-postgres';

type Summed = StoredEvent & { data: Record<string, string | undefined> };

const gc = (globalThis as { gc?: () => void }).gc;
const SUMMED = new Set(['OrderPlaced', 'OnDemandCharged', 'OrderRefunded', 'SpecChanged', 'AdjustmentPosted']);
const store = await PostgresEventStore.connect(process.argv[2]!);
const events: Summed[] = [];
let started = performance.now();
let read = 0;
for await (const batch of store.readAll({ batchSize: 5000 })) {
  read += batch.length;
  for (const e of batch) if (SUMMED.has(e.type)) events.push(e as Summed);
}
await store.close();
console.log(`read ${read} events (${events.length} summed) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

/** The row's key: the customer (an order's, for its refunds and spec changes) × the month. */
function keyOf(orders: Map<string, string>, e: Summed): string {
  const { customerId, orderId } = e.data;
  if (e.type === 'OrderPlaced') orders.set(orderId!, customerId!);
  return `${customerId ?? orders.get(orderId!)}\u0000${e.occurredAt.slice(0, 7)}`;
}

function decimalFold(): Map<string, unknown> {
  const orders = new Map<string, string>();
  const rows = new Map<string, ConsumptionFigures>();
  for (const e of events) {
    const key = keyOf(orders, e);
    let row = rows.get(key);
    if (!row) {
      row = noConsumption();
      rows.set(key, row);
    }
    addConsumption(row, e as unknown as TypedEvent);
  }
  return rows;
}

const SCALE = 10n ** 8n;
const parsed = new Map<string, bigint>();
/** A decimal string as an integer of 10⁻⁸ (the events' amounts have at most 8 fraction digits). */
function scaled(text: string): bigint {
  let value = parsed.get(text);
  if (value !== undefined) return value;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  value = BigInt(whole!) * SCALE + BigInt(`${fraction}00000000`.slice(0, 8));
  if (negative) value = -value;
  if (parsed.size > 100_000) parsed.clear();
  parsed.set(text, value);
  return value;
}

/** The same sums as `addConsumption`'s: consumption, refund orders, spec-change rebates, adjustments, vouchers used. */
function scaledFold(): Map<string, unknown> {
  const orders = new Map<string, string>();
  const rows = new Map<string, bigint[]>();
  for (const e of events) {
    const key = keyOf(orders, e);
    let row = rows.get(key);
    if (!row) {
      row = [0n, 0n, 0n, 0n, 0n];
      rows.set(key, row);
    }
    const { amount, voucherAmount } = e.data;
    switch (e.type) {
      case 'OrderPlaced':
        row[0]! += scaled(amount!);
        if (voucherAmount !== undefined) row[4]! += scaled(voucherAmount);
        break;
      case 'OnDemandCharged':
        row[0]! += scaled(amount!);
        break;
      case 'OrderRefunded':
        row[1]! += scaled(amount!);
        break;
      case 'SpecChanged': {
        const value = scaled(amount!);
        if (value > 0n) row[0]! += value;
        else row[2]! -= value;
        break;
      }
      case 'AdjustmentPosted':
        row[3]! += scaled(amount!);
        break;
    }
  }
  return rows;
}

for (let round = 0; round < 3; round++) {
  for (const [name, fold] of [
    ['decimal.js', decimalFold],
    ['scaled BigInt', scaledFold],
  ] as const) {
    started = performance.now();
    let rows: Map<string, unknown> | undefined = fold();
    const ms = performance.now() - started;
    const count = rows.size;
    // What the rows keep alive: the heap with them, then without them (with --expose-gc).
    gc?.();
    const holding = process.memoryUsage().heapUsed;
    rows = undefined;
    gc?.();
    const held = gc ? `, ${((holding - process.memoryUsage().heapUsed) / 2 ** 20).toFixed(0)} MiB held` : '';
    console.log(
      `${name}: ${count} rows in ${ms.toFixed(0)} ms, ${Math.round((events.length / ms) * 1000)} summed events/s${held}`,
    );
  }
}
