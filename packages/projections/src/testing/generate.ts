import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@reckon/event-store';

/**
 * A consistent synthetic log for tests and local measurements: partners, customers, orders with
 * voucher parts, upgrades, rebates, refunds within what was paid, on-demand charges, adjustments,
 * funds, quotas and vouchers, and monthly period closes (so late events get forwarded). Amounts are
 * whole cents kept as integers here and written as decimal strings.
 */
export function* syntheticLog(count: number, seed = 1): Generator<NewEvent> {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const cents = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  /** Ids are prefixed by the seed, so logs of several seeds can share one store. */
  const p = `s${seed}-`;
  let emitted = 0;
  const make = (type: string, at: number, data: Record<string, unknown>): NewEvent => {
    emitted++;
    return {
      eventId: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date(at).toISOString(),
      data: data as NewEvent['data'],
      metadata: { actor: 'generator' },
    };
  };

  const start = Date.parse('2026-01-01T00:00:00+08:00');
  let now = start;
  const resellers = ['r1', 'r2', 'r3', 'r4'].map((r) => `${p}${r}`);
  yield make('PartnerRegistered', now, {
    partnerId: `${p}d1`,
    name: 'Distributor',
    tier: 'distributor',
    level: 'gold',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  });
  for (const r of resellers) {
    yield make('PartnerRegistered', now, {
      partnerId: r,
      name: `Reseller ${r}`,
      tier: 'reseller',
      parentId: `${p}d1`,
      level: 'silver',
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
    });
    yield make('FundsAllocated', now, {
      allocationId: `alloc-${r}`,
      distributorId: `${p}d1`,
      resellerId: r,
      amount: '100000000',
      currency: 'CNY',
    });
    yield make('VoucherQuotaGranted', now, {
      quotaId: `q-${r}`,
      grantorId: `${p}d1`,
      partnerId: r,
      amount: '100000000',
      currency: 'CNY',
    });
  }

  interface Order {
    id: string;
    customer: string;
    cash: number;
    voucher: number;
    refunded: number;
    paid: number;
    resources: string[];
  }
  const customers: { id: string; partner: string | null }[] = [];
  const orders: Order[] = [];
  const vouchers: { id: string; customer: string; left: number; revoked: boolean }[] = [];
  /** The voucher each customer spends from next (the latest one issued with value left). */
  const openVoucher = new Map<string, (typeof vouchers)[number]>();
  let closedThrough = -1;
  let n = 0;

  while (emitted < count) {
    now += Math.floor(rand() * 60_000);
    n++;
    const month =
      new Date(now + 8 * 3600_000).getUTCMonth() + 12 * (new Date(now + 8 * 3600_000).getUTCFullYear() - 2026);
    if (month - 1 > closedThrough) {
      closedThrough = month - 1;
      const y = 2026 + Math.floor(closedThrough / 12);
      yield make('BillingPeriodClosed', now, { period: `${y}-${String((closedThrough % 12) + 1).padStart(2, '0')}` });
      continue;
    }
    const roll = rand();
    if (customers.length < 20 || roll < 0.04) {
      const id = `${p}c${customers.length + 1}`;
      const partner = pick(resellers);
      customers.push({ id, partner });
      yield make('CustomerAssociated', now, {
        customerId: id,
        customerName: `Customer ${id}`,
        partnerId: partner,
        associationType: rand() < 0.5 ? 'resale' : 'referral',
        accountManager: 'am',
      });
      continue;
    }
    const customer = pick(customers);
    if (roll < 0.3) {
      const amount = 1000 + Math.floor(rand() * 100000);
      const voucher = openVoucher.get(customer.id);
      const voucherAmount = voucher ? Math.min(voucher.left, Math.floor(amount / 4)) : 0;
      if (voucher) {
        voucher.left -= voucherAmount;
        if (voucher.left <= 0) openVoucher.delete(customer.id);
      }
      const order: Order = {
        id: `${p}o${n}`,
        customer: customer.id,
        cash: amount - voucherAmount,
        voucher: voucherAmount,
        refunded: 0,
        paid: amount,
        resources: [`${p}res${n}a`, `${p}res${n}b`],
      };
      orders.push(order);
      if (orders.length > 200) orders.splice(0, 100); // only recent orders get changed
      yield make('OrderPlaced', now, {
        orderId: order.id,
        customerId: customer.id,
        productType: pick(['ecs', 'rds', 'oss']),
        billingMode: 'subscription',
        currency: 'CNY',
        listAmount: cents(amount),
        amount: cents(amount),
        ...(voucher && voucherAmount > 0 ? { voucherId: voucher.id, voucherAmount: cents(voucherAmount) } : {}),
        resources: order.resources.map((resourceId) => ({ resourceId, spec: '2c4g' })),
        termEnd: new Date(now + 365 * 86400_000).toISOString(),
        autoRenew: rand() < 0.5,
      });
    } else if (roll < 0.4 && orders.length > 0) {
      const order = orders[orders.length - 1 - Math.floor(rand() * Math.min(orders.length, 50))]!;
      const up = rand() < 0.6;
      const amount = up
        ? 100 + Math.floor(rand() * 5000)
        : Math.min(order.paid - order.refunded, 100 + Math.floor(rand() * 2000));
      if (amount <= 0) continue;
      if (up) order.paid += amount;
      else order.refunded += amount;
      yield make('SpecChanged', now, {
        changeId: `${p}ch${n}`,
        orderId: order.id,
        resourceId: order.resources[0]!,
        fromSpec: '2c4g',
        toSpec: up ? '4c8g' : '1c2g',
        amount: up ? cents(amount) : `-${cents(amount)}`,
      });
    } else if (roll < 0.45 && orders.length > 0) {
      const order = orders[orders.length - 1 - Math.floor(rand() * Math.min(orders.length, 50))]!;
      const amount = Math.min(order.paid - order.refunded, 100 + Math.floor(rand() * 20000));
      if (amount <= 0) continue;
      order.refunded += amount;
      yield make('OrderRefunded', now, {
        refundId: `${p}rf${n}`,
        orderId: order.id,
        reason: rand() < 0.5 ? 'unsubscribe' : 'downgrade',
        amount: cents(amount),
        resourceIds: [order.resources[1]!],
      });
    } else if (roll < 0.5 && orders.length > 0) {
      const order = orders[orders.length - 1 - Math.floor(rand() * Math.min(orders.length, 50))]!;
      yield make('AutoRenewSet', now, { orderId: order.id, resourceId: order.resources[0]!, autoRenew: rand() < 0.5 });
    } else if (roll < 0.85) {
      // Now and then a charge from last month arrives after it closed.
      const at = rand() < 0.02 ? now - 35 * 86400_000 : now;
      yield make('OnDemandCharged', at, {
        chargeId: `${p}od${n}`,
        customerId: customer.id,
        productType: 'oss',
        resourceId: `b-${customer.id}`,
        usageType: 'traffic',
        quantity: '1',
        unit: 'GB',
        amount: cents(1 + Math.floor(rand() * 10000)),
        currency: 'CNY',
        windowStart: new Date(at - 3600_000).toISOString(),
        windowEnd: new Date(at).toISOString(),
      });
    } else if (roll < 0.9) {
      yield make('AdjustmentPosted', now, {
        adjustmentId: `${p}adj${n}`,
        customerId: customer.id,
        amount: rand() < 0.5 ? `-${cents(100 + Math.floor(rand() * 1000))}` : cents(100 + Math.floor(rand() * 1000)),
        currency: 'CNY',
        reason: 'correction',
      });
    } else if (roll < 0.95 && customer.partner) {
      const id = `${p}v${n}`;
      const amount = 10000 + Math.floor(rand() * 50000);
      const voucher = { id, customer: customer.id, left: amount, revoked: false };
      vouchers.push(voucher);
      openVoucher.set(customer.id, voucher);
      yield make('VoucherIssued', now, {
        voucherId: id,
        quotaId: `q-${customer.partner}`,
        customerId: customer.id,
        amount: cents(amount),
        expiresAt: new Date(now + 180 * 86400_000).toISOString(),
      });
    } else if (roll < 0.96 && vouchers.length > 0) {
      const voucher = pick(vouchers);
      if (voucher.revoked) continue;
      voucher.revoked = true;
      if (openVoucher.get(voucher.customer) === voucher) openVoucher.delete(voucher.customer);
      yield make('VoucherRevoked', now, { voucherId: voucher.id });
    } else if (roll < 0.97) {
      yield make('FundsAllocated', now, {
        allocationId: `${p}alloc${n}`,
        distributorId: `${p}d1`,
        resellerId: pick(resellers),
        amount: '1000',
        currency: 'CNY',
      });
    } else if (roll < 0.98 && customer.partner) {
      yield make('AssociationTypeSwitched', now, {
        customerId: customer.id,
        partnerId: customer.partner,
        associationType: rand() < 0.5 ? 'resale' : 'referral',
      });
    } else {
      yield make('VoucherQuotaReclaimed', now, { quotaId: `q-${pick(resellers)}`, amount: '1' });
    }
  }
}

/** Appends `count` synthetic events through the store, `batch` per call; returns the head position. */
export async function appendSyntheticLog(
  store: { appendToStreams(requests: { streamId: string; events: NewEvent[] }[]): Promise<{ lastPosition: number }> },
  count: number,
  batch = 1000,
  seed = 1,
): Promise<number> {
  let pending: NewEvent[] = [];
  let last = 0;
  let chunk = 0;
  for (const e of syntheticLog(count, seed)) {
    pending.push(e);
    if (pending.length >= batch) {
      last = (await store.appendToStreams([{ streamId: `synthetic-${chunk++}`, events: pending }])).lastPosition;
      pending = [];
    }
  }
  if (pending.length > 0)
    last = (await store.appendToStreams([{ streamId: `synthetic-${chunk++}`, events: pending }])).lastPosition;
  return last;
}
