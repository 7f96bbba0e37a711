import { describe, expect, it } from 'vitest';
import { EXAMPLES, type ExampleEnvelope } from '../examples.js';
import { periodOf } from '../period.js';
import { characterCount, MAX_JSON_DEPTH, textProblem, utf8Length, valueBoundErrors } from './bounds.js';
import { ID_PATTERN } from './fields.js';
import { parseEvent } from './parse.js';

const byType = (type: string): ExampleEnvelope => {
  const found = EXAMPLES.find((e) => e.type === type);
  if (!found) throw new Error(`no example of ${type}`);
  return found;
};

/** The example of `type` with `data` fields replaced (undefined removes one). */
function example(type: string, data: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) {
  const base = structuredClone(byType(type));
  const merged: Record<string, unknown> = { ...base.data, ...data };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return { ...base, data: merged, ...envelope };
}

function errorsOf(raw: unknown): string[] {
  const r = parseEvent(raw);
  if (r.ok) throw new Error(`expected errors for ${JSON.stringify(raw).slice(0, 200)}`);
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

const ok = (raw: unknown) => {
  const r = parseEvent(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  return r.event;
};

/** Every string in a value with its JSON pointer and a setter. */
function stringLeaves(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, `${path}/${k}`));
}

function setAt(root: unknown, path: string, value: unknown): void {
  const keys = path.split('/').slice(1);
  let node = root as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys[keys.length - 1] as string] = value;
}

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('SPEC §1 bounds in parseEvent', () => {
  it('accepts every example as it is (the bounds leave ordinary events alone)', () => {
    for (const e of EXAMPLES) ok(e);
  });

  it('refuses a NUL or an unpaired surrogate in every string of every example, naming the field', () => {
    let checked = 0;
    for (const e of EXAMPLES) {
      for (const path of stringLeaves(e)) {
        for (const [bad, message] of [
          ['\u0000', 'must not contain a NUL character (U+0000)'],
          ['\ud800', 'must not contain an unpaired surrogate (U+D800–U+DFFF)'],
          ['\udc00x', 'must not contain an unpaired surrogate (U+D800–U+DFFF)'],
        ] as const) {
          const raw = structuredClone(e);
          setAt(raw, path, `a${bad}b`);
          expect(errorsOf(raw), `${e.type} ${path}`).toContain(`${path}: ${message}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
    // A surrogate pair is one character, and fine.
    ok(example('PartnerRegistered', { name: 'Cloud 😀 Ltd' }));
  });

  it('refuses a NUL or unpaired surrogate in keys, metadata and spec objects too', () => {
    expect(errorsOf(example('OrderPlaced', { resources: [{ resourceId: 'r', spec: { 'c\u0000pu': 2 } }] }))).toEqual([
      '/data/resources/0/spec/c\u0000pu: has a key that must not contain a NUL character (U+0000)',
    ]);
    expect(errorsOf(example('PartnerRegistered', {}, { metadata: { correlationId: 'x\ud83d' } }))).toEqual([
      '/metadata/correlationId: must not contain an unpaired surrogate (U+D800–U+DFFF)',
    ]);
    expect(errorsOf(example('PartnerRegistered', {}, { metadata: { note: ['ok', 'n\u0000'] } }))).toEqual([
      '/metadata/note/1: must not contain a NUL character (U+0000)',
    ]);
  });

  it('takes amounts of at most 15 integer digits in every amount field, signed or not', () => {
    const fifteen = '999999999999999.99999999';
    const sixteen = '1000000000000000';
    const cases: [string, string, Record<string, unknown>][] = [
      ['OrderPlaced', 'amount', { listAmount: sixteen, amount: sixteen, voucherAmount: '0' }],
      ['OrderPlaced', 'listAmount', { listAmount: sixteen }],
      ['OrderPlaced', 'voucherAmount', { voucherAmount: sixteen }],
      ['OrderRefunded', 'amount', { amount: sixteen }],
      ['SpecChanged', 'amount', { amount: `-${sixteen}` }],
      ['OnDemandCharged', 'amount', { amount: sixteen }],
      ['OnDemandCharged', 'quantity', { quantity: sixteen }],
      ['AdjustmentPosted', 'amount', { amount: '-100000000000000000000000' }],
      ['FundsAllocated', 'amount', { amount: sixteen }],
      ['FundsReclaimed', 'amount', { amount: sixteen }],
      ['VoucherQuotaGranted', 'amount', { amount: sixteen }],
      ['VoucherQuotaReclaimed', 'amount', { amount: sixteen }],
      ['VoucherIssued', 'amount', { amount: sixteen }],
    ];
    for (const [type, field, data] of cases) {
      const errors = errorsOf(example(type, data));
      expect(
        errors.some((e) => e.startsWith(`/data/${field}: must`)),
        `${type}.${field}: ${errors}`,
      ).toBe(true);
    }
    expect(errorsOf(example('AdjustmentPosted', { amount: '-100000000000000000000000' }))).toEqual([
      '/data/amount: must have at most 15 integer digits (got 24)',
    ]);
    // 15 digits and 8 fraction digits: the largest amount there is.
    ok(example('AdjustmentPosted', { amount: `-${fifteen}` }));
    ok(example('FundsAllocated', { amount: fifteen }));
    ok(example('OrderPlaced', { listAmount: fifteen, amount: fifteen, voucherAmount: fifteen }));
    // Tiers and statement totals are amounts as well.
    const rules = byType('IncentiveRulesPublished');
    expect(errorsOf(example('IncentiveRulesPublished', { tiers: [{ minNet: sixteen, bonusRate: '0.01' }] }))).toEqual([
      '/data/tiers/0/minNet: must have at most 15 integer digits (got 16)',
    ]);
    expect(rules).toBeDefined();
  });

  it('counts characters as code points: an emoji is one, as a Chinese character is', () => {
    const emoji = '\u{1F600}';
    // Ids: 128 characters at most, with and without a regular expression's u flag (ajv uses it).
    for (const flags of ['', 'u']) {
      const id = new RegExp(ID_PATTERN, flags);
      expect([emoji.repeat(128), 'x'.repeat(128), '中'.repeat(128)].map((s) => id.test(s))).toEqual([true, true, true]);
      expect([emoji.repeat(129), 'x'.repeat(129), 'a b'].map((s) => id.test(s))).toEqual([false, false, false]);
    }
    expect(ok(example('PartnerRegistered', { partnerId: emoji.repeat(128) })).data).toMatchObject({
      partnerId: emoji.repeat(128),
    });
    expect(errorsOf(example('PartnerRegistered', { partnerId: emoji.repeat(129) }))).toEqual([
      expect.stringMatching(/^\/data\/partnerId: must be a partner id \(1–128 characters/),
    ]);
    // Free text: 1,024 characters at most, in a field's schema and in the bounds of every string.
    expect(ok(example('PartnerRegistered', { name: emoji.repeat(1024) })).data).toMatchObject({
      name: emoji.repeat(1024),
    });
    expect(errorsOf(example('PartnerRegistered', { name: emoji.repeat(1025) }))).toContain(
      '/data/name: must be at most 1,024 characters',
    );
    expect(characterCount(`a${emoji}中`)).toBe(3);
    expect(ok(example('PartnerRegistered', {}, { metadata: { correlationId: emoji.repeat(128) } })).metadata).toEqual({
      correlationId: emoji.repeat(128),
    });
  });

  it('takes integers a column and JavaScript hold exactly: revisions up to 10^9 (the column holds the engine’s next ones), rule versions below 2^53', () => {
    ok(example('StatementRevisionPublished', { revision: 1_000_000_000 }));
    for (const revision of [1_000_000_001, 2 ** 31]) {
      expect(errorsOf(example('StatementRevisionPublished', { revision }))[0]).toMatch(/^\/data\/revision: must be/);
    }
    ok(example('IncentiveRulesPublished', { version: Number.MAX_SAFE_INTEGER }));
    expect(errorsOf(example('IncentiveRulesPublished', { version: 1e300 }))[0]).toMatch(/^\/data\/version: must be/);
  });

  it('takes a number quantity below 10^15 only (1e400 parses as Infinity)', () => {
    ok(example('OnDemandCharged', { quantity: 999_999_999_999_999 }));
    for (const quantity of [1e15, 1e22, Number.POSITIVE_INFINITY]) {
      expect(errorsOf(example('OnDemandCharged', { quantity }))[0]).toMatch(/^\/data\/quantity: must be/);
    }
    // Nor is any other number beyond a double, wherever it is.
    expect(
      errorsOf(example('OrderPlaced', { resources: [{ resourceId: 'r', spec: { cpu: JSON.parse('1e400') } }] })),
    ).toEqual(['/data/resources/0/spec/cpu: must be a finite number (got one beyond the range of a double)']);
  });

  it('takes times in the years 1970–9998 with offsets within ±14:00, in every time field', () => {
    const timeFields: [string, string][] = [
      ['OrderPlaced', 'termEnd'],
      ['OnDemandCharged', 'windowStart'],
      ['DiscountGranted', 'validFrom'],
      ['DiscountChanged', 'effectiveFrom'],
      ['DiscountRevoked', 'effectiveFrom'],
      ['VoucherQuotaGranted', 'expiresAt'],
      ['VoucherIssued', 'expiresAt'],
    ];
    const bad: [string, string][] = [
      ['0000-01-01T00:00:00Z', 'must lie in the years 1970–9998'],
      ['1969-12-31T23:59:59Z', 'must lie in the years 1970–9998'],
      ['9999-12-31T23:59:59-05:00', 'must lie in the years 1970–9998'],
      ['2026-10-05T10:00:00+16:00', 'must have an offset within ±14:00'],
      ['2026-10-05T10:00:00-14:01', 'must have an offset within ±14:00'],
    ];
    for (const [value, message] of bad) {
      expect(errorsOf(example('PartnerRegistered', {}, { occurredAt: value }))).toEqual([
        `/occurredAt: ${message} (got ${JSON.stringify(value)})`,
      ]);
      for (const [type, field] of timeFields) {
        const errors = errorsOf(example(type, { [field]: value }));
        expect(errors, `${type}.${field}`).toContain(`/data/${field}: ${message} (got ${JSON.stringify(value)})`);
      }
    }
    // The extremes themselves are accepted.
    for (const occurredAt of ['1970-01-01T00:00:00+14:00', '9998-12-31T23:59:59.999999999-14:00']) {
      ok(example('PartnerRegistered', {}, { occurredAt }));
      ok(example('VoucherIssued', { expiresAt: occurredAt }));
    }
  });

  it('books the extreme times into months the period code handles (9999-01 and 1969-12 at most)', () => {
    // 9998-12-31T23:59:59-14:00 is 9999-01-01T13:59:59Z: January 9999 in Shanghai and in UTC+14.
    expect(periodOf('9998-12-31T23:59:59-14:00', 'Asia/Shanghai')).toBe('9999-01');
    expect(periodOf('9998-12-31T23:59:59.999999999-14:00', 'Pacific/Kiritimati')).toBe('9999-01');
    expect(periodOf('1970-01-01T00:00:00+14:00', 'Etc/GMT+12')).toBe('1969-12');
    expect(periodOf('1970-01-01T00:00:00+14:00', 'Asia/Shanghai')).toBe('1969-12');
  });

  it('takes periods only among the months a bounded time can fall in (1969-12 … 9999-01)', () => {
    for (const period of ['9999-12', '0000-01', '1969-11', '9999-02']) {
      expect(errorsOf(example('BillingPeriodClosed', { period }))).toEqual([
        `/data/period: must be a month from 1969-12 to 9999-01 (got ${JSON.stringify(period)})`,
      ]);
    }
    for (const period of ['1969-12', '9998-12', '2026-09']) ok(example('BillingPeriodClosed', { period }));
    // The latest month cannot close: what it would forward has no later month to be booked into.
    expect(errorsOf(example('BillingPeriodClosed', { period: '9999-01' }))).toEqual([
      '/data/period: must be before 9999-01: closing it would leave its events no later period to be booked into (got "9999-01")',
    ]);
    ok(example('AdjustmentPosted', { correctsPeriod: '9999-01' }));
    expect(errorsOf(example('AdjustmentPosted', { correctsPeriod: '0000-01' }))[0]).toMatch(/^\/data\/correctsPeriod/);
    expect(errorsOf(example('IncentiveRulesPublished', { effectiveFrom: '9999-12' }))[0]).toMatch(
      /^\/data\/effectiveFrom/,
    );
  });

  it('takes ids of at most 128 characters and free text of at most 1,024', () => {
    ok(example('PartnerRegistered', { partnerId: 'p'.repeat(128), name: 'n'.repeat(1024), level: 'l'.repeat(1024) }));
    expect(errorsOf(example('PartnerRegistered', { partnerId: 'p'.repeat(129) }))[0]).toMatch(
      /^\/data\/partnerId: must be a partner id \(1–128 characters/,
    );
    for (const [type, field] of [
      ['PartnerRegistered', 'name'],
      ['PartnerRegistered', 'level'],
      ['CustomerAssociated', 'customerName'],
      ['CustomerAssociated', 'accountManager'],
      ['AdjustmentPosted', 'reason'],
      ['SpecChanged', 'fromSpec'],
      ['OnDemandCharged', 'unit'],
    ] as const) {
      expect(errorsOf(example(type, { [field]: 'x'.repeat(1025) })), `${type}.${field}`).toEqual([
        `/data/${field}: must be at most 1,024 characters`,
      ]);
    }
    // Strings inside a spec object and metadata are free text too, and so are keys.
    expect(
      errorsOf(example('OrderPlaced', { resources: [{ resourceId: 'r', spec: { note: 'x'.repeat(1025) } }] })),
    ).toEqual(['/data/resources/0/spec/note: must be at most 1,024 characters']);
    expect(
      errorsOf(example('OrderPlaced', { resources: [{ resourceId: 'r', spec: { ['k'.repeat(1025)]: 1 } }] })),
    ).toHaveLength(1);
  });

  it('takes metadata of at most 8 KiB as JSON, whose causationId and correlationId are ids', () => {
    const at = (metadata: unknown) => example('PartnerRegistered', {}, { metadata });
    // {"a":["…",…]}: 8 strings of 1,010 characters and one that fills the rest up to exactly 8,192 bytes.
    const parts = Array.from({ length: 8 }, () => 'x'.repeat(1010));
    const used = utf8Length(JSON.stringify({ a: [...parts, ''] }));
    const exact = { a: [...parts, 'y'.repeat(8192 - used)] };
    expect(utf8Length(JSON.stringify(exact))).toBe(8192);
    ok(at(exact));
    const over = { a: [...parts, 'y'.repeat(8193 - used)] };
    expect(errorsOf(at(over))).toEqual(['/metadata: must be at most 8192 bytes as JSON (8 KiB; got 8193)']);
    // Metadata is bounded as a whole, not as free text: one string may fill it.
    const note = (length: number) => ({ note: 'n'.repeat(length) });
    const fill = 8192 - utf8Length(JSON.stringify(note(0)));
    ok(at(note(fill)));
    expect(errorsOf(at(note(fill + 1)))).toEqual(['/metadata: must be at most 8192 bytes as JSON (8 KiB; got 8193)']);
    expect(errorsOf(at(note(8193)))).toEqual([
      '/metadata/note: must be at most 8,192 characters (metadata is at most 8 KiB)',
    ]);
    // Keys in metadata too; in data a string keeps the 1,024 of free text.
    ok(at({ ['k'.repeat(2000)]: 1 }));
    expect(errorsOf(example('PartnerRegistered', { name: 'n'.repeat(1025) }))).toEqual([
      '/data/name: must be at most 1,024 characters',
    ]);
    // Bytes, not characters: 3,000 Chinese characters are 9,000 bytes.
    expect(errorsOf(at({ a: ['中'.repeat(1000), '文'.repeat(1000), '字'.repeat(1000)] }))[0]).toMatch(
      /^\/metadata: must be at most 8192 bytes/,
    );
    ok(at({ causationId: 'c'.repeat(128), correlationId: 'x' }));
    expect(errorsOf(at({ causationId: 'c'.repeat(129) }))).toEqual([
      '/metadata/causationId: must be an id: a string of 1–128 characters (got 129 characters)',
    ]);
    expect(errorsOf(at({ correlationId: 42 }))).toEqual([
      '/metadata/correlationId: must be an id: a string of 1–128 characters (got number)',
    ]);
    // The 900 kB causationId of the issue: refused before anything measures the rest.
    expect(errorsOf(at({ causationId: 'c'.repeat(900_000) }))[0]).toMatch(/^\/metadata\/causationId: must be at most/);
  });

  it(`nests at most ${MAX_JSON_DEPTH} levels, counting the envelope as level 1, and never recurses deeper`, () => {
    // envelope(1) > data(2) > resources(3) > resource(4) > spec(5): spec may hold 27 more levels.
    const at = (depth: number) =>
      example('OrderPlaced', { resources: [{ resourceId: 'r', spec: nested(depth) as Record<string, unknown> }] });
    ok(at(28));
    const errors = errorsOf(at(29));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBe(
      `/data/resources/0/spec${'/a'.repeat(28)}: nests too deep: JSON nesting is at most 32 levels`,
    );
    // The 3,500 levels (and far more) answer the same, without a stack overflow.
    expect(errorsOf(at(3500))).toHaveLength(1);
    expect(errorsOf(example('PartnerRegistered', {}, { metadata: nested(200_000) }))).toHaveLength(1);
  });

  it('checks strings and depth on any value with valueBoundErrors', () => {
    expect(valueBoundErrors({ a: ['ok', 'x\u0000'], 'b/c~': 'ok' })).toEqual([
      { path: '/a/1', message: 'must not contain a NUL character (U+0000)' },
    ]);
    expect(valueBoundErrors({ 'b/c~': '\udfff' })).toEqual([
      { path: '/b~1c~0', message: 'must not contain an unpaired surrogate (U+D800–U+DFFF)' },
    ]);
    expect(textProblem('plain 中文 😀')).toBeUndefined();
    expect(utf8Length('a中😀')).toBe(1 + 3 + 4);
  });
});
