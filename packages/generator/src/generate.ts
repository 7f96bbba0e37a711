/**
 * `generateEvents`: a year (by default) of a cloud partner programme as SPEC §1 envelopes, in a
 * valid log order, deterministic for a seed, streamed one event at a time.
 *
 * Shape of the output: a set-up burst on the first day (rule set v1, the partner roster, PCE
 * enrolments, first fund allocations and voucher quotas, most customer associations with some
 * discounts), then each month a share of the event budget of day-to-day activity (orders, renewals,
 * refunds, spec changes, metered charges, adjustments, vouchers, discounts, association changes)
 * interleaved with the month's scheduled facts (closing the previous period on the 2nd, monthly
 * fund allocations, quarterly voucher quotas, reclaims, rule-set versions, programme changes).
 * After a period closes a few metered charges still arrive dated inside it, as late usage does.
 */
import type { AssociationType, DomainEvent, EventDataMap, EventType, OrderPlacedData } from '@reckon/domain';
import {
  ADJUSTMENT_REASONS,
  accountManagers,
  customerName,
  inCurrency,
  MEASURE_UNITS,
  METERED_PRODUCTS,
  PARTNERS,
  PRODUCT_NAMES,
  PRODUCTS,
  type Product,
  TERMS,
  termPrice,
} from './catalogue.js';
import { MinHeap } from './min-heap.js';
import type { Customer, Discount, Order, Partner, Quota, Resource } from './model.js';
import { discountedCents, formatCents, formatNano, fractionOf, maxBig, minBig, roundUpTo } from './money.js';
import { Random } from './random.js';
import { ruleSet } from './rules.js';
import {
  addPeriods,
  DAY,
  endOfDayMonthsLater,
  formatInstant,
  HOUR,
  parsePeriod,
  periodStartSec,
  startOfLocalDay,
} from './time.js';

export interface GenerateOptions {
  /** How many events to produce (exactly this many). */
  events: number;
  /** Any string or number; the same seed always gives the same events. */
  seed: string | number;
  /** First billing period, `YYYY-MM` (default `2026-01`). */
  start?: string;
  /** Number of billing periods covered (default 12); all but the last get closed. */
  months?: number;
  /** Number of distinct customers (default: scaled with `events`, see `defaultCustomerCount`). */
  customers?: number;
  /** The billing time zone periods are months of (default `Asia/Shanghai`). */
  billingTimeZone?: string;
}

/**
 * Customers for a run of `events`: one per 50 events, at least 1,000 once there are 10,000 events
 * (a tenth of the events below that), at most 20,000 (reached at a million events).
 */
export function defaultCustomerCount(events: number): number {
  const floor = Math.min(1000, Math.max(10, Math.floor(events / 10)));
  return Math.min(20_000, Math.max(floor, Math.round(events / 50)));
}

/** The events, one at a time; stops after exactly `options.events`. */
export function* generateEvents(options: GenerateOptions): Generator<DomainEvent, void, undefined> {
  const limit = options.events;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`events must be a whole number ≥ 0: ${limit}`);
  if (limit === 0) return;
  const world = new World(options);
  let count = 0;
  for (const batch of world.steps()) {
    for (const event of batch) {
      yield event;
      if (++count >= limit) return;
    }
    batch.length = 0;
  }
}

const MINUTE = 60;
/** Seconds kept clear of a discount's boundaries when deciding whether it applies. */
const EDGE = 60;
/** Orders a customer keeps track of; older ones are left alone from then on. */
const TRACKED_ORDERS = 6;
const YUAN = 100n;
const CENT_IN_NANO = 1_000_000n;

type Activity = { weight: number; run: (w: World) => boolean };

/** Day-to-day activity and how often each kind happens (relative weights). */
const ACTIVITIES: readonly Activity[] = [
  { weight: 36, run: (w) => w.onDemandCharge() },
  { weight: 17, run: (w) => w.newOrder() },
  { weight: 10, run: (w) => w.renewal() },
  { weight: 4, run: (w) => w.autoRenewSet() },
  { weight: 6, run: (w) => w.refund() },
  { weight: 7, run: (w) => w.specChange() },
  { weight: 3.5, run: (w) => w.adjustment() },
  { weight: 4, run: (w) => w.issueVoucher() },
  { weight: 0.6, run: (w) => w.revokeVoucher() },
  { weight: 1.5, run: (w) => w.grantDiscount() },
  { weight: 0.8, run: (w) => w.changeDiscount() },
  { weight: 0.4, run: (w) => w.revokeDiscount() },
  { weight: 0.4, run: (w) => w.reclaimFunds() },
  { weight: 0.3, run: (w) => w.reclaimQuota() },
  { weight: 0.4, run: (w) => w.switchAssociationType() },
  { weight: 0.3, run: (w) => w.disassociate() },
  { weight: 2, run: (w) => w.newCustomer() },
  { weight: 0.35, run: (w) => w.lateCharge() },
];
const ACTIVITY_TOTAL = ACTIVITIES.reduce((s, a) => s + a.weight, 0);

const DISCOUNT_RATES = ['0.05', '0.08', '0.1', '0.12', '0.15', '0.175', '0.2', '0.25', '0.125', '0.3'];
const VOUCHER_VALUES = [100n, 200n, 300n, 500n, 800n, 1000n, 2000n].map((y) => y * YUAN);

interface ScheduledTask {
  at: number;
  run: () => void;
}

class World {
  private readonly rng: Random;
  private readonly limit: number;
  private readonly customerTarget: number;
  private readonly billingZone: string;
  private readonly periods: string[];
  /** Start instant of each period, plus the end of the last one. */
  private readonly bounds: number[];

  private readonly out: DomainEvent[] = [];
  private emitted = 0;
  private now: number;
  /** Most seconds between two events of a step: small enough that a busy month still fits its days. */
  private maxGap = 6;
  private month = 0;
  /** Index of the latest closed period, -1 when none is. */
  private lastClosed = -1;

