import {
  add,
  type Decimal,
  firstOpenPeriod,
  isPeriodClosed,
  type PublishedRuleSet,
  publishedRuleSet,
  ZERO,
} from '@reckon/domain';
import type { PoolClient } from 'pg';
import { AssociationBook } from '../context/associations.js';
import { customersConcerned, ordersReferredTo } from '../context/batch-keys.js';
import { ClosedPeriods } from '../context/closed-periods.js';
import { RowCache } from '../context/row-cache.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import { writeSpec } from '../model/table.js';
import type { ProjectionContext, ProjectionHandler, Queryable } from '../projection.js';
import { type UpsertSpec, upsertRows } from '../sql.js';
import { millis, PeriodLocator } from '../time.js';
import { QueuedWrites, turn } from '../write/queued.js';
import {
  collect,
  emptySegment,
  type FoldContext,
  foldEvent,
  levelAt,
  levelChanged,
  type OrderRow,
  type PartnerLevels,
  type SegmentDeltas,
} from './fold.js';
import {
  confirm,
  follow,
  freeze,
  openRevision,
  publishedRevisionNumber,
  publishRevision,
  rerate,
  retier,
  retotal,
  supersede,
  type TierShift,
  tierShiftUpdate,
  trueUp,
} from './lifecycle.js';
import { type KeptLine, keptLine, MEMORY_ENTRIES, StatementMemory, type UnwrittenLines } from './memory.js';
import type { ProgramSpell, SourceLine } from './rating.js';
import {
  incentivesTables,
  netRow,
  orderCacheSpec,
  partnerCacheSpec,
  ruleSetRow,
  type StatementHead,
  sourceLineRow,
  statementFromRow,
  statementLineRow,
  statementRow,
} from './schema.js';
import {
  chunksOf,
  loadChecksumLines,
  loadRevisionTotals,
  loadRuleSets,
  loadSourceLines,
  loadSpells,
  type Pair,
  pairKey,
  pushTo,
  recordProgramChange,
  relevelSourceLines,
  revisionKey,
} from './store.js';

/**
 * Statements handled together when a close, a rule publication or an enrolment change works
 * through whole periods: their lines are in memory at once, so this bounds the projection's memory
 * (a statement of a busy partner holds thousands of lines).
 */
export const STATEMENTS_AT_A_TIME = 4;

/**
 * Source lines after which a batch's segment is written, without waiting for a barrier or the
 * batch's end: PostgreSQL stores one part while the fold makes the next (`QueuedWrites`).
 */
const SEGMENT_LINES = 1_000;

/** Events folded between two turns of the event loop (the driver sends the queued writes meanwhile). */
const EVENTS_PER_TURN = 50;

