import type { PoolClient } from 'pg';
import {
  AssociationBook,
  type AssociationHistories,
  associationsDdl,
  customerAssociations,
  type Segment,
  segmentRow,
} from '../context/associations.js';
import { ClosedPeriods, closedPeriods, closedPeriodsDdl } from '../context/closed-periods.js';
import { PROGRAMME_KEY, programmeEnrolment, programmeKeyDdl } from '../context/programmes.js';
import { ProjectionError } from '../errors.js';
import { actorOf, type KnownEvent } from '../events.js';
import { position, text, time } from '../model/columns.js';
import { defineProjection, type Facts } from '../model/projection.js';
import { table } from '../model/table.js';
import type { Changes } from '../write/changes.js';

export const DIRECTORY_SCHEMA = 'rm_directory';

export const directoryTables = {
  partners: table(
    'partners',
    {
      partner_id: text().key(),
      name: text(),
      tier: text(),
      parent_id: text().orNull(),
      // Optional in the event: a partner without one has none (NULL), not an empty level.
      level: text().orNull(),
      time_zone: text(),
      // BCP 47, from PartnerProfileChanged; NULL until the partner chooses one.
      language: text().orNull(),
      currency: text(),
      registered_at: time(),
      position: position(),
    },
    { indexes: ['parent_id'] },
  ),
  partner_programs: table(
    'partner_programs',
    {
      ...programmeEnrolment,
      enrolled_position: position(),
      withdrawn_position: position().orNull(),
    },
    // A programme name may be longer than a btree entry takes (context/programmes.ts).
    { keyIndex: PROGRAMME_KEY },
  ),
  customers: table(
    'customers',
    {
      customer_id: text().key(),
      customer_name: text(),
      partner_id: text().orNull(),
      association_type: text().orNull(),
      account_manager: text().orNull(),
      // CustomerAssociated.accountName of the latest association (客户账号名); NULL when it gave none.
      account_name: text().orNull(),
      associated_since: time().orNull(),
      updated_position: position(),
    },
    // A customer name of 1,024 characters can exceed a btree entry: a hash index serves equality.
    { indexes: ['partner_id', 'USING hash (customer_name)'] },
  ),
  customer_associations: customerAssociations,
  /** One row per association event, for the partner it names (SPEC §6 association records). */
  association_records: table(
    'association_records',
    {
      position: position().key(),
      partner_id: text(),
      time: time(),
      // associated | switched | disassociated
      kind: text(),
      customer_id: text(),
      customer_name: text(),
      // The type the event gave; for a disassociation, the type of the association it ended.
      association_type: text(),
      // The event's metadata.actor (actorOf); NULL when it had none.
      actor: text().orNull(),
    },
    { indexes: ['partner_id, position DESC'], appended: true },
  ),
  closed_periods: closedPeriods,
} as const;

interface Enrollment {
  partnerId: string;
  program: string;
  seq: number;
  enrolledAt: string;
  withdrawnAt: string | null;
  enrolledPosition: number;
  withdrawnPosition: number | null;
}

/** What the directory's folds read: associations, closed periods, enrolments of the batch's partners. */
class DirectoryFacts implements Facts {
  readonly associations: AssociationBook;
  readonly closed: ClosedPeriods;
  private enrollments = new Map<string, Enrollment[]>();
  /** Built from position 0: every enrolment is in memory (a handful per partner), none is read. */
  private complete = false;
  /** The enrolment the last event opened or closed. */
  enrollment: Enrollment | undefined;
  /**
   * Each customer's account name as its latest CustomerAssociated gave it (null: none), for the
   * batch's customers: a switch or an end of the association rewrites the row and keeps it.
   */
  readonly accountNames = new Map<string, string | null>();

  constructor(
    private readonly schema: string,
    shared?: AssociationHistories,
  ) {
    this.associations = new AssociationBook(schema, shared);
    this.closed = new ClosedPeriods(schema);
  }