  private readonly partners: Partner[] = [];
  private readonly resellers: Partner[] = [];
  private readonly byKey = new Map<string, Partner>();
  private readonly associated: Customer[] = [];
  private readonly ended: Customer[] = [];
  private nextCustomer = 0;
  private readonly nameSalt: number;
  /** Money flows grow with the customer base: quota and fund sizes are multiplied by this. */
  private readonly scale: bigint;
  private readonly expiring = new MinHeap<Order>((o) => o.termEnd);
  private trackedOrders = 0;

  constructor(options: GenerateOptions) {
    this.rng = new Random(String(options.seed));
    this.limit = options.events;
    this.customerTarget = options.customers ?? defaultCustomerCount(options.events);
    this.billingZone = options.billingTimeZone ?? 'Asia/Shanghai';
    const start = options.start ?? '2026-01';
    parsePeriod(start);
    const months = options.months ?? 12;
    if (!Number.isInteger(months) || months < 1 || months > 120)
      throw new RangeError(`months must be 1–120: ${months}`);
    this.periods = Array.from({ length: months }, (_, i) => addPeriods(start, i));
    this.bounds = Array.from({ length: months + 1 }, (_, i) => periodStartSec(addPeriods(start, i), this.billingZone));
    this.now = this.bounds[0]! + 30 * MINUTE;
    this.nameSalt = this.rng.int(36_000);
    this.scale = BigInt(Math.max(1, Math.round(this.customerTarget / 1000)));
  }

  /** Runs the whole history; each step leaves the events it wrote in the array it yields. */
  *steps(): Generator<DomainEvent[], void, undefined> {
    this.setUpPartners();
    yield this.out;
    const initial = Math.round(this.customerTarget * 0.75);
    while (this.nextCustomer < initial) {
      this.now += this.rng.between(1, 12);
      this.newCustomer();
      if (this.rng.chance(0.12)) this.grantDiscount(this.associated[this.associated.length - 1]);
      yield this.out;
    }
    const months = this.periods.length;
    for (let m = 0; m < months; m++) {
      this.month = m;
      const from = m === 0 ? this.now : this.bounds[m]!;
      const to = this.bounds[m + 1]! - 10 * MINUTE;
      const tasks = this.monthTasks(m);
      const budget = Math.max(1, Math.ceil((this.limit - this.emitted) / (months - m)));
      this.maxGap = Math.max(1, Math.min(6, Math.floor((to - from) / budget / 2)));
      const first = this.emitted;
      let next = 0;
      while (this.emitted - first < budget) {
        const target = from + Math.floor(((to - from) * (this.emitted - first)) / budget);
        while (next < tasks.length && tasks[next]!.at <= target) {
          this.advance(tasks[next]!.at);
          tasks[next++]!.run();
          yield this.out;
        }
        this.advance(target);
        this.activity();
        yield this.out;
      }
      for (; next < tasks.length; next++) {
        this.advance(tasks[next]!.at);
        tasks[next]!.run();
        yield this.out;
      }
    }
  }

  // Plumbing --------------------------------------------------------------------------------------

  private emit<K extends EventType>(type: K, at: number, zone: string, data: EventDataMap[K]): void {
    this.out.push({
      eventId: this.rng.uuid(),
      type,
      version: 1,
      occurredAt: formatInstant(at, zone),
      data,
    } as DomainEvent);
    this.emitted++;
  }

  private advance(to: number): void {
    if (to > this.now) this.now = to;
  }

  /** The time of the next event: a few seconds after the previous one (fewer when the month is busy). */
  private tick(): number {
    this.now += this.rng.between(1, this.maxGap);
    return this.now;
  }

  private activity(): void {
    let r = this.rng.next() * ACTIVITY_TOTAL;
    let chosen = ACTIVITIES[0]!;
    for (const a of ACTIVITIES) {
      r -= a.weight;
      if (r < 0) {
        chosen = a;
        break;
      }
    }
    if (chosen.run(this)) return;
    // Nothing applicable (no refundable order, no voucher…): metered usage always is.
    if (!this.onDemandCharge()) this.newCustomer(true);
  }

  private randomCustomer(): Customer | undefined {
    return this.associated.length === 0 ? undefined : this.rng.pick(this.associated);
  }

  /** A random associated customer satisfying `test`, or undefined after a few tries. */
  private findCustomer(test: (c: Customer) => boolean, tries = 12): Customer | undefined {
    for (let i = 0; i < tries; i++) {
      const c = this.randomCustomer();
      if (c && test(c)) return c;
    }
    return undefined;
  }

  private zoneOf(c: Customer): string {
    return c.partner?.profile.timeZone ?? this.billingZone;
  }

  private currencyAmount(cny: bigint, c: Customer): bigint {
    return inCurrency(cny, c.currency);
  }

  /** The product catalogue: units, product types, the meters' usage types (each once). */
  private setUpCatalogue(): void {
    for (const u of MEASURE_UNITS) this.emit('MeasureUnitRegistered', this.tick(), this.billingZone, { ...u });
    const usageTypes = new Set<string>();
    for (const product of PRODUCTS) {
      this.emit('ProductTypeRegistered', this.tick(), this.billingZone, {
        productType: product.type,
        name: PRODUCT_NAMES[product.type] ?? product.type,
        resourceTypes: [product.type === 'obs' ? 'bucket' : 'instance'],
      });
      const meter = product.meter;
      if (!meter || usageTypes.has(meter.usageType)) continue;
      usageTypes.add(meter.usageType);
      this.emit('UsageTypeRegistered', this.tick(), this.billingZone, {
        usageType: meter.usageType,
        productType: product.type,
        unit: meter.unit,
      });
    }
  }

  // Scheduled facts -------------------------------------------------------------------------------

