/**
 * `pnpm demo`: the service (serve.ts) with a year of a partner programme loaded into it, and a short
 * guide of requests to try. Its data lives apart from `pnpm start`'s (RECKON_DATA_DIR defaults to
 * `.reckon-demo/`), or in DATABASE_URL when set. Running it again reuses the data: nothing is
 * appended twice and the true-up is published once.
 */
import { captureProcessListeners } from '../shutdown.js';

captureProcessListeners();
process.env.RECKON_DATA_DIR ||= '.reckon-demo';
// The guide is the output worth reading; LOG_LEVEL=info shows the JSON request logs as well.
process.env.LOG_LEVEL ||= 'warn';

const { serve } = await import('../serve.js');
const { DemoStopped, loadDemo } = await import('./pipeline.js');
const { formatGuide } = await import('./guide.js');

await serve({
  onListening: async (context) => {
    const admin = context.keys.find((key) => key.role === 'admin');
    if (!admin) throw new Error('pnpm demo needs an admin key: RECKON_API_KEYS has none (or leave it unset)');
    process.stderr.write(
      `demo: loading the demo programme into ${context.config.databaseUrl ? 'DATABASE_URL' : context.config.dataDir}\n`,
    );
    try {
      const load = await loadDemo(
        {
          app: context.app,
          commands: context.commands,
          store: context.runtime.store,
          pool: context.readSide.queries.pool,
          adminKey: admin.key,
          stopping: context.stopping,
        },
        { billingTimeZone: context.config.billingTimeZone },
      );
      process.stdout.write(formatGuide(`http://localhost:${context.port}`, admin.key, load));
    } catch (error) {
      if (error instanceof DemoStopped) return;
      throw error;
    }
  },
});
