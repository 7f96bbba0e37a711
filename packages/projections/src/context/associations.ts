import { type AssociationType, associationAt, type EventDataMap } from '@reckon/domain';
import type { StoredEvent } from '@reckon/event-store';
import type { PoolClient } from 'pg';
import { ProjectionError } from '../errors.js';
import { integer, position, text, time } from '../model/columns.js';
import { type RowOf, table, writeSpec } from '../model/table.js';
import { type UpsertSpec, upsertRows } from '../sql.js';
import { millis } from '../time.js';

const fromMs = (s: Segment) => s.validFromMs;
const toMs = (s: Segment) => s.validToMs;

/** One stretch of time during which a customer was associated with a partner in one mode. */
export interface Segment {
  seq: number;
  partnerId: string;
  associationType: AssociationType;
  accountManager: string | null;
  customerName: string;
  validFrom: string;
  validFromMs: number;
  validTo: string | null;
  validToMs: number | null;
  fromPosition: number;
  toPosition: number | null;
}

export interface CustomerHistory {
  customerId: string;
  /** Ordered by validFrom. */
  segments: Segment[];
}

/** Who each customer was associated with when: kept by every projection that books by partner. */
export const customerAssociations = table(
  'customer_associations',
  {
    customer_id: text().key(),
    seq: integer().key(),
    partner_id: text(),
    association_type: text(),
    account_manager: text().orNull(),
    customer_name: text(),
    valid_from: time(),
    valid_to: time().orNull(),
    from_position: position(),
    to_position: position().orNull(),
  },
  { indexes: ['partner_id'] },
);

/** The row of one segment of a customer's associations. */
export function segmentRow(customerId: string, s: Segment): RowOf<typeof customerAssociations> {
  return {
    customer_id: customerId,
    seq: s.seq,
    partner_id: s.partnerId,
    association_type: s.associationType,
    account_manager: s.accountManager,
    customer_name: s.customerName,
    valid_from: s.validFrom,
    valid_to: s.validTo,
    from_position: s.fromPosition,
    to_position: s.toPosition,
  };
}

export function associationsDdl(table: string): string {
  return `CREATE TABLE ${table} (
    customer_id text NOT NULL,
    seq integer NOT NULL,
    partner_id text NOT NULL,
    association_type text NOT NULL,
    account_manager text,
    customer_name text NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to timestamptz,
    from_position bigint NOT NULL,
    to_position bigint,
    PRIMARY KEY (customer_id, seq)
  );
  CREATE INDEX ON ${table} (partner_id);`;
}

const ASSOCIATION_EVENTS: ReadonlySet<string> = new Set([
  'CustomerAssociated',
  'AssociationTypeSwitched',
  'CustomerDisassociated',
]);
const NO_CUSTOMERS: ReadonlySet<string> = new Set();

/** A customer's segments (ordered by validFrom), and the last position that changed them. */
interface KeptHistory extends CustomerHistory {
  lastPosition: number;
}

/**
 * Who each customer was associated with, and when: the histories themselves, kept for one
 * projection's `AssociationBook` or shared by the books of the projections a replay builds together
 * (one copy of the log's associations in memory instead of one per projection). Each association
 * event is applied once, by whichever book reaches it first; a book behind it sees the histories as
 * they stood at its own position (`AssociationBook.asOf`). Bounded: past `maxCustomers` the histories
 * that every book has written drop out, and are read back from a book's table when needed again.
 */
export class AssociationHistories {
  readonly customers = new Map<string, KeptHistory>();
  /** Everything the books' tables hold is in memory (filled from position 0, nothing dropped): no reads. */
  complete = false;
  readonly books = new Set<AssociationBook>();

  constructor(readonly maxCustomers = 25_000) {}

