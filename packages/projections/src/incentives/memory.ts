/**
 * What the incentives projection keeps in memory of its own tables between batches: the net of
 * each partner × period, the current revision of each statement and every line of the live
 * (estimated) revisions. The projection is the only writer of its tables, so what it wrote is what
 * they hold: a batch reads them back only for what memory does not have. Built from position 0
 * (a rebuild), the tables hold nothing but what this process wrote, so memory starts complete and a
 * miss means "none" (no read at all). Past a bound the memory is dropped and the tables are read
 * again (as after a restart); a failed batch or a swap drops it too (`reset`).
 *
 * In a replay, memory also holds lines the tables do not have yet: a live revision's lines are
 * written once, when it stops being live or the replay ends (`unwritten`, handler.ts `deferLines`),
 * instead of being re-rated in the table at each tier shift (a busy statement shifts tens of times
 * over thousands of lines).
 */
import { add, type Decimal, lineAmount, roundHalfUpTo } from '@reckon/domain';
import type { PoolClient } from 'pg';
import type { RatedLineContent } from '../statements/checksum.js';
import type { RatedLine, SourceLine } from './rating.js';
import type { StatementHead } from './schema.js';
import { loadCurrentHeads, loadNets, type Pair, pairKey, revisionKey } from './store.js';

/** Entries (nets, heads and lines together) kept before the memory is dropped. */
export const MEMORY_ENTRIES = 200_000;

/** A numeric(30,8) column's value as PostgreSQL stores it (rounded half away from zero). */
export const stored = (d: Decimal): Decimal => roundHalfUpTo(d, 8);

/** A line of a live revision as `statement_lines` (joined with its source line) holds it. */
export interface KeptLine extends RatedLineContent {
  /** The rule that matched; one did (not null): a tier shift moves its rate. */
  ruleId: string | null;
  position: number;
}

export function keptLine(line: SourceLine, rated: RatedLine): KeptLine {
  return {
    sourceType: line.sourceType,
    sourceId: line.sourceId,
    base: stored(line.base),
    correctsPeriod: line.correctsPeriod,
    rate: stored(rated.rate),
    amount: stored(rated.amount),
    ruleId: rated.ruleId,
    position: line.position,
  };
}

/** The lines of a revision that memory holds and the table does not yet (`StatementMemory.keepLines`). */
export interface UnwrittenLines {
  head: Pair & { revision: number };
  lines: KeptLine[];
}

export class StatementMemory {
  private readonly nets = new Map<string, Decimal>();
  /** Current revision by pair key; null: the pair has none. */
  private readonly heads = new Map<string, StatementHead | null>();
  /** Every line of a live revision, by `revisionKey`; a revision not here is read from the tables. */
  private readonly lines = new Map<string, KeptLine[]>();
  private lineCount = 0;
  /**
   * Revisions whose lines are here only (by `revisionKey`): a replay writes a live revision's
   * lines once, when it stops being live (`due`) or the replay ends, instead of re-rating the
   * stored lines at every tier shift.
   */
  private readonly unwritten = new Map<string, Pair & { revision: number }>();
  /** Unwritten lines of revisions that stopped being live: the next write takes them (`takeDue`). */
  private due: UnwrittenLines[] = [];
  /** Unwritten lines were dropped with the memory (a failed batch): the tables miss them. */
  lostLines = false;
  /** Everything the tables hold is here (built from position 0, nothing dropped): misses are "none". */
  private complete = false;
  /** How many times the memory was dropped for its size (for tests and tuning). */
  drops = 0;

  constructor(
    private readonly schema: string,
    private readonly maxEntries = MEMORY_ENTRIES,
  ) {}

  /** The tables are empty (a build from position 0) and so is memory: no reads from now on. */
  startComplete(): void {
    if (this.nets.size === 0 && this.heads.size === 0 && this.lines.size === 0) this.complete = true;
  }

  get isComplete(): boolean {
    return this.complete;
  }

  /** The nets of these pairs (absent: none yet), in a map of its own the caller may change. */
  async netsOf(client: PoolClient, pairs: readonly Pair[]): Promise<Map<string, Decimal>> {
    const out = new Map<string, Decimal>();
    const missing: Pair[] = [];
    for (const pair of pairs) {
      const key = pairKey(pair.partnerId, pair.period);
      const net = this.nets.get(key);
      if (net !== undefined) out.set(key, net);
      else if (!this.complete) missing.push(pair);
    }
    if (missing.length > 0) {
      for (const [key, net] of await loadNets(client, this.schema, missing)) {
        this.nets.set(key, net);
        out.set(key, net);
      }
    }
    return out;
  }

  /** A pair's new net (written by the batch before it commits). */
  setNet(key: string, net: Decimal): void {
    this.nets.set(key, stored(net));
  }

  /** The current revisions of these pairs (those that have one), by pair key, as last written. */
  async headsOf(client: PoolClient, pairs: readonly Pair[]): Promise<Map<string, StatementHead>> {
    const out = new Map<string, StatementHead>();
    const missing: Pair[] = [];
    for (const pair of pairs) {
      const key = pairKey(pair.partnerId, pair.period);
      const head = this.heads.get(key);
      if (head) out.set(key, asStored(head));
      else if (head === undefined && !this.complete) missing.push(pair);
    }
    if (missing.length > 0) {
      for (const pair of missing) this.heads.set(pairKey(pair.partnerId, pair.period), null);
      for (const [key, head] of await loadCurrentHeads(client, this.schema, missing)) {
        this.heads.set(key, head);
        out.set(key, head);
      }
    }
    return out;
  }

