import {
  Decimal,
  firstOpenPeriod,
  isPeriodClosed,
  lineBase,
  netDelta,
  orderRefundSplit,
  type PublishedRuleSet,
  publishedRuleSet,
  ruleSetFor,
  ZERO,
} from '@reckon/domain';
import type { PoolClient } from 'pg';
import { AssociationBook } from '../context/associations.js';
import { ClosedPeriods } from '../context/closed-periods.js';
import { RowCache } from '../context/row-cache.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import type { ProjectionHandler } from '../projection.js';
import { upsertRows } from '../sql.js';
import { checksumOfLines } from '../statements/checksum.js';
import { millis, PeriodLocator } from '../time.js';
import { type KeptLine, keptLine, MEMORY_ENTRIES, StatementMemory } from './memory.js';
import {
  type ProgramSpell,
  type RatedLine,
  rateLine,
  type SourceLine,
  type SourceType,
  statementTier,
} from './rating.js';
import {
  SOURCE_LINE_COLUMNS,
  STATEMENT_COLUMNS,
  STATEMENT_LINE_COLUMNS,
  type StatementHead,
  sourceLineRow,
  statementFromRow,
  statementRow,
} from './schema.js';
import {
  chunksOf,
  loadChecksumLines,
  loadRuleSets,
  loadSourceLines,
  loadSpells,
  type Pair,
  pairKey,
  pushTo,
  revisionKey,
} from './store.js';

/**
 * Statements handled together when a close, a rule publication or an enrolment change works
 * through whole periods: their lines are in memory at once, so this bounds the projection's memory
 * (a statement of a busy partner holds thousands of lines).
 */
export const STATEMENTS_AT_A_TIME = 4;

/** What the projection keeps of an order: its line attributes and how much of its cash part is left. */
interface OrderRow {
  orderId: string;
  customerId: string;
  productType: string;
  billingMode: string;
  amount: string;
  voucherAmount: string;
  upgradeCharges: string;
  refundedCash: string;
  refundedVoucher: string;
  position: number;
}

/** A partner's level as registered, then each change with the instant it counts from. */
interface PartnerLevels {
  partnerId: string;
  level: string | null;
  changes: { level: string; fromMs: number }[];
}

/** The level in force at `ms`: the latest change from at most `ms` (the last in the log on a tie), else the registered one. */
export function levelAt(partner: PartnerLevels | undefined, ms: number): string | null {
  if (!partner) return null;
  let level = partner.level;
  let from = Number.NEGATIVE_INFINITY;
  for (const c of partner.changes) {
    if (c.fromMs <= ms && c.fromMs >= from) {
      level = c.level;
      from = c.fromMs;
    }
  }
  return level;
}

/** What a segment of a batch (between two barrier events) adds, written by `flushSegment`. */
interface Pending {
  lines: SourceLine[];
  netDeltas: Map<string, Decimal>;
  touched: Map<string, Pair>;
}

/**
 * Incentive source lines and statements (SPEC §4). Events in log order make rate-independent
 * source lines (base, match attributes, booking period) and the partner × period net; each batch
 * then re-rates what it touched into the current revision of each statement: only the new lines
 * while the tier bonus stays, every line of the statement when the net moved it to another tier.
 * Period closes, rule-set publications, published revisions and programme changes are barriers:
 * what came before them in the batch is written first, then they act on the tables.
 */
export class IncentivesHandler implements ProjectionHandler {
  private readonly associations: AssociationBook;
  private readonly closed: ClosedPeriods;
  private readonly periods: PeriodLocator;
  private readonly orders: RowCache<OrderRow>;
  /**
   * Each partner's level as registered (null: none, and only rules without a partnerLevel match)
   * and its changes by `PartnerProfileChanged`, each in force from its occurredAt on.
   */
  private readonly partners: RowCache<PartnerLevels>;
  private ruleSets: PublishedRuleSet[] | undefined;
  private readonly spells = new Map<string, ProgramSpell[]>();
  /** Every partner's spells are in `spells` (built from position 0): a miss means none. */
  private spellsComplete = false;
  /** Nets, current revisions and live lines as last written (memory.ts). */
  readonly memory: StatementMemory;
  private pending: Pending = { lines: [], netDeltas: new Map(), touched: new Map() };