  /**
   * Applies an association event (once: an event already applied only names what it touched) and
   * returns the segments it closed and then opened.
   */
  apply(event: StoredEvent): Segment[] {
    if (!ASSOCIATION_EVENTS.has(event.type)) return [];
    const customerId = (event.data as { customerId: string }).customerId;
    const kept = this.customers.get(customerId);
    if (kept && event.globalPosition <= kept.lastPosition) return touchedAt(kept, event.globalPosition);
    switch (event.type) {
      case 'CustomerAssociated': {
        const d = event.data as unknown as EventDataMap['CustomerAssociated'];
        return [
          this.open(event, d.customerId, d.partnerId, d.associationType, d.accountManager ?? null, d.customerName),
        ];
      }
      case 'AssociationTypeSwitched': {
        const d = event.data as unknown as EventDataMap['AssociationTypeSwitched'];
        const closed = this.closeAt(event, d.customerId, d.partnerId);
        const opened = this.open(
          event,
          d.customerId,
          d.partnerId,
          d.associationType,
          closed.accountManager,
          closed.customerName,
        );
        return [closed, opened];
      }
      case 'CustomerDisassociated': {
        const d = event.data as unknown as EventDataMap['CustomerDisassociated'];
        return [this.closeAt(event, d.customerId, d.partnerId)];
      }
    }
    return [];
  }

  /** Whether a book has this customer in the batch it is folding. */
  private inHand(customerId: string): boolean {
    for (const book of this.books) if (book.inHand(customerId)) return true;
    return false;
  }

  /** Segments read from a table; a customer already in memory is kept as it is (it knows as much or more). */
  addLoaded(customerId: string, segments: Segment[]): void {
    if (this.customers.has(customerId)) return;
    let lastPosition = 0;
    for (const s of segments) lastPosition = Math.max(lastPosition, s.fromPosition, s.toPosition ?? 0);
    this.customers.set(customerId, { customerId, segments, lastPosition });
  }

  /**
   * Past the bound, drops the oldest histories that every book has committed (so each book's table
   * holds them) and that no book's batch in hand needs; from then on a miss is read.
   */
  trim(): void {
    if (this.customers.size <= this.maxCustomers) return;
    let written = Number.POSITIVE_INFINITY;
    for (const book of this.books) written = Math.min(written, book.committedThrough);
    let drop = this.customers.size - Math.floor(this.maxCustomers / 2);
    for (const [id, kept] of this.customers) {
      if (drop <= 0) break;
      if (kept.lastPosition > written || this.inHand(id)) continue;
      this.customers.delete(id);
      this.complete = false;
      drop--;
    }
  }

  clear(): void {
    this.customers.clear();
    this.complete = false;
  }

  private historyFor(customerId: string): KeptHistory {
    let kept = this.customers.get(customerId);
    if (!kept) {
      kept = { customerId, segments: [], lastPosition: 0 };
      this.customers.set(customerId, kept);
    }
    return kept;
  }

  private open(
    event: StoredEvent,
    customerId: string,
    partnerId: string,
    associationType: AssociationType,
    accountManager: string | null,
    customerName: string,
  ): Segment {
    const kept = this.historyFor(customerId);
    const seq = kept.segments.reduce((max, s) => Math.max(max, s.seq), 0) + 1;
    const segment: Segment = {
      seq,
      partnerId,
      associationType,
      accountManager,
      customerName,
      validFrom: event.occurredAt,
      validFromMs: millis(event.occurredAt),
      validTo: null,
      validToMs: null,
      fromPosition: event.globalPosition,
      toPosition: null,
    };
    // A new association starts when this one does; one that was open and began earlier ends here.
    kept.segments.push(segment);
    kept.segments.sort((a, b) => a.validFromMs - b.validFromMs || a.fromPosition - b.fromPosition);
    kept.lastPosition = event.globalPosition;
    return segment;
  }

