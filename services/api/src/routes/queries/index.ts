import type { FastifyInstance } from 'fastify';
import { customerQueryRoutes } from './customers';
import { partnerCentreRoutes } from './partner-centre';
import { partnerQueryRoutes } from './partners';
import { type QueryDeps, ReadSide } from './read-side';
import { voucherQuotaRoutes } from './voucher-quotas';

export type { QueryDeps } from './read-side';
export { type ReadSideHandle, startReadSide } from './start';

/** The query routes of SPEC §5 over the read models (docs/http-api.md, "Queries"). */
export async function queryRoutes(app: FastifyInstance, deps: QueryDeps): Promise<void> {
  const read = new ReadSide(deps);
  await app.register(partnerQueryRoutes, { read });
  await app.register(voucherQuotaRoutes, { read });
  await app.register(customerQueryRoutes, { read });
  await app.register(partnerCentreRoutes, { read });
}