  constructor(
    private readonly schema: string,
    billingTz: string,
    /** Nets, heads and lines kept in memory before it is dropped (tests make it small). */
    memoryEntries = MEMORY_ENTRIES,
  ) {
    this.memory = new StatementMemory(schema, memoryEntries);
    this.associations = new AssociationBook(`${schema}.customer_associations`);
    this.closed = new ClosedPeriods(`${schema}.closed_periods`);
    this.periods = new PeriodLocator(billingTz);
    this.orders = new RowCache<OrderRow>({
      table: `${schema}.orders`,
      key: ['order_id'],
      columns: [
        { name: 'order_id', type: 'text' },
        { name: 'customer_id', type: 'text' },
        { name: 'product_type', type: 'text' },
        { name: 'billing_mode', type: 'text' },
        { name: 'amount', type: 'numeric' },
        { name: 'voucher_amount', type: 'numeric' },
        { name: 'upgrade_charges', type: 'numeric' },
        { name: 'refunded_cash', type: 'numeric' },
        { name: 'refunded_voucher', type: 'numeric' },
        { name: 'position', type: 'bigint' },
      ],
      toRow: (o) => [
        o.orderId,
        o.customerId,
        o.productType,
        o.billingMode,
        o.amount,
        o.voucherAmount,
        o.upgradeCharges,
        o.refundedCash,
        o.refundedVoucher,
        o.position,
      ],
      fromRow: (r) => ({
        orderId: r.order_id as string,
        customerId: r.customer_id as string,
        productType: r.product_type as string,
        billingMode: r.billing_mode as string,
        amount: r.amount as string,
        voucherAmount: r.voucher_amount as string,
        upgradeCharges: r.upgrade_charges as string,
        refundedCash: r.refunded_cash as string,
        refundedVoucher: r.refunded_voucher as string,
        position: Number(r.position),
      }),
      keyOf: (o) => [o.orderId],
      maxEntries: 40_000,
    });
    this.partners = new RowCache({
      table: `${schema}.partners`,
      key: ['partner_id'],
      columns: [
        { name: 'partner_id', type: 'text' },
        { name: 'level', type: 'text' },
        { name: 'level_changes', type: 'jsonb' },
      ],
      toRow: (p) => [p.partnerId, p.level, JSON.stringify(p.changes)],
      fromRow: (r) => ({
        partnerId: r.partner_id as string,
        level: r.level as string | null,
        changes: (r.level_changes as PartnerLevels['changes'] | null) ?? [],
      }),
      keyOf: (p) => [p.partnerId],
      maxEntries: 20_000,
    });
  }

  /** From position 0 every table is empty: nothing this projection reads back needs a query. */
  start(position: number): void {
    if (position !== 0) return;
    this.associations.startComplete();
    this.closed.startComplete();
    this.orders.startComplete();
    this.partners.startComplete();
    this.memory.startComplete();
    if (this.spells.size === 0) this.spellsComplete = true;
    this.ruleSets ??= [];
  }

