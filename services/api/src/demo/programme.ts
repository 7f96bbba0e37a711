/**
 * The demo's partner programme: a year of the generator's events for a fixed seed (so event ids,
 * and therefore the import, are the same on every run), and the cast the guide points at.
 */
import type { DomainEvent } from '@reckon/domain';
import { generateEvents } from '@reckon/generator';

export const DEMO_SEED = 'reckon-demo';
/** Moderate on purpose: loads in well under a minute, still a year of every kind of fact. */
export const DEMO_EVENTS = 20_000;
export const DEMO_START = '2026-01';
export const DEMO_MONTHS = 12;

export interface DemoOptions {
  events?: number;
  seed?: string;
  billingTimeZone?: string;
}

export function demoEvents(options: DemoOptions = {}): Generator<DomainEvent, void, undefined> {
  return generateEvents({
    events: options.events ?? DEMO_EVENTS,
    seed: options.seed ?? DEMO_SEED,
    start: DEMO_START,
    months: DEMO_MONTHS,
    ...(options.billingTimeZone ? { billingTimeZone: options.billingTimeZone } : {}),
  });
}

export interface DemoPartner {
  partnerId: string;
  name: string;
}

/** Who and what the guide shows, found in the events themselves (not hard-coded ids). */
export interface DemoCast {
  distributor: DemoPartner;
  /** A reseller of `distributor` (funds and voucher quota). */
  reseller: DemoPartner;
  /** A solution provider enrolled in PCE from the start and never withdrawn (referral customers). */
  pcePartner: DemoPartner;
  /** The true-up: `pcePartner`'s statement of `period` (closed) rebuilt under `toRules`. */
  trueUp: { period: string; fromRules: string; toRules: string; bookedIn: string };
  /** The seller of the first marketplace transaction (云商店), and the period of it. */
  seller: DemoPartner & { period: string };
  /** The periods closed, oldest first, and the first open one. */
  closed: string[];
  open: string;
}

function nextPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** Reads the cast out of the demo's events (one pass; the generator is cheap to run again). */
export function findCast(events: Iterable<DomainEvent>): DemoCast {
  const partners = new Map<string, { name: string; tier: string; parentId?: string }>();
  const enrolled = new Map<string, number>();
  const withdrawn = new Set<string>();
  const rules: { version: string; effectiveFrom: string }[] = [];
  const closed: string[] = [];
  let sale: { partnerId: string; period: string } | undefined;
  let index = 0;
  for (const event of events) {
    index++;
    switch (event.type) {
      case 'PartnerRegistered': {
        const { partnerId, name, tier, parentId } = event.data;
        partners.set(partnerId, { name, tier, ...(parentId ? { parentId } : {}) });
        break;
      }
      case 'PartnerProgramEnrolled':
        if (event.data.program === 'PCE' && !enrolled.has(event.data.partnerId)) {
          enrolled.set(event.data.partnerId, index);
        }
        break;
      case 'PartnerProgramWithdrawn':
        if (event.data.program === 'PCE') withdrawn.add(event.data.partnerId);
        break;
      case 'IncentiveRulesPublished':
        rules.push({ version: String(event.data.version), effectiveFrom: event.data.effectiveFrom });
        break;
      case 'BillingPeriodClosed':
        closed.push(event.data.period);
        break;
      case 'MarketplaceTransactionRecorded':
        // Its month in the billing zone is its period (or later, if closed): the first one at least.
        sale ??= { partnerId: event.data.partnerId, period: event.occurredAt.slice(0, 7) };
        break;
    }
  }
  const entries = [...partners.entries()];
  const named = (partnerId: string): DemoPartner => ({ partnerId, name: partners.get(partnerId)?.name ?? partnerId });
  const distributor = entries.find(([, p]) => p.tier === 'distributor');
  const reseller = entries.find(([, p]) => p.tier === 'reseller' && p.parentId === distributor?.[0]);
  const pce = [...enrolled.entries()]
    .filter(([id]) => !withdrawn.has(id) && partners.get(id)?.tier === 'solution_provider')
    .sort((a, b) => a[1] - b[1])[0];
  if (!distributor || !reseller || !pce) throw new Error('the demo events lack a distributor, reseller or PCE partner');
  if (!sale) throw new Error('the demo events lack a marketplace transaction');

  // The newest rule set, and the last closed period before it takes effect (still under the older one).
  const sorted = [...rules].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const newest = sorted.at(-1);
  const older = sorted.at(-2);
  const last = closed.at(-1);
  if (!newest || !older || !last) throw new Error('the demo events lack two rule sets or a closed period');
  const period = [...closed].reverse().find((p) => p < newest.effectiveFrom && p >= older.effectiveFrom);
  if (!period) throw new Error(`no closed period under rules ${older.version} before ${newest.effectiveFrom}`);
  const open = nextPeriod(last);
  return {
    distributor: named(distributor[0]),
    reseller: named(reseller[0]),
    pcePartner: named(pce[0]),
    seller: { ...named(sale.partnerId), period: sale.period },
    trueUp: { period, fromRules: older.version, toRules: newest.version, bookedIn: open },
    closed,
    open,
  };
}