  private setUpPartners(): void {
    this.emit('IncentiveRulesPublished', this.tick(), this.billingZone, ruleSet(1, this.periods[0]!));
    this.setUpCatalogue();
    for (const [index, profile] of PARTNERS.entries()) {
      const parent = profile.parent === undefined ? undefined : this.byKey.get(profile.parent);
      const partner: Partner = {
        profile,
        id: this.rng.uuid(),
        index,
        managers: accountManagers(index, profile.currency),
        resellers: [],
        funds: 0n,
        spentThisMonth: 0n,
        spentLastMonth: 0n,
        quotas: [],
        ...(parent ? { parent } : {}),
      };
      this.partners.push(partner);
      this.byKey.set(profile.key, partner);
      if (parent) {
        parent.resellers.push(partner);
        this.resellers.push(partner);
      }
      this.emit('PartnerRegistered', this.tick(), profile.timeZone, {
        partnerId: partner.id,
        name: profile.name,
        tier: profile.tier,
        ...(parent ? { parentId: parent.id } : {}),
        level: profile.level,
        timeZone: profile.timeZone,
        currency: profile.currency,
      });
    }
    for (const p of this.partners) {
      if (p.profile.pce === 'stays' || p.profile.pce === 'withdraws') {
        this.emit('PartnerProgramEnrolled', this.tick(), p.profile.timeZone, { partnerId: p.id, program: 'PCE' });
      }
    }
    for (const r of this.resellers) this.allocate(r, BigInt(this.rng.between(30, 80)) * 1000n * YUAN * this.scale);
    for (const r of this.resellers) this.grantQuota(r);
  }

  private monthTasks(m: number): ScheduledTask[] {
    const start = this.bounds[m]!;
    const months = this.periods.length;
    const tasks: ScheduledTask[] = [];
    const at = (day: number, hour: number, spreadHours = 0) =>
      start + (day - 1) * DAY + hour * HOUR + this.rng.int(Math.max(1, spreadHours * HOUR));
    if (m >= 1) {
      tasks.push({ at: at(1, 9, 2), run: () => this.monthlyAllocations() });
      // Close the previous month shortly after it ends; later facts dated in it arrive late.
      tasks.push({ at: at(2, 1, 10), run: () => this.closePeriod(m - 1) });
      if (m % 3 === 0) tasks.push({ at: at(3, 10, 4), run: () => this.quarterlyQuotas() });
    }
    tasks.push({ at: at(20, 16, 2), run: () => this.reclaimExpiringQuotas() });
    tasks.push({ at: at(26, 15, 3), run: () => this.monthEndFundReclaims() });
    const v2Month = months >= 4 ? 3 : months >= 2 ? 1 : -1;
    const v3Month = months >= 9 ? 8 : months >= 3 ? months - 1 : -1;
    if (m === v2Month) tasks.push({ at: at(10, 11, 1), run: () => this.publishRules(2, this.periods[m]!) });
    if (v3Month > 0 && m === v3Month - 1) {
      tasks.push({ at: at(20, 11, 1), run: () => this.publishRules(3, this.periods[v3Month]!) });
    }
    if (m === Math.min(1, months - 1)) tasks.push({ at: at(15, 10, 4), run: () => this.programChange('withdraws') });
    if (m === Math.min(3, months - 1)) tasks.push({ at: at(5, 10, 4), run: () => this.programChange('joins-later') });
    if (m === Math.min(1, months - 1)) tasks.push({ at: at(12, 10, 4), run: () => this.profileChanges() });
    tasks.push({ at: at(8, 11, 2), run: () => this.marketplaceMonth(m) });
    return tasks.sort((a, b) => a.at - b.at);
  }

  private publishRules(version: number, effectiveFrom: string): void {
    this.emit('IncentiveRulesPublished', this.tick(), this.billingZone, ruleSet(version, effectiveFrom));
  }

  private programChange(which: 'withdraws' | 'joins-later'): void {
    for (const p of this.partners) {
      if (p.profile.pce !== which) continue;
      const type = which === 'withdraws' ? 'PartnerProgramWithdrawn' : 'PartnerProgramEnrolled';
      this.emit(type, this.tick(), p.profile.timeZone, { partnerId: p.id, program: 'PCE' });
    }
  }

  /**
   * Partners set their centre's language (one in three), one moves its time zone and every fourth
   * silver partner is upgraded to gold (SPEC §6 \`PartnerProfileChanged\`); no draw beyond the ticks.
   */
  private profileChanges(): void {
    for (const p of this.partners) {
      const { currency, level, timeZone } = p.profile;
      if (p.index % 3 === 0) {
        const language = currency === 'CNY' && p.index % 6 !== 3 ? 'zh-CN' : 'en';
        this.emit('PartnerProfileChanged', this.tick(), timeZone, { partnerId: p.id, language });
      }
      if (p.index === 4) {
        const moved = timeZone === 'Asia/Singapore' ? 'Asia/Shanghai' : 'Asia/Singapore';
        this.emit('PartnerProfileChanged', this.tick(), timeZone, { partnerId: p.id, timeZone: moved });
      }
      if (p.index % 2 === 0 && level === 'silver') {
        this.emit('PartnerProfileChanged', this.tick(), timeZone, { partnerId: p.id, level: 'gold' });
      }
    }
  }