  async apply(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    await this.closed.load(client);
    this.ruleSets ??= await loadRuleSets(client, this.schema);
    const orderIds: string[][] = [];
    for (const e of events) {
      if (e.type === 'OrderRefunded' || e.type === 'SpecChanged') orderIds.push([e.data.orderId]);
    }
    await this.orders.load(client, orderIds);
    const customerIds = new Set<string>();
    for (const e of events) {
      if ('customerId' in e.data && typeof e.data.customerId === 'string') customerIds.add(e.data.customerId);
      else if (e.type === 'OrderRefunded' || e.type === 'SpecChanged') {
        const order = this.orders.get([e.data.orderId]);
        if (order) customerIds.add(order.customerId);
      }
    }
    await this.associations.load(client, customerIds);
    const partnerIds = new Set<string>();
    for (const id of customerIds) {
      for (const s of this.associations.history(id)?.segments ?? []) partnerIds.add(s.partnerId);
    }
    // And the partners this batch associates customers with: their levels are needed for the lines
    // that follow, and may have been registered in a batch before (caches empty after a restart).
    for (const e of events) {
      if ('partnerId' in e.data && typeof e.data.partnerId === 'string') partnerIds.add(e.data.partnerId);
    }
    await this.partners.load(
      client,
      [...partnerIds].map((id) => [id]),
    );

    for (const e of events) {
      switch (e.type) {
        case 'PartnerRegistered':
          this.partners.put({ partnerId: e.data.partnerId, level: e.data.level ?? null, changes: [] });
          break;
        case 'PartnerProfileChanged': {
          // A new level counts for the lines of events from its occurredAt on (SPEC §6).
          const partner = this.partners.get([e.data.partnerId]);
          if (e.data.level === undefined || !partner) break;
          partner.changes = [...partner.changes, { level: e.data.level, fromMs: millis(e.occurredAt) }];
          this.partners.touch(partner);
          break;
        }
        case 'CustomerAssociated':
        case 'AssociationTypeSwitched':
        case 'CustomerDisassociated':
          this.associations.apply(e);
          break;
        case 'OrderPlaced': {
          const d = e.data;
          const order: OrderRow = {
            orderId: d.orderId,
            customerId: d.customerId,
            productType: d.productType,
            billingMode: d.billingMode,
            amount: d.amount,
            voucherAmount: d.voucherAmount ?? '0',
            upgradeCharges: '0',
            refundedCash: '0',
            refundedVoucher: '0',
            position: e.globalPosition,
          };
          this.orders.put(order);
          this.line(e, d.customerId, 'OrderPlaced', d.orderId, lineBase(e), netDelta(e), order, {
            productType: d.productType,
            billingMode: d.billingMode,
          });
          break;
        }
        case 'OrderRefunded': {
          const order = this.orderOf(e, e.data.orderId);
          const amount = new Decimal(e.data.amount);
          const cash = this.refund(e, order, amount);
          this.line(e, order.customerId, 'OrderRefunded', e.data.refundId, lineBase(e, cash), netDelta(e), order);
          break;
        }
        case 'SpecChanged': {
          const order = this.orderOf(e, e.data.orderId);
          const amount = new Decimal(e.data.amount);
          let cash: Decimal | undefined;
          if (amount.isPositive()) {
            order.upgradeCharges = amount.plus(order.upgradeCharges).toFixed();
            this.orders.touch(order);
          } else {
            cash = this.refund(e, order, amount.abs());
          }
          this.line(e, order.customerId, 'SpecChanged', e.data.changeId, lineBase(e, cash), netDelta(e), order);
          break;
        }
        case 'OnDemandCharged': {
          const d = e.data;
          this.line(e, d.customerId, 'OnDemandCharged', d.chargeId, lineBase(e), netDelta(e), null, {
            productType: d.productType,
            billingMode: 'on_demand',
          });
          break;
        }
        case 'AdjustmentPosted': {
          const segment = this.associations.at(e.data.customerId, millis(e.occurredAt));
          if (segment)
            this.addNet(segment.partnerId, this.periods.booking(e.occurredAt, this.closed.set).period, netDelta(e));
          break;
        }
        case 'BillingPeriodClosed':
          await this.flushSegment(client);
          this.closed.apply(e);
          await this.freezeThrough(client, e.data.period, e.globalPosition);
          break;
        case 'IncentiveRulesPublished':
          await this.flushSegment(client);
          await this.rulesPublished(client, e);
          break;
        case 'StatementRevisionPublished':
          await this.flushSegment(client);
          await this.revisionPublished(client, e);
          break;
        case 'PartnerProgramEnrolled':
        case 'PartnerProgramWithdrawn':
          await this.flushSegment(client);
          await this.programChanged(client, e);
          break;
        case 'ProductTypeRegistered':
        case 'UsageTypeRegistered':
        case 'MeasureUnitRegistered':
          // The product catalogue moves no money: no line, no net.
          break;
      }
    }
    await this.flushSegment(client);
    await this.associations.flush(client);
    await this.closed.flush(client);
    await this.orders.flush(client);
    await this.partners.flush(client);
  }

  committed(): void {
    this.associations.committed();
    this.closed.committed();
    this.orders.committed();
    this.partners.committed();
    this.memory.committed();
    if (this.spells.size > 20_000) {
      this.spells.clear();
      this.spellsComplete = false;
    }
  }

  reset(): void {
    this.associations.reset();
    this.closed.reset();
    this.orders.reset();
    this.partners.reset();
    this.memory.reset();
    this.spells.clear();
    this.spellsComplete = false;
    this.ruleSets = undefined;
    this.pending = { lines: [], netDeltas: new Map(), touched: new Map() };
  }

  // Folding events into source lines ---------------------------------------------------------------

  private orderOf(e: KnownEvent, orderId: string): OrderRow {
    const order = this.orders.get([orderId]);
    if (!order) throw new ProjectionError(`${e.type}: order ${orderId} is not in the log before it`, e.globalPosition);
    return order;
  }

  /** Books a refund or rebate against the order (cash part first); returns its cash part. */
  private refund(e: KnownEvent, order: OrderRow, amount: Decimal): Decimal {
    const split = orderRefundSplit(order, amount);
    if (!split) {
      throw new ProjectionError(
        `${e.type}: ${amount.toFixed()} exceeds what order ${order.orderId} can refund`,
        e.globalPosition,
      );
    }
    order.refundedCash = split.cash.plus(order.refundedCash).toFixed();
    order.refundedVoucher = split.voucher.plus(order.refundedVoucher).toFixed();
    this.orders.touch(order);
    return split.cash;
  }

