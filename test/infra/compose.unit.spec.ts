// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} here is compose's interpolation syntax, not a JS template.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE } from '@reckon/event-store-eventstoredb/testing';
import { describe, expect, it } from 'vitest';
import {
  type ComposeModel,
  composeProblems,
  composeSpecValidator,
  environmentOf,
  interpolate,
  loadCompose,
} from './compose-file.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMPOSE = path.join(ROOT, 'infra/compose.yaml');
const DOCKERFILE = path.join(ROOT, 'infra/Dockerfile');

/** `docker compose version` works: the client and its compose plugin are installed (no engine needed). */
function composeAvailable(): boolean {
  const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  return probe.status === 0;
}

const haveCompose = composeAvailable();
if (!haveCompose) {
  console.warn('infra: `docker compose` is not installed here; `docker compose config` validation skipped');
}

describe('infra/compose.yaml', () => {
  it.skipIf(!haveCompose)('is valid for docker compose, with the service wired to KurrentDB and PostgreSQL', () => {
    const result = spawnSync('docker', ['compose', '-f', COMPOSE, 'config', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, RECKON_API_KEYS: '' },
    });
    expect(result.status, result.stderr).toBe(0);
    const config = JSON.parse(result.stdout) as {
      services: Record<string, { image?: string; environment?: Record<string, string>; depends_on?: object }>;
    };
    expect(Object.keys(config.services).sort()).toEqual(['api', 'kdb1', 'kdb2', 'kdb3', 'postgres']);
    for (const node of ['kdb1', 'kdb2', 'kdb3']) {
      expect(config.services[node]?.image).toBe(IMAGE);
      expect(config.services[node]?.environment).toMatchObject({
        KURRENTDB_CLUSTER_SIZE: '3',
        KURRENTDB_INSECURE: 'true',
      });
    }
    expect(config.services.api?.environment?.EVENTSTORE_URL).toMatch(/^kurrentdb:\/\/kdb1:2113,kdb2:2113,kdb3:2113/);
    expect(config.services.api?.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
  });

  // Runs everywhere: what the file must say, read as text.
  it('names a three-node KurrentDB 26.1 cluster (the image of the tests) whose nodes gossip, and the service on both stores', () => {
    const text = readFileSync(COMPOSE, 'utf8');
    // 26.1: the multi-stream append with guards every command needs; the contract tests use the same image.
    expect(IMAGE).toMatch(/^kurrentplatform\/kurrentdb:26\.1\./);
    expect(text).toContain(`image: ${IMAGE}`);
    expect(text).toMatch(/KURRENTDB_CLUSTER_SIZE: "3"/);
    for (const [node, seeds] of [
      ['kdb1', 'kdb2:2113,kdb3:2113'],
      ['kdb2', 'kdb1:2113,kdb3:2113'],
      ['kdb3', 'kdb1:2113,kdb2:2113'],
    ]) {
      expect(text).toMatch(
        new RegExp(`\\n  ${node}:\\n(?:    .*\\n|      .*\\n)*?      KURRENTDB_GOSSIP_SEED: "${seeds}"`),
      );
      expect(text).toMatch(new RegExp(`\\n      - ${node}-data:/var/lib/kurrentdb\\n`));
    }
    expect(text).toMatch(/EVENTSTORE_URL: "kurrentdb:\/\/kdb1:2113,kdb2:2113,kdb3:2113\?tls=false"/);
    expect(text).toMatch(/DATABASE_URL: "postgres:\/\/reckon:reckon@postgres:5432\/reckon"/);
    expect(text).toContain('dockerfile: infra/Dockerfile');
  });
});

