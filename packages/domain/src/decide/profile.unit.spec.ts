import { describe, expect, it } from 'vitest';
import type { PartnerState } from '../aggregates/state.js';
import { parseEvent } from '../events/parse.js';
import { BatchPlanner, type StreamSnapshot } from '../plan.js';
import { event, givenWhen, InMemoryLog } from '../testing/decider-spec.js';
import { ev } from '../testing/fixtures.js';

const raw = (data: Record<string, unknown>, type = 'PartnerProfileChanged') => ({
  eventId: '6f1c2b9e-0a4d-4c7e-8b2f-000000000001',
  type,
  occurredAt: '2026-10-05T10:00:00+08:00',
  data,
});

const errorsOf = (data: Record<string, unknown>, type?: string) => {
  const r = parseEvent(raw(data, type));
  return r.ok ? [] : r.errors;
};

describe('PartnerProfileChanged: parse', () => {
  it('takes any of timeZone, language, level', () => {
    expect(errorsOf({ partnerId: 'dist', timeZone: 'Asia/Hong_Kong' })).toEqual([]);
    expect(errorsOf({ partnerId: 'dist', language: 'zh-CN' })).toEqual([]);
    expect(errorsOf({ partnerId: 'dist', language: 'zh-Hans-CN' })).toEqual([]);
    expect(errorsOf({ partnerId: 'dist', language: 'en' })).toEqual([]);
    expect(errorsOf({ partnerId: 'dist', level: 'platinum' })).toEqual([]);
  });

  it('needs at least one of them', () => {
    expect(errorsOf({ partnerId: 'dist' })).toEqual([
      { path: '/data', message: 'must give at least one of timeZone, language, level' },
    ]);
  });

  it('refuses an unknown time zone, as PartnerRegistered does', () => {
    expect(errorsOf({ partnerId: 'dist', timeZone: 'Mars/Olympus' })).toEqual([
      { path: '/data/timeZone', message: 'must be an IANA time zone like "Asia/Shanghai" (got "Mars/Olympus")' },
    ]);
  });

  it('refuses a language that is not a well-formed BCP 47 tag', () => {
    for (const language of ['zh_CN', 'chinese-simplified-x', 'en-', '12', 'e', 'zh-CN-abcdefghi']) {
      expect(errorsOf({ partnerId: 'dist', language })).toEqual([
        {
          path: '/data/language',
          message: `must be a BCP 47 language tag like "zh-CN" or "en" (got ${JSON.stringify(language)})`,
        },
      ]);
    }
    expect(errorsOf({ partnerId: 'dist', language: 'x'.repeat(65) })[0]?.path).toBe('/data/language');
    expect(errorsOf({ partnerId: 'dist', language: '' })[0]?.path).toBe('/data/language');
  });

  it('bounds the level like free text and refuses unknown fields', () => {
    expect(errorsOf({ partnerId: 'dist', level: 'x'.repeat(1025) })[0]?.path).toBe('/data/level');
    expect(errorsOf({ partnerId: 'dist', level: 'gold', name: 'New' })).toEqual([
      { path: '/data/name', message: 'is not a known field' },
    ]);
  });
});

describe('CustomerAssociated.accountName', () => {
  const associated = (accountName: unknown) => ({
    customerId: 'cust',
    customerName: 'Cust',
    partnerId: 'dist',
    associationType: 'referral',
    accountName,
  });
  it('is optional free text of at most 1,024 characters', () => {
    expect(errorsOf(associated('acme-prod'), 'CustomerAssociated')).toEqual([]);
    expect(errorsOf(associated('x'.repeat(1024)), 'CustomerAssociated')).toEqual([]);
    expect(errorsOf(associated('x'.repeat(1025)), 'CustomerAssociated')[0]?.path).toBe('/data/accountName');
    expect(errorsOf(associated(42), 'CustomerAssociated')[0]?.path).toBe('/data/accountName');
  });
});

const change = (data: Partial<{ partnerId: string; timeZone: string; language: string; level: string }>) =>
  event('PartnerProfileChanged', { partnerId: 'dist', ...data });

describe('PartnerProfileChanged: decide and evolve', () => {
  it('referenced-id-exists: the partner is registered', () => {
    const then = givenWhen([], [change({ language: 'en' })]);
    expect(then.result).toMatchObject({ kind: 'refused', rule: 'referenced-id-exists', index: 0 });
  });

  it('is appended to partner-<id> and replaces only the fields it gives', () => {
    const then = givenWhen([ev.distributor()], [change({ language: 'zh-CN' }), change({ level: 'platinum' })]);
    expect(then.result.kind).toBe('planned');
    if (then.result.kind !== 'planned') return;
    expect(then.result.requests.map((r) => [r.streamId, r.events.length])).toEqual([['partner-dist', 2]]);
    const before = new InMemoryLog();
    before.append([ev.distributor()]);
    const registered = before.snapshot('partner-dist').state as PartnerState;
    const state = then.result.snapshots[0]!.state as PartnerState;
    expect(state).toEqual({ ...registered, language: 'zh-CN', level: 'platinum' });
    expect(state.timeZone).toBe(registered.timeZone);
  });
});

describe('PartnerProfileChanged: a partner key (SPEC §6 partner actions)', () => {
  function asPartner(partnerId: string, when: ReturnType<typeof change>) {
    const log = new InMemoryLog();
    log.append([ev.distributor(), ev.distributor({ partnerId: 'd2' })]);
    const loaded = new Map<string, StreamSnapshot>();
    const planner = new BatchPlanner([when], (id) => loaded.get(id), { asPartner: partnerId });
    for (;;) {
      const r = planner.next();
      if (r.kind !== 'need') return r;
      for (const id of r.streamIds) loaded.set(id, log.snapshot(id));
    }
  }

  it('may change its own time zone and language', () => {
    expect(asPartner('dist', change({ timeZone: 'Europe/Berlin', language: 'en' })).kind).toBe('planned');
  });

  it('may not change its own level, nor another partner’s profile (403 before any invariant)', () => {
    expect(asPartner('dist', change({ level: 'platinum' }))).toMatchObject({
      kind: 'forbidden',
      detail: 'partner "dist" may not change its own level',
    });
    expect(asPartner('d2', change({ language: 'en' }))).toMatchObject({
      kind: 'forbidden',
      detail: 'partner "d2" may change only its own profile',
    });
    expect(asPartner('d2', change({ partnerId: 'ghost', language: 'en' }))).toMatchObject({ kind: 'forbidden' });
  });
});