  private addNet(partnerId: string, period: string, amount: Decimal): void {
    const key = pairKey(partnerId, period);
    this.pending.netDeltas.set(key, (this.pending.netDeltas.get(key) ?? ZERO).plus(amount));
    this.pending.touched.set(key, { partnerId, period });
  }

  /**
   * The source line of a customer-level event, for the partner associated at its occurredAt (none:
   * no line, no net), booked into its booking period; `netAmount` is what it adds to the net.
   */
  private line(
    e: KnownEvent,
    customerId: string,
    sourceType: SourceType,
    sourceId: string,
    base: Decimal,
    netAmount: Decimal,
    order: OrderRow | null,
    attributes?: { productType: string; billingMode: string },
  ): void {
    const occurredMs = millis(e.occurredAt);
    const segment = this.associations.at(customerId, occurredMs);
    if (!segment) return;
    const booking = this.periods.booking(e.occurredAt, this.closed.set);
    const positions = [e.globalPosition, segment.fromPosition];
    if (order && order.position !== e.globalPosition) positions.push(order.position);
    this.pending.lines.push({
      partnerId: segment.partnerId,
      period: booking.period,
      sourceType,
      sourceId,
      correctsPeriod: booking.correctsPeriod ?? null,
      orderId: order?.orderId ?? null,
      customerId,
      customerName: segment.customerName,
      accountManager: segment.accountManager,
      productType: attributes?.productType ?? order?.productType ?? null,
      billingMode: (attributes?.billingMode ?? order?.billingMode ?? null) as SourceLine['billingMode'],
      associationType: segment.associationType,
      partnerLevel: levelAt(this.partners.get([segment.partnerId]), occurredMs),
      occurredAt: e.occurredAt,
      occurredMs,
      base,
      position: e.globalPosition,
      positions: positions.sort((a, b) => a - b),
    });
    this.addNet(segment.partnerId, booking.period, netAmount);
  }

  // Rating into statements ----------------------------------------------------------------------------

  private ruleSet(version: string | null): PublishedRuleSet | undefined {
    return version === null ? undefined : this.ruleSets?.find((r) => r.version === version);
  }

  private async spellsOf(client: PoolClient, partnerIds: Iterable<string>): Promise<Map<string, ProgramSpell[]>> {
    const missing = [...new Set(partnerIds)].filter((id) => !this.spells.has(id));
    if (missing.length > 0 && !this.spellsComplete)
      for (const [id, list] of await loadSpells(client, this.schema, missing)) this.spells.set(id, list);
    return this.spells;
  }