  /**
   * A solution provider's marketplace month (SPEC §6 云商店 商品分账): last month's transactions billed
   * and the supervision of the month before released; a purchase (supervised every other month), a
   * renewal of last month's purchase, and every third month a partial refund of this month's purchase,
   * emitted after it and so dated after it (ticks only move forward; the domain refuses a refund dated
   * before its sale). Amounts and rates follow the month; no draw beyond the ticks.
   */
  private marketplaceMonth(m: number): void {
    const seller = this.partners.find((p) => p.profile.tier === 'solution_provider');
    if (!seller) return;
    const { currency, timeZone } = seller.profile;
    const id = (month: number, what: string) => `${seller.id}-MT-${month + 1}-${what}`;
    const order = (month: number) => `${seller.id}-MO-${month + 1}`;
    if (m >= 1) {
      this.emit('MarketplaceTransactionBilled', this.tick(), timeZone, { transactionId: id(m - 1, 'p') });
      if (m >= 2) this.emit('MarketplaceTransactionBilled', this.tick(), timeZone, { transactionId: id(m - 1, 'r') });
    }
    if (m >= 2 && (m - 2) % 2 === 0) {
      this.emit('MarketplaceSupervisionReleased', this.tick(), timeZone, { transactionId: id(m - 2, 'p') });
    }
    const sale = (month: number) => `${100 + ((month * 37) % 900)}.${String((month * 13 + 5) % 100).padStart(2, '0')}`;
    const commissionRate = ['0.05', '0.1', '0.15'][m % 3]!;
    const product = `SaaS ${['backup', 'analytics', 'security'][m % 3]} suite`;
    const customerName = `Marketplace buyer ${(m % 4) + 1}`;
    this.emit('MarketplaceTransactionRecorded', this.tick(), timeZone, {
      transactionId: id(m, 'p'),
      orderId: order(m),
      partnerId: seller.id,
      customerName,
      productName: product,
      kind: 'purchase',
      amount: sale(m),
      currency,
      commissionRate,
      supervised: m % 2 === 0,
    });
    if (m >= 1) {
      this.emit('MarketplaceTransactionRecorded', this.tick(), timeZone, {
        transactionId: id(m, 'r'),
        orderId: order(m - 1),
        partnerId: seller.id,
        customerName: `Marketplace buyer ${((m - 1) % 4) + 1}`,
        productName: `SaaS ${['backup', 'analytics', 'security'][(m - 1) % 3]} suite`,
        kind: 'renewal',
        amount: sale(m - 1),
        currency,
        commissionRate: ['0.05', '0.1', '0.15'][(m - 1) % 3]!,
        supervised: false,
      });
    }
    if (m % 3 === 2) {
      this.emit('MarketplaceTransactionRecorded', this.tick(), timeZone, {
        transactionId: id(m, 'x'),
        orderId: order(m),
        partnerId: seller.id,
        customerName,
        productName: product,
        kind: 'refund',
        amount: '-10.00',
        currency,
        commissionRate,
        refundOf: id(m, 'p'),
        supervised: false,
      });
    }
  }

  private closePeriod(index: number): void {
    this.emit('BillingPeriodClosed', this.tick(), this.billingZone, { period: this.periods[index]! });
    this.lastClosed = index;
  }

  private allocate(reseller: Partner, amount: bigint): void {
    const distributor = reseller.parent!;
    this.emit('FundsAllocated', this.tick(), distributor.profile.timeZone, {
      allocationId: this.rng.uuid(),
      distributorId: distributor.id,
      resellerId: reseller.id,
      amount: formatCents(amount),
      currency: reseller.profile.currency,
    });
    reseller.funds += amount;
  }

  /** Allocates ahead what each reseller's resale customers spent last month, and a margin. */
  private monthlyAllocations(): void {
    for (const r of this.resellers) {
      r.spentLastMonth = r.spentThisMonth;
      r.spentThisMonth = 0n;
      const wanted = roundUpTo((r.spentLastMonth * 12n) / 10n, 1000n * YUAN);
      const floor = 20_000n * YUAN;
      this.allocate(r, wanted > floor ? wanted : floor);
    }
  }

  private reclaimFundsOf(r: Partner, fraction: number): boolean {
    const amount = (fractionOf(r.funds, fraction) / YUAN) * YUAN;
    if (amount <= 0n) return false;
    const distributor = r.parent!;
    this.emit('FundsReclaimed', this.tick(), distributor.profile.timeZone, {
      reclaimId: this.rng.uuid(),
      distributorId: distributor.id,
      resellerId: r.id,
      amount: formatCents(amount),
      currency: r.profile.currency,
    });
    r.funds -= amount;
    return true;
  }

  /** Distributors take back part of what resellers hold beyond a month's spending. */
  private monthEndFundReclaims(): void {
    for (const r of this.resellers) {
      if (r.funds > r.spentThisMonth * 2n + 10_000n * YUAN && this.rng.chance(0.4)) {
        this.reclaimFundsOf(r, this.rng.between(20, 50) / 100);
      }
    }
  }

  private grantQuota(r: Partner): void {
    const grantor = r.parent!;
    const at = this.tick();
    const amount = BigInt(this.rng.between(20, 60)) * 1000n * YUAN * this.scale;
    const expiresAt = this.rng.chance(0.7) ? endOfDayMonthsLater(at, grantor.profile.timeZone, 6) : undefined;
    const quota: Quota = {
      id: this.rng.uuid(),
      grantor,
      partner: r,
      left: amount,
      grantedAt: at,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    };
    this.emit('VoucherQuotaGranted', at, grantor.profile.timeZone, {
      quotaId: quota.id,
      grantorId: grantor.id,
      partnerId: r.id,
      amount: formatCents(amount),
      currency: r.profile.currency,
      ...(expiresAt === undefined ? {} : { expiresAt: formatInstant(expiresAt, grantor.profile.timeZone) }),
    });
    r.quotas.push(quota);
  }

  private quarterlyQuotas(): void {
    for (const r of this.resellers) if (this.rng.chance(0.8)) this.grantQuota(r);
  }

  private reclaimFromQuota(q: Quota, amount: bigint): void {
    this.emit('VoucherQuotaReclaimed', this.tick(), q.grantor.profile.timeZone, {
      quotaId: q.id,
      amount: formatCents(amount),
    });
    q.left -= amount;
    if (q.left === 0n) q.partner.quotas.splice(q.partner.quotas.indexOf(q), 1);
  }

  /** What is left of a quota about to expire goes back to the grantor. */
  private reclaimExpiringQuotas(): void {
    const horizon = this.now + 30 * DAY;
    for (const r of this.resellers) {
      r.quotas = r.quotas.filter((q) => q.expiresAt === undefined || q.expiresAt > this.now);
      for (const q of [...r.quotas]) {
        if (q.expiresAt !== undefined && q.expiresAt < horizon && q.expiresAt > this.now + DAY && q.left > 0n) {
          this.reclaimFromQuota(q, q.left);
        }
      }
    }
  }

  // Customers -------------------------------------------------------------------------------------