// Runs everywhere, with or without the compose plugin: the file read as compose reads it (merge keys,
// `${VAR:-default}` interpolated, here with no variable set), then the Compose Specification's schema,
// then what the schema cannot tell.
describe('infra/compose.yaml without docker', () => {
  const text = readFileSync(COMPOSE, 'utf8');
  const validate = composeSpecValidator();
  /** The schema's errors, else the problems of the wiring: empty when the file is sound. */
  const check = (source: string): string[] => {
    const model = loadCompose(source, {});
    const errors = validate(model);
    return errors.length > 0 ? errors : composeProblems(model as ComposeModel, 'api', path.dirname(COMPOSE));
  };

  it('is valid against the Compose Specification schema once interpolated', () => {
    const model = loadCompose(text, {});
    expect(validate(model)).toEqual([]);
    const { services } = model as ComposeModel;
    // The anchors were merged and the defaults applied, as `docker compose config` shows them.
    expect(services.kdb2?.image).toBe(IMAGE);
    expect(services.kdb2?.healthcheck?.test).toBeDefined();
    expect(environmentOf(services.kdb2)).toMatchObject({
      KURRENTDB_CLUSTER_SIZE: '3',
      KURRENTDB_NODE_HOST_ADVERTISE_AS: 'kdb2',
    });
    expect(environmentOf(services.api)).toMatchObject({
      RECKON_API_KEYS: '',
      RECKON_BILLING_TZ: 'Asia/Shanghai',
      LOG_LEVEL: 'info',
    });
    const withKeys = loadCompose(text, { RECKON_API_KEYS: 'k1,k2' }) as ComposeModel;
    expect(environmentOf(withKeys.services.api).RECKON_API_KEYS).toBe('k1,k2');
  });

  it('wires the service to the three KurrentDB nodes and PostgreSQL it waits for, by their service names and ports', () => {
    const model = loadCompose(text, {}) as ComposeModel;
    expect(composeProblems(model, 'api', path.dirname(COMPOSE))).toEqual([]);
  });

  // The same file broken one way at a time: each must fail, with the reason named.
  it.each([
    [
      'ports as a number',
      '    ports:\n      - "5432:5432"\n',
      '    ports: 5432\n',
      '/services/postgres/ports must be array',
    ],
    ['an unknown top-level key', '\nvolumes:\n', '\nvolume:\n', '"additionalProperty":"volume"'],
    ['a misspelled service key', '    depends_on:\n', '    depend_on:\n', '"additionalProperty":"depend_on"'],
    [
      'a duration as a number',
      'stop_grace_period: 20s',
      'stop_grace_period: 20',
      '/services/api/stop_grace_period must be string',
    ],
    [
      'an undefined service in depends_on',
      '      kdb3:\n        condition',
      '      kdb4:\n        condition',
      'depends_on names kdb4',
    ],
    [
      'no healthcheck on a service_healthy dependency',
      '    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U reckon -d reckon"]\n',
      '    healthcheck:\n',
      'waits for postgres to be service_healthy',
    ],
    [
      'a node missing from EVENTSTORE_URL',
      'kdb1:2113,kdb2:2113,kdb3:2113?tls',
      'kdb1:2113,kdb2:2113?tls',
      'the KurrentDB services are kdb1,kdb2,kdb3',
    ],
    [
      'a published port in EVENTSTORE_URL',
      'kdb2:2113,kdb3:2113?tls',
      'kdb2:2114,kdb3:2113?tls',
      'EVENTSTORE_URL has kdb2:2114',
    ],
    ['tls on against insecure nodes', '?tls=false"', '?tls=true"', 'KURRENTDB_INSECURE=true'],
    ['DATABASE_URL on localhost', '@postgres:5432/reckon', '@localhost:5432/reckon', 'names host localhost'],
    ['DATABASE_URL on another database', '@postgres:5432/reckon', '@postgres:5432/billing', 'has database billing'],
    [
      'a gossip seed on the wrong node',
      'KURRENTDB_GOSSIP_SEED: "kdb1:2113,kdb3:2113"',
      'KURRENTDB_GOSSIP_SEED: "kdb1:2113,kdb2:2113"',
      'kdb2: KURRENTDB_GOSSIP_SEED',
    ],
    ['an undeclared named volume', '  api-data:\n', '', 'mounts volume api-data'],
    ['a default that fails', '${LOG_LEVEL:-info}', '${LOG_LEVEL:?set LOG_LEVEL}', 'required variable LOG_LEVEL'],
  ])('fails on %s', (_name, from, to, reason) => {
    expect(text).toContain(from);
    const broken = text.replace(from, to);
    let found: string[];
    try {
      found = check(broken);
    } catch (error) {
      found = [String(error)];
    }
    expect(found.join('\n')).toContain(reason);
  });
});

describe('compose interpolation', () => {
  it('resolves variables and defaults as compose does', () => {
    const env = { SET: 'v', EMPTY: '' };
    expect(interpolate('${SET:-d} ${EMPTY:-d} ${UNSET:-d}', env)).toBe('v d d');
    expect(interpolate('${SET-d} ${EMPTY-d} ${UNSET-d}', env)).toBe('v  d');
    expect(interpolate('${SET:+a} ${EMPTY:+a} ${EMPTY+a} ${UNSET+a}', env)).toBe('a  a ');
    expect(interpolate('$SET-${UNSET}-$$SET-${UNSET:-${SET}}', env)).toBe('v--$SET-v');
    expect(() => interpolate('${EMPTY:?needed}', env)).toThrow('required variable EMPTY is missing a value: needed');
    expect(interpolate('${EMPTY?needed}', env)).toBe('');
    expect(() => interpolate('cost: 5$', env)).toThrow('invalid interpolation format');
    expect(() => interpolate('${SET', env)).toThrow('invalid interpolation format');
  });
});

describe('infra/Dockerfile', () => {
  it('copies every workspace manifest the lockfile knows and runs the service with node itself', () => {
    const text = readFileSync(DOCKERFILE, 'utf8');
    const workspace = readFileSync(path.join(ROOT, 'pnpm-lock.yaml'), 'utf8');
    const importers = [...workspace.matchAll(/^ {2}([\w./-]+):\n/gm)]
      .map((m) => m[1]!)
      .filter((name) => name !== '.' && /^(packages|services|test)/.test(name));
    expect(importers.length).toBeGreaterThan(5);
    for (const importer of importers) expect(text).toContain(`COPY ${importer}/package.json ${importer}/`);
    expect(text).toContain('STOPSIGNAL SIGTERM');
  });

  it('builds in one stage and runs the compiled service with production dependencies only, as a non-root user, on a supported Node.js', () => {
    const text = readFileSync(DOCKERFILE, 'utf8');
    const instructions = text.replace(/^#.*\n/gm, '');
    const stages = instructions.split(/^(?=FROM )/m).slice(1);
    expect(stages).toHaveLength(2);
    const [build, runtime] = stages as [string, string];
    expect(build).toMatch(/^FROM node:(22|24)[\w.-]* AS build$/m);
    expect(build).toMatch(/^RUN pnpm build && pnpm --filter @reckon\/api deploy --prod \/app$/m);
    // Node 20 left maintenance on 2026-04-30; the runtime is an LTS line, slim.
    expect(runtime).toMatch(/^FROM node:(22|24)-[\w.-]*slim AS runtime$/m);
    expect(runtime).toContain('COPY --from=build /app /app');
    // The partner centre the API serves at / (services/api/src/plugins/web.ts resolves WEB_DIST to /web/dist here).
    expect(runtime).toContain('COPY --from=build /src/services/web/dist /web/dist');
    expect(runtime).not.toMatch(/pnpm|tsx|COPY (packages|services)/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/main.js"\]$/m);
  });
});