/**
 * Incentive source lines and statements (SPEC §4). Events in log order make rate-independent
 * source lines (base, match attributes, booking period) and the partner × period net (`fold.ts`);
 * each batch then re-rates what it touched into the current revision of each statement: only the
 * new lines while the tier bonus stays, every line of the statement when the net moved it to
 * another tier (`lifecycle.ts`). Period closes, rule-set publications, published revisions and
 * programme changes are barriers: what came before them in the batch is written first, then they
 * act on the tables. This class gathers the context, calls the fold and the transitions, and writes.
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
  /** Nets, current revisions and live lines as the batches so far leave them (memory.ts). */
  readonly memory: StatementMemory;
  private pending: SegmentDeltas = emptySegment();
  /**
   * The nets and current heads the batch's segments moved, by key, as they now stand: written once
   * before a barrier acts on the tables and at the batch's end, not once per segment (a replay's
   * batch of 5,000 events is five segments, and most of them move the same few dozen rows).
   */
  private readonly heldNets = new Map<string, unknown[]>();
  private readonly heldHeads = new Map<string, StatementHead>();
  /** The batch's writes, sent as they are made and waited for before the commit. */
  private readonly writes = new QueuedWrites();
  /**
   * A replay from position 0: the lines of a live revision are written once, when it stops being
   * live (frozen or superseded) or the replay ends (`settle`), not re-rated in the table at every
   * tier shift; memory holds them meanwhile (as it does anyway).
   */
  private deferLines = false;

  private readonly schema: string;
  /** A replay into a scratch schema: nothing reads the tables until `settle` (ProjectionContext.journal). */
  private readonly replay: boolean;
  /** Where the orders the cache lacks are read in a queued replay (ProjectionContext.committedReads). */
  private readonly committedReads: Queryable | undefined;
  /** How each table is written (schema.ts declares them): new rows inserted, others merged on their key. */
  private readonly specs: Readonly<
    Record<'sourceLines' | 'newLines' | 'lines' | 'heads' | 'nets' | 'ruleSets', UpsertSpec>
  >;

  constructor(
    { schema, billingTz, associations, journal = false, committedReads }: ProjectionContext,
    /** What it keeps in memory (tests make it small): nets, heads and lines; orders. */
    bounds: { memoryEntries?: number; orders?: number } = {},
  ) {
    this.schema = schema;
    this.replay = journal;
    this.committedReads = committedReads;
    this.memory = new StatementMemory(schema, bounds.memoryEntries ?? MEMORY_ENTRIES);
    this.associations = new AssociationBook(schema, associations);
    this.closed = new ClosedPeriods(schema);
    this.periods = new PeriodLocator(billingTz);
    this.orders = new RowCache(orderCacheSpec(schema, bounds.orders));
    this.partners = new RowCache(partnerCacheSpec(schema));
    const t = incentivesTables;
    this.specs = {
      // Each event makes its line once (the checkpoint moves in the same transaction): plain inserts.
      sourceLines: writeSpec(schema, t.source_lines, 'insert'),
      newLines: writeSpec(schema, t.statement_lines, 'insert'),
      lines: writeSpec(schema, t.statement_lines, 'merge'),
      heads: writeSpec(schema, t.statements, 'merge'),
      nets: writeSpec(schema, t.partner_period_net, 'merge'),
      ruleSets: writeSpec(schema, t.rule_sets, 'merge'),
    };
  }

  /** From position 0 every table is empty: nothing this projection reads back needs a query. */
  start(position: number): void {
    if (position !== 0) return;
    // A replay (nothing reads the tables before `settle`) holds live revisions' lines back.
    this.deferLines = this.replay;
    this.associations.startComplete();
    this.closed.startComplete();
    this.orders.startComplete();
    this.partners.startComplete();
    this.memory.startComplete();
    if (this.spells.size === 0) this.spellsComplete = true;
    this.ruleSets ??= [];
  }

  async apply(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    // A replay's applier queues its commit behind the writes and waits for them with `written`,
    // so the next batch folds while PostgreSQL stores this one; a live batch waits for them here.
    await this.writes.around(() => this.fold(client, events), !this.replay);
  }

  written(): Promise<void> {
    return this.writes.settled();
  }

  /** Folds the batch, writing as it goes: segments, barriers, then the context it changed. */
  private async fold(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    await this.loadContext(client, events);
    const context: FoldContext = {
      order: (orderId) => this.orders.get([orderId]),
      association: (customerId, ms) => this.associations.at(customerId, ms),
      booking: (occurredAt) => this.periods.booking(occurredAt, this.closed.set),
      level: (partnerId, ms) => levelAt(this.partners.get([partnerId]), ms),
    };
    let folded = 0;
    for (const e of events) {
      if (++folded % EVENTS_PER_TURN === 0) await turn();
      switch (e.type) {
        case 'PartnerRegistered':
          this.partners.put({ partnerId: e.data.partnerId, level: e.data.level ?? null, changes: [] });
          break;
        case 'PartnerProfileChanged': {
          const partner = this.partners.get([e.data.partnerId]);
          if (e.data.level === undefined || !partner) break;
          const changed = levelChanged(partner, e.data.level, e.occurredAt);
          this.partners.put(changed);
          // Back-dated, it reaches lines already made: they match with the level from then on (SPEC §6).
          await this.writeSoFar(client);
          await this.levelChangedBack(client, e, changed);
          break;
        }
        case 'CustomerAssociated':
        case 'AssociationTypeSwitched':
        case 'CustomerDisassociated':
          this.associations.apply(e);
          break;
        case 'OrderPlaced':
        case 'OrderRefunded':
        case 'SpecChanged':
        case 'OnDemandCharged':
        case 'AdjustmentPosted': {
          const change = foldEvent(e, context);
          // A placed order is new to the log (and so to the table): inserted, not merged.
          if (change.order && e.type === 'OrderPlaced') this.orders.putNew(change.order);
          else if (change.order) this.orders.put(change.order);
          collect(this.pending, change);
          if (this.pending.lines.length >= SEGMENT_LINES) await this.flushSegment(client);
          break;
        }
        case 'BillingPeriodClosed':
          await this.writeSoFar(client);
          this.closed.apply(e);
          await this.freezeThrough(client, e.data.period, e.globalPosition);
          break;
        case 'IncentiveRulesPublished':
          await this.writeSoFar(client);
          await this.rulesPublished(client, e);
          break;
        case 'StatementRevisionPublished':
          await this.writeSoFar(client);
          await this.revisionPublished(client, e);
          break;
        case 'PartnerProgramEnrolled':
        case 'PartnerProgramWithdrawn':
          await this.writeSoFar(client);
          await this.programChanged(client, e);
          break;
        case 'ProductTypeRegistered':
        case 'UsageTypeRegistered':
        case 'MeasureUnitRegistered':
          // The product catalogue moves no money: no line, no net.
          break;
        // Ignored: a discount is already in an order's amount; reseller money, vouchers (the line
        // base is the cash part the order itself names) and renewal settings earn nothing; the
        // marketplace split is a revenue share, not an incentive (SPEC §4, §6).
        case 'DiscountGranted':
        case 'DiscountChanged':
        case 'DiscountRevoked':
        case 'AutoRenewSet':
        case 'FundsAllocated':
        case 'FundsReclaimed':
        case 'VoucherQuotaGranted':
        case 'VoucherQuotaReclaimed':
        case 'VoucherIssued':
        case 'VoucherRevoked':
        case 'MarketplaceTransactionRecorded':
        case 'MarketplaceTransactionBilled':
        case 'MarketplaceSupervisionReleased':
          break;
        default: {
          // Every event type of the catalogue is named above: a new one fails to compile here until
          // incentives says what it does with it, as the declared projections' `on` does.
          const unnamed: never = e;
          throw new ProjectionError(`incentives does not know the event type ${(unnamed as KnownEvent).type}`);
        }
      }
    }
    await this.writeSoFar(client);
    // Memory is dropped after this commit (past its bound): what only it holds is written first.
    if (this.memory.overBound) this.writeUnwritten(client, this.memory.takeUnwritten());
    this.writes.add(this.associations.flush(client));
    this.writes.add(this.closed.flush(client));
    this.writes.add(this.orders.flush(client));
    this.writes.add(this.partners.flush(client));
  }

  /** The replay is over: the lines held back are written, and from now on every line as it comes. */
  async settle(client: PoolClient): Promise<void> {
    if (this.memory.lostLines) {
      throw new ProjectionError(
        'a batch of the replay failed after statement lines were held back in memory: start the rebuild again',
      );
    }
    await this.writes.around(async () => this.writeUnwritten(client, this.memory.takeUnwritten()));
    this.deferLines = false;
  }

  /** Reads what the batch's events need that memory does not have: orders, associations, partners, rule sets. */
  private async loadContext(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    await this.closed.load(client);
    this.ruleSets ??= await loadRuleSets(client, this.schema);
    // In a queued replay, not behind the batch in flight: the orders it wrote are all in the cache.
    if (!this.orders.isComplete) await this.orders.load(this.committedReads ?? client, ordersReferredTo(events));
    const customerIds = customersConcerned(events, (orderId) => this.orders.get([orderId])?.customerId);
    await this.associations.load(client, customerIds);
    // From position 0 the few partners are all in memory: nothing to gather for a read.
    if (this.partners.isComplete) return;
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
    this.deferLines = false;
    this.associations.reset();
    this.closed.reset();
    this.orders.reset();
    this.partners.reset();
    this.memory.reset();
    this.heldNets.clear();
    this.heldHeads.clear();
    this.spells.clear();
    this.spellsComplete = false;
    this.ruleSets = undefined;
    this.pending = emptySegment();
  }

  // Writing a segment into statements -----------------------------------------------------------------

  private ruleSetList(): PublishedRuleSet[] {
    return this.ruleSets ?? [];
  }

  private async spellsOf(client: PoolClient, partnerIds: Iterable<string>): Promise<Map<string, ProgramSpell[]>> {
    const missing = [...new Set(partnerIds)].filter((id) => !this.spells.has(id));
    if (missing.length > 0 && !this.spellsComplete)
      for (const [id, list] of await loadSpells(client, this.schema, missing)) this.spells.set(id, list);
    return this.spells;
  }

  /**
   * Writes what the batch has made so far: the segment in hand, then the nets and heads held. Called
   * before a barrier reads or acts on the tables (its own head writes must come after these) and at
   * the batch's end.
   */
  private async writeSoFar(client: PoolClient): Promise<void> {
    await this.flushSegment(client);
    this.writes.add(upsertRows(client, this.specs.nets, [...this.heldNets.values()]));
    this.writes.add(upsertRows(client, this.specs.heads, [...this.heldHeads.values()].map(statementRow)));
    this.heldNets.clear();
    this.heldHeads.clear();
  }

  /** Holds the source lines' nets and rates the lines into the current revisions (`follow`), whose heads it holds. */
  private async flushSegment(client: PoolClient): Promise<void> {
    const segment = this.pending;
    if (segment.touched.size === 0) return;
    this.pending = emptySegment();
    const { lines, touched } = segment;
    const pairs = [...touched.values()];
    const nets = await this.writeSourceLinesAndNets(client, segment);
    const heads = await this.memory.headsOf(client, pairs);
    const byPair = new Map<string, SourceLine[]>();
    for (const line of lines) pushTo(byPair, pairKey(line.partnerId, line.period), line);
    const spells = await this.spellsOf(
      client,
      pairs.map((p) => p.partnerId),
    );
    // Statements whose tier moved: every rated line shifts by the same bonus difference.
    const shifted: StatementHead[] = [];
    const shifts: TierShift[] = [];
    const lineRows: unknown[][] = [];
    for (const [key, pair] of touched) {
      const followed = follow(
        heads.get(key),
        pair,
        byPair.get(key) ?? [],
        nets.get(key) ?? ZERO,
        this.ruleSetList(),
        spells,
      );
      if (!followed) continue;
      const { head, opened, shift } = followed;
      // In a replay a new revision's lines stay in memory until it stops being live (`putHeads`).
      const unwritten = opened ? this.deferLines : this.memory.isUnwritten(head);
      if (shift) {
        shifted.push(head);
        if (!unwritten)
          shifts.push({ partnerId: head.partnerId, period: head.period, revision: head.revision, delta: shift });
        this.memory.shift(head, shift);
      }
      const kept: KeptLine[] = [];
      for (const { line, rated } of followed.rated) {
        if (!unwritten) lineRows.push(statementLineRow(head, line, rated));
        kept.push(keptLine(line, rated));
      }
      // A new statement's lines are all here; an older one's are kept if memory has the others.
      if (opened) this.memory.keepLines(head, kept, unwritten);
      else this.memory.addLines(head, kept);
      this.memory.setHead(head);
      if (!shift) this.heldHeads.set(revisionKey(head), head);
    }
    // Shift the stored lines before the new ones (already rated with the new tier) are written.
    if (shifts.length > 0) this.writes.add(shiftTier(client, this.schema, shifts));
    // The lines of source lines new in this segment (inserted above without a conflict clause, so
    // each once): new rows of the current revisions, inserted as they are (COPY when many).
    this.writes.add(upsertRows(client, this.specs.newLines, lineRows));
    for (const head of await this.retotalShifted(client, shifted)) {
      this.memory.setHead(head);
      this.heldHeads.set(revisionKey(head), head);
    }
  }

  /**
   * Lines held back in memory, written as they are now (no stored row of theirs to merge with) by
   * one write that makes each row as it sends it (`RowSource`): the end of a replay writes every live revision's,
   * and a revision that freezes all of its own, without the fold waiting for PostgreSQL (it waited
   * here 4.5 s of a 58 s replay of the bench's log when the rows were made 10,000 at a time, two
   * chunks at most). The lines have left memory's live revisions (due, or memory is about to be
   * dropped, or the replay ends), so nothing changes them while they are sent.
   */
  private writeUnwritten(client: PoolClient, revisions: readonly UnwrittenLines[]): void {
    let count = 0;
    for (const { lines } of revisions) count += lines.length;
    if (count === 0) return;
    const heads = new Array<UnwrittenLines['head']>(count);
    const lines = new Array<KeptLine>(count);
    let i = 0;
    for (const revision of revisions) {
      for (const line of revision.lines) {
        heads[i] = revision.head;
        lines[i++] = line;
      }
    }
    this.writes.add(
      upsertRows(client, this.specs.newLines, { count, row: (n) => statementLineRow(heads[n]!, lines[n]!, lines[n]!) }),
    );
  }

  /** Writes a segment's source lines and its nets; returns the nets of every pair it touched. */
  private async writeSourceLinesAndNets(
    client: PoolClient,
    { lines, netDeltas, touched }: SegmentDeltas,
  ): Promise<Map<string, Decimal>> {
    this.writes.add(upsertRows(client, this.specs.sourceLines, lines.map(sourceLineRow)));
    const nets = await this.memory.netsOf(client, [...touched.values()]);
    for (const [key, delta] of netDeltas) {
      const net = add(nets.get(key) ?? ZERO, delta);
      nets.set(key, net);
      this.memory.setNet(key, net);
    }
    for (const key of netDeltas.keys()) this.heldNets.set(key, netRow(touched.get(key)!, nets.get(key)!));
    return nets;
  }

  /**
   * A shifted statement's total and line count (`retotal`): summed in memory when it has every
   * line, else read back from the table.
   */
  private async retotalShifted(client: PoolClient, heads: StatementHead[]): Promise<StatementHead[]> {
    const unknown: StatementHead[] = [];
    const retotalled: StatementHead[] = [];
    for (const head of heads) {
      const kept = this.memory.linesOf(head);
      if (kept) retotalled.push(retotal(head, kept));
      else unknown.push(head);
    }
    if (unknown.length > 0) {
      const totals = await loadRevisionTotals(client, this.schema, unknown);
      for (const head of unknown) {
        const t = totals.get(pairKey(head.partnerId, head.period));
        retotalled.push({ ...head, total: t?.total ?? ZERO, lineCount: t?.lineCount ?? 0 });
      }
    }
    return retotalled;
  }

  private writeLines(client: PoolClient, rows: unknown[][]): void {
    this.writes.add(upsertRows(client, this.specs.lines, rows));
  }

  private writeHeads(client: PoolClient, rows: unknown[][]): void {
    this.writes.add(upsertRows(client, this.specs.heads, rows));
  }

  /** Writes these heads and keeps them in memory as written. */
  private putHeads(client: PoolClient, heads: StatementHead[]): void {
    this.writeHeads(client, heads.map(statementRow));
    for (const head of heads) this.memory.setHead(head);
    // Every revision that stops being live (frozen, superseded) passes here: its held-back lines are due.
    this.writeUnwritten(client, this.memory.takeDue());
  }

  /** The current revisions `which` selects: from memory when it has them all, else read from the table. */
  private async heads(client: PoolClient, which: HeadFilter): Promise<StatementHead[]> {
    const kept = this.memory.currentHeads((head) => headMatches(which, head));
    if (kept) return kept;
    const { where, params } = headsWhere(which);
    const result = await client.query(`SELECT * FROM ${this.schema}.statements WHERE ${where}`, params);
    return result.rows.map(statementFromRow);
  }

  // The revision lifecycle's barriers ------------------------------------------------------------------

  /** `freeze` these revisions: their lines from memory when it has them all, else read from the table. */
  private async freezeAll(client: PoolClient, heads: StatementHead[], position: number): Promise<StatementHead[]> {
    const frozen = new Map<StatementHead, StatementHead>();
    const unknown: StatementHead[] = [];
    for (const head of heads) {
      const kept = this.memory.linesOf(head);
      if (kept) frozen.set(head, freeze(head, kept, position));
      else unknown.push(head);
    }
    for (const chunk of chunksOf(unknown, STATEMENTS_AT_A_TIME)) {
      const lines = await loadChecksumLines(client, this.schema, chunk);
      for (const head of chunk) frozen.set(head, freeze(head, lines.get(revisionKey(head)) ?? [], position));
    }
    return heads.map((h) => frozen.get(h)!);
  }

  /** A period closes (and with it every earlier one): its live revisions freeze, `confirm`ed. */
  private async freezeThrough(client: PoolClient, period: string, position: number): Promise<void> {
    const heads = await this.heads(client, { live: true, through: period });
    if (heads.length === 0) return;
    this.putHeads(client, (await this.freezeAll(client, heads, position)).map(confirm));
  }

  /**
   * Replaces current revisions by new ones (opened by `open`), rated whole: the old ones freeze
   * and are `supersede`d (an open period's as `superseded`; a closed period's stays `confirmed`).
   * A new revision of a closed period freezes at once. Returns the new heads.
   */
  private async replace(
    client: PoolClient,
    olds: StatementHead[],
    pairs: Pair[],
    open: (pair: Pair, old: StatementHead | undefined) => StatementHead,
    position: number,
  ): Promise<StatementHead[]> {
    // A confirmed revision froze at its close and stays exactly as it was.
    const estimated = olds.filter((h) => h.status === 'estimated');
    const frozenHeads = await this.freezeAll(client, estimated, position);
    const frozen = new Map(estimated.map((h, i) => [h, frozenHeads[i]!]));
    const superseded = olds.map((h) => supersede(frozen.get(h) ?? h));
    const oldByPair = new Map(superseded.map((h) => [pairKey(h.partnerId, h.period), h]));
    // The old heads must stop being current before the new ones are written (unique index).
    this.putHeads(client, superseded);
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
        const opened = retier(open(pair, oldByPair.get(key)), this.ruleSetList(), nets.get(key) ?? ZERO);
        const rerated = rerate(opened, sources.get(key) ?? [], this.ruleSetList(), spells);
        const { rated } = rerated;
        const head = rerated.head.status === 'confirmed' ? freeze(rerated.head, rated, position) : rerated.head;
        // A new live revision's lines, in a replay, stay in memory until it stops being live.
        const unwritten = this.deferLines && head.status === 'estimated';
        if (!unwritten) for (const l of rated) lineRows.push(statementLineRow(head, l, l));
        if (head.status === 'estimated')
          this.memory.keepLines(
            head,
            rated.map((l) => keptLine(l, l)),
            unwritten,
          );
        made.push(head);
      }
      this.writeLines(client, lineRows);
    }
    this.putHeads(client, made);
    return made;
  }

  /** A rule set starts a new revision of every live statement of the open periods it covers. */
  private async rulesPublished(client: PoolClient, e: Extract<KnownEvent, { type: 'IncentiveRulesPublished' }>) {
    const d = e.data;
    const set = publishedRuleSet(e);
    this.ruleSets = [...(this.ruleSets ?? []), set];
    this.writes.add(
      upsertRows(client, this.specs.ruleSets, [ruleSetRow(set, this.ruleSets.length, e.occurredAt, e.globalPosition)]),
    );
    const olds = await this.heads(client, { live: true, from: d.effectiveFrom });
    if (olds.length === 0) return;
    await this.replace(
      client,
      olds,
      olds.map((h) => ({ partnerId: h.partnerId, period: h.period })),
      (pair, old) => openRevision(pair, (old?.revision ?? 0) + 1, set.version, 'rules-published', e.globalPosition),
      e.globalPosition,
    );
  }

  /**
   * A rebuilt revision is published: it becomes current under its rule version. For a closed
   * period the difference of totals is booked as a TrueUp line in the first open period (`trueUp`).
   */
  private async revisionPublished(
    client: PoolClient,
    e: Extract<KnownEvent, { type: 'StatementRevisionPublished' }>,
  ): Promise<void> {
    const d = e.data;
    const version = String(d.rulesVersion);
    if (!this.ruleSetList().some((r) => r.version === version)) {
      throw new ProjectionError(`StatementRevisionPublished: rule set ${version} is not published`, e.globalPosition);
    }
    const pair = { partnerId: d.partnerId, period: d.period };
    const olds = await this.heads(client, { partnerId: d.partnerId, period: d.period });
    const max = await client.query(
      `SELECT coalesce(max(revision), 0) AS max FROM ${this.schema}.statements WHERE partner_id = $1 AND period = $2`,
      [d.partnerId, d.period],
    );
    const revision = publishedRevisionNumber(d.revision, Number(max.rows[0].max));
    const closed = isPeriodClosed(d.period, this.closed.set);
    const [made] = await this.replace(
      client,
      olds,
      [pair],
      (p) => publishRevision(p, revision, version, e.globalPosition, closed),
      e.globalPosition,
    );
    if (!closed || !made) return;
    const booked = trueUp(made, olds[0], firstOpenPeriod(this.closed.set)!, {
      occurredAt: e.occurredAt,
      occurredMs: millis(e.occurredAt),
      position: e.globalPosition,
    });
    if (!booked) return;
    this.putHeads(client, [booked.head]);
    // The TrueUp is a source line of the open period: the next segment write rates it in.
    collect(this.pending, { line: booked.line, net: null });
  }

  /** Enrolment changes `rerate` the partner's live statements (bonuses go by enrolment at occurredAt). */
  private async programChanged(
    client: PoolClient,
    e: Extract<KnownEvent, { type: 'PartnerProgramEnrolled' | 'PartnerProgramWithdrawn' }>,
  ): Promise<void> {
    const { partnerId } = e.data;
    await recordProgramChange(client, this.schema, e);
    // Read again (a miss must not mean "none" for this partner any more).
    this.spells.delete(partnerId);
    for (const [id, list] of await loadSpells(client, this.schema, [partnerId])) this.spells.set(id, list);
    await this.rerateLive(client, partnerId);
  }

  /**
   * A level change dated before lines already made gives them the level in force at their own
   * occurredAt, and `rerate`s the partner's live statements; frozen revisions keep their lines (a
   * rebuild of a closed period rates the lines with the level they now have).
   */
  private async levelChangedBack(
    client: PoolClient,
    e: Extract<KnownEvent, { type: 'PartnerProfileChanged' }>,
    partner: PartnerLevels,
  ): Promise<void> {
    const { partnerId } = e.data;
    const changed = await relevelSourceLines(client, this.schema, partnerId, e.occurredAt, (occurredAt) =>
      levelAt(partner, millis(occurredAt)),
    );
    if (changed > 0) await this.rerateLive(client, partnerId);
  }

  /** Re-rates every live revision of the partner from its source lines as stored. */
  private async rerateLive(client: PoolClient, partnerId: string): Promise<void> {
    const heads = await this.heads(client, { live: true, partnerId });
    if (heads.length === 0) return;
    const spells = await this.spellsOf(client, [partnerId]);
    const rerated: StatementHead[] = [];
    for (const chunk of chunksOf(heads, STATEMENTS_AT_A_TIME)) {
      const sources = await loadSourceLines(client, this.schema, chunk);
      const lineRows: unknown[][] = [];
      for (const old of chunk) {
        const { head, rated } = rerate(
          old,
          sources.get(pairKey(old.partnerId, old.period)) ?? [],
          this.ruleSetList(),
          spells,
        );
        // Lines held back in memory are re-rated there; stored ones are rewritten.
        const unwritten = this.memory.isUnwritten(old);
        if (!unwritten) for (const l of rated) lineRows.push(statementLineRow(head, l, l));
        this.memory.keepLines(
          head,
          rated.map((l) => keptLine(l, l)),
          unwritten,
        );
        rerated.push(head);
      }
      this.writeLines(client, lineRows);
    }
    this.putHeads(client, rerated);
  }
}

