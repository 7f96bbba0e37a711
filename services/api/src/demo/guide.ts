/**
 * The short guide `pnpm demo` prints: the admin key and ready-to-paste curl lines. The same list
 * drives the demo's end-to-end test, which sends each request and checks what its line promises.
 */
import type { DemoLoad } from './pipeline.js';

export interface GuideRequest {
  /** What the request shows, and what its answer holds (printed above the curl line). */
  title: string;
  promise: string;
  /** Path and query, from the service root. */
  path: string;
  /** Sends the admin key. */
  auth: boolean;
  accept?: string;
  /** A body-limiting pipe for long answers (e.g. `| head -5`), shell only. */
  pipe?: string;
}

export function guideRequests(load: Pick<DemoLoad, 'cast' | 'head'>): GuideRequest[] {
  const { cast, head } = load;
  const { pcePartner, reseller, distributor, trueUp } = cast;
  return [
    {
      title: `Statement of ${pcePartner.name} (PCE, referral) for ${trueUp.period}, a closed period`,
      promise:
        `the current revision, rebuilt under rules v${trueUp.toRules} and published (status confirmed), with its ` +
        'lines, total and checksum; ?revision=1 shows the one frozen at close',
      path: `/v1/partners/${pcePartner.partnerId}/statements/${trueUp.period}?minPosition=${head}`,
      auth: true,
    },
    {
      title: `Incentive detail of ${pcePartner.name} for ${trueUp.bookedIn}, as CSV`,
      promise: `a header row, then one row per line; the grep keeps the header and the TrueUp correcting ${trueUp.period}`,
      path: `/v1/partners/${pcePartner.partnerId}/incentives?period=${trueUp.bookedIn}&minPosition=${head}`,
      auth: true,
      accept: 'text/csv',
      pipe: "| grep -E '^(sourceType|TrueUp),'",
    },
    {
      title: `Balance of reseller ${reseller.name} (under ${distributor.name})`,
      promise: 'funds allocated, reclaimed, spent, returned and available; voucher quota granted, issued, left',
      path: `/v1/partners/${reseller.partnerId}/balance?minPosition=${head}`,
      auth: true,
    },
    {
      title: `Funds ledger of reseller ${reseller.name} (拨款记录)`,
      promise: 'newest first, each allocation, reclaim, cash spent and cash returned with the funds available after it',
      path: `/v1/partners/${reseller.partnerId}/fund-operations?limit=5&minPosition=${head}`,
      auth: true,
    },
    {
      title: `Vouchers issued from the quotas of ${reseller.name} (提货券)`,
      promise: 'each voucher with its customer, amount, used, remaining, expiry and status',
      path: `/v1/partners/${reseller.partnerId}/vouchers?limit=5&minPosition=${head}`,
      auth: true,
    },
    {
      title: `Discounts of the customers of ${distributor.name} (商务折扣)`,
      promise: 'each discount with the rate in force now, its product types, validity and every rate change',
      path: `/v1/partners/${distributor.partnerId}/discounts?limit=5&minPosition=${head}`,
      auth: true,
    },
    {
      title: `Consumption of distributor ${distributor.name} in ${trueUp.period}`,
      promise:
        'consumption, refunds (orders and spec-change rebates apart), adjustments, vouchers used, net, per customer',
      path: `/v1/partners/${distributor.partnerId}/consumption?period=${trueUp.period}&minPosition=${head}`,
      auth: true,
      pipe: '| head -c 600',
    },
    {
      title: `The partner directory (伙伴目录): the resellers of ${distributor.name}`,
      promise: 'level, time zone and language of each, as registered or as PartnerProfileChanged last set them',
      path: `/v1/partners?parentId=${distributor.partnerId}&minPosition=${head}`,
      auth: true,
      pipe: '| head -c 600',
    },
    {
      title: `Customers of reseller ${reseller.name} (客户管理) by cloud account name (客户账号名)`,
      promise: 'the customers associated now, each with its accountName; accountName= matches any part of it',
      path: `/v1/partners/${reseller.partnerId}/customers?accountName=HWC_&limit=3&minPosition=${head}`,
      auth: true,
    },
    {
      title: 'Measure units of the product catalogue (管理产品)',
      promise: 'each unit with its dimension, base unit and factor, and toRoot: GB = 1024 MB',
      path: `/v1/catalogue/units?minPosition=${head}`,
      auth: true,
    },
    {
      title: `On-demand usage of ${distributor.name}'s customers (按需资源)`,
      promise: 'per resource × usage type × booking period: quantity in the usage type’s catalogue unit, amount',
      path: `/v1/partners/${distributor.partnerId}/on-demand?limit=5&minPosition=${head}`,
      auth: true,
      pipe: '| head -c 800',
    },
    {
      title: `Marketplace transactions of ${cast.seller.name} (云商店 商品分账 交易明细查询)`,
      promise: 'newest first: commission (half up to the cent), partner share, billing and supervision status',
      path: `/v1/partners/${cast.seller.partnerId}/marketplace/transactions?limit=5&minPosition=${head}`,
      auth: true,
      pipe: '| head -c 800',
    },
    {
      title: `Marketplace summary of ${cast.seller.name} for ${cast.seller.period}`,
      promise: 'Σ amount, commission and partner share; of the shares: billed, unbilled, still supervised',
      path: `/v1/partners/${cast.seller.partnerId}/marketplace/summary?period=${cast.seller.period}&minPosition=${head}`,
      auth: true,
    },
    {
      title: 'Who this key is (GET /v1/me: the partner centre starts here)',
      promise: 'the role, and for a partner key its partner, tier, time zone, language and resellers',
      path: `/v1/me?minPosition=${head}`,
      auth: true,
    },
    {
      title: `Resellers of ${distributor.name} and their money (管理云经销商)`,
      promise: 'each reseller with its funds and voucher quota figures',
      path: `/v1/partners/${distributor.partnerId}/resellers?minPosition=${head}`,
      auth: true,
    },
    {
      title: `Voucher quotas held by ${reseller.name} (提货券额度)`,
      promise: 'each quota with granted, issued, reclaimed, returned, available and its expiry',
      path: `/v1/partners/${reseller.partnerId}/voucher-quotas?minPosition=${head}`,
      auth: true,
    },
    {
      title: `Subscriptions of the customers of ${reseller.name} (包年/包月资源)`,
      promise: 'soonest term end first; expired once the term has ended; renewal history',
      path: `/v1/partners/${reseller.partnerId}/subscriptions?limit=5&minPosition=${head}`,
      auth: true,
      pipe: '| head -c 800',
    },
    {
      title: `Where the refunds of ${reseller.name}'s customers came from (退款来自哪些资源和订单)`,
      promise: 'each refund or rebate with its order, resources, reason, cash part and voucher part',
      path: `/v1/partners/${reseller.partnerId}/refunds?limit=5&minPosition=${head}`,
      auth: true,
    },
    {
      title: `Association records of ${reseller.name} (客户关联关系)`,
      promise: 'newest first: associated, switched, disassociated, with who recorded it',
      path: `/v1/partners/${reseller.partnerId}/association-records?limit=5&minPosition=${head}`,
      auth: true,
    },
    {
      title: `Statements of ${pcePartner.name}, one per period (对账单)`,
      promise: 'each period with its current revision, rule version, status, total and how many revisions',
      path: `/v1/partners/${pcePartner.partnerId}/statements?minPosition=${head}`,
      auth: true,
    },
    {
      title: 'Product types of the catalogue (管理产品)',
      promise: 'each product type with its name and resource types',
      path: `/v1/catalogue/product-types?minPosition=${head}`,
      auth: true,
    },
    {
      title: 'The OpenAPI document (browse it at /docs)',
      promise: 'the OpenAPI 3 document of every route',
      path: '/docs/json',
      auth: false,
      pipe: '| head -c 300',
    },
    {
      title: 'Prometheus metrics (no key)',
      promise: 'request latency by route, events appended, refusals by rule, projection lag',
      path: '/metrics',
      auth: false,
      pipe: '| grep ^reckon_projection_lag',
    },
  ];
}

