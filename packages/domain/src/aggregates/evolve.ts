/**
 * `evolve(streamId, state, event)`: the pure fold of a stream, for events appended to it and for
 * events linked into it. States are never mutated; each step returns a new object.
 */
import type { DomainEvent } from '../events/catalogue.js';
import { cashFirst, cashPartOf, publishedRuleSet, voucherReturnedOnRevoke } from '../figures.js';
import { type Decimal, formatAmount, normalizeAmount, parseAmount } from '../money.js';
import { bucketDelete, bucketGet, bucketSet } from './bucket-map.js';
import { customerAssociationAt, orderRefundSplit } from './queries.js';
import type {
  AggregateState,
  AssociationSpell,
  CatalogueState,
  CustomerState,
  DiscountState,
  FundsState,
  MarkerState,
  MarketTransactionState,
  OrderState,
  PartnerState,
  PeriodsState,
  QuotaState,
  RulesState,
  StatementState,
  VoucherState,
} from './state.js';
import { streamEntityId, streamKind } from './streams.js';

const plus = (a: string, b: string | Decimal): string => formatAmount(parseAmount(a).plus(b));

function partner(state: PartnerState | undefined, e: DomainEvent): PartnerState | undefined {
  switch (e.type) {
    case 'PartnerRegistered':
      return {
        kind: 'partner',
        partnerId: e.data.partnerId,
        name: e.data.name,
        tier: e.data.tier,
        parentId: e.data.parentId ?? null,
        level: e.data.level ?? null,
        timeZone: e.data.timeZone,
        currency: e.data.currency,
        language: null,
        programs: [],
        programHistory: [],
      };
    case 'PartnerProfileChanged': {
      if (!state) return state;
      const { timeZone, language, level } = e.data;
      return {
        ...state,
        ...(timeZone === undefined ? {} : { timeZone }),
        ...(language === undefined ? {} : { language }),
        ...(level === undefined ? {} : { level }),
      };
    }
    case 'PartnerProgramEnrolled':
      if (!state || state.programs.includes(e.data.program)) return state;
      return {
        ...state,
        programs: [...state.programs, e.data.program],
        programHistory: [...state.programHistory, { program: e.data.program, from: e.occurredAt, to: null }],
      };
    case 'PartnerProgramWithdrawn':
      if (!state) return state;
      return {
        ...state,
        programs: state.programs.filter((p) => p !== e.data.program),
        programHistory: state.programHistory.map((h) =>
          h.program === e.data.program && h.to === null ? { ...h, to: e.occurredAt } : h,
        ),
      };
    default:
      return state;
  }
}

function closeCurrent(history: readonly AssociationSpell[], at: string): AssociationSpell[] {
  return history.map((s) => (s.to === null ? { ...s, to: at } : s));
}

/** Ends the spell in force and opens one from `at` (an association or a switch of its type). */
function startSpell(
  history: readonly AssociationSpell[],
  at: string,
  spell: Omit<AssociationSpell, 'from' | 'to'>,
): AssociationSpell[] {
  return [...closeCurrent(history, at), { ...spell, from: at, to: null }];
}

function customer(state: CustomerState | undefined, e: DomainEvent): CustomerState | undefined {
  switch (e.type) {
    case 'CustomerAssociated': {
      const accountManager = e.data.accountManager ?? null;
      return {
        kind: 'customer',
        customerId: e.data.customerId,
        customerName: e.data.customerName,
        partnerId: e.data.partnerId,
        associationType: e.data.associationType,
        accountManager,
        orders: state?.orders ?? {},
        history: startSpell(state?.history ?? [], e.occurredAt, {
          partnerId: e.data.partnerId,
          associationType: e.data.associationType,
          accountManager,
        }),
      };
    }
    case 'AssociationTypeSwitched':
      if (!state) return state;
      return {
        ...state,
        associationType: e.data.associationType,
        history: startSpell(state.history, e.occurredAt, {
          partnerId: e.data.partnerId,
          associationType: e.data.associationType,
          accountManager: state.accountManager,
        }),
      };
    case 'CustomerDisassociated':
      if (!state) return state;
      return {
        ...state,
        partnerId: null,
        associationType: null,
        history: closeCurrent(state.history, e.occurredAt),
      };
    case 'OrderPlaced': {
      // Linked here when placed: the association it is placed under, as the history stands when it is.
      if (!state || bucketGet(state.orders, e.data.orderId) !== undefined) return state;
      const spell = customerAssociationAt(state, e.occurredAt);
      const placedUnder = spell ? { partnerId: spell.partnerId, associationType: spell.associationType } : null;
      return { ...state, orders: bucketSet(state.orders, e.data.orderId, placedUnder) };
    }
    default:
      return state;
  }
}

