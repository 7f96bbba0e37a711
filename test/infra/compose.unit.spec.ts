import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IMAGE } from '@reckon/event-store-eventstoredb/testing';
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
