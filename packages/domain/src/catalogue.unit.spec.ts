import { describe, expect, it } from 'vitest';
import type { CatalogueState } from './aggregates/state.js';
import { streamIds } from './aggregates/streams.js';
import type { DecisionContext } from './decide/context.js';
import { checkPartnerScope, OutOfScope } from './decide/scope.js';
import type { DomainEvent, EventDataMap } from './events/catalogue.js';
import { parseEvent } from './events/parse.js';
import { ConversionError, convertQuantity, type MeasureUnit, unitLookup } from './measure.js';
import { formatAmount } from './money.js';
import { event, givenWhen, type Then } from './testing/decider-spec.js';
import { ev } from './testing/fixtures.js';

const unit = (unit: string, dimension: string, baseUnit: string, factor: string) =>
  event('MeasureUnitRegistered', { unit, dimension, baseUnit, factor }, '2026-09-01T08:00:00+08:00');
const product = (productType: string, resourceTypes: string[] = ['bucket']) =>
  event(
    'ProductTypeRegistered',
    { productType, name: `${productType} service`, resourceTypes },
    '2026-09-01T08:00:00+08:00',
  );
const usage = (usageType: string, productType: string, u: string) =>
  event('UsageTypeRegistered', { usageType, productType, unit: u }, '2026-09-01T08:00:00+08:00');

const DATA = [unit('MB', 'data', 'MB', '1'), unit('GB', 'data', 'MB', '1024'), unit('TB', 'data', 'GB', '1024')];
const TIME = [
  unit('second', 'time', 'second', '1'),
  unit('minute', 'time', 'second', '60'),
  unit('hour', 'time', 'minute', '60'),
];

function charge(over: Partial<EventDataMap['OnDemandCharged']> = {}): DomainEvent<'OnDemandCharged'> {
  return event('OnDemandCharged', {
    chargeId: 'chg-1',
    customerId: 'cust',
    productType: 'obs',
    resourceId: 'bucket-1',
    usageType: 'traffic',
    quantity: '512',
    unit: 'MB',
    amount: '0.25',
    currency: 'CNY',
    windowStart: '2026-10-04T00:00:00+08:00',
    windowEnd: '2026-10-05T00:00:00+08:00',
    ...over,
  });
}

function refused(then: Then, rule: string): string {
  expect(then.result).toMatchObject({ kind: 'refused', rule, index: 0 });
  return then.result.kind === 'refused' ? then.result.detail : '';
}

function catalogueAfter(then: Then): CatalogueState {
  if (then.result.kind !== 'planned') throw new Error(`expected planned, got ${JSON.stringify(then.result)}`);
  return then.result.snapshots.find((s) => s.streamId === streamIds.catalogue())?.state as CatalogueState;
}

describe('catalogue events: parse', () => {
  const raw = (type: string, data: unknown) => ({
    eventId: '6f1c2b9e-0a4d-4c7e-8b2f-000000000001',
    type,
    occurredAt: '2026-10-05T10:00:00+08:00',
    data,
  });
  const errors = (type: string, data: unknown) => {
    const r = parseEvent(raw(type, data));
    return r.ok ? [] : r.errors;
  };

  it('accepts each type with its fields', () => {
    expect(errors('ProductTypeRegistered', { productType: 'obs', name: 'OBS', resourceTypes: [] })).toEqual([]);
    expect(errors('UsageTypeRegistered', { usageType: 'traffic', productType: 'obs', unit: 'GB' })).toEqual([]);
    expect(errors('MeasureUnitRegistered', { unit: 'GB', dimension: 'data', baseUnit: 'MB', factor: '1024' })).toEqual(
      [],
    );
  });

  it('holds the factor to a positive decimal with the bounds of an amount', () => {
    const factor = (f: unknown) =>
      errors('MeasureUnitRegistered', { unit: 'GB', dimension: 'data', baseUnit: 'MB', factor: f });
    expect(factor('0.5')).toEqual([]);
    expect(factor('0')[0]).toMatchObject({ path: '/data/factor', message: expect.stringMatching(/positive decimal/) });
    expect(factor('-2')[0]?.path).toBe('/data/factor');
    expect(factor(1024)[0]?.path).toBe('/data/factor');
    expect(factor('1e3')[0]?.path).toBe('/data/factor');
    expect(factor('0.000000001')[0]?.path).toBe('/data/factor');
    expect(factor('1234567890123456')[0]).toMatchObject({ message: 'must have at most 15 integer digits (got 16)' });
  });

  it('refuses empty names, text above 1,024 characters, repeated resource types and unknown fields', () => {
    expect(errors('ProductTypeRegistered', { productType: '', name: 'x', resourceTypes: [] })[0]?.path).toBe(
      '/data/productType',
    );
    expect(
      errors('UsageTypeRegistered', { usageType: 'x'.repeat(1025), productType: 'obs', unit: 'GB' })[0]?.path,
    ).toBe('/data/usageType');
    expect(errors('ProductTypeRegistered', { productType: 'obs', name: 'x', resourceTypes: ['a', 'a'] })[0]).toEqual({
      path: '/data/resourceTypes',
      message: 'must not repeat an item',
    });
    expect(errors('UsageTypeRegistered', { usageType: 'x', productType: 'obs', unit: 'GB', extra: 1 })[0]).toEqual({
      path: '/data/extra',
      message: 'is not a known field',
    });
    expect(errors('MeasureUnitRegistered', { unit: 'GB', dimension: 'data', factor: '1' })[0]).toEqual({
      path: '/data/baseUnit',
      message: 'is required',
    });
  });
});

