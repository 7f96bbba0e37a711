import { describe, expect, it } from 'vitest';
import { event, type Harness } from '../testing/harness.js';
import { associate, at, partner } from '../testing/incentive-events.js';
import { useProjectionSpecs } from '../testing/spec.js';
import { DIRECTORY_SCHEMA } from './directory.js';

/**
 * A customer's current association in the directory (`GET /v1/partners/{id}/customers`):
 * `associated_since` is when its association with the current partner began. A type switch
 * (切换关联类型) changes the association's type, not the association.
 */
const current = (h: Harness) =>
  h.pool
    .query(
      `SELECT partner_id, association_type, to_char(associated_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
       FROM ${DIRECTORY_SCHEMA}.customers WHERE customer_id = 'C1'`,
    )
    .then((r) => r.rows);
/** The instant as UTC text, as `current` gives it. */
const utc = (iso: string) => new Date(iso).toISOString().replace('.000Z', 'Z');
const switched = (day: string, associationType: string) =>
  event('AssociationTypeSwitched', at(day), { customerId: 'C1', partnerId: 'P1', associationType });

describe('directory customers: associated since', () => {
  const spec = useProjectionSpecs('directory_customers');
  const given = () => spec.given(partner('P1', 'silver'), partner('P2', 'silver'), associate('C1', 'P1', 'resale'));

  it('a type switch keeps the time the association began', () =>
    given()
      .given(switched('2026-03-01', 'referral'))
      .when(switched('2026-05-01', 'resale'))
      .thenAnswer(async (h) =>
        expect(await current(h)).toEqual([
          { partner_id: 'P1', association_type: 'resale', since: utc(at('2026-01-02')) },
        ]),
      ));

  it('an association made again at the very instant of the disassociation still begins anew', () =>
    given()
      .when(
        event('CustomerDisassociated', at('2026-03-01'), { customerId: 'C1', partnerId: 'P1' }),
        event('CustomerAssociated', at('2026-03-01'), {
          customerId: 'C1',
          customerName: 'Customer C1',
          partnerId: 'P1',
          associationType: 'resale',
        }),
      )
      .thenAnswer(async (h) =>
        expect(await current(h)).toEqual([
          { partner_id: 'P1', association_type: 'resale', since: utc(at('2026-03-01')) },
        ]),
      ));

  it('an association made again after a disassociation begins anew', () =>
    given()
      .given(event('CustomerDisassociated', at('2026-03-01'), { customerId: 'C1', partnerId: 'P1' }))
      .when(
        event('CustomerAssociated', at('2026-04-01'), {
          customerId: 'C1',
          customerName: 'Customer C1',
          partnerId: 'P1',
          associationType: 'referral',
        }),
        switched('2026-04-02', 'resale'),
      )
      .thenAnswer(async (h) =>
        expect(await current(h)).toEqual([
          { partner_id: 'P1', association_type: 'resale', since: utc(at('2026-04-01')) },
        ]),
      ));
});