  async load(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    const customerIds = new Set<string>();
    const partnerIds = new Set<string>();
    for (const e of events) {
      if (
        e.type === 'CustomerAssociated' ||
        e.type === 'AssociationTypeSwitched' ||
        e.type === 'CustomerDisassociated'
      ) {
        customerIds.add(e.data.customerId);
      } else if (e.type === 'PartnerProgramEnrolled' || e.type === 'PartnerProgramWithdrawn') {
        partnerIds.add(e.data.partnerId);
      }
    }
    await this.closed.load(client);
    await this.associations.load(client, customerIds);
    const unknown = [...customerIds].filter((id) => !this.accountNames.has(id));
    if (unknown.length > 0) {
      const result = await client.query<{ customer_id: string; account_name: string | null }>(
        `SELECT customer_id, account_name FROM ${this.schema}.customers WHERE customer_id = ANY($1::text[])`,
        [unknown],
      );
      for (const r of result.rows) this.accountNames.set(r.customer_id, r.account_name);
    }
    if (!this.complete) this.enrollments = await this.loadEnrollments(client, partnerIds);
  }

  startFromZero(): void {
    this.associations.startComplete();
    this.closed.startComplete();
    this.complete = this.enrollments.size === 0;
  }

  evolve(e: KnownEvent): void {
    switch (e.type) {
      case 'CustomerAssociated':
        this.accountNames.set(e.data.customerId, e.data.accountName ?? null);
        this.associations.apply(e);
        return;
      case 'AssociationTypeSwitched':
      case 'CustomerDisassociated':
        this.associations.apply(e);
        return;
      case 'BillingPeriodClosed':
        this.closed.apply(e);
        return;
      case 'PartnerProgramEnrolled': {
        const list = this.enrollments.get(e.data.partnerId) ?? [];
        this.enrollments.set(e.data.partnerId, list);
        const seq = list.filter((x) => x.program === e.data.program).reduce((m, x) => Math.max(m, x.seq), 0) + 1;
        this.enrollment = {
          partnerId: e.data.partnerId,
          program: e.data.program,
          seq,
          enrolledAt: e.occurredAt,
          withdrawnAt: null,
          enrolledPosition: e.globalPosition,
          withdrawnPosition: null,
        };
        list.push(this.enrollment);
        return;
      }
      case 'PartnerProgramWithdrawn': {
        const open = (this.enrollments.get(e.data.partnerId) ?? []).find(
          (x) => x.program === e.data.program && x.withdrawnAt === null,
        );
        if (!open) {
          throw new ProjectionError(
            `PartnerProgramWithdrawn: partner ${e.data.partnerId} is not enrolled in ${e.data.program}`,
            e.globalPosition,
          );
        }
        open.withdrawnAt = e.occurredAt;
        open.withdrawnPosition = e.globalPosition;
        this.enrollment = open;
        return;
      }
    }
  }

  private async loadEnrollments(client: PoolClient, partnerIds: Set<string>): Promise<Map<string, Enrollment[]>> {
    const map = new Map<string, Enrollment[]>();
    if (partnerIds.size === 0) return map;
    const result = await client.query(
      `SELECT partner_id, program, seq, to_json(enrolled_at) #>> '{}' AS enrolled_at,
              to_json(withdrawn_at) #>> '{}' AS withdrawn_at, enrolled_position, withdrawn_position
         FROM ${this.schema}.partner_programs WHERE partner_id = ANY($1::text[])`,
      [[...partnerIds]],
    );
    for (const r of result.rows) {
      const list = map.get(r.partner_id) ?? [];
      map.set(r.partner_id, list);
      list.push({
        partnerId: r.partner_id,
        program: r.program,
        seq: r.seq,
        enrolledAt: r.enrolled_at,
        withdrawnAt: r.withdrawn_at,
        enrolledPosition: Number(r.enrolled_position),
        withdrawnPosition: r.withdrawn_position === null ? null : Number(r.withdrawn_position),
      });
    }
    return map;
  }