/** One curl line, as printed. */
export function curlLine(base: string, key: string, request: GuideRequest): string {
  const parts = ['curl -s'];
  if (request.auth) parts.push(`-H 'Authorization: Bearer ${key}'`);
  if (request.accept) parts.push(`-H 'Accept: ${request.accept}'`);
  parts.push(`'${base}${request.path}'`);
  if (request.pipe) parts.push(request.pipe);
  return parts.join(' ');
}

export function formatGuide(base: string, key: string, load: DemoLoad): string {
  const { cast } = load;
  const out = [
    '',
    `Reckon demo: ${load.events} events (${load.appended} appended now, ${load.duplicates} already there), ` +
      `loaded in ${load.seconds.toFixed(1)} s; log head at position ${load.head}.`,
    `A year of a partner programme from ${cast.closed[0]}: ${cast.closed.length} periods closed, ${cast.open} open.`,
    load.trueUp
      ? `True-up: ${cast.pcePartner.partnerId} ${cast.trueUp.period} rebuilt under rules v${cast.trueUp.toRules} and ` +
        `published; TrueUp ${load.trueUp.amount} booked in ${load.trueUp.period}.`
      : `True-up: ${cast.trueUp.period} under rules v${cast.trueUp.toRules} (published by an earlier run).`,
    '',
    `Admin API key: ${key}`,
    `Service: ${base}   (Ctrl-C stops it; pnpm demo again reuses the data)`,
    '',
  ];
  for (const request of guideRequests(load)) {
    out.push(`# ${request.title}`, `#   → ${request.promise}`, curlLine(base, key, request), '');
  }
  out.push(`More: ${base}/docs, README.md (tour), docs/runbooks.md.`, '');
  return out.join('\n');
}
