export {
  createMockServer,
  type MockServer,
  type MockServerOptions,
  type ServerProfile,
} from './mockServer.ts';
export {
  ServerOperations,
  type ArtifactSummary,
  type DeviceSummary,
} from './operations.ts';
export { ApiError } from './http/errors.ts';
export type { NewDeployment, DeploymentInstructions } from './deployments/deployments.ts';
export {
  fixedWindowLimit,
  tierIntervalLimit,
  MAX_EXEMPT_TEST_DEVICES,
  type FaultPolicy,
  type FixedWindowLimit,
  type LimitedRoute,
  type OutageWindow,
  type RateLimitPolicy,
  type ServerPolicies,
  type TierIntervalLimit,
} from './policies/policies.ts';
export type * from './state.ts';
export {
  ARTIFACT_STORAGE_ORIGIN,
  ARTIFACT_STORAGE_PATH_PREFIX,
  DOWNLOAD_LINK_LIFETIME_MS,
} from './storage/links.ts';
export { DEFAULT_START_DATE } from './time.ts';