  /** Ends the customer's association with the partner at the event's time; returns it. */
  private closeAt(event: StoredEvent, customerId: string, partnerId: string): Segment {
    const kept = this.customers.get(customerId);
    let open: Segment | undefined;
    for (const s of kept?.segments ?? []) if (s.validTo === null && s.partnerId === partnerId) open = s;
    if (!kept || !open) {
      throw new ProjectionError(
        `${event.type}: customer ${customerId} has no open association with partner ${partnerId}`,
        event.globalPosition,
      );
    }
    open.validTo = event.occurredAt;
    open.validToMs = millis(event.occurredAt);
    open.toPosition = event.globalPosition;
    kept.lastPosition = event.globalPosition;
    return open;
  }
}

/** The segments the event at `position` closed, then those it opened (the order `apply` returns them in). */
function touchedAt(kept: KeptHistory, position: number): Segment[] {
  const closed = kept.segments.filter((s) => s.toPosition === position);
  const opened = kept.segments.filter((s) => s.fromPosition === position);
  return [...closed, ...opened];
}

/**
 * Who each customer was associated with, and when (by business time): the partner of a
 * customer-level event is the one associated at its `occurredAt` (SPEC §4). One per projection that
 * books by partner, backed by that projection's table; its histories are its own, or shared with the
 * other projections of a replay from position 0 (`AssociationHistories`). A shared book answers as
 * of the last association event it applied itself, whatever the books ahead of it have applied since.
 */
export class AssociationBook {
  private histories: AssociationHistories;
  /** Position this book has applied the log through; unbounded for a book whose histories are its own. */
  private asOf: number;
  /** The position the book had applied through at its last commit: its table holds everything before. */
  committedThrough = Number.POSITIVE_INFINITY;
  private readonly absent = new Set<string>();
  private readonly dirty = new Map<string, { customerId: string; segment: Segment }>();
  /** The customers of the batch in hand (a shared history they need is not dropped before the commit). */
  private batch = NO_CUSTOMERS;
  /** The segments the last `apply` opened or closed (what a fold writes for that event). */
  readonly touched: Segment[] = [];

  /** Its table and how its rows are written: merged on (customer, seq). */
  private readonly spec: UpsertSpec;

  /** Backed by the table `customer_associations` of the projection's `schema`. */
  constructor(schema: string, shared?: AssociationHistories, maxCustomers = 25_000) {
    this.spec = writeSpec(schema, customerAssociations, 'merge');
    this.histories = shared ?? new AssociationHistories(maxCustomers);
    // A shared book must start from position 0 with the others (`startComplete`); until then it has no position.
    this.asOf = shared ? -1 : Number.POSITIVE_INFINITY;
    this.histories.books.add(this);
  }

  private get shared(): boolean {
    return this.asOf !== Number.POSITIVE_INFINITY;
  }

  /** The book is empty and so is the table (a build from position 0): misses need no read. */
  startComplete(): void {
    if (this.shared && (this.asOf !== -1 || this.histories.customers.size > 0)) this.detach();
    if (this.shared) this.asOf = this.committedThrough = 0;
    if (this.histories.customers.size === 0) this.histories.complete = true;
  }

  inHand(customerId: string): boolean {
    return this.batch.has(customerId);
  }

  async load(client: PoolClient, customerIds: ReadonlySet<string>): Promise<void> {
    // Shared histories hold what every book's table holds only for books that all began at 0.
    if (this.asOf === -1) this.detach();
    this.batch = customerIds;
    if (this.histories.complete) return;
    const missing: string[] = [];
    for (const id of customerIds) if (!this.histories.customers.has(id) && !this.absent.has(id)) missing.push(id);
    if (missing.length === 0) return;
    const result = await client.query(
      `SELECT customer_id, seq, partner_id, association_type, account_manager, customer_name,
              to_json(valid_from) #>> '{}' AS valid_from, to_json(valid_to) #>> '{}' AS valid_to,
              from_position, to_position
         FROM ${this.spec.table} WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, valid_from, seq`,
      [missing],
    );
    const found = new Map<string, Segment[]>();
    for (const row of result.rows) {
      let segments = found.get(row.customer_id);
      if (!segments) {
        segments = [];
        found.set(row.customer_id, segments);
      }
      segments.push({
        seq: row.seq,
        partnerId: row.partner_id,
        associationType: row.association_type,
        accountManager: row.account_manager,
        customerName: row.customer_name,
        validFrom: row.valid_from,
        validFromMs: millis(row.valid_from),
        validTo: row.valid_to,
        validToMs: row.valid_to === null ? null : millis(row.valid_to),
        fromPosition: Number(row.from_position),
        toPosition: row.to_position === null ? null : Number(row.to_position),
      });
    }
    for (const id of missing) {
      const segments = found.get(id);
      if (segments) this.histories.addLoaded(id, segments);
      else this.absent.add(id);
    }
  }

