/**
 * One simulated MCU running the mender-mcu client: flash (NVS records,
 * MCUboot slots, deployment logs), power, network, update modules and
 * inventory callbacks around the client machine of src/machines.
 */
export {
  createSimulatedDevice,
  SimulatedDevice,
  type DeviceSnapshot,
  type ModuleChoice,
  type PowerCut,
  type RestartBehaviour,
  type SimulatedDeviceOptions,
} from './simulatedDevice.ts';
export { DeviceLog, type DeviceLogLine } from './deviceLog.ts';
export {
  macAddressFor,
  type DeviceIdentity,
  type IdentityPair,
} from './deviceIdentity.ts';
export { DEFAULT_NETWORK, type NetworkConditions } from './network.ts';
export { McuBoot, type BootOutcome, type FirmwareImage } from './mcuboot.ts';
export { NvsStore } from './flash/nvs.ts';
export {
  decodeDeploymentRecord,
  encodeDeploymentRecord,
  MenderStorage,
  NVS_RECORD,
} from './flash/menderStorage.ts';
export {
  createDescribedModule,
  NOOP_UPDATE,
  testUpdateDescription,
  type CallbackBehaviour,
  type ModuleDescription,
  type TestUpdateOptions,
} from './modules/describedModule.ts';
export { createZephyrImageModule } from './modules/zephyrImage.ts';
export {
  REFERENCE_APP_INVENTORY,
  type InventoryDescription,
} from './inventoryCallbacks.ts';
