/**
 * Histories that use every event type at the edges of what the engine accepts (SPEC §1 "Bounds"):
 * with every optional field absent ("minimal"), with the largest amounts, the earliest and latest
 * instants and the widest offsets, the longest ids and texts ("extreme"), or anything in between (a
 * property test draws the profile). A history is valid when posted in order to a log that holds
 * other such histories: its ids are its own (by `tag`); only the period it closes must be the log's
 * next one, and its rule-set version new.
 */
import { randomUUID } from 'node:crypto';
import {
  characterCount,
  Decimal,
  EVENT_TYPES,
  MAX_AMOUNT_INTEGER_DIGITS,
  MAX_ID_LENGTH,
  MAX_TEXT_LENGTH,
  roundHalfUpTo,
} from '@reckon/domain';
import type { JsonObject, JsonValue, NewEvent } from '@reckon/event-store';

/** The largest amount the bounds allow: 15 integer digits, 8 fraction digits. */
export const MAX_AMOUNT = `${'9'.repeat(MAX_AMOUNT_INTEGER_DIGITS)}.${'9'.repeat(8)}`;

/** 2,000 CJK ideographs (3 bytes each in UTF-8). */
export const CJK = String.fromCodePoint(...Array.from({ length: 2000 }, (_, i) => 0x4e00 + i));

/** 1,000 characters outside the BMP (two UTF-16 code units, 4 bytes in UTF-8 each). */
export const ASTRAL = String.fromCodePoint(...Array.from({ length: 1000 }, (_, i) => 0x20000 + i));

/** The earliest and the latest instants the bounds allow, with the widest offsets. */
export const EARLIEST = '1970-01-01T00:00:00+14:00';
export const LATEST = '9998-12-31T23:59:59.999999999-14:00';

export interface BoundaryProfile {
  /** Makes the ids of this history its own (letters and digits, at most 24 characters). */
  tag: string;
  /** Ids are the tag and a role, padded with characters of `pad` to this length (at most 128). */
  idLength: number;
  /** Free texts: this many characters (at least 1), padded with characters of `pad`. */
  textLength: number;
  /**
   * The characters that pad ids and texts, taken in a scattered order so that a long text does not
   * compress (PostgreSQL compresses a long index entry first): a CJK character takes 3 bytes in UTF-8.
   */
  pad: string;
  /** Whether the optional fields are given. */
  optional: boolean;
  /** The amount money events are made from: at least 0.02, at most `MAX_AMOUNT`. */
  amount: string;
  /** Business times, strictly increasing: set-up, orders, late facts. */
  times: readonly [string, string, string];
  /** The period this history closes (the log's next one to close); none: it closes nothing. */
  close?: string;
  /** The two rule-set versions it publishes (new in the log). */
  rulesVersions: readonly [string | number, string | number];
  /** Nesting depth of the object specs of its resources (0: specs are strings). */
  specDepth: number;
  /** Characters of metadata on each event, in strings of at most 1,024 (0: none; at most ~8,000). */
  metadataLength: number;
  /** The partners' display time zone. */
  timeZone: string;
}

/** Every optional field absent, the shortest texts and ids, small amounts, ordinary times. */
export function minimalProfile(tag: string, over: Partial<BoundaryProfile> = {}): BoundaryProfile {
  return {
    tag,
    idLength: 0,
    textLength: 1,
    pad: 'x',
    optional: false,
    amount: '0.02',
    times: ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z'],
    rulesVersions: [`${tag}a`, `${tag}b`],
    specDepth: 0,
    metadataLength: 0,
    timeZone: 'UTC',
    ...over,
  };
}

