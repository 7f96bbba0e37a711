/**
 * The HTTP contract as TypeScript types (openapi-typescript), generated from the OpenAPI document
 * by `pnpm docs:http`: do not edit. Use it with openapi-fetch: `createClient<paths, 'application/json' | 'application/problem+json'>({ baseUrl })` (the lists also answer text/csv).
 */
export interface paths {
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics
     * @description Text exposition format 0.0.4: HTTP latency by route, events appended and refused by rule, projection lag in events and seconds, stopped projections, rebuild progress, database pool connections (open, idle, waiting, max), process metrics with the event-loop delay.
     */
    get: operations['metrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process answers, its embedded database not given up */
    get: operations['liveness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: database reachable and migrated, no projection stopped */
    get: operations['readiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Append events
     * @description One event envelope, or {"events": [...]} appended all or nothing, each validated against the state the earlier ones leave. An event whose eventId is already stored with the same content is an idempotent repeat: a request of only repeats answers 200 with the body of the original. Errors are problem+json; 422 names the `rule` broken and the `index` of the event in the batch.
     */
    post: operations['appendEvents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/streams/{streamId}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Events of one stream (audit view)
     * @description Events in stream order with their stream and global positions, recordedAt, occurredAt and metadata (actor, requestId, causationId, correlationId). Pages with limit (≤ 1000) and an opaque cursor; Accept: text/csv gives the same fields as CSV.
     */
    get: operations['listStreamEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/consumption': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Consumption summary of a partner in a booking period
     * @description Per customer and summed: consumption, refunds, adjustments, vouchers used and net in the booking period (late events of closed periods count in the period they are booked into). Accept: text/csv gives the customers as CSV (nested figures as dotted columns).
     */
    get: operations['getPartnerConsumption'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/consumption/monthly': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Consumption of a partner in each booking period of a range
     * @description The partner figures of GET /v1/partners/{id}/consumption for every period from `from` to `to` (inclusive, at most 24), oldest first, with how many customers each lists; zeros for a period with nothing booked. One request for a trend instead of one per month. Accept: text/csv gives the periods as CSV.
     */
    get: operations['getPartnerMonthlyConsumption'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/balance': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Reseller funds and voucher quota of a partner
     * @description Zeros where nothing happened (e.g. funds of a partner that is not a reseller).
     */
    get: operations['getPartnerBalance'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/voucher-quotas/{id}/operations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Operation records of a voucher quota
     * @description One record per VoucherQuotaGranted, VoucherIssued, VoucherQuotaReclaimed and VoucherRevoked of the quota, newest first, with the quota left after each (in the quota’s currency) and the actor that appended it (the object the audit view shows). from (inclusive) and to (exclusive) bound the business time; a date or a date-time without offset is read in the zone of the answer (UTC, or the partner’s with tz=partner). customerName matches any part of the name, case-insensitively. Readable by the quota holder (and its distributor). Pages with limit and cursor; Accept: text/csv gives the same fields (the actor as dotted columns).
     */
    get: operations['listVoucherQuotaOperations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/customers/{id}/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Subscriptions of a customer
     * @description The subscribed resources of a customer with their term end, auto-renew flag, status and renewal history, soonest term end first. status is expired once termEnd has passed (judged at the request, as the partner’s subscriptions list judges it), else active or released. expiringBefore keeps the ones not released whose term ends before that instant (a date or a date-time without offset is read in the zone of the answer; one whose term has ended is among them, as expired). Readable by the customer’s current partner (and its distributor). Pages with limit and cursor; Accept: text/csv gives the same fields (lastRefund as dotted columns, renewalHistory as JSON).
     */
    get: operations['listCustomerSubscriptions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who this key is
     * @description The role of the key and, for a partner key, its partner: name, tier, time zone, language (once chosen) and (a distributor) its resellers. The partner centre starts here.
     */
    get: operations['getMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The partner directory
     * @description Partners by id: admin and finance see every partner, a distributor itself and its resellers, another partner itself. tier and parentId filter exactly, name by substring (case-insensitive). Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listPartners'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/customers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Customers of a partner (客户管理)
     * @description The customers associated with the partner now, by customer id, with their association type, account manager and since when. associationType filters exactly; customerName and accountName by substring (case-insensitive). Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listPartnerCustomers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/association-records': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Association records of a partner (关联记录)
     * @description One row per CustomerAssociated, AssociationTypeSwitched and CustomerDisassociated that names the partner, newest first: kind, the customer, the association type (the new one for a switch, the ended one for a disassociation) and the actor the event recorded, the object the audit view shows (null when none). from (inclusive) and to (exclusive) bound the time (a date or local date-time is read in the zone of the answer); customerName by substring (case-insensitive). Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listAssociationRecords'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/resellers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Resellers of a distributor and their money (拨款, 代金券额度)
     * @description Each reseller registered under the distributor, by partner id, with its funds and voucher quota figures (SPEC §4, as GET /v1/partners/{id}/balance). A partner that is not a distributor has none. Pages with limit and cursor; Accept: text/csv gives the same fields as dotted columns.
     */
    get: operations['listResellers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/voucher-quotas': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Voucher quotas a partner holds (代金券额度)
     * @description Each quota granted to the partner, by quota id: granted, issued, reclaimed, returned and available (available = granted − issued − reclaimed + returned), when it expires and when it was granted. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listHeldVoucherQuotas'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Subscriptions of a partner’s customers (包年/包月资源)
     * @description The subscribed resources of the partner’s customers, soonest term end first: a resource is the partner’s when the order holding its current term was placed while the customer was associated with it. status is expired once termEnd has passed (judged at the request). expiringBefore / expiringAfter bound termEnd (a date or local date-time is read in the zone of the answer); autoRenew, status and productType filter exactly, customerName by substring. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listPartnerSubscriptions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/fund-operations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The ledger of a reseller’s funds (拨款记录)
     * @description Newest first, one row per FundsAllocated (allocated), FundsReclaimed (reclaimed), cash part of a resale order or upgrade paid from the funds (spent) and cash part given back by a refund or rebate (returned), with the funds available after it: replaying the rows from the oldest gives available of GET /v1/partners/{id}/balance. A distributor’s id lists the rows of its resellers. from (inclusive) and to (exclusive) bound the business time (a date or local date-time is read in the zone of the answer); kind filters exactly. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listFundOperations'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/vouchers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Vouchers issued from a partner’s quotas (提货券)
     * @description Each voucher issued from a quota the partner holds, by voucher id: its customer, amount, used, remaining, expiry and status — revoked once revoked, used when nothing remains, expired once expiresAt has passed (judged at the request), else active. customerName filters by substring (case-insensitive), status exactly. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listPartnerVouchers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/discounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Discounts of a partner’s customers (商务折扣)
     * @description The business discounts of the customers associated with the partner now, by discount id: the rate in force now (null when none is: before validFrom, after validTo, from revokedFrom), the product types, validity, revocation and every rate with the time it applies from (the grant first). Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listPartnerDiscounts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/refunds': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Where a partner’s refunds and rebates came from (查询退款来自哪些资源和订单)
     * @description Newest first, one row per OrderRefunded and per SpecChanged with a negative amount (a rebate) of an order of a customer associated with the partner at its time: the order, the resources it names, the reason (null for a spec change), the amount (positive) and its split cash first — cashPart out of what remains of the order’s cash, voucherPart the rest — and the booking period as the consumption summary books it. Filters: period (booking period, 账期) and orderId. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listPartnerRefunds'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/catalogue/product-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Product types of the catalogue (管理产品)
     * @description Every registered product type (ProductTypeRegistered) with its name and resource types, by product type. Readable by every key. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listProductTypes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/catalogue/usage-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Usage types of the catalogue (管理产品: 使用量类型)
     * @description Every registered usage type (UsageTypeRegistered) with its product type, its unit and the dimension the unit measures, by usage type; productType filters exactly. Readable by every key. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listUsageTypes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/catalogue/units': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Measure units of the catalogue (管理产品: 度量单位与换算)
     * @description Every registered measure unit (MeasureUnitRegistered), by unit: one unit = factor × baseUnit, and, following the bases, toRoot × rootUnit (the dimension’s root unit), so a quantity converts exactly between two units of a dimension. dimension filters exactly. Readable by every key. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listMeasureUnits'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/on-demand': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * On-demand usage of a partner’s customers (按需资源)
     * @description Per resource × usage type × booking period: the OnDemandCharged of the customers associated with the partner at each charge’s occurredAt, summed. quantity is in the usage type’s catalogue unit when the catalogue (as of the charge) defines one, converted exactly; else in the charge’s own unit. period, productType, usageType and resourceId filter exactly. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listPartnerOnDemand'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/marketplace/transactions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Marketplace transactions of a seller (交易明细查询)
     * @description The seller’s marketplace transactions, newest first, each with its commission (round_half_up(amount × commissionRate, 2)) and partner share, booking period, billing status (出账状态) and supervision status (服务监管状态). Filters: period (booking period, 账期), orderId, from/to on the transaction date (交易发生日; a date or local date-time is read in the zone of the answer), billingStatus, supervisionStatus. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listMarketplaceTransactions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/marketplace/summary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Marketplace sums of a seller in a booking period
     * @description Σ amount, commission and partner share of the seller’s transactions booked into the period, and of the partner shares: billed, unbilled, and still under supervision.
     */
    get: operations['getMarketplaceSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/incentives': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Incentive detail lines of a partner
     * @description The lines of the current revision of each statement of the partner, by booking period then log order. Filters: period (booking period), year, orderId, productType, associationType, billingMode, status and correctsPeriod match exactly; customerName, accountManager and accountName (the customer's account name) match any part, case-insensitively; from and to bound occurredAt (a date or local date-time is read in the zone of the answer). Pages with limit and cursor; Accept: text/csv gives the same fields (the whole list without limit).
     */
    get: operations['listPartnerIncentives'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/statements': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Statements of a partner, one per period (对账单)
     * @description Per booking period, oldest first: the current revision with its rule version, status and total, and how many revisions the period has had (unpublished drafts included). year keeps the periods of one year. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listStatements'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/statements/{period}/revisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every revision of a statement
     * @description The revisions of a partner’s statement of a period, by revision: the one frozen at close, rebuilds published since (superseding it), and unpublished drafts, each with its rule version, status, total and checksum. Pages with limit and cursor; Accept: text/csv gives the same fields.
     */
    get: operations['listStatementRevisions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/statements/{period}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Incentive statement of a partner and period
     * @description The current revision (or ?revision=n: an earlier one, or an unpublished draft) with its lines, total and checksum (sha256 of the canonical lines, reproduced exactly by a replay). Status: estimated (period open, follows new events), confirmed (period closed), superseded (history), draft (a rebuild). tz=partner renders the lines as the incentive detail does (occurredAt in the partner’s zone). Accept: text/csv gives the lines as CSV (the columns of the incentive detail) with the revision, status, total and checksum in X-Statement-* headers.
     */
    get: operations['getStatement'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/statements/{period}/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Rebuild a statement under a rule version (a draft revision)
     * @description Computes a draft revision of the statement under the named published rule set (closed periods included) with a line-by-line diff against the current revision. Nothing is appended: publish the draft to make it current. A newer rebuild of the same statement replaces the draft. 404: unknown partner or no statement for the period; 422: the rule version is not published.
     */
    post: operations['rebuildStatement'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/partners/{id}/statements/{period}/revisions/{revision}/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Publish a draft revision of a statement
     * @description Appends StatementRevisionPublished (so a replay reproduces the revision and its true-up) and makes the draft current. The statement is first recomputed as the projection will make it: for a closed period the closed revision stays as it was and the difference of totals is booked as a TrueUp line (correctsPeriod set) in the first open period, and a draft that no longer matches the recomputation (a back-dated level or programme change since the rebuild) is refused; an open period is published as recomputed (its revision follows new events). The event carries the totals of the revision it publishes. 404: no such revision; 409: the revision is not a draft, the statement got a newer revision since the rebuild, or a closed period's draft no longer matches what publishing would book (rebuild again; nothing appended); 422 (rule statement-total-within-bounds): its totals are beyond the bounds of an amount (15 integer digits), nothing is appended and the draft stays a draft.
     */
    post: operations['publishStatementRevision'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description RFC 9457 problem details (application/problem+json) */
    Problem: {
      type: string;
      title: string;
      status: number;
      detail: string;
      /** @description index of the offending event in the batch (0 for a single event) */
      index?: number;
      /** @description the invariant broken (422) */
      rule?: string;
      eventId?: string;
      errors?: {
        index?: number;
        path?: string;
        message?: string;
      }[];
    } & {
      [key: string]: unknown;
    };
    /** PartnerRegistered */
    PartnerRegisteredEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'PartnerRegistered';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description a non-empty string */
        name: string;
        /** @description one of "distributor", "reseller", "solution_provider" */
        tier: 'distributor' | 'reseller' | 'solution_provider';
        /** @description a distributor partner id (1–128 characters without spaces, /, ?, # or %) */
        parentId?: string;
        /** @description free text matched by incentive rules */
        level?: string;
        /** @description an IANA time zone like "Asia/Shanghai" */
        timeZone: string;
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** PartnerProgramEnrolled */
    PartnerProgramEnrolledEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'PartnerProgramEnrolled';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description a programme name */
        program: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** PartnerProgramWithdrawn */
    PartnerProgramWithdrawnEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'PartnerProgramWithdrawn';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description a programme name */
        program: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** PartnerProfileChanged */
    PartnerProfileChangedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'PartnerProfileChanged';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description an IANA time zone like "Asia/Shanghai" */
        timeZone?: string;
        /** @description a BCP 47 language tag like "zh-CN" or "en" */
        language?: string;
        /** @description free text matched by incentive rules */
        level?: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** CustomerAssociated */
    CustomerAssociatedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'CustomerAssociated';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a non-empty string */
        customerName: string;
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description one of "referral", "resale" */
        associationType: 'referral' | 'resale';
        /** @description a string */
        accountManager?: string;
        /** @description the customer's cloud account name (客户账号名) */
        accountName?: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** AssociationTypeSwitched */
    AssociationTypeSwitchedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'AssociationTypeSwitched';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description one of "referral", "resale" */
        associationType: 'referral' | 'resale';
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** CustomerDisassociated */
    CustomerDisassociatedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'CustomerDisassociated';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** DiscountGranted */
    DiscountGrantedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'DiscountGranted';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a discount id (1–128 characters without spaces, /, ?, # or %) */
        discountId: string;
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a decimal string from "0" to "1" like "0.15" */
        rate: string;
        /** @description a list of distinct product types (empty or absent = all) */
        productTypes?: string[];
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        validFrom: string;
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        validTo?: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** DiscountChanged */
    DiscountChangedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'DiscountChanged';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a discount id (1–128 characters without spaces, /, ?, # or %) */
        discountId: string;
        /** @description a decimal string from "0" to "1" like "0.15" */
        rate: string;
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        effectiveFrom: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** DiscountRevoked */
    DiscountRevokedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'DiscountRevoked';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a discount id (1–128 characters without spaces, /, ?, # or %) */
        discountId: string;
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        effectiveFrom: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** OrderPlaced */
    OrderPlacedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'OrderPlaced';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description an order id (1–128 characters without spaces, /, ?, # or %) */
        orderId: string;
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a product type */
        productType: string;
        /**
         * @description one of "subscription"
         * @enum {string}
         */
        billingMode: 'subscription';
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
        /** @description a non-negative decimal string like "12.50" */
        listAmount: string;
        /** @description a discount id (1–128 characters without spaces, /, ?, # or %) */
        discountId?: string;
        /** @description a non-negative decimal string like "12.50" */
        amount: string;
        /** @description a voucher id (1–128 characters without spaces, /, ?, # or %) */
        voucherId?: string;
        /** @description a non-negative decimal string like "12.50" */
        voucherAmount?: string;
        /** @description a list of resources */
        resources: {
          /** @description a resource id (1–128 characters without spaces, /, ?, # or %) */
          resourceId: string;
          /** @description a specification: a string or an object */
          spec?:
            | string
            | {
                [key: string]: unknown;
              };
        }[];
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        termEnd: string;
        /** @description an order id (1–128 characters without spaces, /, ?, # or %) */
        renewalOf?: string;
        /** @description true or false */
        autoRenew?: boolean;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** OrderRefunded */
    OrderRefundedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'OrderRefunded';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a refund id (1–128 characters without spaces, /, ?, # or %) */
        refundId: string;
        /** @description an order id (1–128 characters without spaces, /, ?, # or %) */
        orderId: string;
        /** @description one of "unsubscribe", "downgrade" */
        reason: 'unsubscribe' | 'downgrade';
        /** @description a positive decimal string like "12.50" */
        amount: string;
        /** @description a list of distinct resource ids */
        resourceIds: string[];
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** SpecChanged */
    SpecChangedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'SpecChanged';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a change id (1–128 characters without spaces, /, ?, # or %) */
        changeId: string;
        /** @description an order id (1–128 characters without spaces, /, ?, # or %) */
        orderId: string;
        /** @description a resource id (1–128 characters without spaces, /, ?, # or %) */
        resourceId: string;
        /** @description a specification: a string or an object */
        fromSpec:
          | string
          | {
              [key: string]: unknown;
            };
        /** @description a specification: a string or an object */
        toSpec:
          | string
          | {
              [key: string]: unknown;
            };
        /** @description a nonzero decimal string like "12.50" or "-3.20" */
        amount: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** OnDemandCharged */
    OnDemandChargedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'OnDemandCharged';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a charge id (1–128 characters without spaces, /, ?, # or %) */
        chargeId: string;
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a product type */
        productType: string;
        /** @description a resource id (1–128 characters without spaces, /, ?, # or %) */
        resourceId: string;
        /** @description a usage type */
        usageType: string;
        /** @description a non-negative number below 10^15 or decimal string */
        quantity: number | string;
        /** @description a unit */
        unit: string;
        /** @description a non-negative decimal string like "12.50" */
        amount: string;
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        windowStart: string;
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        windowEnd: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** AutoRenewSet */
    AutoRenewSetEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'AutoRenewSet';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description an order id (1–128 characters without spaces, /, ?, # or %) */
        orderId: string;
        /** @description a resource id (1–128 characters without spaces, /, ?, # or %) */
        resourceId: string;
        /** @description true or false */
        autoRenew: boolean;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** AdjustmentPosted */
    AdjustmentPostedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'AdjustmentPosted';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description an adjustment id (1–128 characters without spaces, /, ?, # or %) */
        adjustmentId: string;
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a nonzero decimal string like "12.50" or "-3.20" */
        amount: string;
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
        /** @description a reason */
        reason: string;
        /** @description a period "YYYY-MM" like "2026-10" */
        correctsPeriod?: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** FundsAllocated */
    FundsAllocatedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'FundsAllocated';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description an allocation id (1–128 characters without spaces, /, ?, # or %) */
        allocationId: string;
        /** @description a distributor partner id (1–128 characters without spaces, /, ?, # or %) */
        distributorId: string;
        /** @description a reseller partner id (1–128 characters without spaces, /, ?, # or %) */
        resellerId: string;
        /** @description a positive decimal string like "12.50" */
        amount: string;
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** FundsReclaimed */
    FundsReclaimedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'FundsReclaimed';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a reclaim id (1–128 characters without spaces, /, ?, # or %) */
        reclaimId: string;
        /** @description a distributor partner id (1–128 characters without spaces, /, ?, # or %) */
        distributorId: string;
        /** @description a reseller partner id (1–128 characters without spaces, /, ?, # or %) */
        resellerId: string;
        /** @description a positive decimal string like "12.50" */
        amount: string;
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** VoucherQuotaGranted */
    VoucherQuotaGrantedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'VoucherQuotaGranted';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a quota id (1–128 characters without spaces, /, ?, # or %) */
        quotaId: string;
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        grantorId: string;
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description a positive decimal string like "12.50" */
        amount: string;
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        expiresAt?: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** VoucherQuotaReclaimed */
    VoucherQuotaReclaimedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'VoucherQuotaReclaimed';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a quota id (1–128 characters without spaces, /, ?, # or %) */
        quotaId: string;
        /** @description a positive decimal string like "12.50" */
        amount: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** VoucherIssued */
    VoucherIssuedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'VoucherIssued';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a voucher id (1–128 characters without spaces, /, ?, # or %) */
        voucherId: string;
        /** @description a quota id (1–128 characters without spaces, /, ?, # or %) */
        quotaId: string;
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId: string;
        /** @description a positive decimal string like "12.50" */
        amount: string;
        /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
        expiresAt: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** VoucherRevoked */
    VoucherRevokedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'VoucherRevoked';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a voucher id (1–128 characters without spaces, /, ?, # or %) */
        voucherId: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** BillingPeriodClosed */
    BillingPeriodClosedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'BillingPeriodClosed';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** IncentiveRulesPublished */
    IncentiveRulesPublishedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'IncentiveRulesPublished';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a rule-set version: a string (1–64 characters without spaces) or a positive integer */
        version: string | number;
        /** @description a period "YYYY-MM" like "2026-10" */
        effectiveFrom: string;
        /** @description a list of rules */
        rules: {
          /** @description a rule id */
          id?: string;
          match?: {
            /** @description one of "referral", "resale" */
            associationType?: 'referral' | 'resale';
            /** @description one of "subscription", "on_demand" */
            billingMode?: 'subscription' | 'on_demand';
            /** @description a product type */
            productType?: string;
            /** @description a partner level */
            partnerLevel?: string;
          };
          /** @description a decimal string from "0" to "1" like "0.15" */
          rate: string;
        }[];
        /** @description a list of tiers, ascending by minNet */
        tiers?: {
          /** @description a decimal string like "12.50" */
          minNet: string;
          /** @description a decimal string from "0" to "1" like "0.15" */
          bonusRate: string;
        }[];
        /** @description an object mapping programme names to {"bonusRate": "0.03"} */
        programs?: {
          [key: string]: {
            /** @description a decimal string from "0" to "1" like "0.15" */
            bonusRate: string;
          };
        };
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** StatementRevisionPublished */
    StatementRevisionPublishedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'StatementRevisionPublished';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
        /** @description a positive integer up to 1000000000 */
        revision: number;
        /** @description a rule-set version: a string (1–64 characters without spaces) or a positive integer */
        rulesVersion: string | number;
        /** @description a decimal string like "12.50" */
        totalBefore: string;
        /** @description a decimal string like "12.50" */
        totalAfter: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** ProductTypeRegistered */
    ProductTypeRegisteredEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'ProductTypeRegistered';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a product type */
        productType: string;
        /** @description a display name */
        name: string;
        /** @description a list of distinct resource types */
        resourceTypes: string[];
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** UsageTypeRegistered */
    UsageTypeRegisteredEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'UsageTypeRegistered';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a usage type */
        usageType: string;
        /** @description a registered product type */
        productType: string;
        /** @description a registered measure unit */
        unit: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** MeasureUnitRegistered */
    MeasureUnitRegisteredEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'MeasureUnitRegistered';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a measure unit */
        unit: string;
        /** @description a dimension like "data" or "time" */
        dimension: string;
        /** @description a registered unit of the same dimension, or the unit itself */
        baseUnit: string;
        /** @description a positive decimal string like "1024" */
        factor: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** MarketplaceTransactionRecorded */
    MarketplaceTransactionRecordedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'MarketplaceTransactionRecorded';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a transaction id (1–128 characters without spaces, /, ?, # or %) */
        transactionId: string;
        /** @description a marketplace order id (1–128 characters without spaces, /, ?, # or %) */
        orderId: string;
        /** @description the seller partner id (1–128 characters without spaces, /, ?, # or %) */
        partnerId: string;
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        customerId?: string;
        /** @description a customer name */
        customerName?: string;
        /** @description a product name */
        productName: string;
        /** @description one of "purchase", "renewal", "refund" */
        kind: 'purchase' | 'renewal' | 'refund';
        /** @description a nonzero decimal string like "12.50" or "-3.20" */
        amount: string;
        /** @description an ISO 4217 currency code like "CNY" */
        currency: string;
        /** @description a decimal string from "0" to "1" like "0.15" */
        commissionRate: string;
        /** @description the refunded transaction id (1–128 characters without spaces, /, ?, # or %) */
        refundOf?: string;
        /** @description true or false: held under service supervision (服务监管) */
        supervised: boolean;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** MarketplaceTransactionBilled */
    MarketplaceTransactionBilledEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'MarketplaceTransactionBilled';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a transaction id (1–128 characters without spaces, /, ?, # or %) */
        transactionId: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** MarketplaceSupervisionReleased */
    MarketplaceSupervisionReleasedEvent: {
      /** @description a UUID, the idempotency key */
      eventId: string;
      /** @enum {string} */
      type: 'MarketplaceSupervisionReleased';
      /**
       * @description schema version 1
       * @default 1
       */
      version: number;
      /** @description an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" */
      occurredAt: string;
      data: {
        /** @description a transaction id (1–128 characters without spaces, /, ?, # or %) */
        transactionId: string;
      };
      /** @description an object */
      metadata?: {
        [key: string]: unknown;
      };
    };
    /** @description An event: eventId (UUID, the idempotency key), type, version (default 1), occurredAt (ISO-8601 with an offset), data (per type; amounts are decimal strings) and optional metadata (causationId, correlationId). */
    EventEnvelope:
      | components['schemas']['PartnerRegisteredEvent']
      | components['schemas']['PartnerProgramEnrolledEvent']
      | components['schemas']['PartnerProgramWithdrawnEvent']
      | components['schemas']['PartnerProfileChangedEvent']
      | components['schemas']['CustomerAssociatedEvent']
      | components['schemas']['AssociationTypeSwitchedEvent']
      | components['schemas']['CustomerDisassociatedEvent']
      | components['schemas']['DiscountGrantedEvent']
      | components['schemas']['DiscountChangedEvent']
      | components['schemas']['DiscountRevokedEvent']
      | components['schemas']['OrderPlacedEvent']
      | components['schemas']['OrderRefundedEvent']
      | components['schemas']['SpecChangedEvent']
      | components['schemas']['OnDemandChargedEvent']
      | components['schemas']['AutoRenewSetEvent']
      | components['schemas']['AdjustmentPostedEvent']
      | components['schemas']['FundsAllocatedEvent']
      | components['schemas']['FundsReclaimedEvent']
      | components['schemas']['VoucherQuotaGrantedEvent']
      | components['schemas']['VoucherQuotaReclaimedEvent']
      | components['schemas']['VoucherIssuedEvent']
      | components['schemas']['VoucherRevokedEvent']
      | components['schemas']['BillingPeriodClosedEvent']
      | components['schemas']['IncentiveRulesPublishedEvent']
      | components['schemas']['StatementRevisionPublishedEvent']
      | components['schemas']['ProductTypeRegisteredEvent']
      | components['schemas']['UsageTypeRegisteredEvent']
      | components['schemas']['MeasureUnitRegisteredEvent']
      | components['schemas']['MarketplaceTransactionRecordedEvent']
      | components['schemas']['MarketplaceTransactionBilledEvent']
      | components['schemas']['MarketplaceSupervisionReleasedEvent'];
    StoredEvent: {
      /** @description position in the stream read (1, 2, …) */
      streamPosition: number;
      globalPosition: number;
      eventId: string;
      type: string;
      version: number;
      /** @description the stream read */
      streamId: string;
      /** @description business time as sent */
      occurredAt: string;
      /** @description when the store committed it (UTC) */
      recordedAt: string;
      data: {
        [key: string]: unknown;
      };
      /** @description actor (who appended it), requestId, causationId, correlationId */
      metadata: {
        [key: string]: unknown;
      };
      /** @description for an event linked into this stream: its home stream and position there */
      linkedFrom?: {
        streamId: string;
        streamPosition: number;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  metrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Prometheus text format */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example # HELP reckon_events_appended_total Events appended to the log (idempotent repeats not counted)
           *     # TYPE reckon_events_appended_total counter
           *     reckon_events_appended_total 1200
           */
          'text/plain': string;
        };
      };
    };
  };
  liveness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the process answers */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "ok"
           *     }
           */
          'application/json': {
            status: string;
          };
        };
      };
      /** @description Database unavailable */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:database-unavailable",
           *       "title": "Database unavailable",
           *       "status": 503,
           *       "detail": "embedded PostgreSQL given up, not started again: its cluster is gone (no /srv/reckon/pgdata/PG_VERSION)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  readiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the database answers and is migrated */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "ready"
           *     }
           */
          'application/json': {
            status: string;
          };
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "database unreachable: connect ECONNREFUSED 127.0.0.1:5432"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  appendEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "events": [
         *         {
         *           "eventId": "6f1c2b9e-0a4d-4c7e-8b2f-000000000001",
         *           "type": "PartnerRegistered",
         *           "version": 1,
         *           "occurredAt": "2026-09-01T09:00:00+08:00",
         *           "data": {
         *             "partnerId": "D100",
         *             "name": "Huadong Cloud Distribution",
         *             "tier": "distributor",
         *             "level": "gold",
         *             "timeZone": "Asia/Shanghai",
         *             "currency": "CNY"
         *           }
         *         },
         *         {
         *           "eventId": "6f1c2b9e-0a4d-4c7e-8b2f-000000000002",
         *           "type": "PartnerRegistered",
         *           "version": 1,
         *           "occurredAt": "2026-09-01T09:05:00+08:00",
         *           "data": {
         *             "partnerId": "R200",
         *             "name": "Hangzhou Reseller Ltd",
         *             "tier": "reseller",
         *             "parentId": "D100",
         *             "level": "silver",
         *             "timeZone": "Asia/Shanghai",
         *             "currency": "CNY"
         *           }
         *         }
         *       ]
         *     }
         */
        'application/json':
          | components['schemas']['EventEnvelope']
          | {
              events: components['schemas']['EventEnvelope'][];
            };
      };
    };
    responses: {
      /** @description every event was already stored (idempotent repeat) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "appended": 2,
           *       "lastPosition": 2
           *     }
           */
          'application/json': {
            /** @description events appended (for an idempotent repeat: events in the request) */
            appended: number;
            /** @description global position of the last event of the request */
            lastPosition: number;
            /** @description events of a mixed batch that were already stored */
            duplicates?: number;
          };
        };
      };
      /** @description appended */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "appended": 2,
           *       "lastPosition": 2
           *     }
           */
          'application/json': {
            /** @description events appended (for an idempotent repeat: events in the request) */
            appended: number;
            /** @description global position of the last event of the request */
            lastPosition: number;
            /** @description events of a mixed batch that were already stored */
            duplicates?: number;
          };
        };
      };
      /** @description Invalid event */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-event",
           *       "title": "Invalid event",
           *       "status": 400,
           *       "detail": "event 0 /data/amount: must be a positive decimal string like \"12.50\" (got \"12,50\")",
           *       "index": 0,
           *       "errors": [
           *         {
           *           "index": 0,
           *           "path": "/data/amount",
           *           "message": "must be a positive decimal string like \"12.50\" (got \"12,50\")"
           *         }
           *       ]
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "\"R300\" is not a reseller of partner \"D100\"",
           *       "index": 0
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Event id already used with other content */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:event-id-conflict",
           *       "title": "Event id already used with other content",
           *       "status": 409,
           *       "detail": "event 6f1c2b9e-0a4d-4c7e-8b2f-000000000024 is already in the log with other content",
           *       "index": 0,
           *       "eventId": "6f1c2b9e-0a4d-4c7e-8b2f-000000000024"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:payload-too-large",
           *       "title": "Request body too large",
           *       "status": 413,
           *       "detail": "the body is 16777216 bytes; the limit is 8388608 (RECKON_BODY_LIMIT)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invariant violated */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invariant-violated",
           *       "title": "Invariant violated",
           *       "status": 422,
           *       "detail": "refund 900.00 exceeds the 750.00 still refundable on order \"O1\"",
           *       "rule": "refund-within-paid",
           *       "index": 0
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Service overloaded */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:overloaded",
           *       "title": "Service overloaded",
           *       "status": 503,
           *       "detail": "the service is overloaded (event-loop delay 1450 ms, the limit 1000 ms); retry in 10 s",
           *       "pressure": "eventLoopDelay"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listStreamEvents: {
    parameters: {
      query?: {
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
        /** @description accepted like on every query; the log is read directly, so it is always satisfied */
        minPosition?: number;
        /** @description occurredAt and recordedAt in UTC, or in the zone of the partner the stream belongs to (a customer's streams: its current partner's; none: UTC). Without it, occurredAt is shown as sent. */
        tz?: 'UTC' | 'partner';
      };
      header?: never;
      path: {
        /** @description a stream name like "order-O1" (1–200 characters) */
        streamId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of the stream's events */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "streamId": "order-O1",
           *       "version": 3,
           *       "items": [
           *         {
           *           "eventId": "6f1c2b9e-0a4d-4c7e-8b2f-000000000020",
           *           "type": "OrderPlaced",
           *           "version": 1,
           *           "occurredAt": "2026-10-05T10:00:00+08:00",
           *           "data": {
           *             "orderId": "O1",
           *             "customerId": "C300",
           *             "productType": "ecs",
           *             "billingMode": "subscription",
           *             "currency": "CNY",
           *             "listAmount": "1000.00",
           *             "discountId": "DSC1",
           *             "amount": "850.00",
           *             "voucherId": "V1",
           *             "voucherAmount": "100.00",
           *             "resources": [
           *               {
           *                 "resourceId": "ecs-1",
           *                 "spec": "s6.large.2"
           *               }
           *             ],
           *             "termEnd": "2027-10-05T23:59:59+08:00",
           *             "autoRenew": false
           *           },
           *           "streamId": "order-O1",
           *           "streamPosition": 1,
           *           "globalPosition": 24,
           *           "recordedAt": "2026-10-05T02:00:00.412Z",
           *           "metadata": {
           *             "actor": {
           *               "kind": "api-key",
           *               "keyId": "k-ops",
           *               "role": "admin"
           *             },
           *             "requestId": "req-7f3a"
           *           }
           *         },
           *         {
           *           "eventId": "6f1c2b9e-0a4d-4c7e-8b2f-000000000021",
           *           "type": "OrderRefunded",
           *           "version": 1,
           *           "occurredAt": "2026-10-10T10:00:00+08:00",
           *           "data": {
           *             "refundId": "RF1",
           *             "orderId": "O1",
           *             "reason": "downgrade",
           *             "amount": "100.00",
           *             "resourceIds": [
           *               "ecs-1"
           *             ]
           *           },
           *           "streamId": "order-O1",
           *           "streamPosition": 2,
           *           "linkedFrom": {
           *             "streamId": "refund-RF1",
           *             "streamPosition": 1
           *           },
           *           "globalPosition": 25,
           *           "recordedAt": "2026-10-10T02:00:00.087Z",
           *           "metadata": {
           *             "actor": {
           *               "kind": "api-key",
           *               "keyId": "k-ops",
           *               "role": "admin"
           *             },
           *             "requestId": "req-8c21"
           *           }
           *         }
           *       ],
           *       "nextCursor": "eyJhIjpbM10sImYiOiI1YjBhZTI4YzE0ZDkifQ"
           *     }
           */
          'application/json': {
            streamId: string;
            /** @description position of the last event of the stream */
            version: number;
            items: components['schemas']['StoredEvent'][];
            /** @description the cursor of the next page, null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example streamPosition,globalPosition,eventId,type,version,streamId,occurredAt,recordedAt,data,metadata,linkedFrom.streamId,linkedFrom.streamPosition
           *     1,24,6f1c2b9e-0a4d-4c7e-8b2f-000000000020,OrderPlaced,1,order-O1,2026-10-05T10:00:00+08:00,2026-10-05T02:00:00.412Z,"{""orderId"":""O1"",""customerId"":""C300"",""productType"":""ecs"",""billingMode"":""subscription"",""currency"":""CNY"",""listAmount"":""1000.00"",""discountId"":""DSC1"",""amount"":""850.00"",""voucherId"":""V1"",""voucherAmount"":""100.00"",""resources"":[{""resourceId"":""ecs-1"",""spec"":""s6.large.2""}],""termEnd"":""2027-10-05T23:59:59+08:00"",""autoRenew"":false}","{""actor"":{""kind"":""api-key"",""keyId"":""k-ops"",""role"":""admin""},""requestId"":""req-7f3a""}",,
           *     2,25,6f1c2b9e-0a4d-4c7e-8b2f-000000000021,OrderRefunded,1,order-O1,2026-10-10T10:00:00+08:00,2026-10-10T02:00:00.087Z,"{""refundId"":""RF1"",""orderId"":""O1"",""reason"":""downgrade"",""amount"":""100.00"",""resourceIds"":[""ecs-1""]}","{""actor"":{""kind"":""api-key"",""keyId"":""k-ops"",""role"":""admin""},""requestId"":""req-8c21""}",refund-RF1,1
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "role partner may not GET /v1/streams/:streamId/events"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "stream order-O9 has no events"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Service overloaded */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:overloaded",
           *       "title": "Service overloaded",
           *       "status": 503,
           *       "detail": "the service is overloaded (event-loop delay 1450 ms, the limit 1000 ms); retry in 10 s",
           *       "pressure": "eventLoopDelay"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPartnerConsumption: {
    parameters: {
      query: {
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the consumption of the partner and of each customer */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "partnerId": "R200",
           *       "period": "2026-10",
           *       "currency": "CNY",
           *       "consumption": "970.00",
           *       "refunds": {
           *         "refundOrders": "100.00",
           *         "specChangeRebates": "0.00",
           *         "total": "100.00"
           *       },
           *       "adjustments": "-10.00",
           *       "vouchersUsed": "100.00",
           *       "net": "860.00",
           *       "customers": [
           *         {
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "consumption": "970.00",
           *           "refunds": {
           *             "refundOrders": "100.00",
           *             "specChangeRebates": "0.00",
           *             "total": "100.00"
           *           },
           *           "adjustments": "-10.00",
           *           "vouchersUsed": "100.00",
           *           "net": "860.00"
           *         }
           *       ]
           *     }
           */
          'application/json': {
            partnerId: string;
            /** @description booking period YYYY-MM */
            period: string;
            currency: string;
            /** @description Σ OrderPlaced.amount + Σ positive SpecChanged.amount + Σ OnDemandCharged.amount (decimal string) */
            consumption: string;
            refunds: {
              /** @description Σ OrderRefunded.amount (decimal string) */
              refundOrders: string;
              /** @description Σ |negative SpecChanged.amount| (decimal string) */
              specChangeRebates: string;
              /** @description refundOrders + specChangeRebates (decimal string) */
              total: string;
            };
            /** @description Σ AdjustmentPosted.amount (signed) (decimal string) */
            adjustments: string;
            /** @description Σ OrderPlaced.voucherAmount (decimal string) */
            vouchersUsed: string;
            /** @description consumption − refunds.total + adjustments (decimal string) */
            net: string;
            /** @description the same figures per customer of the partner in that period, by customerId */
            customers: {
              customerId: string;
              customerName: string | null;
              /** @description Σ OrderPlaced.amount + Σ positive SpecChanged.amount + Σ OnDemandCharged.amount (decimal string) */
              consumption: string;
              refunds: {
                /** @description Σ OrderRefunded.amount (decimal string) */
                refundOrders: string;
                /** @description Σ |negative SpecChanged.amount| (decimal string) */
                specChangeRebates: string;
                /** @description refundOrders + specChangeRebates (decimal string) */
                total: string;
              };
              /** @description Σ AdjustmentPosted.amount (signed) (decimal string) */
              adjustments: string;
              /** @description Σ OrderPlaced.voucherAmount (decimal string) */
              vouchersUsed: string;
              /** @description consumption − refunds.total + adjustments (decimal string) */
              net: string;
            }[];
          };
          /**
           * @example customerId,customerName,consumption,refunds.refundOrders,refunds.specChangeRebates,refunds.total,adjustments,vouchersUsed,net
           *     C300,Acme Trading Co,970.00,100.00,0.00,100.00,-10.00,100.00,860.00
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/period must be a period \"YYYY-MM\" like \"2026-10\" (got \"2026-13\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPartnerMonthlyConsumption: {
    parameters: {
      query: {
        /** @description a period "YYYY-MM" like "2026-10" */
        from: string;
        /** @description a period "YYYY-MM" like "2026-10" */
        to: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the consumption of the partner in each period */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "partnerId": "R200",
           *       "currency": "CNY",
           *       "items": [
           *         {
           *           "period": "2026-08",
           *           "consumption": "0.00",
           *           "refunds": {
           *             "refundOrders": "0.00",
           *             "specChangeRebates": "0.00",
           *             "total": "0.00"
           *           },
           *           "adjustments": "0.00",
           *           "vouchersUsed": "0.00",
           *           "net": "0.00",
           *           "customerCount": 0
           *         },
           *         {
           *           "period": "2026-09",
           *           "consumption": "120.00",
           *           "refunds": {
           *             "refundOrders": "0.00",
           *             "specChangeRebates": "0.00",
           *             "total": "0.00"
           *           },
           *           "adjustments": "0.00",
           *           "vouchersUsed": "0.00",
           *           "net": "120.00",
           *           "customerCount": 1
           *         },
           *         {
           *           "period": "2026-10",
           *           "consumption": "970.00",
           *           "refunds": {
           *             "refundOrders": "100.00",
           *             "specChangeRebates": "0.00",
           *             "total": "100.00"
           *           },
           *           "adjustments": "-10.00",
           *           "vouchersUsed": "100.00",
           *           "net": "860.00",
           *           "customerCount": 1
           *         }
           *       ]
           *     }
           */
          'application/json': {
            partnerId: string;
            currency: string;
            /** @description one per booking period from `from` to `to`, oldest first; zeros where nothing was booked */
            items: {
              /** @description booking period YYYY-MM */
              period: string;
              /** @description Σ OrderPlaced.amount + Σ positive SpecChanged.amount + Σ OnDemandCharged.amount (decimal string) */
              consumption: string;
              refunds: {
                /** @description Σ OrderRefunded.amount (decimal string) */
                refundOrders: string;
                /** @description Σ |negative SpecChanged.amount| (decimal string) */
                specChangeRebates: string;
                /** @description refundOrders + specChangeRebates (decimal string) */
                total: string;
              };
              /** @description Σ AdjustmentPosted.amount (signed) (decimal string) */
              adjustments: string;
              /** @description Σ OrderPlaced.voucherAmount (decimal string) */
              vouchersUsed: string;
              /** @description consumption − refunds.total + adjustments (decimal string) */
              net: string;
              /** @description how many customers have figures in the period (the length of its `customers`) */
              customerCount: number;
            }[];
          };
          /**
           * @example period,consumption,refunds.refundOrders,refunds.specChangeRebates,refunds.total,adjustments,vouchersUsed,net,customerCount
           *     2026-08,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0
           *     2026-09,120.00,0.00,0.00,0.00,0.00,0.00,120.00,1
           *     2026-10,970.00,100.00,0.00,100.00,-10.00,100.00,860.00,1
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "from 2024-01 to 2026-10 spans 34 periods; at most 24 are answered at once"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getPartnerBalance: {
    parameters: {
      query?: {
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description funds and voucher quota */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "partnerId": "R200",
           *       "currency": "CNY",
           *       "funds": {
           *         "allocated": "2000.00",
           *         "reclaimed": "300.00",
           *         "spent": "750.00",
           *         "returned": "100.00",
           *         "available": "1050.00"
           *       },
           *       "voucherQuota": {
           *         "granted": "1000.00",
           *         "issued": "150.00",
           *         "reclaimed": "200.00",
           *         "returned": "50.00",
           *         "available": "700.00"
           *       }
           *     }
           */
          'application/json': {
            partnerId: string;
            currency: string;
            /** @description reseller funds: available = allocated − reclaimed − spent + returned */
            funds: {
              /** @description allocated (decimal string) */
              allocated: string;
              /** @description reclaimed (decimal string) */
              reclaimed: string;
              /** @description spent (decimal string) */
              spent: string;
              /** @description returned (decimal string) */
              returned: string;
              /** @description available (decimal string) */
              available: string;
            };
            /** @description voucher quota held by the partner, over all its quotas */
            voucherQuota: {
              /** @description granted (decimal string) */
              granted: string;
              /** @description issued (decimal string) */
              issued: string;
              /** @description reclaimed (decimal string) */
              reclaimed: string;
              /** @description returned (decimal string) */
              returned: string;
              /** @description available (decimal string) */
              available: string;
            };
          };
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "params/id must be a partner id (1–128 characters without spaces, /, ?, # or %) (got \"P 1\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listVoucherQuotaOperations: {
    parameters: {
      query?: {
        /** @description the earliest time, inclusive: an ISO-8601 date or date-time */
        from?: string;
        /** @description the latest time, exclusive: an ISO-8601 date or date-time */
        to?: string;
        /** @description part of the customer name */
        customerName?: string;
        /** @description a voucher id (1–128 characters without spaces, /, ?, # or %) */
        voucherId?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a voucher quota id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of operation records */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "time": "2026-09-10T01:00:00.000Z",
           *           "quotaId": "Q1",
           *           "kind": "issued",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "voucherId": "V1",
           *           "amount": "100.00",
           *           "quotaLeftAfter": "700.00",
           *           "actor": {
           *             "kind": "api-key",
           *             "keyId": "k-ops",
           *             "role": "admin"
           *           },
           *           "position": 21,
           *           "currency": "CNY"
           *         },
           *         {
           *           "time": "2026-09-06T01:00:00.000Z",
           *           "quotaId": "Q1",
           *           "kind": "reclaimed",
           *           "customerId": null,
           *           "customerName": null,
           *           "voucherId": null,
           *           "amount": "200.00",
           *           "quotaLeftAfter": "800.00",
           *           "actor": {
           *             "kind": "api-key",
           *             "keyId": "k-ops",
           *             "role": "admin"
           *           },
           *           "position": 20,
           *           "currency": "CNY"
           *         }
           *       ],
           *       "nextCursor": "eyJhIjpbMjBdLCJmIjoiM2Q5ZjBjNmE3YjFlIn0"
           *     }
           */
          'application/json': {
            /** @description newest first */
            items: {
              /**
               * Format: date-time
               * @description business time (occurredAt) of the operation (ISO-8601; UTC unless ?tz=partner)
               */
              time: string;
              quotaId: string;
              /** @enum {string} */
              kind: 'granted' | 'issued' | 'reclaimed' | 'revoked';
              customerId: string | null;
              customerName: string | null;
              voucherId: string | null;
              /** @description the amount the operation moved (decimal string) */
              amount: string;
              /** @description what was left of the quota after it (decimal string) */
              quotaLeftAfter: string;
              /** @description who appended the event (its metadata.actor, as the audit view gives it); null when none */
              actor:
                | ({
                    /** @description api-key (a key of RECKON_API_KEYS), cli (pnpm reckon), demo, or unknown */
                    kind: string;
                    /** @description an api-key: its role (admin, finance, partner) */
                    role?: string;
                    /** @description a partner key: its partner */
                    partnerId?: string;
                    /** @description an api-key: its id (derived from the key; never the key) */
                    keyId?: string;
                    /** @description cli: the operating-system user who ran it */
                    user?: string;
                    /** @description cli, demo: the command that appended it */
                    command?: string;
                    /** @description unknown: the actor as the log keeps it, as text */
                    value?: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
              /** @description global log position of the event */
              position: number;
              /** @description the currency of the quota, in which amount and quotaLeftAfter are */
              currency: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example time,quotaId,kind,customerId,customerName,voucherId,amount,quotaLeftAfter,actor.kind,actor.role,actor.partnerId,actor.keyId,actor.user,actor.command,actor.value,position,currency
           *     2026-09-10T01:00:00.000Z,Q1,issued,C300,Acme Trading Co,V1,100.00,700.00,api-key,admin,,k-ops,,,,21,CNY
           *     2026-09-06T01:00:00.000Z,Q1,reclaimed,,,,200.00,800.00,api-key,admin,,k-ops,,,,20,CNY
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "from must be an ISO-8601 date like 2026-10-05 or date-time like 2026-10-05T10:00:00+08:00 (got \"yesterday\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read voucher quota Q1"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "voucher quota Q9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listCustomerSubscriptions: {
    parameters: {
      query?: {
        /** @description an ISO-8601 date like 2026-11-01 or date-time like 2026-11-01T00:00:00+08:00 */
        expiringBefore?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a customer id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of subscribed resources */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "resourceId": "ecs-1",
           *           "customerId": "C300",
           *           "orderId": "O1",
           *           "productType": "ecs",
           *           "spec": "s6.xlarge.2",
           *           "termEnd": "2027-10-05T15:59:59.000Z",
           *           "autoRenew": true,
           *           "status": "active",
           *           "releasedAt": null,
           *           "lastRefund": null,
           *           "renewalHistory": [
           *             {
           *               "orderId": "O1",
           *               "renewalOf": null,
           *               "placedAt": "2026-10-05T02:00:00.000Z",
           *               "termEnd": "2027-10-05T15:59:59.000Z"
           *             }
           *           ]
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description soonest term end first */
            items: {
              resourceId: string;
              customerId: string;
              /** @description the order that bought or last renewed the resource */
              orderId: string;
              productType: string;
              /** @description the resource spec as last ordered or changed */
              spec: unknown;
              /**
               * Format: date-time
               * @description expiry of the current term (ISO-8601; UTC unless ?tz=partner)
               */
              termEnd: string;
              autoRenew: boolean;
              /**
               * @description expired once termEnd has passed (judged at the request; a released resource too); before that active, or released after an unsubscribe refund
               * @enum {string}
               */
              status: 'active' | 'released' | 'expired';
              /**
               * Format: date-time
               * @description when an unsubscribe refund released it (ISO-8601; UTC unless ?tz=partner)
               */
              releasedAt: string | null;
              lastRefund: {
                refundId: string;
                /** @enum {string} */
                reason: 'unsubscribe' | 'downgrade';
              } | null;
              /** @description the orders of the resource, oldest first: the first purchase, then each renewal */
              renewalHistory: {
                orderId: string;
                renewalOf: string | null;
                /**
                 * Format: date-time
                 * @description occurredAt of the order (ISO-8601; UTC unless ?tz=partner)
                 */
                placedAt: string;
                /**
                 * Format: date-time
                 * @description term end of the order (ISO-8601; UTC unless ?tz=partner)
                 */
                termEnd: string;
              }[];
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example resourceId,customerId,orderId,productType,spec,termEnd,autoRenew,status,releasedAt,lastRefund.refundId,lastRefund.reason,renewalHistory
           *     ecs-1,C300,O1,ecs,s6.xlarge.2,2027-10-05T15:59:59.000Z,true,active,,,,"[{""orderId"":""O1"",""renewalOf"":null,""placedAt"":""2026-10-05T02:00:00.000Z"",""termEnd"":""2027-10-05T15:59:59.000Z""}]"
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read customer C300"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "customer C999 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMe: {
    parameters: {
      query?: {
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the key’s role and partner */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "role": "partner",
           *       "partnerId": "D100",
           *       "partnerName": "Huadong Cloud Distribution",
           *       "tier": "distributor",
           *       "timeZone": "Asia/Shanghai",
           *       "language": "zh-CN",
           *       "resellers": [
           *         "R200"
           *       ]
           *     }
           */
          'application/json': {
            /** @enum {string} */
            role: 'admin' | 'finance' | 'partner';
            partnerId?: string;
            partnerName?: string;
            /** @enum {string} */
            tier?: 'distributor' | 'reseller' | 'solution_provider';
            timeZone?: string;
            language?: string;
            /** @description a distributor’s resellers */
            resellers?: string[];
          };
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/bogus: is not a parameter here; it takes minPosition, tz"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartners: {
    parameters: {
      query?: {
        /** @description the tier of the partners to list */
        tier?: 'distributor' | 'reseller' | 'solution_provider';
        /** @description the distributor whose resellers to list (1–128 characters without spaces, /, ?, # or %) */
        parentId?: string;
        /** @description text to search for (substring, case-insensitive) */
        name?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of partners */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "partnerId": "D100",
           *           "name": "Huadong Cloud Distribution",
           *           "tier": "distributor",
           *           "parentId": null,
           *           "level": "gold",
           *           "timeZone": "Asia/Shanghai",
           *           "language": "zh-CN",
           *           "currency": "CNY",
           *           "programs": []
           *         },
           *         {
           *           "partnerId": "R200",
           *           "name": "Hangzhou Reseller Ltd",
           *           "tier": "reseller",
           *           "parentId": "D100",
           *           "level": "silver",
           *           "timeZone": "Asia/Shanghai",
           *           "language": null,
           *           "currency": "CNY",
           *           "programs": [
           *             "PCE"
           *           ]
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by partnerId */
            items: {
              partnerId: string;
              name: string;
              /** @enum {string} */
              tier: 'distributor' | 'reseller' | 'solution_provider';
              /** @description the distributor of a reseller */
              parentId: string | null;
              /** @description the level rules match on, null when none was given */
              level: string | null;
              /** @description IANA zone, used for ?tz=partner */
              timeZone: string;
              /** @description BCP 47 language of the partner centre, null when not chosen */
              language: string | null;
              currency: string;
              /** @description programmes the partner is enrolled in now */
              programs: string[];
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example partnerId,name,tier,parentId,level,timeZone,language,currency,programs
           *     D100,Huadong Cloud Distribution,distributor,,gold,Asia/Shanghai,zh-CN,CNY,[]
           *     R200,Hangzhou Reseller Ltd,reseller,D100,silver,Asia/Shanghai,,CNY,"[""PCE""]"
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartnerCustomers: {
    parameters: {
      query?: {
        associationType?: 'referral' | 'resale';
        /** @description text to search for (substring, case-insensitive) */
        customerName?: string;
        /** @description text to search for (substring, case-insensitive) */
        accountName?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of customers */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "accountName": "acme-trading-prod",
           *           "associationType": "resale",
           *           "accountManager": "Li Lei",
           *           "associatedAt": "2026-09-02T01:00:00.000Z"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by customerId */
            items: {
              customerId: string;
              customerName: string;
              /** @description the customer’s cloud account name (客户账号名) */
              accountName: string | null;
              /** @enum {string} */
              associationType: 'referral' | 'resale';
              accountManager: string | null;
              /**
               * Format: date-time
               * @description since when the customer is associated with the partner (ISO-8601; UTC unless ?tz=partner)
               */
              associatedAt: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example customerId,customerName,accountName,associationType,accountManager,associatedAt
           *     C300,Acme Trading Co,acme-trading-prod,resale,Li Lei,2026-09-02T01:00:00.000Z
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listAssociationRecords: {
    parameters: {
      query?: {
        /** @description the earliest time, inclusive: an ISO-8601 date or date-time */
        from?: string;
        /** @description the latest time, exclusive: an ISO-8601 date or date-time */
        to?: string;
        /** @description text to search for (substring, case-insensitive) */
        customerName?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of association records */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "time": "2026-10-15T02:00:00.000Z",
           *           "kind": "switched",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "associationType": "referral",
           *           "actor": {
           *             "kind": "api-key",
           *             "role": "partner",
           *             "keyId": "key-5f2a9c01d7e4",
           *             "partnerId": "R200"
           *           }
           *         },
           *         {
           *           "time": "2026-09-02T01:00:00.000Z",
           *           "kind": "associated",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "associationType": "resale",
           *           "actor": {
           *             "kind": "api-key",
           *             "role": "admin",
           *             "keyId": "key-3c81e0b94a27"
           *           }
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description newest first */
            items: {
              /**
               * Format: date-time
               * @description when the association event happened (ISO-8601; UTC unless ?tz=partner)
               */
              time: string;
              /** @enum {string} */
              kind: 'associated' | 'switched' | 'disassociated';
              customerId: string;
              customerName: string;
              /**
               * @description the new one for a switch, the ended one for a disassociation
               * @enum {string}
               */
              associationType: 'referral' | 'resale';
              /** @description who recorded it (the event’s metadata.actor, as the audit view gives it); null when none */
              actor:
                | ({
                    /** @description api-key (a key of RECKON_API_KEYS), cli (pnpm reckon), demo, or unknown */
                    kind: string;
                    /** @description an api-key: its role (admin, finance, partner) */
                    role?: string;
                    /** @description a partner key: its partner */
                    partnerId?: string;
                    /** @description an api-key: its id (derived from the key; never the key) */
                    keyId?: string;
                    /** @description cli: the operating-system user who ran it */
                    user?: string;
                    /** @description cli, demo: the command that appended it */
                    command?: string;
                    /** @description unknown: the actor as the log keeps it, as text */
                    value?: string;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example time,kind,customerId,customerName,associationType,actor.kind,actor.role,actor.partnerId,actor.keyId,actor.user,actor.command,actor.value
           *     2026-10-15T02:00:00.000Z,switched,C300,Acme Trading Co,referral,api-key,partner,R200,key-5f2a9c01d7e4,,,
           *     2026-09-02T01:00:00.000Z,associated,C300,Acme Trading Co,resale,api-key,admin,,key-3c81e0b94a27,,,
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listResellers: {
    parameters: {
      query?: {
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a distributor id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of resellers */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "partnerId": "R200",
           *           "name": "Hangzhou Reseller Ltd",
           *           "currency": "CNY",
           *           "funds": {
           *             "allocated": "5000.00",
           *             "reclaimed": "0.00",
           *             "spent": "870.00",
           *             "returned": "100.00",
           *             "available": "4230.00"
           *           },
           *           "voucherQuota": {
           *             "granted": "1000.00",
           *             "issued": "300.00",
           *             "reclaimed": "200.00",
           *             "returned": "0.00",
           *             "available": "500.00"
           *           }
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by partnerId */
            items: {
              partnerId: string;
              name: string;
              currency: string;
              /** @description reseller funds: available = allocated − reclaimed − spent + returned */
              funds: {
                /** @description allocated (decimal string) */
                allocated: string;
                /** @description reclaimed (decimal string) */
                reclaimed: string;
                /** @description spent (decimal string) */
                spent: string;
                /** @description returned (decimal string) */
                returned: string;
                /** @description available (decimal string) */
                available: string;
              };
              /** @description voucher quota held by the partner, over all its quotas */
              voucherQuota: {
                /** @description granted (decimal string) */
                granted: string;
                /** @description issued (decimal string) */
                issued: string;
                /** @description reclaimed (decimal string) */
                reclaimed: string;
                /** @description returned (decimal string) */
                returned: string;
                /** @description available (decimal string) */
                available: string;
              };
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example partnerId,name,currency,funds.allocated,funds.reclaimed,funds.spent,funds.returned,funds.available,voucherQuota.granted,voucherQuota.issued,voucherQuota.reclaimed,voucherQuota.returned,voucherQuota.available
           *     R200,Hangzhou Reseller Ltd,CNY,5000.00,0.00,870.00,100.00,4230.00,1000.00,300.00,200.00,0.00,500.00
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listHeldVoucherQuotas: {
    parameters: {
      query?: {
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of voucher quotas */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "quotaId": "Q1",
           *           "grantorId": "D100",
           *           "currency": "CNY",
           *           "granted": "1000.00",
           *           "issued": "300.00",
           *           "reclaimed": "200.00",
           *           "returned": "0.00",
           *           "available": "500.00",
           *           "expiresAt": "2027-06-30T15:59:59.000Z",
           *           "grantedAt": "2026-09-05T01:00:00.000Z"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by quotaId */
            items: {
              quotaId: string;
              /** @description who granted it (a distributor, or the cloud) */
              grantorId: string;
              currency: string;
              /** @description granted (decimal string) */
              granted: string;
              /** @description issued as vouchers (decimal string) */
              issued: string;
              /** @description taken back by the grantor (decimal string) */
              reclaimed: string;
              /** @description returned by revoked vouchers (decimal string) */
              returned: string;
              /** @description granted − issued − reclaimed + returned (decimal string) */
              available: string;
              /**
               * Format: date-time
               * @description when the quota expires, null if never (ISO-8601; UTC unless ?tz=partner)
               */
              expiresAt: string | null;
              /**
               * Format: date-time
               * @description when it was granted (ISO-8601; UTC unless ?tz=partner)
               */
              grantedAt: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example quotaId,grantorId,currency,granted,issued,reclaimed,returned,available,expiresAt,grantedAt
           *     Q1,D100,CNY,1000.00,300.00,200.00,0.00,500.00,2027-06-30T15:59:59.000Z,2026-09-05T01:00:00.000Z
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartnerSubscriptions: {
    parameters: {
      query?: {
        /** @description an ISO-8601 date like 2026-11-01 or date-time */
        expiringBefore?: string;
        /** @description an ISO-8601 date like 2026-11-01 or date-time */
        expiringAfter?: string;
        /** @description true or false */
        autoRenew?: boolean;
        status?: 'active' | 'released' | 'expired';
        /** @description a product type like ecs */
        productType?: string;
        /** @description text to search for (substring, case-insensitive) */
        customerName?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of subscribed resources */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "resourceId": "ecs-1",
           *           "customerId": "C300",
           *           "orderId": "O1",
           *           "productType": "ecs",
           *           "spec": "s6.xlarge.2",
           *           "termEnd": "2027-10-05T15:59:59.000Z",
           *           "autoRenew": true,
           *           "status": "active",
           *           "releasedAt": null,
           *           "lastRefund": null,
           *           "renewalHistory": [
           *             {
           *               "orderId": "O1",
           *               "renewalOf": null,
           *               "placedAt": "2026-10-05T02:00:00.000Z",
           *               "termEnd": "2027-10-05T15:59:59.000Z"
           *             }
           *           ],
           *           "customerName": "Acme Trading Co"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description soonest term end first */
            items: {
              resourceId: string;
              customerId: string;
              /** @description the order that bought or last renewed the resource */
              orderId: string;
              productType: string;
              /** @description the resource spec as last ordered or changed */
              spec: unknown;
              /**
               * Format: date-time
               * @description expiry of the current term (ISO-8601; UTC unless ?tz=partner)
               */
              termEnd: string;
              autoRenew: boolean;
              /**
               * @description expired once termEnd has passed (judged at the request; a released resource too); before that active, or released after an unsubscribe refund
               * @enum {string}
               */
              status: 'active' | 'released' | 'expired';
              /**
               * Format: date-time
               * @description when an unsubscribe refund released it (ISO-8601; UTC unless ?tz=partner)
               */
              releasedAt: string | null;
              lastRefund: {
                refundId: string;
                /** @enum {string} */
                reason: 'unsubscribe' | 'downgrade';
              } | null;
              /** @description the orders of the resource, oldest first: the first purchase, then each renewal */
              renewalHistory: {
                orderId: string;
                renewalOf: string | null;
                /**
                 * Format: date-time
                 * @description occurredAt of the order (ISO-8601; UTC unless ?tz=partner)
                 */
                placedAt: string;
                /**
                 * Format: date-time
                 * @description term end of the order (ISO-8601; UTC unless ?tz=partner)
                 */
                termEnd: string;
              }[];
              customerName: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example resourceId,customerId,orderId,productType,spec,termEnd,autoRenew,status,releasedAt,lastRefund.refundId,lastRefund.reason,renewalHistory,customerName
           *     ecs-1,C300,O1,ecs,s6.xlarge.2,2027-10-05T15:59:59.000Z,true,active,,,,"[{""orderId"":""O1"",""renewalOf"":null,""placedAt"":""2026-10-05T02:00:00.000Z"",""termEnd"":""2027-10-05T15:59:59.000Z""}]",Acme Trading Co
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/status must be one of \"active\", \"released\", \"expired\" (got \"gone\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listFundOperations: {
    parameters: {
      query?: {
        /** @description the earliest time, inclusive: an ISO-8601 date or date-time */
        from?: string;
        /** @description the latest time, exclusive: an ISO-8601 date or date-time */
        to?: string;
        kind?: 'allocated' | 'reclaimed' | 'spent' | 'returned';
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a reseller (or distributor) id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of fund operations */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "time": "2026-10-20T06:00:00.000Z",
           *           "kind": "returned",
           *           "amount": "100.00",
           *           "availableAfter": "4230.00",
           *           "sourceType": "refund",
           *           "sourceId": "RF1",
           *           "distributorId": "D100",
           *           "resellerId": "R200",
           *           "currency": "CNY"
           *         },
           *         {
           *           "time": "2026-10-05T02:00:00.000Z",
           *           "kind": "spent",
           *           "amount": "870.00",
           *           "availableAfter": "4130.00",
           *           "sourceType": "order",
           *           "sourceId": "O1",
           *           "distributorId": "D100",
           *           "resellerId": "R200",
           *           "currency": "CNY"
           *         },
           *         {
           *           "time": "2026-09-01T01:00:00.000Z",
           *           "kind": "allocated",
           *           "amount": "5000.00",
           *           "availableAfter": "5000.00",
           *           "sourceType": "allocation",
           *           "sourceId": "AL1",
           *           "distributorId": "D100",
           *           "resellerId": "R200",
           *           "currency": "CNY"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description newest first */
            items: {
              /**
               * Format: date-time
               * @description business time (occurredAt) of the event that moved the funds (ISO-8601; UTC unless ?tz=partner)
               */
              time: string;
              /**
               * @description allocated (FundsAllocated), reclaimed (FundsReclaimed), spent (cash part of a resale order or upgrade), returned (cash part given back by a refund or rebate)
               * @enum {string}
               */
              kind: 'allocated' | 'reclaimed' | 'spent' | 'returned';
              /** @description what the operation moved (positive) (decimal string) */
              amount: string;
              /** @description the reseller’s available funds after it (decimal string) */
              availableAfter: string;
              /**
               * @description what moved the funds: an allocation, a reclaim, an order, a spec change (upgrade or rebate), a refund
               * @enum {string}
               */
              sourceType: 'allocation' | 'reclaim' | 'order' | 'spec_change' | 'refund';
              /** @description its id: allocationId, reclaimId, orderId, changeId or refundId */
              sourceId: string;
              /** @description the distributor of the reseller */
              distributorId: string | null;
              resellerId: string;
              currency: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example time,kind,amount,availableAfter,sourceType,sourceId,distributorId,resellerId,currency
           *     2026-10-20T06:00:00.000Z,returned,100.00,4230.00,refund,RF1,D100,R200,CNY
           *     2026-10-05T02:00:00.000Z,spent,870.00,4130.00,order,O1,D100,R200,CNY
           *     2026-09-01T01:00:00.000Z,allocated,5000.00,5000.00,allocation,AL1,D100,R200,CNY
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/kind must be one of \"allocated\", \"reclaimed\", \"spent\", \"returned\" (got \"paid\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartnerVouchers: {
    parameters: {
      query?: {
        /** @description text to search for (substring, case-insensitive) */
        customerName?: string;
        status?: 'active' | 'used' | 'expired' | 'revoked';
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of vouchers */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "voucherId": "V1",
           *           "quotaId": "Q1",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "amount": "300.00",
           *           "used": "100.00",
           *           "remaining": "200.00",
           *           "expiresAt": "2027-03-31T15:59:59.000Z",
           *           "status": "active",
           *           "currency": "CNY"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by voucherId */
            items: {
              voucherId: string;
              /** @description the quota it was issued from */
              quotaId: string;
              customerId: string;
              /** @description the customer’s name as the directory knows it now */
              customerName: string;
              /** @description issued value (decimal string) */
              amount: string;
              /** @description Σ voucherAmount of the orders that used it (decimal string) */
              used: string;
              /** @description amount − used (decimal string) */
              remaining: string;
              /**
               * Format: date-time
               * @description when it expires (ISO-8601; UTC unless ?tz=partner)
               */
              expiresAt: string;
              /**
               * @description revoked once revoked; used when nothing remains; expired once expiresAt has passed (judged at the request; its unused value does not return to the quota); else active
               * @enum {string}
               */
              status: 'active' | 'used' | 'expired' | 'revoked';
              currency: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example voucherId,quotaId,customerId,customerName,amount,used,remaining,expiresAt,status,currency
           *     V1,Q1,C300,Acme Trading Co,300.00,100.00,200.00,2027-03-31T15:59:59.000Z,active,CNY
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/status must be one of \"active\", \"used\", \"expired\", \"revoked\" (got \"gone\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartnerDiscounts: {
    parameters: {
      query?: {
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of discounts */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "discountId": "DSC1",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "rate": "0.12",
           *           "productTypes": [
           *             "ecs"
           *           ],
           *           "validFrom": "2026-08-31T16:00:00.000Z",
           *           "validTo": "2027-08-31T15:59:59.000Z",
           *           "revokedFrom": null,
           *           "changes": [
           *             {
           *               "rate": "0.15",
           *               "effectiveFrom": "2026-08-31T16:00:00.000Z"
           *             },
           *             {
           *               "rate": "0.12",
           *               "effectiveFrom": "2026-10-31T16:00:00.000Z"
           *             }
           *           ]
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by discountId */
            items: {
              discountId: string;
              customerId: string;
              customerName: string;
              /** @description the rate in force now (fraction off, as granted or changed); null before validFrom, after validTo, or from revokedFrom */
              rate: string | null;
              /** @description the product types it covers; empty = all */
              productTypes: string[];
              /**
               * Format: date-time
               * @description from when it is valid (ISO-8601; UTC unless ?tz=partner)
               */
              validFrom: string;
              /**
               * Format: date-time
               * @description until when it is valid (inclusive), null if open-ended (ISO-8601; UTC unless ?tz=partner)
               */
              validTo: string | null;
              /**
               * Format: date-time
               * @description from when it is revoked, null if not revoked (ISO-8601; UTC unless ?tz=partner)
               */
              revokedFrom: string | null;
              /** @description the granted rate (effective from validFrom), then each DiscountChanged, in log order */
              changes: {
                rate: string;
                /**
                 * Format: date-time
                 * @description from when the rate applies (ISO-8601; UTC unless ?tz=partner)
                 */
                effectiveFrom: string;
              }[];
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example discountId,customerId,customerName,rate,productTypes,validFrom,validTo,revokedFrom,changes
           *     DSC1,C300,Acme Trading Co,0.12,"[""ecs""]",2026-08-31T16:00:00.000Z,2027-08-31T15:59:59.000Z,,"[{""rate"":""0.15"",""effectiveFrom"":""2026-08-31T16:00:00.000Z""},{""rate"":""0.12"",""effectiveFrom"":""2026-10-31T16:00:00.000Z""}]"
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartnerRefunds: {
    parameters: {
      query?: {
        /** @description a period "YYYY-MM" like "2026-10" */
        period?: string;
        /** @description an order id (1–128 characters without spaces, /, ?, # or %) */
        orderId?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of refund sources */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "sourceType": "SpecChanged",
           *           "sourceId": "SC2",
           *           "orderId": "O1",
           *           "customerId": "C500",
           *           "resourceIds": [
           *             "i-abc123"
           *           ],
           *           "reason": null,
           *           "amount": "5.00",
           *           "cashPart": "0.00",
           *           "voucherPart": "5.00",
           *           "period": "2026-10",
           *           "time": "2026-10-25T06:00:00.000Z",
           *           "currency": "CNY",
           *           "correctsPeriod": null
           *         },
           *         {
           *           "sourceType": "OrderRefunded",
           *           "sourceId": "RF1",
           *           "orderId": "O1",
           *           "customerId": "C500",
           *           "resourceIds": [
           *             "i-abc123"
           *           ],
           *           "reason": "unsubscribe",
           *           "amount": "80.00",
           *           "cashPart": "70.00",
           *           "voucherPart": "10.00",
           *           "period": "2026-10",
           *           "time": "2026-10-20T06:00:00.000Z",
           *           "currency": "CNY",
           *           "correctsPeriod": null
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description newest first */
            items: {
              /**
               * @description the event the refund or rebate came from: a refund, or a spec change with a negative amount
               * @enum {string}
               */
              sourceType: 'OrderRefunded' | 'SpecChanged';
              /** @description its id: refundId or changeId */
              sourceId: string;
              orderId: string;
              customerId: string;
              /** @description the resources it names: the refund’s resourceIds, the spec change’s resourceId */
              resourceIds: string[];
              /**
               * @description the refund’s reason; null for a spec change, which names none
               * @enum {string|null}
               */
              reason: 'unsubscribe' | 'downgrade' | null;
              /** @description what was refunded (positive) (decimal string) */
              amount: string;
              /** @description the part out of the order’s remaining cash (cash first) (decimal string) */
              cashPart: string;
              /** @description the rest, out of the order’s remaining voucher part (decimal string) */
              voucherPart: string;
              /** @description booking period YYYY-MM (as consumption books it) */
              period: string;
              /**
               * Format: date-time
               * @description business time (occurredAt) of the event (ISO-8601; UTC unless ?tz=partner)
               */
              time: string;
              currency: string;
              /** @description the closed period YYYY-MM the event belongs to by its time, when it was booked into the first open one (period); null when not late */
              correctsPeriod: string | null;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example sourceType,sourceId,orderId,customerId,resourceIds,reason,amount,cashPart,voucherPart,period,time,currency,correctsPeriod
           *     SpecChanged,SC2,O1,C500,"[""i-abc123""]",,5.00,0.00,5.00,2026-10,2026-10-25T06:00:00.000Z,CNY,
           *     OrderRefunded,RF1,O1,C500,"[""i-abc123""]",unsubscribe,80.00,70.00,10.00,2026-10,2026-10-20T06:00:00.000Z,CNY,
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/period must be a period \"YYYY-MM\" like \"2026-10\" (got \"2026-13\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listProductTypes: {
    parameters: {
      query?: {
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of product types */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "productType": "obs",
           *           "name": "Object Storage Service",
           *           "resourceTypes": [
           *             "bucket"
           *           ],
           *           "registeredAt": "2026-10-03T01:02:00.000Z"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by productType */
            items: {
              productType: string;
              name: string;
              /** @description the resource types the product provisions */
              resourceTypes: string[];
              /**
               * Format: date-time
               * @description when it was registered (ISO-8601; UTC unless ?tz=partner)
               */
              registeredAt: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example productType,name,resourceTypes,registeredAt
           *     obs,Object Storage Service,"[""bucket""]",2026-10-03T01:02:00.000Z
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listUsageTypes: {
    parameters: {
      query?: {
        /** @description a product type (exact) */
        productType?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of usage types */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "usageType": "traffic",
           *           "productType": "obs",
           *           "unit": "GB",
           *           "dimension": "data",
           *           "registeredAt": "2026-10-03T01:03:00.000Z"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by usageType */
            items: {
              usageType: string;
              productType: string;
              /** @description the unit its usage is counted in (on-demand quantities are shown in it) */
              unit: string;
              /** @description what the unit measures */
              dimension: string;
              /**
               * Format: date-time
               * @description when it was registered (ISO-8601; UTC unless ?tz=partner)
               */
              registeredAt: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example usageType,productType,unit,dimension,registeredAt
           *     traffic,obs,GB,data,2026-10-03T01:03:00.000Z
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listMeasureUnits: {
    parameters: {
      query?: {
        /** @description a dimension (exact), like data or time */
        dimension?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of measure units */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "unit": "GB",
           *           "dimension": "data",
           *           "baseUnit": "MB",
           *           "factor": "1024",
           *           "rootUnit": "MB",
           *           "toRoot": "1024",
           *           "registeredAt": "2026-10-03T01:01:00.000Z"
           *         },
           *         {
           *           "unit": "MB",
           *           "dimension": "data",
           *           "baseUnit": "MB",
           *           "factor": "1",
           *           "rootUnit": "MB",
           *           "toRoot": "1",
           *           "registeredAt": "2026-10-03T01:00:00.000Z"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by unit */
            items: {
              unit: string;
              dimension: string;
              /** @description one unit = factor × baseUnit; the root unit is its own base */
              baseUnit: string;
              /** @description how many base units one unit is (decimal string) */
              factor: string;
              /** @description the root unit of the dimension, where the chain of bases ends */
              rootUnit: string;
              /** @description how many root units one unit is (exact; may have more than 8 fraction digits) (decimal string) */
              toRoot: string;
              /**
               * Format: date-time
               * @description when it was registered (ISO-8601; UTC unless ?tz=partner)
               */
              registeredAt: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example unit,dimension,baseUnit,factor,rootUnit,toRoot,registeredAt
           *     GB,data,MB,1024,MB,1024,2026-10-03T01:01:00.000Z
           *     MB,data,MB,1,MB,1,2026-10-03T01:00:00.000Z
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/limit must be <= 1000 (got 5000)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartnerOnDemand: {
    parameters: {
      query?: {
        /** @description a period "YYYY-MM" like "2026-10" */
        period?: string;
        /** @description a product type (exact) */
        productType?: string;
        /** @description a usage type (exact) */
        usageType?: string;
        /** @description a resource id (1–128 characters without spaces, /, ?, # or %) */
        resourceId?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of on-demand usage */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "period": "2026-10",
           *           "resourceId": "bucket-1",
           *           "customerId": "C300",
           *           "productType": "obs",
           *           "usageType": "storage",
           *           "unit": "GB-day",
           *           "quantity": "120.5",
           *           "amount": "36.15",
           *           "currency": "CNY",
           *           "charges": 1
           *         },
           *         {
           *           "period": "2026-10",
           *           "resourceId": "bucket-1",
           *           "customerId": "C300",
           *           "productType": "obs",
           *           "usageType": "traffic",
           *           "unit": "GB",
           *           "quantity": "0.5",
           *           "amount": "0.25",
           *           "currency": "CNY",
           *           "charges": 1
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by period, resourceId, usageType, unit, customerId */
            items: {
              /** @description the booking period (YYYY-MM) */
              period: string;
              resourceId: string;
              customerId: string;
              productType: string;
              usageType: string;
              /** @description the usage type's catalogue unit when the catalogue defines one, else the charges' own */
              unit: string;
              /** @description the usage in unit, summed and converted exactly (may have more than 8 fraction digits) (decimal string) */
              quantity: string;
              /** @description what the charges cost (decimal string) */
              amount: string;
              currency: string;
              /** @description how many OnDemandCharged events are summed here */
              charges: number;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example period,resourceId,customerId,productType,usageType,unit,quantity,amount,currency,charges
           *     2026-10,bucket-1,C300,obs,storage,GB-day,120.5,36.15,CNY,1
           *     2026-10,bucket-1,C300,obs,traffic,GB,0.5,0.25,CNY,1
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/period must be a period \"YYYY-MM\" like \"2026-10\" (got \"2026-13\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listMarketplaceTransactions: {
    parameters: {
      query?: {
        /** @description a period "YYYY-MM" like "2026-10" */
        period?: string;
        /** @description a marketplace order id (1–128 characters without spaces, /, ?, # or %) */
        orderId?: string;
        /** @description an ISO-8601 date like 2026-10-01 or date-time */
        from?: string;
        /** @description an ISO-8601 date like 2026-11-01 or date-time */
        to?: string;
        billingStatus?: 'unbilled' | 'billed';
        supervisionStatus?: 'supervised' | 'released' | 'none';
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a seller partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of marketplace transactions */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "transactionId": "MT2",
           *           "orderId": "MO1",
           *           "period": "2026-10",
           *           "correctsPeriod": null,
           *           "occurredAt": "2026-10-09T01:00:00.000Z",
           *           "productName": "Cloud backup appliance",
           *           "customerName": "Acme Trading Co",
           *           "kind": "refund",
           *           "amount": "-20.00",
           *           "commissionRate": "0.05",
           *           "commission": "-1.00",
           *           "partnerShare": "-19.00",
           *           "currency": "CNY",
           *           "billingStatus": "unbilled",
           *           "supervisionStatus": "none"
           *         },
           *         {
           *           "transactionId": "MT1",
           *           "orderId": "MO1",
           *           "period": "2026-10",
           *           "correctsPeriod": null,
           *           "occurredAt": "2026-10-08T01:00:00.000Z",
           *           "productName": "Cloud backup appliance",
           *           "customerName": "Acme Trading Co",
           *           "kind": "purchase",
           *           "amount": "100.05",
           *           "commissionRate": "0.05",
           *           "commission": "5.00",
           *           "partnerShare": "95.05",
           *           "currency": "CNY",
           *           "billingStatus": "billed",
           *           "supervisionStatus": "released"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description newest first */
            items: {
              transactionId: string;
              orderId: string;
              /** @description booking period YYYY-MM (账期) */
              period: string;
              /** @description the closed period it happened in, if booked late */
              correctsPeriod: string | null;
              /**
               * Format: date-time
               * @description the transaction date (交易发生日) (ISO-8601; UTC unless ?tz=partner)
               */
              occurredAt: string;
              productName: string;
              customerName: string | null;
              /** @enum {string} */
              kind: 'purchase' | 'renewal' | 'refund';
              /** @description negative for a refund (decimal string) */
              amount: string;
              /** @description the commission rate (decimal string) */
              commissionRate: string;
              /** @description round_half_up(amount × commissionRate, 2) (decimal string) */
              commission: string;
              /** @description amount − commission (decimal string) */
              partnerShare: string;
              currency: string;
              /**
               * @description 出账状态
               * @enum {string}
               */
              billingStatus: 'unbilled' | 'billed';
              /**
               * @description 服务监管状态: supervised, released, or none (never supervised)
               * @enum {string}
               */
              supervisionStatus: 'supervised' | 'released' | 'none';
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example transactionId,orderId,period,correctsPeriod,occurredAt,productName,customerName,kind,amount,commissionRate,commission,partnerShare,currency,billingStatus,supervisionStatus
           *     MT2,MO1,2026-10,,2026-10-09T01:00:00.000Z,Cloud backup appliance,Acme Trading Co,refund,-20.00,0.05,-1.00,-19.00,CNY,unbilled,none
           *     MT1,MO1,2026-10,,2026-10-08T01:00:00.000Z,Cloud backup appliance,Acme Trading Co,purchase,100.05,0.05,5.00,95.05,CNY,billed,released
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/billingStatus must be one of \"unbilled\", \"billed\" (got \"paid\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMarketplaceSummary: {
    parameters: {
      query: {
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
      };
      header?: never;
      path: {
        /** @description a seller partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the sums of the period */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "period": "2026-10",
           *       "currency": "CNY",
           *       "amount": "80.05",
           *       "commission": "4.00",
           *       "partnerShare": "76.05",
           *       "billed": "95.05",
           *       "unbilled": "-19.00",
           *       "supervised": "0.00"
           *     }
           */
          'application/json': {
            /** @description booking period YYYY-MM */
            period: string;
            currency: string;
            /** @description Σ amount (decimal string) */
            amount: string;
            /** @description Σ commission (decimal string) */
            commission: string;
            /** @description Σ partnerShare (decimal string) */
            partnerShare: string;
            /** @description Σ partnerShare of billed transactions (decimal string) */
            billed: string;
            /** @description Σ partnerShare of unbilled transactions (decimal string) */
            unbilled: string;
            /** @description Σ partnerShare of transactions still under supervision (decimal string) */
            supervised: string;
          };
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/period must be a period \"YYYY-MM\" like \"2026-10\" (got \"2026-13\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listPartnerIncentives: {
    parameters: {
      query?: {
        /** @description a period "YYYY-MM" like "2026-10" */
        period?: string;
        /** @description a year like 2026 (its booking periods) */
        year?: number;
        /** @description an order id (1–128 characters without spaces, /, ?, # or %) */
        orderId?: string;
        /** @description part of the customer name */
        customerName?: string;
        /** @description part of the account manager */
        accountManager?: string;
        /** @description part of the customer's cloud account name (客户账号名) */
        accountName?: string;
        /** @description a product type like "ecs" */
        productType?: string;
        associationType?: 'referral' | 'resale';
        billingMode?: 'subscription' | 'on_demand';
        status?: 'estimated' | 'confirmed';
        /** @description a period "YYYY-MM" like "2026-10" */
        correctsPeriod?: string;
        /** @description an ISO-8601 date like 2026-10-01 or date-time: lines whose occurredAt is at or after it */
        from?: string;
        /** @description an ISO-8601 date like 2026-11-01 or date-time: lines whose occurredAt is before it */
        to?: string;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of incentive lines */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "sourceType": "OrderPlaced",
           *           "sourceId": "O1",
           *           "orderId": "O1",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "accountManager": "Li Lei",
           *           "productType": "ecs",
           *           "billingMode": "subscription",
           *           "associationType": "resale",
           *           "period": "2026-10",
           *           "correctsPeriod": null,
           *           "rulesVersion": "2026.10",
           *           "base": "750.00",
           *           "rate": "0.08",
           *           "amount": "60.00",
           *           "status": "estimated",
           *           "occurredAt": "2026-10-05T02:00:00.000Z",
           *           "currency": "CNY",
           *           "positions": [
           *             21,
           *             4,
           *             9
           *           ]
           *         },
           *         {
           *           "sourceType": "OrderRefunded",
           *           "sourceId": "RF1",
           *           "orderId": "O1",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "accountManager": "Li Lei",
           *           "productType": "ecs",
           *           "billingMode": "subscription",
           *           "associationType": "resale",
           *           "period": "2026-10",
           *           "correctsPeriod": null,
           *           "rulesVersion": "2026.10",
           *           "base": "-100.00",
           *           "rate": "0.08",
           *           "amount": "-8.00",
           *           "status": "estimated",
           *           "occurredAt": "2026-10-05T02:00:00.000Z",
           *           "currency": "CNY",
           *           "positions": [
           *             21,
           *             4,
           *             9
           *           ]
           *         }
           *       ],
           *       "nextCursor": "eyJhIjpbIjIwMjYtMTAiLDI3XSwiZiI6IjkxYzJlNGQwOGE3NyJ9"
           *     }
           */
          'application/json': {
            /** @description by booking period, then log order */
            items: {
              /** @enum {string} */
              sourceType: 'OrderPlaced' | 'OrderRefunded' | 'SpecChanged' | 'OnDemandCharged' | 'TrueUp';
              /** @description orderId, refundId, changeId, chargeId, or <period>/r<revision> of a TrueUp */
              sourceId: string;
              orderId: string | null;
              customerId: string | null;
              customerName: string | null;
              accountManager: string | null;
              productType: string | null;
              /** @enum {string|null} */
              billingMode: 'subscription' | 'on_demand' | null;
              /** @enum {string|null} */
              associationType: 'referral' | 'resale' | null;
              /** @description booking period YYYY-MM */
              period: string;
              /** @description the closed period a forwarded event or TrueUp belongs to */
              correctsPeriod: string | null;
              rulesVersion: string | null;
              /** @description what the rate applies to: the cash part, negative for refunds and rebates (decimal string) */
              base: string;
              /** @description rule rate + tier bonus + programme bonuses (0 when no rule matches) (decimal string) */
              rate: string;
              /** @description round_half_up(base × rate, 2) (decimal string) */
              amount: string;
              /** @enum {string} */
              status: 'estimated' | 'confirmed';
              /**
               * Format: date-time
               * @description occurredAt of the event behind the line (of the published revision for a TrueUp) (ISO-8601; UTC unless ?tz=partner)
               */
              occurredAt: string;
              /** @description the currency of base and amount (the partner’s) */
              currency: string;
              /** @description global log positions of the events behind the line: its own, its order’s, its association’s */
              positions: number[];
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example sourceType,sourceId,orderId,customerId,customerName,accountManager,productType,billingMode,associationType,period,correctsPeriod,rulesVersion,base,rate,amount,status,occurredAt,currency,positions
           *     OrderPlaced,O1,O1,C300,Acme Trading Co,Li Lei,ecs,subscription,resale,2026-10,,2026.10,750.00,0.08,60.00,estimated,2026-10-05T02:00:00.000Z,CNY,"[21,4,9]"
           *     OrderRefunded,RF1,O1,C300,Acme Trading Co,Li Lei,ecs,subscription,resale,2026-10,,2026.10,-100.00,0.08,-8.00,estimated,2026-10-05T02:00:00.000Z,CNY,"[21,4,9]"
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "cursor was issued for other filters than these; send the filters of the first page with it, or start again without a cursor"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listStatements: {
    parameters: {
      query?: {
        /** @description a year like 2026 (its booking periods) */
        year?: number;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of statements */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "period": "2026-10",
           *           "revision": 2,
           *           "rulesVersion": "2026.11",
           *           "status": "confirmed",
           *           "total": "55.00",
           *           "currency": "CNY",
           *           "revisions": 2
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by period, oldest first */
            items: {
              /** @description booking period YYYY-MM */
              period: string;
              /** @description the current revision */
              revision: number;
              rulesVersion: string | null;
              /** @enum {string} */
              status: 'estimated' | 'confirmed' | 'superseded' | 'draft';
              /** @description Σ line amounts of the current revision (decimal string) */
              total: string;
              currency: string;
              /** @description revisions of the period, unpublished drafts included */
              revisions: number;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example period,revision,rulesVersion,status,total,currency,revisions
           *     2026-10,2,2026.11,confirmed,55.00,CNY,2
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "querystring/year must be >= 1969 (got 26)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner P9 is not known"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listStatementRevisions: {
    parameters: {
      query?: {
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
        /** @description a page size from 1 to 1000 (default 100; a CSV without limit holds the whole list) */
        limit?: number;
        /** @description the nextCursor of the previous page, with the same filters */
        cursor?: string;
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of revisions */
      200: {
        headers: {
          /** @description with Accept: text/csv and limit: the next page’s cursor (none on the last) */
          'X-Next-Cursor'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "revision": 1,
           *           "rulesVersion": "2026.10",
           *           "status": "superseded",
           *           "total": "52.00",
           *           "checksum": "9b1f0c3e5d7a2b4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d",
           *           "currency": "CNY"
           *         },
           *         {
           *           "revision": 2,
           *           "rulesVersion": "2026.11",
           *           "status": "confirmed",
           *           "total": "55.00",
           *           "checksum": "3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d9b1f0c3e5d7a2b4c6e8f0a1b",
           *           "currency": "CNY"
           *         }
           *       ],
           *       "nextCursor": null
           *     }
           */
          'application/json': {
            /** @description by revision */
            items: {
              revision: number;
              rulesVersion: string | null;
              /** @enum {string} */
              status: 'estimated' | 'confirmed' | 'superseded' | 'draft';
              /** @description Σ line amounts (decimal string) */
              total: string;
              /** @description sha256 hex of the canonical lines */
              checksum: string;
              /** @description the currency of the partner, in which total is */
              currency: string;
            }[];
            /** @description the cursor of the next page (same filters), null on the last page */
            nextCursor: string | null;
          };
          /**
           * @example revision,rulesVersion,status,total,checksum,currency
           *     1,2026.10,superseded,52.00,9b1f0c3e5d7a2b4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d,CNY
           *     2,2026.11,confirmed,55.00,3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d9b1f0c3e5d7a2b4c6e8f0a1b,CNY
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "params/period must be a period \"YYYY-MM\" like \"2026-10\" (got \"2026-13\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner R200 has no statement for 2026-12"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getStatement: {
    parameters: {
      query?: {
        /** @description an earlier revision, or a draft */
        revision?: number;
        /** @description read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition of POST /v1/events); 503 with Retry-After if they have not by then */
        minPosition?: number;
        /** @description time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset) */
        tz?: 'UTC' | 'partner';
      };
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the statement revision with its lines */
      200: {
        headers: {
          /** @description the revision the lines are of */
          'X-Statement-Revision'?: number;
          /** @description its status */
          'X-Statement-Status'?: 'estimated' | 'confirmed' | 'superseded' | 'draft';
          /** @description its total (decimal string) */
          'X-Statement-Total'?: string;
          /** @description its checksum (docs/incentives.md) */
          'X-Statement-Checksum'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "partnerId": "R200",
           *       "period": "2026-10",
           *       "revision": 1,
           *       "rulesVersion": "2026.10",
           *       "status": "estimated",
           *       "total": "52.00",
           *       "currency": "CNY",
           *       "checksum": "9b1f0c3e5d7a2b4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d",
           *       "lines": [
           *         {
           *           "sourceType": "OrderPlaced",
           *           "sourceId": "O1",
           *           "orderId": "O1",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "accountManager": "Li Lei",
           *           "productType": "ecs",
           *           "billingMode": "subscription",
           *           "associationType": "resale",
           *           "period": "2026-10",
           *           "correctsPeriod": null,
           *           "rulesVersion": "2026.10",
           *           "base": "750.00",
           *           "rate": "0.08",
           *           "amount": "60.00",
           *           "status": "estimated",
           *           "occurredAt": "2026-10-05T02:00:00.000Z",
           *           "currency": "CNY",
           *           "positions": [
           *             21,
           *             4,
           *             9
           *           ]
           *         },
           *         {
           *           "sourceType": "OrderRefunded",
           *           "sourceId": "RF1",
           *           "orderId": "O1",
           *           "customerId": "C300",
           *           "customerName": "Acme Trading Co",
           *           "accountManager": "Li Lei",
           *           "productType": "ecs",
           *           "billingMode": "subscription",
           *           "associationType": "resale",
           *           "period": "2026-10",
           *           "correctsPeriod": null,
           *           "rulesVersion": "2026.10",
           *           "base": "-100.00",
           *           "rate": "0.08",
           *           "amount": "-8.00",
           *           "status": "estimated",
           *           "occurredAt": "2026-10-05T02:00:00.000Z",
           *           "currency": "CNY",
           *           "positions": [
           *             21,
           *             4,
           *             9
           *           ]
           *         }
           *       ]
           *     }
           */
          'application/json': {
            partnerId: string;
            /** @description booking period YYYY-MM */
            period: string;
            revision: number;
            rulesVersion: string | null;
            /**
             * @description estimated (period open), confirmed (period closed), superseded (history), draft (a rebuild)
             * @enum {string}
             */
            status: 'estimated' | 'confirmed' | 'superseded' | 'draft';
            /** @description Σ line amounts (decimal string) */
            total: string;
            /** @description the currency of the partner, in which every amount is */
            currency: string;
            /** @description sha256 hex of the canonical lines (docs/incentives.md) */
            checksum: string;
            lines: {
              /** @enum {string} */
              sourceType: 'OrderPlaced' | 'OrderRefunded' | 'SpecChanged' | 'OnDemandCharged' | 'TrueUp';
              /** @description orderId, refundId, changeId, chargeId, or <period>/r<revision> of a TrueUp */
              sourceId: string;
              orderId: string | null;
              customerId: string | null;
              customerName: string | null;
              accountManager: string | null;
              productType: string | null;
              /** @enum {string|null} */
              billingMode: 'subscription' | 'on_demand' | null;
              /** @enum {string|null} */
              associationType: 'referral' | 'resale' | null;
              /** @description booking period YYYY-MM */
              period: string;
              /** @description the closed period a forwarded event or TrueUp belongs to */
              correctsPeriod: string | null;
              rulesVersion: string | null;
              /** @description what the rate applies to: the cash part, negative for refunds and rebates (decimal string) */
              base: string;
              /** @description rule rate + tier bonus + programme bonuses (0 when no rule matches) (decimal string) */
              rate: string;
              /** @description round_half_up(base × rate, 2) (decimal string) */
              amount: string;
              /** @enum {string} */
              status: 'estimated' | 'confirmed';
              /**
               * Format: date-time
               * @description occurredAt of the event behind the line (of the published revision for a TrueUp) (ISO-8601; UTC unless ?tz=partner)
               */
              occurredAt: string;
              /** @description the currency of base and amount (the partner’s) */
              currency: string;
              /** @description global log positions of the events behind the line: its own, its order’s, its association’s */
              positions: number[];
            }[];
          };
          /**
           * @example sourceType,sourceId,orderId,customerId,customerName,accountManager,productType,billingMode,associationType,period,correctsPeriod,rulesVersion,base,rate,amount,status,occurredAt,currency,positions
           *     OrderPlaced,O1,O1,C300,Acme Trading Co,Li Lei,ecs,subscription,resale,2026-10,,2026.10,750.00,0.08,60.00,estimated,2026-10-05T02:00:00.000Z,CNY,"[21,4,9]"
           *     OrderRefunded,RF1,O1,C300,Acme Trading Co,Li Lei,ecs,subscription,resale,2026-10,,2026.10,-100.00,0.08,-8.00,estimated,2026-10-05T02:00:00.000Z,CNY,"[21,4,9]"
           */
          'text/csv': string;
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "params/period must be a period \"YYYY-MM\" like \"2026-10\" (got \"2026-13\")"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "this key may not read partner P9"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner R200 has no statement for 2026-12"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the projections have reached position 41, not yet 42 (waited 5000 ms); retry",
           *       "minPosition": 42,
           *       "position": 41
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  rebuildStatement: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "rulesVersion": "2026.11"
         *     }
         */
        'application/json': {
          /** @description a published rule-set version: a string of 1–64 characters like "2026.11", or a positive integer */
          rulesVersion: string | number;
        };
      };
    };
    responses: {
      /** @description the draft revision and its diff */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "revision": 2,
           *       "status": "draft",
           *       "rulesVersion": "2026.11",
           *       "total": "65.00",
           *       "diff": {
           *         "totalBefore": "52.00",
           *         "totalAfter": "65.00",
           *         "difference": "13.00",
           *         "lines": [
           *           {
           *             "sourceType": "OrderPlaced",
           *             "sourceId": "O1",
           *             "before": "60.00",
           *             "after": "75.00"
           *           },
           *           {
           *             "sourceType": "OrderRefunded",
           *             "sourceId": "RF1",
           *             "before": "-8.00",
           *             "after": "-10.00"
           *           }
           *         ]
           *       }
           *     }
           */
          'application/json': {
            revision: number;
            /** @enum {string} */
            status: 'draft';
            rulesVersion: string;
            /** @description the draft total (decimal string) */
            total: string;
            diff: {
              /** @description total of the current revision (decimal string) */
              totalBefore: string;
              /** @description total of the draft (decimal string) */
              totalAfter: string;
              /** @description totalAfter − totalBefore (decimal string) */
              difference: string;
              /** @description lines added (before null), removed (after null) or re-rated, in log order */
              lines: {
                /** @enum {string} */
                sourceType: 'OrderPlaced' | 'OrderRefunded' | 'SpecChanged' | 'OnDemandCharged' | 'TrueUp';
                sourceId: string;
                before: string | null;
                after: string | null;
              }[];
            };
          };
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "body/rulesVersion must be a published rule-set version: a string of 1–64 characters like \"2026.11\", or a positive integer (got true)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "role partner may not POST /v1/partners/:id/statements/:period/rebuild"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner R200 has no statement for 2026-12"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:payload-too-large",
           *       "title": "Request body too large",
           *       "status": 413,
           *       "detail": "the body is 16777216 bytes; the limit is 8388608"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invariant violated */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invariant-violated",
           *       "title": "Invariant violated",
           *       "status": 422,
           *       "detail": "rule-set version \"9.9\" is not published (published: \"2026.10\", \"2026.11\")",
           *       "rule": "referenced-id-exists"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the incentives projection has not reached the head of the log (position 42) yet; retry"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  publishStatementRevision: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description a partner id (1–128 characters without spaces, /, ?, # or %) */
        id: string;
        /** @description a period "YYYY-MM" like "2026-10" */
        period: string;
        /** @description the draft revision */
        revision: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description published, with the TrueUp it booked */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "revision": 2,
           *       "status": "published",
           *       "trueUp": {
           *         "period": "2026-11",
           *         "amount": "13.00"
           *       }
           *     }
           */
          'application/json': {
            revision: number;
            /** @enum {string} */
            status: 'published';
            /** @description for a closed period: the TrueUp booked; else null */
            trueUp: {
              /** @description the first open period, where the TrueUp line is booked */
              period: string;
              /** @description totalAfter − totalBefore, booked as a TrueUp line (decimal string) */
              amount: string;
            } | null;
          };
        };
      };
      /** @description Invalid request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invalid-request",
           *       "title": "Invalid request",
           *       "status": 400,
           *       "detail": "params/revision must be >= 1 (got 0)"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unauthorized */
      401: {
        headers: {
          /** @description Bearer realm="reckon" */
          'WWW-Authenticate'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "send an API key as \"Authorization: Bearer <key>\""
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Forbidden */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:forbidden",
           *       "title": "Forbidden",
           *       "status": 403,
           *       "detail": "role partner may not POST /v1/partners/:id/statements/:period/revisions/:revision/publish"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "partner R200 has no revision 7 for 2026-10"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Statement revision conflict */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:statement-conflict",
           *       "title": "Statement revision conflict",
           *       "status": 409,
           *       "detail": "revision 2 of 2026-10 is confirmed, not a draft; only drafts are published"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Request body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:payload-too-large",
           *       "title": "Request body too large",
           *       "status": 413,
           *       "detail": "the body is 16777216 bytes; the limit is 8388608"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Invariant violated */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:invariant-violated",
           *       "title": "Invariant violated",
           *       "status": 422,
           *       "detail": "revision 2 cannot be published: its totals are beyond the bounds of an amount (/data/totalBefore: must have at most 15 integer digits (got 16))",
           *       "rule": "statement-total-within-bounds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Too many requests */
      429: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:too-many-requests",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not ready */
      503: {
        headers: {
          /** @description seconds to wait before retrying */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "urn:reckon:problem:not-ready",
           *       "title": "Not ready",
           *       "status": 503,
           *       "detail": "the incentives projection has not reached the head of the log (position 42) yet; retry"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
