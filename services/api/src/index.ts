export { type AppDeps, buildApp } from './app.js';
export {
  type AppendOutcome,
  type CommandContext,
  CommandHandler,
  type CommandHandlerOptions,
  type EventError,
} from './application/command-handler.js';
export { canAppendEvents, canReadPartner, type ParentLookup, WRITER_ROLES } from './auth/access.js';
export { type ApiKey, KeyRing, keyIdOf, type Principal, parseApiKeys, ROLES, type Role } from './auth/keys.js';
export { type ImportOptions, type ImportSummary, importEvents } from './cli/import.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export { type Problem, ProblemError, problem } from './plugins/problems.js';
export type { Readiness } from './routes/health.js';
export { openRuntime, type Runtime } from './runtime.js';