describe('catalogue events: decide', () => {
  it('registers units, product types and usage types into the one catalogue stream', () => {
    const then = givenWhen([...DATA, product('obs')], [usage('traffic', 'obs', 'GB')]);
    const cat = catalogueAfter(then);
    expect(Object.keys(cat.units)).toEqual(['MB', 'GB', 'TB']);
    expect(cat.productTypes.obs).toEqual({ productType: 'obs', name: 'obs service', resourceTypes: ['bucket'] });
    expect(cat.usageTypes.traffic).toEqual({ usageType: 'traffic', productType: 'obs', unit: 'GB' });
  });

  it('created-id-is-new: each product type, usage type and unit is registered once', () => {
    expect(refused(givenWhen([product('obs')], [product('obs', [])]), 'created-id-is-new')).toBe(
      'product type "obs" is already registered',
    );
    refused(
      givenWhen([...DATA, product('obs'), usage('traffic', 'obs', 'GB')], [usage('traffic', 'obs', 'MB')]),
      'created-id-is-new',
    );
    refused(givenWhen(DATA, [unit('GB', 'data', 'MB', '1000')]), 'created-id-is-new');
  });

  it('referenced-id-exists: a usage type names a registered product type and unit', () => {
    expect(refused(givenWhen(DATA, [usage('traffic', 'obs', 'GB')]), 'referenced-id-exists')).toBe(
      'product type "obs" is not registered',
    );
    expect(refused(givenWhen([product('obs')], [usage('traffic', 'obs', 'GB')]), 'referenced-id-exists')).toBe(
      'measure unit "GB" is not registered',
    );
    // Names are looked up as own keys: "toString" is not registered because objects have it.
    refused(givenWhen(DATA, [usage('traffic', 'toString', 'GB')]), 'referenced-id-exists');
  });

  it("a unit's base is registered, of the same dimension, or the unit itself with factor 1 (one root per dimension)", () => {
    expect(refused(givenWhen([], [unit('GB', 'data', 'MB', '1024')]), 'referenced-id-exists')).toBe(
      'base unit "MB" is not registered',
    );
    expect(refused(givenWhen(TIME, [unit('GB', 'data', 'second', '1024')]), 'unit-base-same-dimension')).toBe(
      'base unit "second" measures "time", not "data"',
    );
    refused(givenWhen([], [unit('MB', 'data', 'MB', '2')]), 'unit-base-same-dimension');
    expect(refused(givenWhen(DATA, [unit('B', 'data', 'B', '1')]), 'unit-base-same-dimension')).toMatch(
      /root unit "MB" already/,
    );
    expect(catalogueAfter(givenWhen(DATA, [unit('KB', 'data', 'MB', '0.5')])).units.KB?.factor).toBe('0.5');
  });

  it('a partner key may not append catalogue events (403 before any rule)', () => {
    for (const e of [product('obs'), usage('traffic', 'obs', 'GB'), unit('MB', 'data', 'MB', '1')]) {
      expect(() => checkPartnerScope('dist', e, {} as DecisionContext)).toThrow(OutOfScope);
    }
  });
});

