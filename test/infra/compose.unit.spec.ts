import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
  it.skipIf(!haveCompose)('is valid for docker compose, with the service wired to EventStoreDB and PostgreSQL', () => {
    const result = spawnSync('docker', ['compose', '-f', COMPOSE, 'config', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, RECKON_API_KEYS: '' },
    });
    expect(result.status, result.stderr).toBe(0);
    const config = JSON.parse(result.stdout) as {
      services: Record<string, { image?: string; environment?: Record<string, string>; depends_on?: object }>;
    };
    expect(Object.keys(config.services).sort()).toEqual(['api', 'esdb1', 'esdb2', 'esdb3', 'postgres']);
    for (const node of ['esdb1', 'esdb2', 'esdb3']) {
      expect(config.services[node]?.image).toBe('eventstore/eventstore:24.10');
      expect(config.services[node]?.environment).toMatchObject({
        EVENTSTORE_CLUSTER_SIZE: '3',
        EVENTSTORE_INSECURE: 'true',
      });
    }
    expect(config.services.api?.environment?.EVENTSTORE_URL).toMatch(/^esdb:\/\/esdb1:2113,esdb2:2113,esdb3:2113/);
    expect(config.services.api?.environment?.DATABASE_URL).toMatch(/@postgres:5432\//);
  });

  // Runs everywhere: what the file must say, read as text.
  it('names a three-node 24.10 cluster whose nodes gossip with each other, and the service on both stores', () => {
    const text = readFileSync(COMPOSE, 'utf8');
    expect(text).toContain('image: eventstore/eventstore:24.10');
    expect(text).toMatch(/EVENTSTORE_CLUSTER_SIZE: "3"/);
    for (const [node, seeds] of [
      ['esdb1', 'esdb2:2113,esdb3:2113'],
      ['esdb2', 'esdb1:2113,esdb3:2113'],
      ['esdb3', 'esdb1:2113,esdb2:2113'],
    ]) {
      expect(text).toMatch(
        new RegExp(`\\n  ${node}:\\n(?:    .*\\n|      .*\\n)*?      EVENTSTORE_GOSSIP_SEED: "${seeds}"`),
      );
    }
    expect(text).toMatch(/EVENTSTORE_URL: "esdb:\/\/esdb1:2113,esdb2:2113,esdb3:2113\?tls=false"/);
    expect(text).toMatch(/DATABASE_URL: "postgres:\/\/reckon:reckon@postgres:5432\/reckon"/);
    expect(text).toContain('dockerfile: infra/Dockerfile');
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
    expect(text).toMatch(/^CMD \["node", "--import", "tsx", "services\/api\/src\/main.ts"\]$/m);
    expect(text).toContain('STOPSIGNAL SIGTERM');
  });
});
