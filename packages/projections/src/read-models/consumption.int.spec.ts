import { describe, expect, it } from 'vitest';
import { event } from '../testing/harness.js';
import { associate, at, order, partner } from '../testing/incentive-events.js';
import { useProjectionSpecs } from '../testing/spec.js';
import { CONSUMPTION_SCHEMA } from './consumption.js';

/**
 * The consumption summary (SPEC §4), given / when / then: what each event adds to a partner ×
 * customer × booking period row, its `refunds_total` and `net` (the domain's consumptionDelta,
 * refundsTotalOf and netOf), added to the row the givens wrote.
 */
const TABLE = `${CONSUMPTION_SCHEMA}.consumption_summary`;
const COLUMNS = {
  columns: [
    'partner_id',
    'customer_id',
    'period',
    'corrects_period',
    'consumption',
    'refund_orders',
    'spec_change_rebates',
    'refunds_total',
    'adjustments',
    'vouchers_used',
    'net',
  ],
};
const row = (period: string, correctsPeriod: string | null, figures: string[]) => [
  'P1',
  'C1',
  period,
  correctsPeriod,
  ...figures.map((f) => Number(f).toFixed(8)),
];

describe('consumption summary', () => {
  const spec = useProjectionSpecs('consumption');
  const given = () => spec.given(partner('P1', 'silver'), associate('C1', 'P1', 'resale'));

  it('an order adds its amount to consumption and net', () =>
    given()
      .when(order('O1', 'C1', 'ecs', '600', at('2026-03-05')))
      .thenRows(TABLE, COLUMNS, [row('2026-03', null, ['600', '0', '0', '0', '0', '0', '600'])]));

  it('a refund in a later batch adds to refund orders and refunds total and takes from net', () =>
    given()
      .given(order('O1', 'C1', 'ecs', '600', at('2026-03-05')))
      .when(
        event('OrderRefunded', at('2026-03-09'), {
          refundId: 'RF1',
          orderId: 'O1',
          reason: 'downgrade',
          amount: '100',
          resourceIds: ['O1-r'],
        }),
      )
      .thenRows(TABLE, COLUMNS, [row('2026-03', null, ['600', '100', '0', '100', '0', '0', '500'])]));

  it('a spec change is consumption when positive, a rebate when negative; an adjustment moves net alone', () =>
    given()
      .given(order('O1', 'C1', 'ecs', '600', at('2026-03-05')))
      .when(
        event('SpecChanged', at('2026-03-06'), {
          changeId: 'SC1',
          orderId: 'O1',
          resourceId: 'O1-r',
          fromSpec: 'medium',
          toSpec: 'large',
          amount: '50',
        }),
        event('SpecChanged', at('2026-03-07'), {
          changeId: 'SC2',
          orderId: 'O1',
          resourceId: 'O1-r',
          fromSpec: 'large',
          toSpec: 'small',
          amount: '-20.5',
        }),
        event('AdjustmentPosted', at('2026-03-08'), {
          adjustmentId: 'A1',
          customerId: 'C1',
          amount: '-3',
          currency: 'CNY',
          reason: 'goodwill',
        }),
      )
      .thenRows(TABLE, COLUMNS, [row('2026-03', null, ['650', '0', '20.5', '20.5', '-3', '0', '626.5'])]));

  it('an event after its period closed is booked into the first open period, correcting the closed one', () =>
    given()
      .given(event('BillingPeriodClosed', at('2026-04-01', '02:00:00'), { period: '2026-03' }))
      .when(order('O1', 'C1', 'ecs', '200', at('2026-03-20')))
      .thenRows(TABLE, COLUMNS, [row('2026-04', '2026-03', ['200', '0', '0', '0', '0', '0', '200'])]));

  const adjustment = (id: string, day: string, correctsPeriod?: string) =>
    event('AdjustmentPosted', at(day), {
      adjustmentId: id,
      customerId: 'C1',
      amount: '3.21',
      currency: 'CNY',
      reason: 'correction',
      ...(correctsPeriod ? { correctsPeriod } : {}),
    });

  it('an adjustment in an open period keeps the correctsPeriod it names', () =>
    given()
      .when(adjustment('A1', '2026-04-15', '2026-02'))
      .thenRows(TABLE, COLUMNS, [row('2026-04', '2026-02', ['0', '0', '0', '0', '3.21', '0', '3.21'])]));

  // docs/read-models.md: corrects_period is, for AdjustmentPosted, the correctsPeriod it names; a
  // late one is booked into the first open period like any event, and names the month it corrects.
  it('a late adjustment keeps the correctsPeriod it names; one naming none corrects the closed month it is dated in', () =>
    given()
      .given(event('BillingPeriodClosed', at('2026-04-01', '02:00:00'), { period: '2026-03' }))
      .when(adjustment('A1', '2026-03-15', '2026-01'), adjustment('A2', '2026-03-20'))
      .thenRows(TABLE, COLUMNS, [
        row('2026-04', '2026-01', ['0', '0', '0', '0', '3.21', '0', '3.21']),
        row('2026-04', '2026-03', ['0', '0', '0', '0', '3.21', '0', '3.21']),
      ]));

  // The engine keeps microseconds and drops the digits past them (PostgreSQL would round this one
  // up to midnight, into April; the command side reads it in March).
  it('an order a tenth of a microsecond before the month ends is booked in that month', () =>
    given()
      .when(order('O1', 'C1', 'ecs', '200', at('2026-03-31', '23:59:59.9999999')))
      .thenRows(TABLE, COLUMNS, [row('2026-03', null, ['200', '0', '0', '0', '0', '0', '200'])]));

  it('and the rows that keep its time keep it to the microsecond, in that month', () =>
    given()
      .when(order('O1', 'C1', 'ecs', '200', at('2026-03-31', '23:59:59.9999999')))
      .thenAnswer(async (h) => {
        const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`;
        const lines = await h.pool.query(`SELECT ${utc('occurred_at')} AS t, period FROM rm_incentives.source_lines`);
        const resources = await h.pool.query(`SELECT ${utc('placed_at')} AS t FROM rm_subscriptions.subscriptions`);
        expect([...lines.rows, ...resources.rows]).toEqual([
          { t: '2026-03-31 15:59:59.999999', period: '2026-03' },
          { t: '2026-03-31 15:59:59.999999' },
        ]);
      }));
});