/** Every optional field given, the largest amounts, the edges of time, the longest ids and texts. */
export function extremeProfile(tag: string, over: Partial<BoundaryProfile> = {}): BoundaryProfile {
  return {
    tag,
    idLength: MAX_ID_LENGTH,
    textLength: MAX_TEXT_LENGTH,
    pad: CJK,
    optional: true,
    amount: MAX_AMOUNT,
    times: [EARLIEST, '2026-10-05T10:00:00.123456789+05:45', LATEST],
    rulesVersions: [`${tag}-a`.padEnd(64, 'v'), `${tag}-b`.padEnd(64, 'v')],
    specDepth: 24,
    metadataLength: 7000,
    timeZone: 'Pacific/Kiritimati',
    ...over,
  };
}

const dec = (s: string | number | Decimal) => new Decimal(s);
const fixed = (d: Decimal) => d.toFixed();

/** An object nested `depth` deep, ending in a text. */
function nested(depth: number, leaf: string): JsonValue {
  let value: JsonValue = leaf;
  for (let i = 0; i < depth; i++) value = { [`level${depth - i}`]: value };
  return value;
}

/**
 * The history of one profile: three partners (a distributor, its reseller, a solution provider), a
 * resale, a referral and a customer that leaves, funds, a voucher quota and vouchers, a discount,
 * a rule set, orders (one without resources), spec changes, refunds, a charge, adjustments, a
 * period close and a published statement revision: every event type of the catalogue.
 */