  committed(): void {
    this.associations.committed();
    this.closed.committed();
    if (this.accountNames.size > 100_000) this.accountNames.clear();
  }

  reset(): void {
    this.associations.reset();
    this.closed.reset();
    this.accountNames.clear();
    this.enrollments.clear();
    this.complete = false;
  }
}

type Out = Changes<typeof directoryTables>;

/**
 * When the customer's association with its current partner began: a type switch (切换关联类型)
 * changes the type of the association, not the association, so the segments just before the
 * current one with the same partner and no gap between them count from the first.
 */
function associatedSince(segments: readonly Segment[], current: Segment): string {
  let since = current;
  const seen = new Set([current]);
  for (;;) {
    const before = segments.find(
      // The segment the same event closed (a switch closes one and opens the next at its position).
      (s) => !seen.has(s) && s.partnerId === since.partnerId && s.toPosition === since.fromPosition,
    );
    if (!before) return since.validFrom;
    seen.add(before);
    since = before;
  }
}

/** The association segments an association event touched, and the customer's current view. */
function foldAssociation(e: KnownEvent & { data: { customerId: string } }, facts: DirectoryFacts, out: Out): void {
  const customerId = e.data.customerId;
  for (const s of facts.associations.touched) out.customer_associations.upsert(segmentRow(customerId, s));
  const segments = facts.associations.history(customerId)?.segments ?? [];
  let current: Segment | undefined;
  for (const s of segments) if (s.validTo === null && (!current || s.validFromMs >= current.validFromMs)) current = s;
  out.customers.upsert({
    customer_id: customerId,
    customer_name: facts.associations.nameOf(customerId)!,
    partner_id: current?.partnerId ?? null,
    association_type: current?.associationType ?? null,
    account_manager: current?.accountManager ?? null,
    account_name: facts.accountNames.get(customerId) ?? null,
    associated_since: current ? associatedSince(segments, current) : null,
    updated_position: e.globalPosition,
  });
  // The segment the event opened (associated, switched) or closed (disassociated): its partner, type, name.
  const segment = facts.associations.touched[facts.associations.touched.length - 1]!;
  out.association_records.insert({
    position: e.globalPosition,
    partner_id: segment.partnerId,
    time: e.occurredAt,
    kind: RECORD_KINDS[e.type as keyof typeof RECORD_KINDS],
    customer_id: customerId,
    customer_name: segment.customerName,
    association_type: segment.associationType,
    actor: actorOf(e),
  });
}

const RECORD_KINDS = {
  CustomerAssociated: 'associated',
  AssociationTypeSwitched: 'switched',
  CustomerDisassociated: 'disassociated',
} as const;

function foldEnrollment(facts: DirectoryFacts, out: Out): void {
  const x = facts.enrollment!;
  out.partner_programs.upsert({
    partner_id: x.partnerId,
    program: x.program,
    seq: x.seq,
    enrolled_at: x.enrolledAt,
    withdrawn_at: x.withdrawnAt,
    enrolled_position: x.enrolledPosition,
    withdrawn_position: x.withdrawnPosition,
  });
}

