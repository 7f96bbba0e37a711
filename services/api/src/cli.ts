/**
 * `pnpm reckon <command>` (see cli/commands.ts). Process listeners present now are kept when the CLI
 * takes over shutdown from its dependencies, so capture them before anything else loads.
 */
import { captureProcessListeners } from './shutdown.js';

captureProcessListeners();
const { runCli } = await import('./cli/commands.js');
await runCli(process.argv.slice(2));
