import type { FastifyInstance } from 'fastify';
import { catalogueRoutes } from './catalogue.js';
import { customerQueryRoutes } from './customers.js';
import { marketplaceRoutes } from './marketplace.js';
import { onDemandRoutes } from './on-demand.js';
import { partnerCentreRoutes } from './partner-centre.js';
import { partnerMoneyRoutes } from './partner-money.js';
import { partnerQueryRoutes } from './partners.js';
import { type QueryDeps, ReadSide } from './read-side.js';
import { voucherQuotaRoutes } from './voucher-quotas.js';

export type { QueryDeps } from './read-side.js';
export { type ReadSideHandle, startReadSide } from './start.js';

/** The query routes of SPEC §5 over the read models (docs/http-api.md, "Queries"). */
export async function queryRoutes(app: FastifyInstance, deps: QueryDeps): Promise<void> {
  const read = new ReadSide(deps);
  await app.register(partnerQueryRoutes, { read });
  await app.register(voucherQuotaRoutes, { read });
  await app.register(customerQueryRoutes, { read });
  await app.register(partnerCentreRoutes, { read });
  await app.register(partnerMoneyRoutes, { read });
  await app.register(catalogueRoutes, { read });
  await app.register(onDemandRoutes, { read });
  await app.register(marketplaceRoutes, { read });
}
