/**
 * `pnpm start`: the HTTP service (see serve.ts). Process listeners present now are kept when the
 * service takes over shutdown from its dependencies, so capture them before anything else loads.
 */
import { captureProcessListeners } from './shutdown.js';

captureProcessListeners();
const { serve } = await import('./serve.js');
await serve();