  /** The customer's history as this book has applied the log (none: no association known). */
  history(customerId: string): CustomerHistory | undefined {
    const kept = this.histories.customers.get(customerId);
    if (!kept || kept.lastPosition <= this.asOf) return kept;
    // Books ahead have changed it since: what it was at this book's position.
    const segments: Segment[] = [];
    for (const s of kept.segments) if (s.fromPosition <= this.asOf) segments.push(this.asSeen(s));
    return { customerId, segments };
  }

  /** The association in force at an instant (epoch ms), if any: the domain's `associationAt`. */
  at(customerId: string, ms: number): Segment | undefined {
    const segments = this.history(customerId)?.segments;
    return segments ? associationAt(segments, ms, fromMs, toMs) : undefined;
  }

  /** The customer's name as last given. */
  nameOf(customerId: string): string | undefined {
    const segments = this.history(customerId)?.segments;
    if (!segments || segments.length === 0) return undefined;
    let latest = segments[0]!;
    for (const s of segments) if (s.fromPosition > latest.fromPosition) latest = s;
    return latest.customerName;
  }

  /** Applies an association event; other events are ignored. */
  apply(event: StoredEvent): void {
    this.touched.length = 0;
    const touched = this.histories.apply(event);
    if (touched.length === 0) return;
    if (this.shared) this.asOf = event.globalPosition;
    const customerId = (event.data as { customerId: string }).customerId;
    for (const s of touched) {
      const seen = this.asSeen(s);
      this.touched.push(seen);
      this.dirty.set(`${customerId}\u0000${s.seq}`, { customerId, segment: s });
    }
  }

  /** A segment as this book's position sees it: an end that a later event gave it is not there yet. */
  private asSeen(s: Segment): Segment {
    if (s.toPosition === null || s.toPosition <= this.asOf) return s;
    return { ...s, validTo: null, validToMs: null, toPosition: null };
  }

  async flush(client: PoolClient): Promise<void> {
    const rows = [...this.dirty.values()].map(({ customerId, segment }) => {
      const row: Record<string, unknown> = segmentRow(customerId, this.asSeen(segment));
      return this.spec.columns.map((c) => row[c.name]);
    });
    await upsertRows(client, this.spec, rows);
  }

  committed(): void {
    this.dirty.clear();
    this.absent.clear();
    this.batch = NO_CUSTOMERS;
    this.committedThrough = this.asOf;
    this.histories.trim();
  }

  /** The batch failed or the table changed: a book on its own histories forgets them; a shared one leaves. */
  reset(): void {
    if (this.shared) this.detach();
    else this.histories.clear();
    this.absent.clear();
    this.dirty.clear();
    this.batch = NO_CUSTOMERS;
  }

  /** Goes on with histories of its own, read from its table (the shared ones may be ahead of it). */
  private detach(): void {
    this.histories.books.delete(this);
    this.histories = new AssociationHistories(this.histories.maxCustomers);
    this.histories.books.add(this);
    this.asOf = Number.POSITIVE_INFINITY;
    this.committedThrough = Number.POSITIVE_INFINITY;
  }
}