function discount(state: DiscountState | undefined, e: DomainEvent): DiscountState | undefined {
  switch (e.type) {
    case 'DiscountGranted':
      return {
        kind: 'discount',
        discountId: e.data.discountId,
        customerId: e.data.customerId,
        productTypes: [...(e.data.productTypes ?? [])],
        validFrom: e.data.validFrom,
        validTo: e.data.validTo ?? null,
        rates: [{ rate: e.data.rate, effectiveFrom: e.data.validFrom }],
        revokedFrom: null,
      };
    case 'DiscountChanged':
      if (!state) return state;
      return { ...state, rates: [...state.rates, { rate: e.data.rate, effectiveFrom: e.data.effectiveFrom }] };
    case 'DiscountRevoked':
      if (!state) return state;
      return { ...state, revokedFrom: e.data.effectiveFrom };
    default:
      return state;
  }
}

function order(state: OrderState | undefined, e: DomainEvent): OrderState | undefined {
  switch (e.type) {
    case 'OrderPlaced': {
      if (state) return state;
      const autoRenew = e.data.autoRenew ?? false;
      return {
        kind: 'order',
        orderId: e.data.orderId,
        customerId: e.data.customerId,
        occurredAt: e.occurredAt,
        productType: e.data.productType,
        billingMode: e.data.billingMode,
        currency: e.data.currency,
        listAmount: normalizeAmount(e.data.listAmount),
        discountId: e.data.discountId ?? null,
        amount: normalizeAmount(e.data.amount),
        voucherId: e.data.voucherId ?? null,
        voucherAmount: normalizeAmount(e.data.voucherAmount ?? '0'),
        upgradeCharges: '0',
        refundedCash: '0',
        refundedVoucher: '0',
        refundIds: [],
        changeIds: [],
        resources: e.data.resources.map((r) => ({
          resourceId: r.resourceId,
          ...(r.spec === undefined ? {} : { spec: r.spec }),
          autoRenew,
        })),
        termEnd: e.data.termEnd,
        renewalOf: e.data.renewalOf ?? null,
      };
    }
    case 'OrderRefunded': {
      if (!state) return state;
      const split = orderRefundSplit(state, parseAmount(e.data.amount));
      if (!split) return state;
      return {
        ...state,
        refundedCash: plus(state.refundedCash, split.cash),
        refundedVoucher: plus(state.refundedVoucher, split.voucher),
        refundIds: [...state.refundIds, e.data.refundId],
      };
    }
    case 'SpecChanged': {
      if (!state) return state;
      const amount = parseAmount(e.data.amount);
      const resources = state.resources.map((r) =>
        r.resourceId === e.data.resourceId ? { ...r, spec: e.data.toSpec } : r,
      );
      if (amount.gt(0)) {
        return {
          ...state,
          upgradeCharges: plus(state.upgradeCharges, amount),
          changeIds: [...state.changeIds, e.data.changeId],
          resources,
        };
      }
      const split = orderRefundSplit(state, amount.negated());
      return {
        ...state,
        refundedCash: split ? plus(state.refundedCash, split.cash) : state.refundedCash,
        refundedVoucher: split ? plus(state.refundedVoucher, split.voucher) : state.refundedVoucher,
        changeIds: [...state.changeIds, e.data.changeId],
        resources,
      };
    }
    case 'AutoRenewSet':
      if (!state) return state;
      return {
        ...state,
        resources: state.resources.map((r) =>
          r.resourceId === e.data.resourceId ? { ...r, autoRenew: e.data.autoRenew } : r,
        ),
      };
    default:
      return state;
  }
}

function emptyFunds(resellerId: string): FundsState {
  return {
    kind: 'funds',
    resellerId,
    currency: null,
    allocated: '0',
    reclaimed: '0',
    spent: '0',
    returned: '0',
    orders: {},
  };
}

function draw(state: FundsState, orderId: string, amount: Decimal): FundsState {
  const entry = bucketGet(state.orders, orderId) ?? { drawn: '0', returned: '0' };
  return {
    ...state,
    spent: plus(state.spent, amount),
    orders: bucketSet(state.orders, orderId, { ...entry, drawn: plus(entry.drawn, amount) }),
  };
}

