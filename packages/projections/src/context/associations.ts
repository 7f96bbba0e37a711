import type { AssociationType, EventDataMap } from '@reckon/domain';
import type { StoredEvent } from '@reckon/event-store';
import type { PoolClient } from 'pg';
import { ProjectionError } from '../errors.js';
import { type Column, upsertRows } from '../sql.js';
import { millis } from '../time.js';

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

const COLUMNS: Column[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'seq', type: 'integer' },
  { name: 'partner_id', type: 'text' },
  { name: 'association_type', type: 'text' },
  { name: 'account_manager', type: 'text' },
  { name: 'customer_name', type: 'text' },
  { name: 'valid_from', type: 'timestamptz' },
  { name: 'valid_to', type: 'timestamptz' },
  { name: 'from_position', type: 'bigint' },
  { name: 'to_position', type: 'bigint' },
];

/**
 * Who each customer was associated with, and when (by business time): the partner of a
 * customer-level event is the one associated at its `occurredAt` (SPEC §4). Kept per customer in a
 * bounded cache backed by a table of the projection that uses it.
 */
export class AssociationBook {
  private readonly customers = new Map<string, CustomerHistory>();
  private readonly absent = new Set<string>();
  private readonly dirty = new Map<string, Segment>();
  /** Customers whose history changed in the batch (for projections that keep a current view). */
  readonly changed = new Set<string>();

  constructor(
    private readonly table: string,
    private readonly maxCustomers = 25_000,
  ) {}

  async load(client: PoolClient, customerIds: Iterable<string>): Promise<void> {
    const missing = new Set<string>();
    for (const id of customerIds) if (!this.customers.has(id) && !this.absent.has(id)) missing.add(id);
    if (missing.size === 0) return;
    const result = await client.query(
      `SELECT customer_id, seq, partner_id, association_type, account_manager, customer_name,
              to_json(valid_from) #>> '{}' AS valid_from, to_json(valid_to) #>> '{}' AS valid_to,
              from_position, to_position
         FROM ${this.table} WHERE customer_id = ANY($1::text[]) ORDER BY customer_id, valid_from, seq`,
      [[...missing]],
    );
    for (const row of result.rows) {
      let history = this.customers.get(row.customer_id);
      if (!history) {
        history = { customerId: row.customer_id, segments: [] };
        this.customers.set(row.customer_id, history);
        missing.delete(row.customer_id);
      }
      history.segments.push({
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
    for (const id of missing) this.absent.add(id);
  }

  history(customerId: string): CustomerHistory | undefined {
    return this.customers.get(customerId);
  }

  /** The association in force at an instant (epoch ms), if any. */
  at(customerId: string, ms: number): Segment | undefined {
    const segments = this.customers.get(customerId)?.segments;
    if (!segments) return undefined;
    for (let i = segments.length - 1; i >= 0; i--) {
      const s = segments[i]!;
      if (s.validFromMs <= ms && (s.validToMs === null || ms < s.validToMs)) return s;
    }
    return undefined;
  }

  /** The customer's name as last given. */
  nameOf(customerId: string): string | undefined {
    const segments = this.customers.get(customerId)?.segments;
    if (!segments || segments.length === 0) return undefined;
    let latest = segments[0]!;
    for (const s of segments) if (s.fromPosition > latest.fromPosition) latest = s;
    return latest.customerName;
  }

  /** Applies an association event; other events are ignored. */
  apply(event: StoredEvent): void {
    switch (event.type) {
      case 'CustomerAssociated': {
        const d = event.data as unknown as EventDataMap['CustomerAssociated'];
        this.open(event, d.customerId, d.partnerId, d.associationType, d.accountManager ?? null, d.customerName);
        return;
      }
      case 'AssociationTypeSwitched': {
        const d = event.data as unknown as EventDataMap['AssociationTypeSwitched'];
        const current = this.closeAt(event, d.customerId, d.partnerId);
        this.open(event, d.customerId, d.partnerId, d.associationType, current.accountManager, current.customerName);
        return;
      }
      case 'CustomerDisassociated': {
        const d = event.data as unknown as EventDataMap['CustomerDisassociated'];
        this.closeAt(event, d.customerId, d.partnerId);
        return;
      }
    }
  }

  private historyFor(customerId: string): CustomerHistory {
    let history = this.customers.get(customerId);
    if (!history) {
      history = { customerId, segments: [] };
      this.customers.set(customerId, history);
      this.absent.delete(customerId);
    }
    return history;
  }

  private open(
    event: StoredEvent,
    customerId: string,
    partnerId: string,
    associationType: AssociationType,
    accountManager: string | null,
    customerName: string,
  ): void {
    const history = this.historyFor(customerId);
    const seq = history.segments.reduce((max, s) => Math.max(max, s.seq), 0) + 1;
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
    history.segments.push(segment);
    history.segments.sort((a, b) => a.validFromMs - b.validFromMs || a.fromPosition - b.fromPosition);
    this.dirty.set(`${customerId}\u0000${seq}`, segment);
    this.changed.add(customerId);
  }

  /** Ends the customer's association with the partner at the event's time; returns it. */
  private closeAt(event: StoredEvent, customerId: string, partnerId: string): Segment {
    const segments = this.customers.get(customerId)?.segments ?? [];
    let open: Segment | undefined;
    for (const s of segments) if (s.validTo === null && s.partnerId === partnerId) open = s;
    if (!open) {
      throw new ProjectionError(
        `${event.type}: customer ${customerId} has no open association with partner ${partnerId}`,
        event.globalPosition,
      );
    }
    open.validTo = event.occurredAt;
    open.validToMs = millis(event.occurredAt);
    open.toPosition = event.globalPosition;
    this.dirty.set(`${customerId}\u0000${open.seq}`, open);
    this.changed.add(customerId);
    return open;
  }

  async flush(client: PoolClient): Promise<void> {
    const rows = [...this.dirty.entries()].map(([key, s]) => [
      key.slice(0, key.indexOf('\u0000')),
      s.seq,
      s.partnerId,
      s.associationType,
      s.accountManager,
      s.customerName,
      s.validFrom,
      s.validTo,
      s.fromPosition,
      s.toPosition,
    ]);
    await upsertRows(client, { table: this.table, columns: COLUMNS, key: ['customer_id', 'seq'] }, rows);
  }

  committed(): void {
    this.dirty.clear();
    this.absent.clear();
    this.changed.clear();
    if (this.customers.size > this.maxCustomers) {
      let drop = this.customers.size - Math.floor(this.maxCustomers / 2);
      for (const k of this.customers.keys()) {
        if (drop-- <= 0) break;
        this.customers.delete(k);
      }
    }
  }

  reset(): void {
    this.customers.clear();
    this.absent.clear();
    this.dirty.clear();
    this.changed.clear();
  }
}