  /** Writes the source lines and nets of the segment and rates them into the current revisions. */
  private async flushSegment(client: PoolClient): Promise<void> {
    const { lines, netDeltas, touched } = this.pending;
    if (touched.size === 0) return;
    this.pending = { lines: [], netDeltas: new Map(), touched: new Map() };
    const pairs = [...touched.values()];
    await upsertRows(
      client,
      // Each event makes its line once (the checkpoint moves in the same transaction): plain inserts.
      { table: `${this.schema}.source_lines`, columns: SOURCE_LINE_COLUMNS },
      lines.map(sourceLineRow),
    );
    const nets = await this.memory.netsOf(client, pairs);
    for (const [key, delta] of netDeltas) {
      const net = (nets.get(key) ?? ZERO).plus(delta);
      nets.set(key, net);
      this.memory.setNet(key, net);
    }
    await upsertRows(
      client,
      {
        table: `${this.schema}.partner_period_net`,
        columns: [
          { name: 'partner_id', type: 'text' },
          { name: 'period', type: 'text' },
          { name: 'net', type: 'numeric' },
        ],
        key: ['partner_id', 'period'],
      },
      [...netDeltas.keys()].map((key) => {
        const pair = touched.get(key)!;
        return [pair.partnerId, pair.period, nets.get(key)!.toFixed()];
      }),
    );

    const heads = await this.memory.headsOf(client, pairs);
    const byPair = new Map<string, SourceLine[]>();
    for (const line of lines) {
      const key = pairKey(line.partnerId, line.period);
      pushTo(byPair, key, line);
    }
    const spells = await this.spellsOf(
      client,
      pairs.map((p) => p.partnerId),
    );
    // Statements whose tier moved: every rated line shifts by the same bonus difference.
    const shifted: { head: StatementHead; delta: Decimal }[] = [];
    const headRows: unknown[][] = [];
    const lineRows: unknown[][] = [];
    for (const [key, pair] of touched) {
      const fresh = byPair.get(key) ?? [];
      let head = heads.get(key);
      const created = head === undefined;
      if (!head) {
        // A statement starts with its first line (an adjustment alone only moves the net).
        if (fresh.length === 0) continue;
        const ruleSet = ruleSetFor(this.ruleSets ?? [], pair.period);
        head = this.newHead(pair, 1, ruleSet?.version ?? null, 'first-line', fresh[0]?.position ?? 0);
      }
      const tier = statementTier(this.ruleSet(head.rulesVersion), nets.get(key) ?? ZERO);
      const moved = !created && !tier.eq(head.tierBonus);
      if (!moved && !created && fresh.length === 0) continue;
      if (moved) {
        const delta = tier.minus(head.tierBonus);
        shifted.push({ head, delta });
        this.memory.shift(head, delta);
      }
      head.tierBonus = tier;
      const ruleSet = this.ruleSet(head.rulesVersion);
      const kept: KeptLine[] = [];
      for (const line of fresh) {
        const rated = rateLine(line, ruleSet, tier, spells.get(line.partnerId) ?? []);
        lineRows.push(this.lineRow(head.revision, line, rated));
        kept.push(keptLine(line, rated));
        head.total = head.total.plus(rated.amount);
        head.lineCount += 1;
      }
      // A new statement's lines are all here; an older one's are kept if memory has the others.
      if (created) this.memory.keepLines(head, kept);
      else this.memory.addLines(head, kept);
      this.memory.setHead(head);
      if (!moved) headRows.push(statementRow(head));
    }
    // Shift the stored lines before the new ones (already rated with the new tier) are written.
    if (shifted.length > 0) await this.shiftTier(client, shifted);
    // The lines of source lines new in this segment (inserted above without a conflict clause, so
    // each once): new rows of the current revisions, inserted as they are (COPY when many).
    await upsertRows(client, { table: `${this.schema}.statement_lines`, columns: STATEMENT_LINE_COLUMNS }, lineRows);
    // A shifted statement's total and line count: summed in memory when it has every line, else
    // read back from the table.
    const unknown: StatementHead[] = [];
    for (const { head } of shifted) {
      const kept = this.memory.linesOf(head);
      if (!kept) {
        unknown.push(head);
        continue;
      }
      let total = ZERO;
      for (const line of kept) total = total.plus(line.amount);
      head.total = total;
      head.lineCount = kept.length;
      headRows.push(statementRow(head));
    }
    if (unknown.length > 0) {
      const totals = await client.query(
        `SELECT l.partner_id, l.period, sum(l.amount) AS total, count(*) AS lines FROM ${this.schema}.statement_lines l
           JOIN unnest($1::text[], $2::text[], $3::integer[]) AS k(partner_id, period, revision)
             USING (partner_id, period, revision)
          GROUP BY l.partner_id, l.period`,
        [unknown.map((h) => h.partnerId), unknown.map((h) => h.period), unknown.map((h) => h.revision)],
      );
      const byKey = new Map(totals.rows.map((r) => [pairKey(r.partner_id, r.period), r]));
      for (const head of unknown) {
        const row = byKey.get(pairKey(head.partnerId, head.period));
        head.total = new Decimal(row?.total ?? 0);
        head.lineCount = Number(row?.lines ?? 0);
        headRows.push(statementRow(head));
      }
    }
    await this.writeHeads(client, headRows);
  }

  /** The tier bonus of these statements changed by `delta`: their rated lines shift (`shiftTier`). */
  private async shiftTier(client: PoolClient, shifted: { head: StatementHead; delta: Decimal }[]): Promise<void> {
    await shiftTier(
      client,
      this.schema,
      shifted.map(({ head, delta }) => ({
        partnerId: head.partnerId,
        period: head.period,
        revision: head.revision,
        delta,
      })),
    );
  }

  private newHead(
    pair: Pair,
    revision: number,
    rulesVersion: string | null,
    cause: StatementHead['cause'],
    position: number,
  ): StatementHead {
    return {
      partnerId: pair.partnerId,
      period: pair.period,
      revision,
      rulesVersion,
      status: 'estimated',
      current: true,
      tierBonus: ZERO,
      total: ZERO,
      lineCount: 0,
      checksum: null,
      cause,
      createdPosition: position,
      frozenPosition: null,
      trueUpPeriod: null,
      trueUpAmount: null,
    };
  }

