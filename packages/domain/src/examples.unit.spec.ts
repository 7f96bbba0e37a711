import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FundsState, QuotaState } from './aggregates/state.js';
import { EVENT_TYPES } from './events/catalogue.js';
import { parseEventOrThrow } from './events/parse.js';
import { EXAMPLES } from './examples.js';
import { InMemoryLog } from './testing/decider-spec.js';

describe('the catalogue examples', () => {
  it('cover every event type', () => {
    expect(new Set(EXAMPLES.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
  });

  it('are accepted one by one, in order, by an empty log', () => {
    const log = new InMemoryLog();
    for (const [i, raw] of EXAMPLES.entries()) {
      const r = log.append([parseEventOrThrow(raw)]);
      expect({ i, type: raw.type, kind: r.kind, r }).toMatchObject({ i, type: raw.type, kind: 'planned' });
    }
    const funds = log.snapshot('funds-R200').state as FundsState;
    // 2000 allocated − 300 reclaimed − (750 cash of O1 + 300 upgrade) + 100 refund cash = 750.
    expect([funds.allocated, funds.reclaimed, funds.spent, funds.returned]).toEqual(['2000', '300', '1050', '100']);
    const quota = log.snapshot('quota-Q1').state as QuotaState;
    expect([quota.granted, quota.issued, quota.reclaimed, quota.returned]).toEqual(['1000', '150', '200', '50']);
  });

  it('are the ones docs/events.md shows, in the same order', () => {
    const doc = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```json example\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!));
    expect(blocks).toEqual(EXAMPLES);
  });
});
