import type { PoolClient } from 'pg';
import { AssociationBook, associationsDdl } from '../context/associations.js';
import { ClosedPeriods, closedPeriodsDdl } from '../context/closed-periods.js';
import { PROGRAMME_KEY, programmeKeyDdl } from '../context/programmes.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import type { ProjectionContext, ProjectionDefinition, ProjectionHandler } from '../projection.js';
import { type Column, upsertRows } from '../sql.js';

export const DIRECTORY_SCHEMA = 'rm_directory';

const PARTNER_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'tier', type: 'text' },
  { name: 'parent_id', type: 'text' },
  { name: 'level', type: 'text' },
  { name: 'time_zone', type: 'text' },
  { name: 'currency', type: 'text' },
  { name: 'registered_at', type: 'timestamptz' },
  { name: 'position', type: 'bigint' },
];

const PROGRAM_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'program', type: 'text' },
  { name: 'seq', type: 'integer' },
  { name: 'enrolled_at', type: 'timestamptz' },
  { name: 'withdrawn_at', type: 'timestamptz' },
  { name: 'enrolled_position', type: 'bigint' },
  { name: 'withdrawn_position', type: 'bigint' },
];

const CUSTOMER_COLUMNS: Column[] = [
  { name: 'customer_id', type: 'text' },
  { name: 'customer_name', type: 'text' },
  { name: 'partner_id', type: 'text' },
  { name: 'association_type', type: 'text' },
  { name: 'account_manager', type: 'text' },
  { name: 'associated_since', type: 'timestamptz' },
  { name: 'updated_position', type: 'bigint' },
];

interface Enrollment {
  partnerId: string;
  program: string;
  seq: number;
  enrolledAt: string;
  withdrawnAt: string | null;
  enrolledPosition: number;
  withdrawnPosition: number | null;
}

class DirectoryHandler implements ProjectionHandler {
  private readonly associations: AssociationBook;
  private readonly closed: ClosedPeriods;

  constructor(private readonly schema: string) {
    this.associations = new AssociationBook(`${schema}.customer_associations`);
    this.closed = new ClosedPeriods(`${schema}.closed_periods`);
  }

  async apply(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    const customerIds = new Set<string>();
    const programPartners = new Set<string>();
    for (const e of events) {
      if (
        e.type === 'CustomerAssociated' ||
        e.type === 'AssociationTypeSwitched' ||
        e.type === 'CustomerDisassociated'
      ) {
        customerIds.add(e.data.customerId);
      } else if (e.type === 'PartnerProgramEnrolled' || e.type === 'PartnerProgramWithdrawn') {
        programPartners.add(e.data.partnerId);
      }
    }
    await this.closed.load(client);
    await this.associations.load(client, customerIds);
    const enrollments = await this.loadEnrollments(client, programPartners);
    const dirtyEnrollments = new Set<Enrollment>();
    const partners = new Map<string, unknown[]>();
    const lastPosition = new Map<string, number>();

    for (const e of events) {
      switch (e.type) {
        case 'PartnerRegistered': {
          const d = e.data;
          partners.set(d.partnerId, [
            d.partnerId,
            d.name,
            d.tier,
            d.parentId ?? null,
            // Optional in the event: a partner without one has none (NULL), not an empty level.
            d.level ?? null,
            d.timeZone,
            d.currency,
            e.occurredAt,
            e.globalPosition,
          ]);
          break;
        }
        case 'PartnerProgramEnrolled': {
          const list = enrollments.get(e.data.partnerId) ?? [];
          enrollments.set(e.data.partnerId, list);
          const seq = list.filter((x) => x.program === e.data.program).reduce((m, x) => Math.max(m, x.seq), 0) + 1;
          const enrollment: Enrollment = {
            partnerId: e.data.partnerId,
            program: e.data.program,
            seq,
            enrolledAt: e.occurredAt,
            withdrawnAt: null,
            enrolledPosition: e.globalPosition,
            withdrawnPosition: null,
          };
          list.push(enrollment);
          dirtyEnrollments.add(enrollment);
          break;
        }
        case 'PartnerProgramWithdrawn': {
          const open = (enrollments.get(e.data.partnerId) ?? []).find(
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
          dirtyEnrollments.add(open);
          break;
        }
        case 'CustomerAssociated':
        case 'AssociationTypeSwitched':
        case 'CustomerDisassociated':
          this.associations.apply(e);
          lastPosition.set(e.data.customerId, e.globalPosition);
          break;
        case 'BillingPeriodClosed':
          this.closed.apply(e);
          break;
      }
    }

    await upsertRows(client, { table: `${this.schema}.partners`, columns: PARTNER_COLUMNS, key: ['partner_id'] }, [
      ...partners.values(),
    ]);
    await upsertRows(
      client,
      { table: `${this.schema}.partner_programs`, columns: PROGRAM_COLUMNS, key: PROGRAMME_KEY },
      [...dirtyEnrollments].map((x) => [
        x.partnerId,
        x.program,
        x.seq,
        x.enrolledAt,
        x.withdrawnAt,
        x.enrolledPosition,
        x.withdrawnPosition,
      ]),
    );
    await this.associations.flush(client);
    await this.closed.flush(client);
    await upsertRows(
      client,
      { table: `${this.schema}.customers`, columns: CUSTOMER_COLUMNS, key: ['customer_id'] },
      [...this.associations.changed].map((customerId) => {
        const segments = this.associations.history(customerId)?.segments ?? [];
        let current: (typeof segments)[number] | undefined;
        for (const s of segments)
          if (s.validTo === null && (!current || s.validFromMs >= current.validFromMs)) current = s;
        return [
          customerId,
          this.associations.nameOf(customerId),
          current?.partnerId ?? null,
          current?.associationType ?? null,
          current?.accountManager ?? null,
          current?.validFrom ?? null,
          lastPosition.get(customerId),
        ];
      }),
    );
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
  }

  reset(): void {
    this.associations.reset();
    this.closed.reset();
  }
}

/** Partners, customers and who each customer was associated with when (SPEC §2, §4). */
export const directoryProjection: ProjectionDefinition = {
  name: 'directory',
  schema: DIRECTORY_SCHEMA,
  migrations: [
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
  tables: [
    { name: 'partners', key: ['partner_id'] },
    { name: 'partner_programs', key: ['partner_id', 'program', 'seq'] },
    { name: 'customers', key: ['customer_id'] },
    { name: 'customer_associations', key: ['customer_id', 'seq'] },
    { name: 'closed_periods', key: ['period'] },
  ],
  create: (context: ProjectionContext) => new DirectoryHandler(context.schema),
};