describe('OnDemandCharged against the catalogue', () => {
  const setup = [ev.distributor(), ev.associate({ partnerId: 'dist' }), ...DATA, ...TIME, product('obs')];

  it('is not checked while its usage type is not registered', () => {
    expect(givenWhen(setup, [charge({ unit: 'GB-day' })]).result.kind).toBe('planned');
  });

  it('once registered: a unit of the same dimension, converting exactly, is accepted', () => {
    const given = [...setup, usage('traffic', 'obs', 'GB')];
    for (const [quantity, u] of [
      ['512', 'MB'],
      ['0.5', 'TB'],
      ['3', 'GB'],
      [1, 'MB'],
    ] as const) {
      expect(givenWhen(given, [charge({ quantity, unit: u })]).result.kind).toBe('planned');
    }
  });

  it('charge-unit-matches-usage-type: another dimension, an unknown unit or an inexact quantity is refused (422)', () => {
    const given = [...setup, usage('traffic', 'obs', 'GB'), usage('duration', 'obs', 'hour')];
    expect(refused(givenWhen(given, [charge({ unit: 'hour' })]), 'charge-unit-matches-usage-type')).toBe(
      'usage type "traffic" is measured in "GB": unit "hour" measures "time", not "data" like "GB"',
    );
    expect(refused(givenWhen(given, [charge({ unit: 'GB-day' })]), 'charge-unit-matches-usage-type')).toBe(
      'usage type "traffic" is measured in "GB": unit "GB-day" is not registered',
    );
    expect(
      refused(
        givenWhen(given, [charge({ usageType: 'duration', unit: 'minute', quantity: '1' })]),
        'charge-unit-matches-usage-type',
      ),
    ).toBe('usage type "duration" is measured in "hour": 1 minute has no exact decimal in hour (1 hour = 60 minute)');
    expect(givenWhen(given, [charge({ usageType: 'duration', unit: 'minute', quantity: '90' })]).result.kind).toBe(
      'planned',
    );
  });
});

describe('convertQuantity', () => {
  const units: Record<string, MeasureUnit> = {};
  for (const e of [...DATA, ...TIME]) units[e.data.unit] = e.data;
  const lookup = unitLookup(units);
  const conv = (q: string | number, from: string, to: string) => formatAmount(convertQuantity(q, from, to, lookup));

  it('converts GB and MB both ways, exactly', () => {
    expect(conv('1', 'GB', 'MB')).toBe('1024');
    expect(conv('512', 'MB', 'GB')).toBe('0.5');
    expect(conv('1', 'MB', 'GB')).toBe('0.0009765625');
    expect(conv('1', 'MB', 'TB')).toBe('0.00000095367431640625');
    expect(conv('2.5', 'TB', 'MB')).toBe('2621440');
    expect(conv('0.00000001', 'MB', 'TB')).toBe('0.0000000000000095367431640625');
    expect(conv(120.5, 'GB', 'GB')).toBe('120.5');
  });

  it('round-trips: back to the unit it came from gives the quantity given', () => {
    for (const q of ['1', '0.1', '123456789012345.12345678', '0.00000001']) {
      for (const [a, b] of [
        ['MB', 'TB'],
        ['GB', 'MB'],
        ['second', 'hour'],
      ] as const) {
        let there: string;
        try {
          there = conv(q, a, b);
        } catch {
          continue; // no exact decimal (a second in hours): nothing to round-trip
        }
        expect(conv(there, b, a)).toBe(formatAmount(convertQuantity(q, a, a, lookup)));
      }
    }
  });

  it('refuses another dimension, an unknown unit and a quantity without an exact decimal', () => {
    const problem = (q: string, from: string, to: string) => {
      try {
        convertQuantity(q, from, to, lookup);
        return 'converted';
      } catch (error) {
        return error instanceof ConversionError ? error.problem : String(error);
      }
    };
    expect(problem('1', 'GB', 'hour')).toBe('other-dimension');
    expect(problem('1', 'PB', 'GB')).toBe('unknown-unit');
    expect(problem('1', 'GB', 'constructor')).toBe('unknown-unit');
    expect(problem('1', 'second', 'minute')).toBe('inexact');
    expect(problem('30', 'second', 'minute')).toBe('converted');
  });
});
