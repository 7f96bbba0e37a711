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
      bodyLimit: 1024 * 1024,
      requestTimeoutMs: 10_000,
      logLevel: 'info',
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
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 3123,
      dataDir: '/tmp/x',
      billingTimeZone: 'Europe/Berlin',
      bodyLimit: 2048,
      requestTimeoutMs: 30_000,
    });
    expect(config.apiKeys).toEqual([{ key: 'secret-admin', role: 'admin' }]);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(/PORT/);
    expect(() => loadConfig({ RECKON_BILLING_TZ: 'Mars/Olympus' })).toThrow(/RECKON_BILLING_TZ/);
    expect(() => loadConfig({ RECKON_API_KEYS: '[{"key":"k"}]' })).toThrow(/RECKON_API_KEYS/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ RECKON_REQUEST_TIMEOUT_MS: '10' })).toThrow(/RECKON_REQUEST_TIMEOUT_MS/);
  });
});