/** Partners, customers and who each customer was associated with when (SPEC §2, §4). */
export const directoryProjection = defineProjection({
  name: 'directory',
  schema: DIRECTORY_SCHEMA,
  // 3: partners.language, customers.account_name; 4: association_records; 5: customers.associated_since
  // kept across type switches (each recreated and replayed from the log).
  version: 5,
  tables: directoryTables,
  facts: (context) => new DirectoryFacts(context.schema, context.associations),
  on: {
    PartnerRegistered: (e, _facts, out) =>
      out.partners.upsert({
        partner_id: e.data.partnerId,
        name: e.data.name,
        tier: e.data.tier,
        parent_id: e.data.parentId ?? null,
        level: e.data.level ?? null,
        time_zone: e.data.timeZone,
        language: null,
        currency: e.data.currency,
        registered_at: e.occurredAt,
        position: e.globalPosition,
      }),
    PartnerProfileChanged: (e, _facts, out) => {
      const { partnerId, timeZone, language, level } = e.data;
      out.partners.patch(
        { partner_id: partnerId },
        {
          ...(timeZone === undefined ? {} : { time_zone: timeZone }),
          ...(language === undefined ? {} : { language }),
          ...(level === undefined ? {} : { level }),
        },
      );
    },
    PartnerProgramEnrolled: (_e, facts, out) => foldEnrollment(facts, out),
    PartnerProgramWithdrawn: (_e, facts, out) => foldEnrollment(facts, out),
    CustomerAssociated: foldAssociation,
    AssociationTypeSwitched: foldAssociation,
    CustomerDisassociated: foldAssociation,
    BillingPeriodClosed: (e, _facts, out) =>
      out.closed_periods.upsert({ period: e.data.period, closed_at: e.occurredAt, position: e.globalPosition }),
    DiscountGranted: 'ignore',
    DiscountChanged: 'ignore',
    DiscountRevoked: 'ignore',
    OrderPlaced: 'ignore',
    OrderRefunded: 'ignore',
    SpecChanged: 'ignore',
    OnDemandCharged: 'ignore',
    AutoRenewSet: 'ignore',
    AdjustmentPosted: 'ignore',
    FundsAllocated: 'ignore',
    FundsReclaimed: 'ignore',
    VoucherQuotaGranted: 'ignore',
    VoucherQuotaReclaimed: 'ignore',
    VoucherIssued: 'ignore',
    VoucherRevoked: 'ignore',
    IncentiveRulesPublished: 'ignore',
    StatementRevisionPublished: 'ignore',
    ProductTypeRegistered: 'ignore',
    UsageTypeRegistered: 'ignore',
    MeasureUnitRegistered: 'ignore',
    MarketplaceTransactionRecorded: 'ignore',
    MarketplaceTransactionBilled: 'ignore',
    MarketplaceSupervisionReleased: 'ignore',
  },
  // Databases made before the tables were declared: upgraded in place.
  upgrades: [
    {
      version: 1,
      name: 'partners, customers, associations, closed periods',
      sql: (s) => `
        CREATE TABLE ${s}.partners (
          partner_id text PRIMARY KEY,
          name text NOT NULL,
          tier text NOT NULL,
          parent_id text,
          level text NOT NULL,
          time_zone text NOT NULL,
          currency text NOT NULL,
          registered_at timestamptz NOT NULL,
          position bigint NOT NULL
        );
        CREATE INDEX ON ${s}.partners (parent_id);
        CREATE TABLE ${s}.partner_programs (
          partner_id text NOT NULL,
          program text NOT NULL,
          seq integer NOT NULL,
          enrolled_at timestamptz NOT NULL,
          withdrawn_at timestamptz,
          enrolled_position bigint NOT NULL,
          withdrawn_position bigint,
          PRIMARY KEY (partner_id, program, seq)
        );
        CREATE TABLE ${s}.customers (
          customer_id text PRIMARY KEY,
          customer_name text NOT NULL,
          partner_id text,
          association_type text,
          account_manager text,
          associated_since timestamptz,
          updated_position bigint NOT NULL
        );
        CREATE INDEX ON ${s}.customers (partner_id);
        CREATE INDEX ON ${s}.customers (customer_name);
        ${associationsDdl(`${s}.customer_associations`)}
        ${closedPeriodsDdl(`${s}.closed_periods`)}`,
    },
    {
      version: 2,
      name: 'partner level optional; names and programmes of any length the events allow',
      // A customer name of 1,024 characters can exceed a btree entry: a hash index serves equality.
      sql: (s) => `
        ALTER TABLE ${s}.partners ALTER COLUMN level DROP NOT NULL;
        ${programmeKeyDdl(`${s}.partner_programs`)}
        DROP INDEX ${s}.customers_customer_name_idx;
        CREATE INDEX customers_customer_name_idx ON ${s}.customers USING hash (customer_name);`,
    },
  ],
});