  /** Rates every line of a statement (its tier set on `head`); sets its total and line count. */
  private rateAll(
    head: StatementHead,
    lines: readonly SourceLine[],
    spells: Map<string, ProgramSpell[]>,
  ): (SourceLine & RatedLine)[] {
    const ruleSet = this.ruleSet(head.rulesVersion);
    let total = ZERO;
    const rated = lines.map((line) => {
      const r = rateLine(line, ruleSet, head.tierBonus, spells.get(line.partnerId) ?? []);
      total = total.plus(r.amount);
      return { ...line, ...r };
    });
    head.total = total;
    head.lineCount = rated.length;
    return rated;
  }

  private lineRow(revision: number, line: SourceLine, rated: RatedLine): unknown[] {
    return [
      line.partnerId,
      line.period,
      revision,
      line.sourceType,
      line.sourceId,
      rated.ruleId,
      rated.rate.toFixed(),
      rated.amount.toFixed(),
      line.position,
    ];
  }

  private async writeLines(client: PoolClient, rows: unknown[][]): Promise<void> {
    await upsertRows(
      client,
      {
        table: `${this.schema}.statement_lines`,
        columns: STATEMENT_LINE_COLUMNS,
        key: ['partner_id', 'period', 'revision', 'source_type', 'source_id'],
      },
      rows,
    );
  }

  private async writeHeads(client: PoolClient, rows: unknown[][]): Promise<void> {
    await upsertRows(
      client,
      { table: `${this.schema}.statements`, columns: STATEMENT_COLUMNS, key: ['partner_id', 'period', 'revision'] },
      rows,
    );
  }

  private async heads(client: PoolClient, where: string, params: unknown[]): Promise<StatementHead[]> {
    const result = await client.query(`SELECT * FROM ${this.schema}.statements WHERE current AND ${where}`, params);
    return result.rows.map(statementFromRow);
  }

  /** Stored revisions stop following the log: their checksum is computed from their lines once. */
  private async freeze(client: PoolClient, heads: StatementHead[], position: number): Promise<void> {
    // Lines memory has need no read.
    const unknown: StatementHead[] = [];
    for (const head of heads) {
      const kept = this.memory.linesOf(head);
      if (!kept) {
        unknown.push(head);
        continue;
      }
      head.checksum = checksumOfLines(kept, head.rulesVersion);
      head.frozenPosition = position;
    }
    for (const chunk of chunksOf(unknown, STATEMENTS_AT_A_TIME)) {
      const lines = await loadChecksumLines(client, this.schema, chunk);
      for (const head of chunk) {
        const own = lines.get(revisionKey(head)) ?? [];
        head.checksum = checksumOfLines(own, head.rulesVersion);
        head.frozenPosition = position;
      }
    }
  }

  /** A period closes (and with it every earlier one): its live revisions freeze, confirmed. */
  private async freezeThrough(client: PoolClient, period: string, position: number): Promise<void> {
    const heads = await this.heads(client, `status = 'estimated' AND period <= $1`, [period]);
    if (heads.length === 0) return;
    await this.freeze(client, heads, position);
    for (const head of heads) head.status = 'confirmed';
    await this.writeHeads(client, heads.map(statementRow));
    for (const head of heads) this.memory.setHead(head);
  }

  /**
   * Replaces current revisions by new ones (numbered by `revisionOf`) rated under `rulesVersion`:
   * the old ones freeze (an open period's as `superseded`; a closed period's stays `confirmed`).
   * Returns the new heads.
   */
  private async replace(
    client: PoolClient,
    olds: StatementHead[],
    pairs: Pair[],
    make: (pair: Pair, old: StatementHead | undefined) => StatementHead,
    position: number,
  ): Promise<StatementHead[]> {
    // A confirmed revision froze at its close and stays exactly as it was.
    await this.freeze(
      client,
      olds.filter((h) => h.status === 'estimated'),
      position,
    );
    const oldByPair = new Map(olds.map((h) => [pairKey(h.partnerId, h.period), h]));
    for (const old of olds) {
      old.current = false;
      if (old.status === 'estimated') old.status = 'superseded';
    }
    // The old heads must stop being current before the new ones are written (unique index).
    await this.writeHeads(client, olds.map(statementRow));
    for (const old of olds) this.memory.setHead(old);
    const made: StatementHead[] = [];
    for (const chunk of chunksOf(pairs, STATEMENTS_AT_A_TIME)) {
      const sources = await loadSourceLines(client, this.schema, chunk);
      const nets = await this.memory.netsOf(client, chunk);
      const spells = await this.spellsOf(
        client,
        chunk.map((p) => p.partnerId),
      );
      const lineRows: unknown[][] = [];
      for (const pair of chunk) {
        const key = pairKey(pair.partnerId, pair.period);
        const head = make(pair, oldByPair.get(key));
        head.tierBonus = statementTier(this.ruleSet(head.rulesVersion), nets.get(key) ?? ZERO);
        const rated = this.rateAll(head, sources.get(key) ?? [], spells);
        if (head.status === 'confirmed') {
          head.checksum = checksumOfLines(rated, head.rulesVersion);
          head.frozenPosition = position;
        }
        for (const l of rated) lineRows.push(this.lineRow(head.revision, l, l));
        if (head.status === 'estimated')
          this.memory.keepLines(
            head,
            rated.map((l) => keptLine(l, l)),
          );
        made.push(head);
      }
      await this.writeLines(client, lineRows);
    }
    await this.writeHeads(client, made.map(statementRow));
    for (const head of made) this.memory.setHead(head);
    return made;
  }

