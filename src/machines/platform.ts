import type { ExchangeOutcome, HttpRequest, VirtualClock } from '../sim/index.ts';
import type { ClientSettings } from './clientSettings.ts';
import type { DeploymentData } from './deploymentData.ts';
import type { InventoryRegistration } from './inventoryTypes.ts';
import type { ClientState, DeploymentStatus, UpdateState } from './menderTypes.ts';
import type { Provides } from './provides.ts';
import type { ClientQuirks } from './quirks.ts';
import type { UpdateModuleRegistry } from './updateModule.ts';

/** What reading the deployment data record found. */
export type StoredDeploymentData =
  | { readonly kind: 'absent' }
  | { readonly kind: 'valid'; readonly data: DeploymentData }
  | { readonly kind: 'corrupt'; readonly reason: string };

/** The client's view of its NVS records and the deployment-log buffer. */
export interface ClientStorage {
  readDeploymentData(): StoredDeploymentData;
  writeDeploymentData(data: DeploymentData): void;
  deleteDeploymentData(): void;
  /** NVS 5, or undefined when never committed. */
  readArtifactName(): string | undefined;
  writeArtifactName(name: string): void;
  /** NVS 4, or undefined when none stored. */
  readProvides(): Provides | undefined;
  writeProvides(provides: Provides): void;
  clearDeploymentLogs(): void;
  appendDeploymentLog(line: string): void;
  readDeploymentLogs(): readonly string[];
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

/** Zephyr's level tags in log lines. */
export const LOG_LEVEL_TAGS: Readonly<Record<LogLevel, string>> = {
  debug: 'dbg',
  info: 'inf',
  warning: 'wrn',
  error: 'err',
};

/**
 * Everything the client machine needs from the device it runs on: flash,
 * network, the app's callbacks, modules and inventory. The device builds one
 * per boot; the machine never reaches past it.
 */
export interface ClientPlatform {
  readonly settings: ClientSettings;
  readonly quirks: ClientQuirks;
  readonly clock: VirtualClock;
  readonly storage: ClientStorage;
  readonly modules: UpdateModuleRegistry;
  /** The app's and the platform's inventory callbacks, in registration order. */
  readonly inventoryCallbacks: readonly InventoryRegistration[];

  /** A log line of the client, as `LOG_WRN("…")` would print it. */
  log(level: LogLevel, message: string): void;
  /** Marks a client state at the start of a work run, or an update state entered. */
  recordState(machine: 'client', state: ClientState): void;
  recordState(machine: 'update', state: UpdateState): void;
  /**
   * Starts or stops capturing WRN and ERR lines into the deployment-log
   * buffer in flash (the log backend does it on the real device).
   */
  setDeploymentLogCapture(active: boolean): void;

  /** The app's `network_connect`; false when the network cannot come up. */
  networkConnect(): boolean;
  /** The app's `network_release`. */
  networkRelease(): void;
  /** The app's `deployment_status` callback. */
  deploymentStatus(status: DeploymentStatus): void;
  /** The app's `restart` callback (required by the client). */
  restart(): void;
  /** `mender_os_reboot()`; true when the device is going down. */
  reboot(): boolean;

  /**
   * Loads the key pair from NVS or generates and stores one; calls `done`
   * through the kernel's order.
   */
  loadKeys(done: (ok: boolean) => void): void;
  /** Builds the signed auth request; undefined when signing failed. */
  createAuthRequest(done: (request: HttpRequest | undefined) => void): void;
  /** Sends one request over the device's network; returns a cancel function. */
  send(request: HttpRequest, onOutcome: (outcome: ExchangeOutcome) => void): () => void;
  /** Virtual time to receive `bytes` of a response body at the link's bandwidth. */
  receiveTimeMs(bytes: number): number;
}
