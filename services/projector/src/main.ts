/**
 * `pnpm start:projector`: a projection worker against DATABASE_URL (the database the API uses).
 * Environment: DATABASE_URL (required), EVENTSTORE_URL (the log in KurrentDB, as for the API), RECKON_BILLING_TZ (default Asia/Shanghai),
 * RECKON_PROJECTOR_BATCH_SIZE (events per transaction, default 5000), LOG_LEVEL (default info).
 */
import { DEFAULT_BILLING_TZ } from '@reckon/domain';
import pino from 'pino';
import { startProjector } from './index.js';

const logger = pino({ name: 'reckon-projector', level: process.env.LOG_LEVEL?.trim() || 'info' });
const databaseUrl = process.env.DATABASE_URL?.trim();
if (!databaseUrl) {
  logger.fatal('DATABASE_URL is required: the projector works on the database the API uses');
  process.exit(2);
}
const batchSize = Number(process.env.RECKON_PROJECTOR_BATCH_SIZE?.trim() || 5000);
if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
  logger.fatal('RECKON_PROJECTOR_BATCH_SIZE must be an integer from 1 to 100000');
  process.exit(2);
}

const projector = await startProjector({
  databaseUrl,
  eventStoreUrl: process.env.EVENTSTORE_URL?.trim() || undefined,
  billingTz: process.env.RECKON_BILLING_TZ?.trim() || DEFAULT_BILLING_TZ,
  logger,
  batchSize,
});
logger.info({ pid: process.pid }, 'projector started');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // Exit only once the batch in hand is committed and the locks released.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    logger.info({ signal }, 'projector stopping');
    projector
      .stop()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, 'projector did not stop cleanly');
        process.exit(1);
      });
  });
}
