import { incentivesProjection } from './incentives/projection';
import type { ProjectionDefinition } from './projection';
import { balancesProjection } from './read-models/balances';
import { consumptionProjection } from './read-models/consumption';
import { directoryProjection } from './read-models/directory';
import { subscriptionsProjection } from './read-models/subscriptions';

/** Every projection this package runs, by name. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [
  directoryProjection,
  consumptionProjection,
  balancesProjection,
  subscriptionsProjection,
  incentivesProjection,
];

export function projectionByName(name: string): ProjectionDefinition | undefined {
  return PROJECTIONS.find((p) => p.name === name);
}