  private choosePartner(currency?: string, not?: Partner): Partner | undefined {
    const candidates = this.partners.filter(
      (p) => p !== not && (currency === undefined || p.profile.currency === currency),
    );
    return candidates.length === 0 ? undefined : this.rng.weighted(candidates, (p) => p.profile.weight);
  }

  private associate(c: Customer, partner: Partner): void {
    const type: AssociationType = partner.profile.tier === 'reseller' && this.rng.chance(0.65) ? 'resale' : 'referral';
    const at = this.tick();
    const accountManager = this.rng.chance(0.9) ? this.rng.pick(partner.managers) : undefined;
    this.emit('CustomerAssociated', at, partner.profile.timeZone, {
      customerId: c.id,
      customerName: c.name,
      partnerId: partner.id,
      associationType: type,
      ...(accountManager === undefined ? {} : { accountManager }),
      // The cloud account name (客户账号名): numbered like the customers, so it draws nothing.
      accountName: `hwc_${String(c.index + 1).padStart(6, '0')}`,
    });
    c.partner = partner;
    c.associationType = type;
    c.since = at;
    c.slot = this.associated.length;
    this.associated.push(c);
  }

  /** A new customer joins (or, once all have, one that left joins another partner). */
  newCustomer(force = false): boolean {
    if (this.nextCustomer < this.customerTarget || force) {
      const partner = this.choosePartner()!;
      const index = this.nextCustomer++;
      const c: Customer = {
        index,
        id: this.rng.uuid(),
        name: customerName(index, partner.profile.currency, this.nameSalt),
        currency: partner.profile.currency,
        since: this.now,
        slot: -1,
        endedAt: 0,
        orders: [],
        discounts: [],
        vouchers: [],
        meters: [],
      };
      this.associate(c, partner);
      return true;
    }
    const c = this.ended[0];
    if (!c || c.endedAt > this.now - 14 * DAY) return false;
    this.ended.shift();
    const partner = this.choosePartner(c.currency, c.partner);
    if (!partner) return false;
    this.associate(c, partner);
    return true;
  }

  /** Stops touching the customer's orders: facts about them would belong to the old association. */
  private forgetOrders(c: Customer): void {
    for (const o of c.orders) o.open = false;
    this.trackedOrders -= c.orders.length;
    c.orders = [];
  }

  switchAssociationType(): boolean {
    const c = this.findCustomer((x) => x.partner?.profile.tier === 'reseller');
    if (!c) return false;
    const type: AssociationType = c.associationType === 'resale' ? 'referral' : 'resale';
    const at = this.tick();
    this.emit('AssociationTypeSwitched', at, this.zoneOf(c), {
      customerId: c.id,
      partnerId: c.partner!.id,
      associationType: type,
    });
    c.associationType = type;
    c.since = at;
    this.forgetOrders(c);
    return true;
  }

  disassociate(): boolean {
    const c = this.randomCustomer();
    if (!c || this.associated.length < 10) return false;
    const at = this.tick();
    this.emit('CustomerDisassociated', at, this.zoneOf(c), { customerId: c.id, partnerId: c.partner!.id });
    const last = this.associated.pop()!;
    if (last !== c) {
      this.associated[c.slot] = last;
      last.slot = c.slot;
    }
    c.slot = -1;
    c.endedAt = at;
    c.since = at;
    c.associationType = undefined;
    c.vouchers = [];
    this.forgetOrders(c);
    // The partner stays recorded (not associated any more) so a new one can be chosen in its currency.
    this.ended.push(c);
    return true;
  }

  // Discounts -------------------------------------------------------------------------------------

  /** The discount's rate at `t`, or undefined when it is not in effect then (or too close to a change). */
  private rateAt(d: Discount, t: number): string | undefined {
    // A margin around every boundary: the order is stamped a few seconds after this check, and an
    // order right at a boundary would depend on how the engine reads "from" and "to".
    if (t < d.validFrom + EDGE) return undefined;
    if (d.validTo !== undefined && t > d.validTo - EDGE) return undefined;
    if (d.revokedFrom !== undefined && t > d.revokedFrom - EDGE) return undefined;
    let rate = d.rate;
    for (const c of d.changes) {
      if (Math.abs(c.from - t) < EDGE) return undefined;
      if (c.from <= t) rate = c.rate;
    }
    return rate;
  }

  grantDiscount(target?: Customer): boolean {
    const c = target ?? this.findCustomer((x) => x.discounts.length < 3);
    if (!c) return false;
    const at = this.tick();
    const zone = this.zoneOf(c);
    const productTypes: string[] = [];
    if (this.rng.chance(0.5)) {
      const count = this.rng.between(1, 2);
      while (productTypes.length < count) {
        const t = this.rng.weighted(PRODUCTS, (p) => p.weight).type;
        if (!productTypes.includes(t)) productTypes.push(t);
      }
    }
    const validTo = this.rng.chance(0.4) ? endOfDayMonthsLater(at, zone, this.rng.between(6, 12)) : undefined;
    const d: Discount = {
      id: this.rng.uuid(),
      productTypes,
      validFrom: at,
      rate: this.rng.pick(DISCOUNT_RATES),
      changes: [],
      ...(validTo === undefined ? {} : { validTo }),
    };
    this.emit('DiscountGranted', at, zone, {
      discountId: d.id,
      customerId: c.id,
      rate: d.rate,
      productTypes,
      validFrom: formatInstant(d.validFrom, zone),
      ...(validTo === undefined ? {} : { validTo: formatInstant(validTo, zone) }),
    });
    c.discounts.push(d);
    return true;
  }

  private findLiveDiscount(): [Customer, Discount] | undefined {
    const c = this.findCustomer((x) => x.discounts.length > 0, 20);
    if (!c) return undefined;
    const d = this.rng.pick(c.discounts);
    if (d.validTo !== undefined && d.validTo < this.now + DAY) return undefined;
    return [c, d];
  }

