/**
 * What subscriptions' whole state weighs in V8's heap as its caches keep it: every row of
 * rm_subscriptions' two tables (as a rebuild left them) made into objects of the caches' shape
 * (the fields read-models/subscriptions.ts's parsers make; repeated here, not imported: the facts
 * are not exported) in `Map`s, as a replay that never drops an entry would hold them. Prints MiB per part.
 *
 *   node --expose-gc test/bench/probes/subscriptions-state.mjs postgres://…/reckon_bench_1m
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pg = createRequire(path.join(root, 'packages/database/package.json'))('pg');
const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url || typeof global.gc !== 'function') {
  throw new Error('usage: node --expose-gc test/bench/probes/subscriptions-state.mjs DATABASE_URL');
}
const client = new pg.Client({ connectionString: url });
await client.connect();
// timestamptz as PostgreSQL's text, as the row caches read it (context/row-cache.ts).
const types = { getTypeParser: (oid, format) => (oid === 1184 ? (v) => v : pg.types.getTypeParser(oid, format)) };
const heapMib = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed / 1048576;
};
const before = heapMib();
const subscriptions = new Map();
for (const r of (await client.query({ text: 'SELECT * FROM rm_subscriptions.subscriptions', types })).rows) {
  subscriptions.set(`${r.customer_id}\u0000${r.resource_id}`, {
    customerId: r.customer_id,
    resourceId: r.resource_id,
    orderId: r.order_id,
    firstOrderId: r.first_order_id,
    productType: r.product_type,
    spec: r.spec === null ? null : JSON.stringify(r.spec),
    termEnd: r.term_end,
    autoRenew: r.auto_renew,
    status: r.status,
    renewals: r.renewals,
    placedAt: r.placed_at,
    releasedAt: r.released_at,
    lastRefundId: r.last_refund_id,
    lastRefundReason: r.last_refund_reason,
    updatedPosition: Number(r.updated_position),
  });
}
const afterSubscriptions = heapMib();
const orders = new Map();
const book = new Map();
const sql = 'SELECT * FROM rm_subscriptions.subscription_orders ORDER BY order_id, position, resource_id';
for (const r of (await client.query({ text: sql, types })).rows) {
  orders.set(`${r.order_id}\u0000${r.resource_id}`, {
    orderId: r.order_id,
    resourceId: r.resource_id,
    customerId: r.customer_id,
    productType: r.product_type,
    renewalOf: r.renewal_of,
    termEnd: r.term_end,
    autoRenew: r.auto_renew,
    placedAt: r.placed_at,
    refundId: r.refund_id,
    refundReason: r.refund_reason,
    refundedAt: r.refunded_at,
    position: Number(r.position),
  });
  const order = book.get(r.order_id);
  if (order) order.resourceIds.push(r.resource_id);
  else book.set(r.order_id, { orderId: r.order_id, customerId: r.customer_id, resourceIds: [r.resource_id] });
}
const after = heapMib();
console.log(
  `subscriptions ${subscriptions.size}: ${(afterSubscriptions - before).toFixed(1)} MiB; ` +
    `order rows ${orders.size} and the book of ${book.size} orders: ${(after - afterSubscriptions).toFixed(1)} MiB; ` +
    `in all ${(after - before).toFixed(1)} MiB`,
);
await client.end();
