/**
 * The mender-mcu 1.0 client as XState v5 machines: the work queue with the
 * main and inventory work, the client states and the ten persisted update
 * states (reference/mender-mcu-client.md).
 */
export {
  clientMachine,
  initialClientContext,
  type ClientMachine,
} from './clientMachine.ts';
export type { ClientContext, ClientEvent, ClientInput } from './clientContext.ts';
export {
  defaultClientSettings,
  DEFAULT_CLIENT_VERSION,
  DEFAULT_ZEPHYR_VERSION,
  DEMO_INTERVALS,
  INTEGRATION_TEST_OVERRIDES,
  type ClientSettings,
} from './clientSettings.ts';
export {
  INTENDED_BEHAVIOUR,
  QUIRK_TITLES,
  REAL_CLIENT_QUIRKS,
  type ClientQuirks,
} from './quirks.ts';
export {
  isError,
  MenderResult,
  SUCCESSORS,
  TRACE_ABBREVIATIONS,
  UPDATE_STATES,
  type CallbackState,
  type ClientState,
  type DeploymentStatus,
  type UpdateState,
} from './menderTypes.ts';
export type {
  ClientPlatform,
  ClientStorage,
  LogLevel,
  StoredDeploymentData,
} from './platform.ts';
export {
  UpdateModuleError,
  UpdateModuleRegistry,
  type CallbackOutcome,
  type DownloadChunk,
  type UpdateCallback,
  type UpdateModule,
} from './updateModule.ts';
export type {
  InventoryCallback,
  InventoryItem,
  InventoryRegistration,
} from './inventoryTypes.ts';
export {
  DeploymentDataError,
  parseDeploymentData,
  serializeDeploymentData,
  type DeploymentData,
} from './deploymentData.ts';
export { type Provides } from './provides.ts';