  changeDiscount(): boolean {
    const found = this.findLiveDiscount();
    if (!found) return false;
    const [c, d] = found;
    const at = this.tick();
    const zone = this.zoneOf(c);
    // Most changes apply at once; some from the start of next month, as contracts are renegotiated.
    const nextMonth = this.bounds[Math.min(this.month + 1, this.bounds.length - 1)]!;
    let from = this.rng.chance(0.3) && nextMonth > at ? nextMonth : at;
    const lastFrom = d.changes.length > 0 ? d.changes[d.changes.length - 1]!.from : d.validFrom;
    if (from <= lastFrom + 2) from = lastFrom + MINUTE;
    if (d.validTo !== undefined && from >= d.validTo - 2) return false;
    const current = d.changes.length > 0 ? d.changes[d.changes.length - 1]!.rate : d.rate;
    const rate = this.rng.pick(DISCOUNT_RATES.filter((r) => r !== current));
    this.emit('DiscountChanged', at, zone, { discountId: d.id, rate, effectiveFrom: formatInstant(from, zone) });
    d.changes.push({ from, rate });
    return true;
  }

  revokeDiscount(): boolean {
    const found = this.findLiveDiscount();
    if (!found) return false;
    const [c, d] = found;
    const at = this.tick();
    const zone = this.zoneOf(c);
    this.emit('DiscountRevoked', at, zone, { discountId: d.id, effectiveFrom: formatInstant(at, zone) });
    d.revokedFrom = at;
    c.discounts.splice(c.discounts.indexOf(d), 1);
    return true;
  }

  // Reseller money --------------------------------------------------------------------------------

  /**
   * Takes `cash` from the funds of a resale customer's reseller (SPEC §3), after topping them up
   * when they would not cover it, as a distributor does when a reseller asks for more.
   */
  private payFromFunds(c: Customer, cash: bigint): void {
    if (c.associationType !== 'resale' || cash <= 0n) return;
    const r = c.partner!;
    if (r.funds < cash) {
      const buffer = BigInt(this.rng.between(5, 30)) * 1000n * YUAN * this.scale;
      this.allocate(r, roundUpTo(cash - r.funds + buffer, 1000n * YUAN));
    }
    r.funds -= cash;
    r.spentThisMonth += cash;
  }

  reclaimFunds(): boolean {
    const r = this.rng.pick(this.resellers);
    if (r.funds < 10_000n * YUAN) return false;
    return this.reclaimFundsOf(r, this.rng.between(10, 40) / 100);
  }

  private usableQuota(r: Partner): Quota | undefined {
    for (const q of r.quotas) {
      if (q.left >= 100n * YUAN && (q.expiresAt === undefined || q.expiresAt > this.now + 7 * DAY)) return q;
    }
    return undefined;
  }

  issueVoucher(): boolean {
    const c = this.findCustomer((x) => x.partner !== undefined && this.usableQuota(x.partner) !== undefined);
    if (!c) return false;
    const r = c.partner!;
    const q = this.usableQuota(r)!;
    const value = this.rng.pick(VOUCHER_VALUES);
    const amount = minBig(value, q.left);
    const at = this.tick();
    const expiresAt = endOfDayMonthsLater(at, r.profile.timeZone, 3);
    const id = this.rng.uuid();
    this.emit('VoucherIssued', at, r.profile.timeZone, {
      voucherId: id,
      quotaId: q.id,
      customerId: c.id,
      amount: formatCents(amount),
      expiresAt: formatInstant(expiresAt, r.profile.timeZone),
    });
    q.left -= amount;
    if (q.left === 0n) r.quotas.splice(r.quotas.indexOf(q), 1);
    c.vouchers.push({ id, quota: q, unused: amount, expiresAt, issuedAt: at });
    return true;
  }

  revokeVoucher(): boolean {
    const c = this.findCustomer((x) => x.vouchers.length > 0, 20);
    if (!c) return false;
    const v = this.rng.pick(c.vouchers);
    if (v.expiresAt < this.now + DAY) return false;
    this.emit('VoucherRevoked', this.tick(), c.partner!.profile.timeZone, { voucherId: v.id });
    c.vouchers.splice(c.vouchers.indexOf(v), 1);
    return true;
  }

  /** A grantor takes back part of a quota that has been lying unused for a while. */
  reclaimQuota(): boolean {
    const r = this.rng.pick(this.resellers);
    const q = r.quotas.find(
      (x) =>
        x.left > 0n && x.grantedAt < this.now - 45 * DAY && (x.expiresAt === undefined || x.expiresAt > this.now + DAY),
    );
    if (!q) return false;
    const amount = fractionOf(q.left, this.rng.between(10, 30) / 100);
    if (amount <= 0n) return false;
    this.reclaimFromQuota(q, amount);
    return true;
  }

  // Orders ----------------------------------------------------------------------------------------

  private track(c: Customer, order: Order): void {
    c.orders.push(order);
    this.trackedOrders++;
    if (c.orders.length > TRACKED_ORDERS) {
      c.orders.shift()!.open = false;
      this.trackedOrders--;
    }
    this.expiring.push(order);
    if (this.expiring.size > 2 * this.trackedOrders + 1000) this.expiring.retain((o) => o.open);
  }

  private untrack(order: Order): void {
    order.open = false;
    const list = order.customer.orders;
    const i = list.indexOf(order);
    if (i >= 0) {
      list.splice(i, 1);
      this.trackedOrders--;
    }
  }