  /** A rule set starts a new revision of every live statement of the open periods it covers. */
  private async rulesPublished(client: PoolClient, e: Extract<KnownEvent, { type: 'IncentiveRulesPublished' }>) {
    const d = e.data;
    const set = publishedRuleSet(e);
    this.ruleSets = [...(this.ruleSets ?? []), set];
    await upsertRows(
      client,
      {
        table: `${this.schema}.rule_sets`,
        columns: [
          { name: 'version', type: 'text' },
          { name: 'seq', type: 'integer' },
          { name: 'effective_from', type: 'text' },
          { name: 'rules', type: 'jsonb' },
          { name: 'tiers', type: 'jsonb' },
          { name: 'programs', type: 'jsonb' },
          { name: 'published_at', type: 'timestamptz' },
          { name: 'position', type: 'bigint' },
        ],
        key: ['version'],
      },
      [
        [
          set.version,
          this.ruleSets.length,
          set.effectiveFrom,
          JSON.stringify(set.rules),
          JSON.stringify(set.tiers),
          JSON.stringify(set.programs),
          e.occurredAt,
          e.globalPosition,
        ],
      ],
    );
    const olds = await this.heads(client, `status = 'estimated' AND period >= $1`, [d.effectiveFrom]);
    if (olds.length === 0) return;
    await this.replace(
      client,
      olds,
      olds.map((h) => ({ partnerId: h.partnerId, period: h.period })),
      (pair, old) => this.newHead(pair, (old?.revision ?? 0) + 1, set.version, 'rules-published', e.globalPosition),
      e.globalPosition,
    );
  }

  /**
   * A rebuilt revision is published: it becomes current under its rule version. For a closed
   * period the difference of totals is booked as a TrueUp line in the first open period.
   */
  private async revisionPublished(
    client: PoolClient,
    e: Extract<KnownEvent, { type: 'StatementRevisionPublished' }>,
  ): Promise<void> {
    const d = e.data;
    const version = String(d.rulesVersion);
    if (!this.ruleSet(version)) {
      throw new ProjectionError(`StatementRevisionPublished: rule set ${version} is not published`, e.globalPosition);
    }
    const pair = { partnerId: d.partnerId, period: d.period };
    const olds = await this.heads(client, 'partner_id = $1 AND period = $2', [d.partnerId, d.period]);
    const max = await client.query(
      `SELECT coalesce(max(revision), 0) AS max FROM ${this.schema}.statements WHERE partner_id = $1 AND period = $2`,
      [d.partnerId, d.period],
    );
    // The revision the publisher saw as the draft's number; a later one only if the log raced it.
    const revision = Math.max(d.revision, Number(max.rows[0].max) + 1);
    const closed = isPeriodClosed(d.period, this.closed.set);
    const [made] = await this.replace(
      client,
      olds,
      [pair],
      (p) => {
        const head = this.newHead(p, revision, version, 'revision-published', e.globalPosition);
        if (closed) head.status = 'confirmed';
        return head;
      },
      e.globalPosition,
    );
    if (!closed || !made) return;
    const difference = made.total.minus(olds[0]?.total ?? ZERO);
    if (difference.isZero()) return;
    const open = firstOpenPeriod(this.closed.set)!;
    made.trueUpPeriod = open;
    made.trueUpAmount = difference;
    await this.writeHeads(client, [statementRow(made)]);
    this.pending.lines.push({
      partnerId: d.partnerId,
      period: open,
      sourceType: 'TrueUp',
      sourceId: trueUpId(d.period, revision),
      correctsPeriod: d.period,
      orderId: null,
      customerId: null,
      customerName: null,
      accountManager: null,
      productType: null,
      billingMode: null,
      associationType: null,
      partnerLevel: null,
      occurredAt: e.occurredAt,
      occurredMs: millis(e.occurredAt),
      base: difference,
      position: e.globalPosition,
      positions: [e.globalPosition],
    });
    this.pending.touched.set(pairKey(d.partnerId, open), { partnerId: d.partnerId, period: open });
  }