/** Returns a refund's or rebate's cash part: what the order still has out of these funds, at most. */
function giveBack(state: FundsState, orderId: string, amount: Decimal): FundsState {
  const entry = bucketGet(state.orders, orderId);
  if (!entry) return state;
  const out = parseAmount(entry.drawn).minus(parseAmount(entry.returned));
  const back = cashFirst(amount, out);
  const orders = back.eq(out)
    ? bucketDelete(state.orders, orderId)
    : bucketSet(state.orders, orderId, { ...entry, returned: plus(entry.returned, back) });
  return { ...state, returned: plus(state.returned, back), orders };
}

function funds(state: FundsState | undefined, e: DomainEvent, resellerId: string): FundsState | undefined {
  const s = state ?? emptyFunds(resellerId);
  switch (e.type) {
    case 'FundsAllocated':
      return { ...s, currency: e.data.currency, allocated: plus(s.allocated, e.data.amount) };
    case 'FundsReclaimed':
      return { ...s, reclaimed: plus(s.reclaimed, e.data.amount) };
    case 'OrderPlaced': {
      const cash = cashPartOf(parseAmount(e.data.amount), parseAmount(e.data.voucherAmount ?? '0'));
      return draw(s, e.data.orderId, cash);
    }
    case 'SpecChanged': {
      const amount = parseAmount(e.data.amount);
      return amount.gt(0) ? draw(s, e.data.orderId, amount) : giveBack(s, e.data.orderId, amount.negated());
    }
    case 'OrderRefunded':
      return giveBack(s, e.data.orderId, parseAmount(e.data.amount));
    default:
      return state;
  }
}

function quota(state: QuotaState | undefined, e: DomainEvent): QuotaState | undefined {
  switch (e.type) {
    case 'VoucherQuotaGranted':
      return {
        kind: 'quota',
        quotaId: e.data.quotaId,
        grantorId: e.data.grantorId,
        partnerId: e.data.partnerId,
        currency: e.data.currency,
        expiresAt: e.data.expiresAt ?? null,
        granted: normalizeAmount(e.data.amount),
        issued: '0',
        reclaimed: '0',
        returned: '0',
        vouchers: {},
      };
    case 'VoucherQuotaReclaimed':
      if (!state) return state;
      return { ...state, reclaimed: plus(state.reclaimed, e.data.amount) };
    case 'VoucherIssued':
      if (!state) return state;
      return {
        ...state,
        issued: plus(state.issued, e.data.amount),
        vouchers: bucketSet(state.vouchers, e.data.voucherId, {
          amount: normalizeAmount(e.data.amount),
          used: '0',
          expiresAt: e.data.expiresAt,
        }),
      };
    case 'OrderPlaced': {
      const id = e.data.voucherId;
      const v = id === undefined || !state ? undefined : bucketGet(state.vouchers, id);
      if (!state || !v || id === undefined) return state;
      return {
        ...state,
        vouchers: bucketSet(state.vouchers, id, { ...v, used: plus(v.used, e.data.voucherAmount ?? '0') }),
      };
    }
    case 'VoucherRevoked': {
      const v = state ? bucketGet(state.vouchers, e.data.voucherId) : undefined;
      if (!state || !v) return state;
      return {
        ...state,
        returned: plus(
          state.returned,
          voucherReturnedOnRevoke(
            { amount: parseAmount(v.amount), used: parseAmount(v.used), expiresAt: v.expiresAt },
            e.occurredAt,
          ),
        ),
        vouchers: bucketDelete(state.vouchers, e.data.voucherId),
      };
    }
    default:
      return state;
  }
}

function voucher(state: VoucherState | undefined, e: DomainEvent): VoucherState | undefined {
  switch (e.type) {
    case 'VoucherIssued':
      return {
        kind: 'voucher',
        voucherId: e.data.voucherId,
        quotaId: e.data.quotaId,
        customerId: e.data.customerId,
        amount: normalizeAmount(e.data.amount),
        used: '0',
        revoked: false,
        expiresAt: e.data.expiresAt,
      };
    case 'OrderPlaced':
      if (!state) return state;
      return { ...state, used: plus(state.used, e.data.voucherAmount ?? '0') };
    case 'VoucherRevoked':
      if (!state) return state;
      return { ...state, revoked: true };
    default:
      return state;
  }
}

function periods(state: PeriodsState | undefined, e: DomainEvent): PeriodsState | undefined {
  if (e.type !== 'BillingPeriodClosed') return state;
  return { kind: 'periods', closed: [...(state?.closed ?? []), e.data.period] };
}

function rules(state: RulesState | undefined, e: DomainEvent): RulesState | undefined {
  if (e.type !== 'IncentiveRulesPublished') return state;
  return {
    kind: 'rules',
    versions: [...(state?.versions ?? []), publishedRuleSet(e)],
  };
}