  /** Places an order (a renewal when `previous` is given): discount, voucher and funds as SPEC §3 wants. */
  private placeOrder(c: Customer, product: Product, months: number, resources: Resource[], previous?: Order): void {
    const at = this.tick();
    const zone = this.zoneOf(c);
    let list = 0n;
    for (const r of resources) list += termPrice(this.currencyAmount(product.ladder[r.spec]!.monthly, c), months);
    let amount = list;
    let discountId: string | undefined;
    if (this.rng.chance(0.8)) {
      for (const d of c.discounts) {
        if (d.productTypes.length > 0 && !d.productTypes.includes(product.type)) continue;
        const rate = this.rateAt(d, at);
        if (rate === undefined) continue;
        discountId = d.id;
        amount = discountedCents(list, rate);
        break;
      }
    }
    let voucherId: string | undefined;
    let voucherAmount = 0n;
    if (this.rng.chance(previous ? 0.2 : 0.6)) {
      for (const v of c.vouchers) {
        if (v.unused <= 0n || v.expiresAt < at + DAY || v.issuedAt >= at) continue;
        const part = fractionOf(amount, this.rng.between(20, 100) / 100);
        voucherAmount = minBig(v.unused, part);
        if (voucherAmount <= 0n) break;
        voucherId = v.id;
        v.unused -= voucherAmount;
        if (v.unused === 0n) c.vouchers.splice(c.vouchers.indexOf(v), 1);
        break;
      }
      if (voucherId === undefined) voucherAmount = 0n;
    }
    // Funds are topped up before the order that needs them, so the allocation comes first in the log.
    this.payFromFunds(c, amount - voucherAmount);
    const termStart = previous ? previous.termEnd : at;
    const termEnd = endOfDayMonthsLater(previous ? previous.termEnd : at, zone, months);
    const autoRenew = previous
      ? previous.resources.some((r) => r.autoRenew)
      : this.rng.chance(0.6)
        ? this.rng.chance(0.65)
        : undefined;
    const order: Order = {
      id: this.rng.uuid(),
      customer: c,
      product,
      months,
      termStart,
      termEnd,
      paid: amount,
      refunded: 0n,
      resources,
      open: true,
    };
    const data: OrderPlacedData = {
      orderId: order.id,
      customerId: c.id,
      productType: product.type,
      billingMode: 'subscription',
      currency: c.currency,
      listAmount: formatCents(list),
      ...(discountId === undefined ? {} : { discountId }),
      amount: formatCents(amount),
      ...(voucherId === undefined ? {} : { voucherId, voucherAmount: formatCents(voucherAmount) }),
      resources: resources.map((r) => ({ resourceId: r.id, spec: product.ladder[r.spec]!.spec })),
      termEnd: formatInstant(termEnd, zone),
      ...(previous ? { renewalOf: previous.id } : {}),
      ...(autoRenew === undefined ? {} : { autoRenew }),
    };
    // The order is stamped after any top-up allocation made for it.
    this.emit('OrderPlaced', this.now === at ? at : this.tick(), zone, data);
    if (autoRenew !== undefined) for (const r of resources) r.autoRenew = autoRenew;
    this.track(c, order);
  }

  newOrder(): boolean {
    const c = this.randomCustomer();
    if (!c) return false;
    const product = this.rng.weighted(PRODUCTS, (p) => p.weight);
    const months = this.rng.weighted(TERMS, (t) => t.weight).months;
    const count = this.rng.chance(0.7) ? 1 : this.rng.between(1, product.maxResources);
    // Smaller specifications sell more.
    const spec = Math.min(product.ladder.length - 1, Math.floor(this.rng.next() ** 2 * product.ladder.length));
    const resources: Resource[] = [];
    for (let i = 0; i < count; i++) resources.push({ id: this.rng.uuid(), spec, autoRenew: false });
    this.placeOrder(c, product, months, resources);
    return true;
  }

  /** Renews the subscription expiring next, if one is due within ten days; expired ones drop out. */
  renewal(): boolean {
    for (let tries = 0; tries < 6; tries++) {
      const o = this.expiring.peek();
      if (!o) return false;
      if (!o.open || o.termEnd <= this.now + MINUTE) {
        this.expiring.pop();
        if (o.open) this.untrack(o);
        continue;
      }
      if (o.termEnd > this.now + 10 * DAY) return false;
      this.expiring.pop();
      const keen = o.resources.some((r) => r.autoRenew);
      if (!this.rng.chance(keen ? 0.9 : 0.45)) {
        this.untrack(o);
        continue;
      }
      this.untrack(o);
      this.placeOrder(o.customer, o.product, o.months, o.resources, o);
      return true;
    }
    return false;
  }

  /** An open order of an associated customer that still runs for a while, if one turns up. */
  private findOpenOrder(test: (o: Order) => boolean = () => true): Order | undefined {
    for (let tries = 0; tries < 12; tries++) {
      const c = this.randomCustomer();
      if (!c || c.orders.length === 0) continue;
      const o = this.rng.pick(c.orders);
      if (o.open && o.termEnd > this.now + HOUR && test(o)) return o;
    }
    return undefined;
  }

  autoRenewSet(): boolean {
    const o = this.findOpenOrder();
    if (!o) return false;
    const r = this.rng.pick(o.resources);
    r.autoRenew = !r.autoRenew;
    this.emit('AutoRenewSet', this.tick(), this.zoneOf(o.customer), {
      orderId: o.id,
      resourceId: r.id,
      autoRenew: r.autoRenew,
    });
    return true;
  }

  /** Share of the term still to run, in [0, 1]. */
  private remaining(o: Order): number {
    const total = o.termEnd - o.termStart;
    return total <= 0 ? 0 : Math.max(0, Math.min(1, (o.termEnd - this.now) / total));
  }

  /**
   * Unsubscribes (the whole order: everything refundable, or pro rata for the time left) or
   * downgrades (part of one resource's price back). Never more than paid minus already refunded.
   */
  refund(): boolean {
    const o = this.findOpenOrder((x) => x.paid > x.refunded);
    if (!o) return false;
    const refundable = o.paid - o.refunded;
    let reason: 'unsubscribe' | 'downgrade';
    let amount: bigint;
    let resourceIds: string[];
    if (this.rng.chance(0.55)) {
      reason = 'unsubscribe';
      amount = this.rng.chance(0.5) ? refundable : fractionOf(refundable, this.remaining(o));
      resourceIds = o.resources.map((r) => r.id);
    } else {
      reason = 'downgrade';
      const r = this.rng.pick(o.resources);
      amount = fractionOf(refundable, this.rng.between(5, 35) / 100 / o.resources.length);
      resourceIds = [r.id];
    }
    if (amount <= 0n) amount = refundable;
    this.emit('OrderRefunded', this.tick(), this.zoneOf(o.customer), {
      refundId: this.rng.uuid(),
      orderId: o.id,
      reason,
      amount: formatCents(amount),
      resourceIds,
    });
    o.refunded += amount;
    if (reason === 'unsubscribe' || o.refunded >= o.paid) this.untrack(o);
    return true;
  }

