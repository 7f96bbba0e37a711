import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: path.resolve('.reckon'),
      billingTimeZone: 'Asia/Shanghai',
      apiKeys: undefined,
      bodyLimit: 8 * 1024 * 1024,
      requestTimeoutMs: 10_000,
      rateLimit: { max: 3000, windowMs: 10_000 },
      loadShedding: { maxEventLoopDelayMs: 1000, maxHeapPercent: 90 },
      logLevel: 'info',
      projections: 'thread',
      shareAppends: undefined,
    });
  });

  it('reads and checks every variable', () => {
    const config = loadConfig({
      PORT: '3123',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      RECKON_DATA_DIR: '/tmp/x',
      RECKON_BILLING_TZ: 'Europe/Berlin',
      RECKON_API_KEYS: '[{"key":"secret-admin","role":"admin"}]',
      RECKON_BODY_LIMIT: '2048',
      RECKON_REQUEST_TIMEOUT_MS: '30000',
      RECKON_RATE_LIMIT_MAX: '0',
      RECKON_RATE_LIMIT_WINDOW_MS: '60000',
      RECKON_LOAD_SHED_EVENT_LOOP_DELAY_MS: '250',
      RECKON_LOAD_SHED_HEAP_PERCENT: '0',
      LOG_LEVEL: 'warn',
      RECKON_PROJECTIONS: 'none',
      RECKON_SHARE_APPENDS: 'on',
    });
    expect(config).toMatchObject({
      port: 3123,
      dataDir: '/tmp/x',
      billingTimeZone: 'Europe/Berlin',
      bodyLimit: 2048,
      requestTimeoutMs: 30_000,
      rateLimit: { max: 0, windowMs: 60_000 },
      loadShedding: { maxEventLoopDelayMs: 250, maxHeapPercent: 0 },
      projections: 'none',
      shareAppends: { host: '127.0.0.1' },
    });
    expect(loadConfig({ RECKON_SHARE_APPENDS: '10.0.0.7' }).shareAppends).toEqual({ host: '10.0.0.7' });
    expect(config.apiKeys).toEqual([{ key: 'secret-admin', role: 'admin' }]);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/PORT/);
    expect(() => loadConfig({ RECKON_RATE_LIMIT_MAX: '-1' })).toThrow(/RECKON_RATE_LIMIT_MAX/);
    expect(() => loadConfig({ RECKON_RATE_LIMIT_WINDOW_MS: '1m' })).toThrow(/RECKON_RATE_LIMIT_WINDOW_MS/);
    expect(() => loadConfig({ RECKON_LOAD_SHED_HEAP_PERCENT: '101' })).toThrow(/RECKON_LOAD_SHED_HEAP_PERCENT/);
    expect(() => loadConfig({ RECKON_BILLING_TZ: 'Mars/Olympus' })).toThrow(/RECKON_BILLING_TZ/);
    expect(() => loadConfig({ DATABASE_URL: 'notaurl' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).databaseUrl).toBe('postgresql://u@h/db');
    expect(() => loadConfig({ RECKON_API_KEYS: '[{"key":"k"}]' })).toThrow(/RECKON_API_KEYS/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ RECKON_PROJECTIONS: 'worker' })).toThrow(
      /RECKON_PROJECTIONS must be one of thread, in-process, none/,
    );
    expect(() => loadConfig({ RECKON_REQUEST_TIMEOUT_MS: '10' })).toThrow(/RECKON_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ RECKON_SHARE_APPENDS: 'yes please' })).toThrow(/RECKON_SHARE_APPENDS/);
  });
});
