import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openTestApp, type TestApp } from '../testing/harness.js';
import { WEB_CSP } from './web.js';

describe('the web partner centre served by the API (plugins/web.ts)', () => {
  const db = useTestDatabase('api_web');
  let dist: string;
  let built: TestApp;
  let unbuilt: TestApp;
  let plain: TestApp;
  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'reckon-web-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>centre</title>');
    await writeFile(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    built = await openTestApp(db.url, { web: { dist } });
    unbuilt = await openTestApp(db.url, { web: { dist: path.join(dist, 'missing') } });
    plain = await openTestApp(db.url);
  });
  afterAll(async () => {
    await built?.close();
    await unbuilt?.close();
    await plain?.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('serves the page at / and at any client-side route, without a key, under its own CSP', async () => {
    for (const url of ['/', '/incentives', '/statements?partner=D100', '/a/b']) {
      const answer = await built.app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/html/);
      expect(answer.body).toContain('<title>centre</title>');
      expect(answer.headers['content-security-policy']).toBe(WEB_CSP);
    }
    const asset = await built.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.headers['content-security-policy']).toBe(WEB_CSP);
  });

  it('never shadows the API: unknown /v1, /docs, /metrics paths, files and other methods stay problems', async () => {
    for (const url of ['/v1/nope', '/v1', '/docs/nope', '/metrics/x', '/healthz/x', '/favicon.ico', '/assets/x.js']) {
      const answer = await built.app.inject({ method: 'GET', url, headers: bearer('admin') });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const post = await built.app.inject({ method: 'POST', url: '/incentives' });
    expect(post.statusCode).toBe(404);
    // The API's routes keep their key check and their own policy.
    expect((await built.app.inject({ method: 'GET', url: '/v1/streams/s-1/events' })).statusCode).toBe(401);
    const health = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });

  it('without a build the service starts, and / says to run pnpm build', async () => {
    const answer = await unbuilt.app.inject({ method: 'GET', url: '/' });
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.json().detail).toContain('pnpm build');
    expect((await unbuilt.app.inject({ method: 'GET', url: '/incentives' })).statusCode).toBe(404);
  });

  it('is not served when the app is built without it (tests of the API alone)', async () => {
    expect((await plain.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
  });
});
