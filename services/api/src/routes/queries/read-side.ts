import type { Pool } from '@reckon/database';
import {
  getCustomer,
  getPartner,
  getVoucherQuota,
  minimumCheckpoint,
  type PartnerInfo,
  type ReadModelDb,
  readModelDb,
  stalledProjections,
  waitForPosition,
} from '@reckon/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canReadPartner } from '../../auth/access.js';
import { principalOf } from '../../plugins/auth.js';
import { ProblemError, problem, RETRY_AFTER_SECONDS } from '../../plugins/problems.js';
import { type CommonQuery, zoneOf } from './params.js';

/** What the query routes read from: the pool of the read-model database. */
export interface QueryDeps {
  pool: Pool;
  /** How long `?minPosition=` waits for the projections (default 5 s, SPEC §5). */
  minPositionTimeoutMs?: number;
}

/** What never changes once a partner is registered (its name, tier, distributor, currency). */
export type PartnerFacts = Omit<PartnerInfo, 'timeZone' | 'language' | 'level'>;

/**
 * The read side as the query routes see it: read models, read-your-writes waits, and who may read
 * what. A partner's facts are cached once found (they never change, and every request asks for
 * them: auth, currency); its profile (zone, language, level) changes with `PartnerProfileChanged`
 * and is read from the directory each time it is needed.
 */
export class ReadSide {
  readonly db: ReadModelDb;
  readonly pool: Pool;
  private readonly partners = new Map<string, PartnerFacts>();
  private readonly timeoutMs: number;

  constructor(private readonly deps: QueryDeps) {
    this.pool = deps.pool;
    this.db = readModelDb(deps.pool);
    this.timeoutMs = deps.minPositionTimeoutMs ?? 5000;
  }

  async partner(partnerId: string): Promise<PartnerFacts | null> {
    const cached = this.partners.get(partnerId);
    if (cached) return cached;
    const found = await getPartner(this.db, partnerId);
    if (!found) return null;
    const { partnerId: id, name, tier, parentId, currency } = found;
    const facts = { partnerId: id, name, tier, parentId, currency };
    this.partners.set(partnerId, facts);
    return facts;
  }

  /** The partner with its profile as the directory has it now (time zone, language, level). */
  profile(partnerId: string): Promise<PartnerInfo | null> {
    return getPartner(this.db, partnerId);
  }

  /** The zone an answer's times are rendered in: the partner's current one with `?tz=partner`, else UTC. */
  async zone(query: CommonQuery, partnerId: string): Promise<string> {
    if (query.tz !== 'partner') return 'UTC';
    return zoneOf(query, (await this.profile(partnerId))?.timeZone);
  }

  customer(customerId: string) {
    return getCustomer(this.db, customerId);
  }

  voucherQuota(quotaId: string) {
    return getVoucherQuota(this.db, quotaId);
  }

  /** Read-your-writes: waits until every projection has processed `position`, else 503 + Retry-After. */
  async reach(reply: FastifyReply, position: number | undefined): Promise<void> {
    if (position === undefined || position <= 0) return;
    if (await waitForPosition(this.deps.pool, position, this.timeoutMs)) return;
    const at = await minimumCheckpoint(this.deps.pool);
    // A projection stopped by an event will not get there by itself: say which (docs/runbooks.md).
    const stopped = (await stalledProjections(this.deps.pool))
      .filter((s) => s.position <= position)
      .map((s) => `; projection ${s.projection} is stopped at position ${s.position}: ${s.error}`)
      .join('');
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    throw new ProblemError(
      problem(
        'not-ready',
        `the projections have reached position ${at}, not yet ${position} (waited ${this.timeoutMs} ms); retry${stopped}`,
        { minPosition: position, position: at },
      ),
    );
  }

  /**
   * 404 when the partner is unknown; 403 when the caller may not read it (a partner key reads
   * itself and, as a distributor, its resellers). Returns the partner.
   */
  async readablePartner(request: FastifyRequest, partnerId: string, what = `partner ${partnerId}`) {
    const partner = await this.partner(partnerId);
    if (!partner) throw new ProblemError(problem('not-found', `${what} is not known`));
    const principal = principalOf(request);
    const parentOf = async (id: string) => (await this.partner(id))?.parentId ?? undefined;
    if (!(await canReadPartner(principal, partnerId, parentOf))) {
      throw new ProblemError(problem('forbidden', `this key may not read ${what}`));
    }
    return partner;
  }

  /** Only admin and finance read data that belongs to no partner (a customer without one). */
  assertReadsEverything(request: FastifyRequest, what: string): void {
    const { role } = principalOf(request);
    if (role !== 'admin' && role !== 'finance') {
      throw new ProblemError(problem('forbidden', `this key may not read ${what}`));
    }
  }
}