export function boundaryHistory(p: BoundaryProfile): NewEvent[] {
  const [t0, t1, t2] = p.times;
  // Lengths count characters (code points), as SPEC's bounds do: an astral one is two UTF-16 units.
  const chars = Array.from(p.pad);
  const fill = (s: string, length: number) => {
    let out = s;
    for (let i = 0, n = characterCount(s); n < length; i++, n++) out += chars[(i * 7919) % chars.length]!;
    return out;
  };
  const id = (role: string) => fill(`${p.tag}-${role}`, p.idLength);
  const text = (what: string) => (p.textLength <= what.length ? what.slice(0, p.textLength) : fill(what, p.textLength));
  /** A text that stays distinct from the others of its kind, however short the texts are. */
  const label = (what: string) => (what.length >= p.textLength ? what : text(what));
  const notes = Array.from({ length: Math.ceil(p.metadataLength / MAX_TEXT_LENGTH) }, (_, i) =>
    'm'.repeat(Math.min(MAX_TEXT_LENGTH, p.metadataLength - i * MAX_TEXT_LENGTH)),
  );
  const metadata: JsonObject | undefined =
    p.metadataLength > 0 ? { notes, source: { system: 'boundary', tag: p.tag } } : undefined;
  const events: NewEvent[] = [];
  const add = (type: string, occurredAt: string, data: JsonObject) => {
    events.push({ eventId: randomUUID(), type, version: 1, occurredAt, data, ...(metadata ? { metadata } : {}) });
  };
  const opt = (fields: JsonObject): JsonObject => (p.optional ? fields : {});
  const cent = dec('0.01');
  const A = dec(p.amount);
  const half = A.div(2).toDecimalPlaces(8, Decimal.ROUND_DOWN);
  const [D, R, S] = [id('dist'), id('res'), id('sp')];
  const [C1, C2, C3] = [id('c1'), id('c2'), id('c3')];
  const level = text('level');
  const productType = text('product');
  const program = text('program');
  const currency = 'CNY';
  const partner = (partnerId: string, tier: string, extra: JsonObject) =>
    add('PartnerRegistered', t0, {
      partnerId,
      name: text(`partner ${tier}`),
      tier,
      ...extra,
      ...opt({ level }),
      timeZone: p.timeZone,
      currency,
    });

  // Partners and customers.
  partner(D, 'distributor', {});
  partner(R, 'reseller', { parentId: D });
  partner(S, 'solution_provider', {});
  add('PartnerProgramEnrolled', t0, { partnerId: R, program });
  // A longest well-formed language tag of 64 characters; a level of the longest free text.
  add('PartnerProfileChanged', t0, {
    partnerId: R,
    timeZone: p.timeZone,
    language: p.optional ? 'zh-Hans-CN-variant0-variant1-variant2-variant3-variant4-variant5' : 'zh-CN',
    ...opt({ level: text('level changed') }),
  });
  const associate = (customerId: string, partnerId: string, associationType: string) =>
    add('CustomerAssociated', t0, {
      customerId,
      customerName: text(`customer of ${associationType}`),
      partnerId,
      associationType,
      ...opt({ accountManager: text('manager'), accountName: text('account') }),
    });
  associate(C1, R, 'resale');
  associate(C2, S, 'referral');
  associate(C3, S, 'referral');
  add('AssociationTypeSwitched', t0, { customerId: C2, partnerId: S, associationType: 'resale' });
  // C3 leaves at once: its orders later belong to no partner.
  add('CustomerDisassociated', t0, { customerId: C3, partnerId: S });

  // Rules, then money: funds 3 × A (a little reclaimed), a quota of A, vouchers out of it.
  add('IncentiveRulesPublished', t0, {
    version: p.rulesVersions[0],
    effectiveFrom: '1970-01',
    rules: p.optional
      ? [
          {
            id: label('rule-resale'),
            match: { associationType: 'resale', billingMode: 'subscription', productType, partnerLevel: level },
            rate: '1',
          },
          { id: label('rule-on-demand'), match: { billingMode: 'on_demand' }, rate: '0.99999999' },
          { id: label('rule-any'), rate: '0.5' },
        ]
      : [],
    ...opt({
      tiers: [
        { minNet: `-${MAX_AMOUNT}`, bonusRate: '1' },
        { minNet: p.amount, bonusRate: '1' },
      ],
      programs: { [program]: { bonusRate: '1' } },
    }),
  });
  for (const n of [1, 2, 3]) {
    add('FundsAllocated', t0, {
      allocationId: id(`alloc${n}`),
      distributorId: D,
      resellerId: R,
      amount: p.amount,
      currency,
    });
  }
  add('FundsReclaimed', t0, { reclaimId: id('reclaim'), distributorId: D, resellerId: R, amount: '0.01', currency });
  const quota = id('quota');
  add('VoucherQuotaGranted', t0, {
    quotaId: quota,
    grantorId: D,
    partnerId: R,
    amount: p.amount,
    currency,
    ...opt({ expiresAt: t2 }),
  });
  const [V1, V2] = [id('v1'), id('v2')];
  add('VoucherIssued', t0, { voucherId: V1, quotaId: quota, customerId: C1, amount: fixed(half), expiresAt: t2 });
  add('VoucherIssued', t0, { voucherId: V2, quotaId: quota, customerId: C1, amount: '0.00000001', expiresAt: t2 });
  add('VoucherQuotaReclaimed', t0, { quotaId: quota, amount: '0.00000001' });

  // A discount on C1: granted, changed from the orders' time on, revoked after them.
  const discount = id('discount');
  add('DiscountGranted', t0, {
    discountId: discount,
    customerId: C1,
    rate: '0.5',
    validFrom: t0,
    ...opt({ productTypes: [productType], validTo: t2 }),
  });
  const rate = p.optional ? '0.12345678' : '0.25';
  add('DiscountChanged', t0, { discountId: discount, rate, effectiveFrom: t1 });

  // Orders: O1 of C1 (resale: paid from R's funds), with the discount and a voucher when optional.
  const spec = (what: string): JsonValue => (p.specDepth > 0 ? nested(p.specDepth, text(what)) : text(what));
  const [O0, O1, O2, O3] = [id('o0'), id('o1'), id('o2'), id('o3')];
  const [r1, r2] = [id('r1'), id('r2')];
  const amount1 = p.optional ? roundHalfUpTo(A.times(dec(1).minus(rate)), 2) : A;
  const voucher1 = p.optional ? Decimal.min(half, amount1) : dec(0);
  /** A subscription order of `amount` (the list amount: no discount) unless `over` says otherwise. */
  const order = (orderId: string, customerId: string, at: string, resources: JsonValue[], over: JsonObject = {}) =>
    add('OrderPlaced', at, {
      orderId,
      customerId,
      productType,
      billingMode: 'subscription',
      currency,
      listAmount: p.amount,
      amount: p.amount,
      resources,
      termEnd: t2,
      ...over,
    });
  order(O1, C1, t1, p.optional ? [{ resourceId: r1, spec: spec('spec') }, { resourceId: r2 }] : [{ resourceId: r1 }], {
    amount: fixed(amount1),
    ...opt({ discountId: discount, voucherId: V1, voucherAmount: fixed(voucher1), autoRenew: true }),
  });
  // O0 of C2 at the earliest time: no resources at all (a refund of it names none).
  order(O0, C2, t0, []);
  // O3 of C3, who has no partner at its time.
  order(O3, C3, t1, [{ resourceId: r1 }]);
  // A renewal of O1 (its cash A, from the funds).
  if (p.optional) order(O2, C1, t1, [{ resourceId: r1 }], { renewalOf: O1, autoRenew: false });
  add('AutoRenewSet', t1, { orderId: O1, resourceId: r1, autoRenew: !p.optional });
  // Funds left for an upgrade: 3A − 0.01 − O1's cash − (O2's A): at least A − 0.01.
  const upgrade = A.minus(cent);
  add('SpecChanged', t1, {
    changeId: id('up1'),
    orderId: O1,
    resourceId: r1,
    fromSpec: p.specDepth > 0 ? spec('from') : '',
    toSpec: p.specDepth > 0 ? spec('to') : {},
    amount: fixed(upgrade),
  });
  add('SpecChanged', t1, {
    changeId: id('down1'),
    orderId: O1,
    resourceId: r1,
    fromSpec: spec('to'),
    toSpec: spec('from'),
    amount: '-0.01',
  });
  add('SpecChanged', t1, {
    changeId: id('up3'),
    orderId: O3,
    resourceId: r1,
    fromSpec: 'a',
    toSpec: 'b',
    amount: p.amount,
  });
  // Refunds: O1 of what is left of it (at most A), O0 whole (naming no resource), O3 in part.
  const refundable1 = amount1.plus(upgrade).minus(cent);
  add('OrderRefunded', t2, {
    refundId: id('ref1'),
    orderId: O1,
    reason: 'unsubscribe',
    amount: fixed(Decimal.min(refundable1, A)),
    resourceIds: p.optional ? [r1, r2] : [],
  });
  add('OrderRefunded', t2, {
    refundId: id('ref0'),
    orderId: O0,
    reason: 'downgrade',
    amount: p.amount,
    resourceIds: [],
  });
  add('OrderRefunded', t2, {
    refundId: id('ref3'),
    orderId: O3,
    reason: 'unsubscribe',
    amount: '0.01',
    resourceIds: [r1],
  });
  add('DiscountRevoked', t2, { discountId: discount, effectiveFrom: t2 });
  add('VoucherRevoked', t2, { voucherId: V2 });

  // Usage and adjustments of C2 (resale with S since the switch) and of C3 (no partner).
  for (const [customerId, n] of [
    [C2, 2],
    [C3, 3],
  ] as const) {
    add('OnDemandCharged', t2, {
      chargeId: id(`charge${n}`),
      customerId,
      productType,
      resourceId: id(`meter${n}`),
      usageType: text('usage'),
      quantity: p.optional ? MAX_AMOUNT : 0,
      unit: text('unit'),
      amount: p.amount,
      currency,
      windowStart: t1,
      windowEnd: t2,
    });
    add('AdjustmentPosted', t2, {
      adjustmentId: id(`adj${n}`),
      customerId,
      amount: `-${p.amount}`,
      currency,
      reason: text('reason'),
      ...opt({ correctsPeriod: p.close ?? '1970-01' }),
    });
  }
  add('PartnerProgramWithdrawn', t2, { partnerId: R, program });

  // A charge of S in the period it then closes; a second rule set (open periods only), under which
  // S's closed statement is published again: its difference becomes a TrueUp in the first open period.
  if (p.close) {
    add('OnDemandCharged', `${p.close}-15T12:00:00Z`, {
      chargeId: id('charge-closed'),
      customerId: C2,
      productType,
      resourceId: id('meter2'),
      usageType: text('usage'),
      quantity: 1,
      unit: text('unit'),
      amount: p.amount,
      currency,
      windowStart: `${p.close}-15T11:00:00Z`,
      windowEnd: `${p.close}-15T12:00:00Z`,
    });
    add('BillingPeriodClosed', t2, { period: p.close });
  }
  add('IncentiveRulesPublished', t2, {
    version: p.rulesVersions[1],
    effectiveFrom: '1970-01',
    rules: p.optional ? [{ id: label('rule-later'), rate: '0.25' }] : [],
  });
  add('StatementRevisionPublished', t2, {
    partnerId: p.close ? S : R,
    period: p.close ?? '1970-01',
    revision: 1,
    rulesVersion: p.rulesVersions[1],
    totalBefore: `-${p.amount}`,
    totalAfter: p.amount,
  });

  // The product catalogue: names are ids (the tag keeps them apart from other histories'), a root
  // unit and one of it (factor as large as an amount), a product type and a usage type. Registered
  // last: the charges above (of other usage types) are not checked against them.
  const [rootUnit, bigUnit, usageType] = [id('unit'), id('unit-big'), id('usage-type')];
  add('MeasureUnitRegistered', t2, { unit: rootUnit, dimension: id('dimension'), baseUnit: rootUnit, factor: '1' });
  add('MeasureUnitRegistered', t2, {
    unit: bigUnit,
    dimension: id('dimension'),
    baseUnit: rootUnit,
    factor: p.optional ? MAX_AMOUNT : '1024',
  });
  add('ProductTypeRegistered', t2, {
    productType: id('product-type'),
    name: text('product name'),
    resourceTypes: p.optional ? [text('resource type')] : [],
  });
  add('UsageTypeRegistered', t2, { usageType, productType: id('product-type'), unit: rootUnit });
  // A charge of it in the larger unit: checked and converted exactly (up to 10^15 × 10^15 root units).
  add('OnDemandCharged', t2, {
    chargeId: id('charge-catalogue'),
    customerId: C2,
    productType: id('product-type'),
    resourceId: id('meter2'),
    usageType,
    quantity: p.optional ? MAX_AMOUNT : 1,
    unit: bigUnit,
    amount: p.amount,
    currency,
    windowStart: t1,
    windowEnd: t2,
  });
  // Marketplace: a sale of A by S, refunded by half, billed; a supervised renewal, released.
  const [M1, M2, M3] = [id('m1'), id('m2'), id('m3')];
  const sale = (transactionId: string, kind: string, amount: string, extra: JsonObject) =>
    add('MarketplaceTransactionRecorded', t2, {
      transactionId,
      orderId: id('mo'),
      partnerId: S,
      ...opt({ customerId: C2, customerName: text('market customer') }),
      productName: text('product'),
      kind,
      amount,
      currency,
      commissionRate: p.optional ? '0.99999999' : '0',
      ...extra,
    });
  sale(M1, 'purchase', p.amount, { supervised: false });
  sale(M2, 'refund', `-${half.toFixed()}`, { refundOf: M1, supervised: false });
  sale(M3, 'renewal', p.amount, { supervised: true });
  add('MarketplaceTransactionBilled', t2, { transactionId: M1 });
  add('MarketplaceSupervisionReleased', t2, { transactionId: M3 });
  return events;
}

/** The event types a history does not use (none: it uses every one; the tests check it). */
export function missingTypes(events: readonly NewEvent[]): string[] {
  const used = new Set(events.map((e) => e.type));
  return EVENT_TYPES.filter((t) => !used.has(t));
}