  /** Enrolment changes re-rate the partner's live statements (bonuses go by enrolment at occurredAt). */
  private async programChanged(
    client: PoolClient,
    e: Extract<KnownEvent, { type: 'PartnerProgramEnrolled' | 'PartnerProgramWithdrawn' }>,
  ): Promise<void> {
    const { partnerId, program } = e.data;
    const rows = await client.query(
      `SELECT seq, withdrawn_at FROM ${this.schema}.partner_programs WHERE partner_id = $1 AND program = $2 ORDER BY seq`,
      [partnerId, program],
    );
    if (e.type === 'PartnerProgramEnrolled') {
      const seq = rows.rows.reduce((m, r) => Math.max(m, Number(r.seq)), 0) + 1;
      await client.query(
        `INSERT INTO ${this.schema}.partner_programs (partner_id, program, seq, enrolled_at) VALUES ($1, $2, $3, $4)`,
        [partnerId, program, seq, e.occurredAt],
      );
    } else {
      const open = rows.rows.find((r) => r.withdrawn_at === null);
      if (!open) {
        throw new ProjectionError(
          `PartnerProgramWithdrawn: ${partnerId} is not enrolled in ${program}`,
          e.globalPosition,
        );
      }
      await client.query(
        `UPDATE ${this.schema}.partner_programs SET withdrawn_at = $4 WHERE partner_id = $1 AND program = $2 AND seq = $3`,
        [partnerId, program, open.seq, e.occurredAt],
      );
    }
    // Read again (a miss must not mean "none" for this partner any more).
    this.spells.delete(partnerId);
    for (const [id, list] of await loadSpells(client, this.schema, [partnerId])) this.spells.set(id, list);
    const heads = await this.heads(client, `status = 'estimated' AND partner_id = $1`, [partnerId]);
    if (heads.length === 0) return;
    const spells = await this.spellsOf(client, [partnerId]);
    for (const chunk of chunksOf(heads, STATEMENTS_AT_A_TIME)) {
      const sources = await loadSourceLines(client, this.schema, chunk);
      const lineRows: unknown[][] = [];
      for (const head of chunk) {
        const rated = this.rateAll(head, sources.get(pairKey(head.partnerId, head.period)) ?? [], spells);
        for (const l of rated) lineRows.push(this.lineRow(head.revision, l, l));
        this.memory.keepLines(
          head,
          rated.map((l) => keptLine(l, l)),
        );
      }
      await this.writeLines(client, lineRows);
    }
    await this.writeHeads(client, heads.map(statementRow));
    for (const head of heads) this.memory.setHead(head);
  }
}

/** The source id of the TrueUp line a published revision of a closed period books. */
export function trueUpId(correctsPeriod: string, revision: number): string {
  return `${correctsPeriod}/r${revision}`;
}

/**
 * The tier bonus of these statements (current revisions) changed by `delta`: every line that a
 * rule matched gets `rate + delta` and `amount = round(base × rate, 2)` in one statement, for
 * speed (a shift re-rates thousands of lines). It computes the domain's figures: `lineRate` is
 * rule + tier + programmes, so the new rate is the old one + the tier's difference, and
 * PostgreSQL's `round(numeric, 2)` rounds ties away from zero exactly like `lineAmount`
 * (shift-tier.int.spec.ts checks both on generated lines). Lines without a rule (rate 0) and
 * TrueUps (rate 1) keep theirs.
 */
export async function shiftTier(
  client: PoolClient,
  schema: string,
  shifted: readonly { partnerId: string; period: string; revision: number; delta: Decimal }[],
): Promise<void> {
  await client.query(
    `UPDATE ${schema}.statement_lines l
        SET rate = l.rate + k.delta, amount = round(f.base * (l.rate + k.delta), 2)
       FROM unnest($1::text[], $2::text[], $3::integer[], $4::numeric[]) AS k(partner_id, period, revision, delta),
            ${schema}.source_lines f
      WHERE l.partner_id = k.partner_id AND l.period = k.period AND l.revision = k.revision AND l.rule_id IS NOT NULL
        AND f.partner_id = l.partner_id AND f.period = l.period AND f.source_type = l.source_type
        AND f.source_id = l.source_id`,
    [
      shifted.map((x) => x.partnerId),
      shifted.map((x) => x.period),
      shifted.map((x) => x.revision),
      shifted.map((x) => x.delta.toFixed()),
    ],
  );
}