/** The tier shift of stored lines (`tierShiftUpdate`, the one transition computed in SQL), run. */
export async function shiftTier(client: PoolClient, schema: string, shifted: readonly TierShift[]): Promise<void> {
  await client.query(tierShiftUpdate(schema, shifted));
}

/** Which current revisions a barrier works on: live ones only (`estimated`), of a partner, of periods in a range. */
interface HeadFilter {
  live?: boolean;
  partnerId?: string;
  period?: string;
  /** Periods from this one on. */
  from?: string;
  /** Periods up to this one. */
  through?: string;
}

/** Whether a current revision is one `which` selects (periods compare as text: `YYYY-MM`). */
function headMatches(which: HeadFilter, head: StatementHead): boolean {
  return (
    (!which.live || head.status === 'estimated') &&
    (which.partnerId === undefined || head.partnerId === which.partnerId) &&
    (which.period === undefined || head.period === which.period) &&
    (which.from === undefined || head.period >= which.from) &&
    (which.through === undefined || head.period <= which.through)
  );
}

/** `headMatches` as the condition of a query of `statements`. */
function headsWhere(which: HeadFilter): { where: string; params: string[] } {
  const conditions = ['current'];
  const params: string[] = [];
  if (which.live) conditions.push(`status = 'estimated'`);
  if (which.partnerId !== undefined) conditions.push(`partner_id = $${params.push(which.partnerId)}`);
  if (which.period !== undefined) conditions.push(`period = $${params.push(which.period)}`);
  if (which.from !== undefined) conditions.push(`period >= $${params.push(which.from)}`);
  if (which.through !== undefined) conditions.push(`period <= $${params.push(which.through)}`);
  return { where: conditions.join(' AND '), params };
}
