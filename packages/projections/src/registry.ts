import { incentivesProjection } from './incentives/projection.js';
import type { ProjectionDefinition } from './projection.js';
import { balancesProjection } from './read-models/balances.js';
import { catalogueProjection } from './read-models/catalogue.js';
import { consumptionProjection } from './read-models/consumption.js';
import { directoryProjection } from './read-models/directory.js';
import { marketplaceProjection } from './read-models/marketplace.js';
import { onDemandProjection } from './read-models/on-demand.js';
import { subscriptionsProjection } from './read-models/subscriptions.js';

/** Every projection this package runs, by name. */
export const PROJECTIONS: readonly ProjectionDefinition[] = [
  directoryProjection,
  consumptionProjection,
  balancesProjection,
  subscriptionsProjection,
  catalogueProjection,
  onDemandProjection,
  incentivesProjection,
  marketplaceProjection,
];

export function projectionByName(name: string): ProjectionDefinition | undefined {
  return PROJECTIONS.find((p) => p.name === name);
}