  /** Upgrades (a charge for the time left, paid like the order) or downgrades with a rebate. */
  specChange(): boolean {
    const o = this.findOpenOrder((x) => x.product.ladder.length > 1);
    if (!o) return false;
    const c = o.customer;
    const r = this.rng.pick(o.resources);
    const ladder = o.product.ladder;
    const up = r.spec < ladder.length - 1 && (r.spec === 0 || this.rng.chance(0.7));
    const to = up ? Math.min(ladder.length - 1, r.spec + this.rng.between(1, 2)) : r.spec - 1;
    if (to < 0 || to === r.spec) return false;
    const from = ladder[r.spec]!;
    const target = ladder[to]!;
    const diff = this.currencyAmount(
      termPrice(up ? target.monthly - from.monthly : from.monthly - target.monthly, o.months),
      c,
    );
    let amount = fractionOf(diff, this.remaining(o));
    if (!up) amount = minBig(amount, o.paid - o.refunded);
    if (amount <= 0n) return false;
    if (up) this.payFromFunds(c, amount);
    this.emit('SpecChanged', this.tick(), this.zoneOf(c), {
      changeId: this.rng.uuid(),
      orderId: o.id,
      resourceId: r.id,
      fromSpec: from.spec,
      toSpec: target.spec,
      amount: formatCents(up ? amount : -amount),
    });
    if (up) o.paid += amount;
    else o.refunded += amount;
    r.spec = to;
    return true;
  }

  // Metered usage and adjustments -----------------------------------------------------------------

  /** Usage of one metered resource over an hour or a day, charged after the window ends. */
  onDemandCharge(): boolean {
    const c = this.randomCustomer();
    if (!c) return false;
    const at = this.tick();
    const zone = this.zoneOf(c);
    let windowEnd: number;
    let windowStart: number;
    let hours: number;
    if (this.rng.chance(0.7)) {
      windowEnd = Math.floor(at / HOUR) * HOUR;
      windowStart = windowEnd - HOUR;
      hours = 1;
    } else {
      windowEnd = startOfLocalDay(at, zone);
      windowStart = startOfLocalDay(windowEnd - HOUR, zone);
      hours = Math.round((windowEnd - windowStart) / HOUR);
    }
    this.charge(c, at, windowStart, windowEnd, hours);
    return true;
  }

  private charge(c: Customer, at: number, windowStart: number, windowEnd: number, hours: number): void {
    if (c.meters.length === 0 || (c.meters.length < 3 && this.rng.chance(0.05))) {
      const product = this.rng.weighted(METERED_PRODUCTS, (p) => p.weight);
      c.meters.push({ id: this.rng.uuid(), product, meter: product.meter! });
    }
    const m = this.rng.pick(c.meters);
    const [lo, hi] = m.meter.perHour;
    // Hundredths of the unit: instance hours are whole (up to the window), volumes are drawn.
    const quantity =
      lo === hi
        ? BigInt(lo * this.rng.between(1, hours))
        : BigInt((lo + Math.floor((hi - lo) * this.rng.next() ** 4)) * hours);
    const price = this.currencyAmount(m.meter.micro, c);
    // hundredths × 10^-6 = 10^-8 units: exact; rounded half-up to the cent unless billed to 10^-8.
    let amount = quantity * (price > 0n ? price : 1n);
    if (m.meter.digits === 2)
      amount = maxBig(((amount + CENT_IN_NANO / 2n) / CENT_IN_NANO) * CENT_IN_NANO, CENT_IN_NANO);
    const zone = this.zoneOf(c);
    this.emit('OnDemandCharged', at, zone, {
      chargeId: this.rng.uuid(),
      customerId: c.id,
      productType: m.product.type,
      resourceId: m.id,
      usageType: m.meter.usageType,
      quantity: formatCents(quantity),
      unit: m.meter.unit,
      amount: formatNano(amount),
      currency: c.currency,
      windowStart: formatInstant(windowStart, zone),
      windowEnd: formatInstant(windowEnd, zone),
    });
  }

  /** Usage metered late: dated in a period that is already closed (booked forward by the engine). */
  lateCharge(): boolean {
    if (this.lastClosed < 0) return false;
    const index = this.lastClosed - (this.lastClosed > 0 && this.rng.chance(0.2) ? 1 : 0);
    const periodEnd = this.bounds[index + 1]!;
    const windowEnd = Math.floor(periodEnd / HOUR) * HOUR - this.rng.between(1, 20) * HOUR;
    const windowStart = windowEnd - HOUR;
    const c = this.findCustomer((x) => x.since < windowStart - MINUTE);
    if (!c) return false;
    this.charge(c, windowEnd + this.rng.between(5, 50) * MINUTE, windowStart, windowEnd, 1);
    return true;
  }

  adjustment(): boolean {
    const c = this.randomCustomer();
    if (!c) return false;
    const credit = this.rng.chance(0.6);
    const magnitude = this.currencyAmount(BigInt(this.rng.between(500, 300_000)), c);
    const corrects =
      this.lastClosed >= 0 && this.rng.chance(0.3)
        ? this.periods[Math.max(0, this.lastClosed - this.rng.int(3))]
        : undefined;
    this.emit('AdjustmentPosted', this.tick(), this.zoneOf(c), {
      adjustmentId: this.rng.uuid(),
      customerId: c.id,
      amount: formatCents(credit ? -(magnitude > 0n ? magnitude : 1n) : magnitude > 0n ? magnitude : 1n),
      currency: c.currency,
      reason: this.rng.pick(credit ? ADJUSTMENT_REASONS.credit : ADJUSTMENT_REASONS.debit),
      ...(corrects === undefined ? {} : { correctsPeriod: corrects }),
    });
    return true;
  }
}