  /**
   * The current revisions that pass `keep`, as last written, when memory has every one (built from
   * position 0, never dropped); else undefined and the caller reads the table. A barrier of a replay
   * then does not wait for the writes queued before it to reach the table only to read them back.
   */
  currentHeads(keep: (head: StatementHead) => boolean): StatementHead[] | undefined {
    if (!this.complete) return undefined;
    const out: StatementHead[] = [];
    for (const head of this.heads.values()) if (head && keep(head)) out.push(asStored(head));
    return out;
  }

  /** A head was written: it is its pair's current revision (or, not current, no longer is). */
  setHead(head: StatementHead): void {
    const key = pairKey(head.partnerId, head.period);
    if (head.current) this.heads.set(key, head);
    else if (this.heads.get(key)?.revision === head.revision) this.heads.delete(key);
    if (head.status !== 'estimated') this.dropLines(head);
  }

  /** Every line of a live revision, or undefined when memory does not have them all. */
  linesOf(head: Pair & { revision: number }): KeptLine[] | undefined {
    return this.lines.get(revisionKey(head));
  }

  /**
   * A revision has exactly these lines (a new one, or every line re-rated): written to the table,
   * or `unwritten` (kept here only until it stops being live; a revision unwritten before stays so).
   */
  keepLines(head: Pair & { revision: number }, lines: KeptLine[], unwritten = false): void {
    const key = revisionKey(head);
    this.forgetLines(key);
    this.lines.set(key, lines);
    this.lineCount += lines.length;
    if (unwritten) this.unwritten.set(key, { partnerId: head.partnerId, period: head.period, revision: head.revision });
  }

  /** The revision's lines are in memory only (the table has none of them yet). */
  isUnwritten(head: Pair & { revision: number }): boolean {
    return this.unwritten.has(revisionKey(head));
  }

  /** The unwritten lines of revisions no longer live, to be written now. */
  takeDue(): UnwrittenLines[] {
    const due = this.due;
    this.due = [];
    return due;
  }

  /** Every unwritten line (the replay ends, or memory is about to be dropped), to be written now; none is unwritten after. */
  takeUnwritten(): UnwrittenLines[] {
    const all = this.takeDue();
    for (const [key, head] of this.unwritten) all.push({ head, lines: this.lines.get(key)! });
    this.unwritten.clear();
    return all;
  }

  /** Past the bound: `committed` will drop everything (write what is unwritten first). */
  get overBound(): boolean {
    return this.nets.size + this.heads.size + this.lineCount > this.maxEntries;
  }

  /** Lines added to a revision: kept only if memory has all the others. */
  addLines(head: Pair & { revision: number }, lines: readonly KeptLine[]): void {
    const kept = this.lines.get(revisionKey(head));
    if (!kept) return;
    for (const line of lines) kept.push(line);
    this.lineCount += lines.length;
  }

  /**
   * The tier of a live revision moved by `delta`: every ruled line's rate moves by it and its amount
   * is `round(base × rate, 2)` of the unrounded new rate, as `tierShiftUpdate`'s UPDATE (lifecycle.ts) computes them.
   * Returns whether memory had the lines.
   */
  shift(head: Pair & { revision: number }, delta: Decimal): boolean {
    const kept = this.lines.get(revisionKey(head));
    if (!kept) return false;
    for (const line of kept) {
      if (line.ruleId === null) continue;
      const rate = add(line.rate, delta);
      line.amount = lineAmount(line.base, rate);
      line.rate = stored(rate);
    }
    return true;
  }

  /** The revision is no longer live: its lines leave memory (unwritten ones are `due`). */
  dropLines(head: Pair & { revision: number }): void {
    const key = revisionKey(head);
    const kept = this.lines.get(key);
    const unwritten = this.unwritten.get(key);
    if (kept && unwritten) this.due.push({ head: unwritten, lines: kept });
    this.forgetLines(key);
  }

  private forgetLines(key: string): void {
    this.unwritten.delete(key);
    const kept = this.lines.get(key);
    if (!kept) return;
    this.lineCount -= kept.length;
    this.lines.delete(key);
  }

  /** After a commit: past the bound, drop everything and read the tables again from now on. */
  committed(): void {
    // Lines the table does not have yet are never dropped (the handler writes them before such a commit).
    if (!this.overBound || this.unwritten.size > 0 || this.due.length > 0) return;
    this.drops++;
    this.clear();
  }

  reset(): void {
    if (this.unwritten.size > 0 || this.due.length > 0) this.lostLines = true;
    this.clear();
  }

  private clear(): void {
    this.unwritten.clear();
    this.due = [];
    this.complete = false;
    this.nets.clear();
    this.heads.clear();
    this.lines.clear();
    this.lineCount = 0;
  }
}

/** A head as reading it back would give it: its amounts rounded as the table stores them. */
function asStored(head: StatementHead): StatementHead {
  head.tierBonus = stored(head.tierBonus);
  head.total = stored(head.total);
  if (head.trueUpAmount !== null) head.trueUpAmount = stored(head.trueUpAmount);
  return head;
}