function statement(state: StatementState | undefined, e: DomainEvent): StatementState | undefined {
  if (e.type !== 'StatementRevisionPublished') return state;
  return {
    kind: 'statement',
    partnerId: e.data.partnerId,
    period: e.data.period,
    revisions: [
      ...(state?.revisions ?? []),
      {
        revision: e.data.revision,
        rulesVersion: String(e.data.rulesVersion),
        totalBefore: e.data.totalBefore,
        totalAfter: e.data.totalAfter,
      },
    ],
  };
}

function catalogue(state: CatalogueState | undefined, e: DomainEvent): CatalogueState | undefined {
  const s: CatalogueState = state ?? { kind: 'catalogue', productTypes: {}, usageTypes: {}, units: {} };
  switch (e.type) {
    case 'ProductTypeRegistered': {
      const { productType, name, resourceTypes } = e.data;
      return { ...s, productTypes: { ...s.productTypes, [productType]: { productType, name, resourceTypes } } };
    }
    case 'UsageTypeRegistered': {
      const { usageType, productType, unit } = e.data;
      return { ...s, usageTypes: { ...s.usageTypes, [usageType]: { usageType, productType, unit } } };
    }
    case 'MeasureUnitRegistered': {
      const { unit, dimension, baseUnit, factor } = e.data;
      return { ...s, units: { ...s.units, [unit]: { unit, dimension, baseUnit, factor: normalizeAmount(factor) } } };
    }
    default:
      return state;
  }
}

function marker(state: MarkerState | undefined, e: DomainEvent): MarkerState {
  return state ?? { kind: 'marker', eventId: e.eventId, type: e.type };
}

/**
 * One step of a stream's fold: the state after `event`, which was appended to the stream or linked
 * into it. Events a stream's kind does not hold leave the state as it is.
 */
export function evolve(
  streamId: string,
  state: AggregateState | undefined,
  event: DomainEvent,
): AggregateState | undefined {
  const kind = streamKind(streamId);
  switch (kind) {
    case 'partner':
      return partner(state as PartnerState | undefined, event);
    case 'customer':
      return customer(state as CustomerState | undefined, event);
    case 'discount':
      return discount(state as DiscountState | undefined, event);
    case 'order':
      return order(state as OrderState | undefined, event);
    case 'funds':
      return funds(state as FundsState | undefined, event, streamEntityId(streamId));
    case 'quota':
      return quota(state as QuotaState | undefined, event);
    case 'voucher':
      return voucher(state as VoucherState | undefined, event);
    case 'periods':
      return periods(state as PeriodsState | undefined, event);
    case 'rules':
      return rules(state as RulesState | undefined, event);
    case 'statement':
      return statement(state as StatementState | undefined, event);
    case 'catalogue':
      return catalogue(state as CatalogueState | undefined, event);
    case 'market':
      return market(state as MarketTransactionState | undefined, event);
    case 'charge':
      if (event.type !== 'OnDemandCharged') return state;
      return (
        state ?? {
          kind: 'charge',
          chargeId: event.data.chargeId,
          customerId: event.data.customerId,
          amount: event.data.amount,
          currency: event.data.currency,
        }
      );
    case 'adjustment':
      if (event.type !== 'AdjustmentPosted') return state;
      return (
        state ?? {
          kind: 'adjustment',
          adjustmentId: event.data.adjustmentId,
          customerId: event.data.customerId,
          amount: event.data.amount,
          currency: event.data.currency,
        }
      );
    case 'period':
    case 'refund':
    case 'change':
    case 'allocation':
    case 'reclaim':
      return marker(state as MarkerState | undefined, event);
  }
}

/** A marketplace transaction: recorded, its refunds (linked here) summed, billed, released. */
function market(state: MarketTransactionState | undefined, e: DomainEvent): MarketTransactionState | undefined {
  switch (e.type) {
    case 'MarketplaceTransactionRecorded': {
      const d = e.data;
      if (!state) {
        return {
          kind: 'market',
          transactionId: d.transactionId,
          orderId: d.orderId,
          partnerId: d.partnerId,
          transactionKind: d.kind,
          occurredAt: e.occurredAt,
          amount: normalizeAmount(d.amount),
          refunded: '0',
          supervised: d.supervised,
          billed: false,
          released: false,
        };
      }
      // A refund of this transaction, linked into its stream.
      if (d.refundOf !== state.transactionId) return state;
      return { ...state, refunded: plus(state.refunded, parseAmount(d.amount).abs()) };
    }
    case 'MarketplaceTransactionBilled':
      return state && { ...state, billed: true };
    case 'MarketplaceSupervisionReleased':
      return state && { ...state, released: true };
    default:
      return state;
  }
}
