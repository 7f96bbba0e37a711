import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';

/**
 * A compose file read the way `docker compose config` reads it, for machines without the compose
 * plugin: YAML with merge keys (`<<: *anchor`), `${VAR:-default}` interpolation of the values, then
 * the Compose Specification's JSON schema (compose-go does the same three steps in that order). Then
 * what the schema cannot tell: references between services and the service's connection strings.
 */

export type Environment = Record<string, string | number | boolean | null> | string[];

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Environment;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean | string };
  volumes?: (string | { type: string; source?: string })[];
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

// --- interpolation --------------------------------------------------------------------------------

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/**
 * Compose's interpolation of one value: `$$` is a `$`; `$VAR` and `${VAR}` (blank when unset);
 * `${VAR:-default}`/`${VAR-default}` (default when unset or empty / unset); `${VAR:?err}`/`${VAR?err}`
 * (fail); `${VAR:+alt}`/`${VAR+alt}` (alt when set). Defaults may hold interpolations themselves.
 * Anything else after a `$` is an invalid template, as for compose.
 */
export function interpolate(text: string, env: Readonly<Record<string, string | undefined>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new Error(`invalid interpolation format: unclosed \${ in ${JSON.stringify(text)}`);
      out += substitute(text.slice(i + 2, end), env, text);
      i = end + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (name === undefined) throw new Error(`invalid interpolation format: lone $ in ${JSON.stringify(text)}`);
    out += env[name] ?? '';
    i += 1 + name.length;
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from`, counting nested `${…}`; -1 if none. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === '$' && text[i + 1] === '$') i += 1;
    else if (text[i] === '$' && text[i + 1] === '{') {
      depth += 1;
      i += 1;
    } else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function substitute(body: string, env: Readonly<Record<string, string | undefined>>, whole: string): string {
  const match = /^([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!match) throw new Error(`invalid interpolation format: \${${body}} in ${JSON.stringify(whole)}`);
  const [, name, op, arg = ''] = match as unknown as [string, string, string | undefined, string | undefined];
  const value = env[name];
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (op) {
    case undefined:
      return value ?? '';
    case ':-':
      return nonEmpty ? value : interpolate(arg, env);
    case '-':
      return set ? value : interpolate(arg, env);
    case ':?':
      if (!nonEmpty) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return value;
    case '?':
      if (!set) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return value;
    case ':+':
      return nonEmpty ? interpolate(arg, env) : '';
    default: // '+'
      return set ? interpolate(arg, env) : '';
  }
}

/** Interpolates every string value of the tree (not the keys: compose leaves keys alone). */
function interpolateTree(node: unknown, env: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env)]));
  }
  return node;
}

/**
 * The model compose validates: the YAML (merge keys on, as go-yaml has them; duplicate keys and
 * anything the parser warns about fail) with its values interpolated against `env`.
 */
export function loadCompose(text: string, env: Readonly<Record<string, string | undefined>>): unknown {
  const doc = parseDocument(text, { merge: true, uniqueKeys: true });
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.length > 0) throw new Error(`compose YAML: ${issues.map((issue) => issue.message).join('; ')}`);
  return interpolateTree(doc.toJS(), env);
}

// --- the Compose Specification's schema -----------------------------------------------------------

const localRequire = createRequire(import.meta.url);

/**
 * compose-spec/compose-spec's schema/compose-spec.json (draft-07), as the `dclint` package ships it
 * (its release script downloads the file from the spec's main branch). The package does not export
 * the file, so it is read from the package's folder.
 */
const COMPOSE_SPEC_SCHEMA_PATH = path.join(
  path.dirname(localRequire.resolve('dclint/package.json')),
  'schemas/compose.schema.json',
);

/** A validator for the Compose Specification: the schema's errors as lines, none when the model is valid. */
export function composeSpecValidator(): (model: unknown) => string[] {
  const schema = JSON.parse(readFileSync(COMPOSE_SPEC_SCHEMA_PATH, 'utf8')) as { $schema: string };
  // The schema names the draft-07 meta-schema by its https address; Ajv registers it under http.
  const draft07 = localRequire('ajv/dist/refs/json-schema-draft-07.json') as Record<string, unknown>;
  // allowUnionTypes: the spec types many fields ["number", "string"] (interpolated values are strings).
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
  const validate = ajv.compile(schema);
  return (model) => (validate(model) ? [] : (validate.errors ?? []).map(describe));
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

// --- what the schema cannot tell ------------------------------------------------------------------

const KURRENTDB_IMAGE = /^kurrentplatform\/kurrentdb:/;
const POSTGRES_IMAGE = /^postgres(:|$)/;

/** A service's environment as a map (the list form `KEY=VALUE`; `KEY` alone takes the host's value: unknown here). */
export function environmentOf(service: ComposeService | undefined): Record<string, string | undefined> {
  const env = service?.environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, undefined] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? undefined : String(value)]),
  );
}

function dependencies(service: ComposeService): Record<string, string> {
  const deps = service.depends_on;
  if (deps === undefined) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition]));
}

/** `kurrentdb://h1:p1,h2:p2?tls=false` (the client's schemes, port 2113 by default) as hosts and query; undefined if not one. */
function parseKurrentDbUrl(
  url: string,
): { hosts: { host: string; port: number }[]; query: URLSearchParams } | undefined {
  const match = /^(?:kurrentdb|kurrent|kdb|esdb)(?:\+discover)?:\/\/(?:[^@/?]*@)?([^/?]+)\/?(?:\?(.*))?$/.exec(url);
  if (!match) return undefined;
  const hosts = match[1]!.split(',').map((hostPort) => {
    const [host = '', port] = hostPort.split(':');
    return { host, port: port === undefined ? 2113 : Number(port) };
  });
  return { hosts, query: new URLSearchParams(match[2] ?? '') };
}

/**
 * What `docker compose config` would accept but `up` would trip on, and the wiring of `app` (the
 * service of this repository) to the KurrentDB nodes and PostgreSQL of the same file. Paths of the
 * build are resolved from `composeDir`. One line per problem; none when the file is sound.
 */
export function composeProblems(model: ComposeModel, app: string, composeDir: string): string[] {
  const problems: string[] = [];
  const services = model.services;
  const names = Object.keys(services);

  for (const [name, service] of Object.entries(services)) {
    for (const [dep, condition] of Object.entries(dependencies(service))) {
      const target = services[dep];
      if (target === undefined) {
        problems.push(`${name}: depends_on names ${dep}, which is no service of the file`);
        continue;
      }
      if (condition === 'service_healthy') {
        const check = target.healthcheck;
        const test = check?.test;
        const disabled =
          check?.disable === true || check?.disable === 'true' || (Array.isArray(test) && test[0] === 'NONE');
        if (test === undefined || disabled) {
          problems.push(`${name}: waits for ${dep} to be service_healthy, but ${dep} has no healthcheck test`);
        }
      }
    }
    for (const volume of service.volumes ?? []) {
      const source =
        typeof volume === 'string' ? volume.split(':')[0]! : volume.type === 'volume' ? volume.source : undefined;
      // A source that is no path is a named volume, which the top-level `volumes` must declare.
      if (source && !/^[./~]/.test(source) && !(source in (model.volumes ?? {}))) {
        problems.push(`${name}: mounts volume ${source}, which the top-level volumes do not declare`);
      }
    }
  }

  const appService = services[app];
  if (appService === undefined) return [...problems, `no service ${app}`];
  const appEnv = environmentOf(appService);
  const appDeps = dependencies(appService);
  const needsHealthy = (host: string, why: string) => {
    if (appDeps[host] !== 'service_healthy') {
      problems.push(`${app}: ${why} names ${host}, but ${app} does not depend on it with condition service_healthy`);
    }
  };

  // The event log: every KurrentDB node of the file, at the port its node listens on inside the network.
  const nodes = names.filter((name) => KURRENTDB_IMAGE.test(services[name]?.image ?? ''));
  const nodePort = (node: string) => Number(environmentOf(services[node]).KURRENTDB_NODE_PORT ?? 2113);
  const eventStoreUrl = appEnv.EVENTSTORE_URL;
  const parsed = eventStoreUrl === undefined ? undefined : parseKurrentDbUrl(eventStoreUrl);
  if (parsed === undefined) {
    problems.push(`${app}: EVENTSTORE_URL ${JSON.stringify(eventStoreUrl)} is no KurrentDB connection string`);
  } else {
    const named = parsed.hosts.map((h) => h.host);
    if ([...named].sort().join(',') !== [...nodes].sort().join(',')) {
      problems.push(`${app}: EVENTSTORE_URL names ${named.join(',')}; the KurrentDB services are ${nodes.join(',')}`);
    }
    for (const { host, port } of parsed.hosts) {
      if (services[host] === undefined) continue;
      if (port !== nodePort(host))
        problems.push(`${app}: EVENTSTORE_URL has ${host}:${port}; ${host} listens on ${nodePort(host)}`);
      needsHealthy(host, 'EVENTSTORE_URL');
    }
    for (const node of nodes) {
      const insecure = environmentOf(services[node]).KURRENTDB_INSECURE === 'true';
      if ((parsed.query.get('tls') === 'false') !== insecure) {
        problems.push(
          `${app}: EVENTSTORE_URL tls=${parsed.query.get('tls')} but ${node} has KURRENTDB_INSECURE=${insecure}`,
        );
      }
    }
  }
  for (const node of nodes) {
    const env = environmentOf(services[node]);
    if (env.KURRENTDB_CLUSTER_SIZE !== String(nodes.length)) {
      problems.push(
        `${node}: KURRENTDB_CLUSTER_SIZE is ${env.KURRENTDB_CLUSTER_SIZE}; the file has ${nodes.length} nodes`,
      );
    }
    const seeds = (env.KURRENTDB_GOSSIP_SEED ?? '').split(',').filter(Boolean).sort();
    const others = nodes.filter((other) => other !== node).map((other) => `${other}:${nodePort(other)}`);
    if (seeds.join(',') !== others.sort().join(',')) {
      problems.push(`${node}: KURRENTDB_GOSSIP_SEED is ${seeds.join(',')}; the other nodes are ${others.join(',')}`);
    }
  }

  // The read models: the PostgreSQL service, as the user, password and database it creates.
  const databaseUrl = appEnv.DATABASE_URL;
  let db: URL | undefined;
  try {
    db = databaseUrl === undefined ? undefined : new URL(databaseUrl);
  } catch {
    db = undefined;
  }
  if (db === undefined || !/^postgres(ql)?:$/.test(db.protocol)) {
    problems.push(`${app}: DATABASE_URL ${JSON.stringify(databaseUrl)} is no postgres:// URL`);
  } else {
    const pg = services[db.hostname];
    if (pg === undefined || !POSTGRES_IMAGE.test(pg.image ?? '')) {
      problems.push(`${app}: DATABASE_URL names host ${db.hostname}, which is no PostgreSQL service of the file`);
    } else {
      const pgEnv = environmentOf(pg);
      const expected = {
        port: pgEnv.PGPORT ?? '5432',
        user: pgEnv.POSTGRES_USER ?? 'postgres',
        password: pgEnv.POSTGRES_PASSWORD,
        database: pgEnv.POSTGRES_DB ?? pgEnv.POSTGRES_USER ?? 'postgres',
      };
      const actual = {
        port: db.port || '5432',
        user: decodeURIComponent(db.username),
        password: decodeURIComponent(db.password),
        database: decodeURIComponent(db.pathname.slice(1)),
      };
      for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
        if (actual[key] !== expected[key]) {
          problems.push(`${app}: DATABASE_URL has ${key} ${actual[key]}; ${db.hostname} sets up ${expected[key]}`);
        }
      }
      needsHealthy(db.hostname, 'DATABASE_URL');
    }
  }

  // The image the service is built from.
  const build = appService.build;
  if (build !== undefined) {
    const context = path.resolve(composeDir, typeof build === 'string' ? build : (build.context ?? '.'));
    const dockerfile = path.resolve(
      context,
      typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile'),
    );
    if (!existsSync(context)) problems.push(`${app}: build context ${context} does not exist`);
    if (!existsSync(dockerfile)) problems.push(`${app}: dockerfile ${dockerfile} does not exist`);
  }
  return problems;
}
