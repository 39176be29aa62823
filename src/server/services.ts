import type { ServerContext } from './context.ts';
import type { Artifacts } from './deployments/artifacts.ts';
import type { Deployments } from './deployments/deployments.ts';
import type { DeviceAuth } from './deviceauth/deviceAuth.ts';
import type { Inventory } from './inventory/inventory.ts';
import type { LimiterCounters } from './policies/rateLimiter.ts';
import type { CountedRandom } from './ids.ts';
import type { ArtifactLinks } from './storage/links.ts';

/** The server's parts, as the routes use them. */
export interface Services {
  readonly context: ServerContext;
  readonly deviceAuth: DeviceAuth;
  readonly inventory: Inventory;
  readonly deployments: Deployments;
  readonly artifacts: Artifacts;
  readonly links: ArtifactLinks;
  /** The limiter's counters; part of the exported state. */
  readonly limiter: LimiterCounters;
  /** Draws for the share of failing answers; their count is exported. */
  readonly faultRandom: CountedRandom;
}
