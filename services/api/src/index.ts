export { type AppDeps, buildApp } from './app';
export {
  type AppendOutcome,
  type CommandContext,
  CommandHandler,
  type CommandHandlerOptions,
  type EventError,
} from './application/command-handler';
export { canAppendEvents, canReadPartner, type ParentLookup, WRITER_ROLES } from './auth/access';
export { type ApiKey, KeyRing, keyIdOf, type Principal, parseApiKeys, ROLES, type Role } from './auth/keys';
export { type ImportOptions, type ImportSummary, importEvents } from './cli/import';
export { type Config, ConfigError, loadConfig } from './config';
export { type Problem, ProblemError, problem } from './plugins/problems';
export type { Readiness } from './routes/health';
export { openRuntime, type Runtime } from './runtime';
