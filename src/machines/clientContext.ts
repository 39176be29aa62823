import type { ApiEvent } from './apiExchange.ts';
import type { DeploymentData } from './deploymentData.ts';
import type { InventoryItem, InventoryRegistration } from './inventoryTypes.ts';
import type { ClientState, MenderResult, UpdateState } from './menderTypes.ts';
import type { ClientPlatform } from './platform.ts';
import type { Provides } from './provides.ts';
import type { UpdateModule } from './updateModule.ts';
import type { WorkTimer } from './workSchedule.ts';

/** What the server's next-deployment answer said, as far as the client uses it. */
export interface DeploymentOffer {
  readonly id: string;
  readonly artifactName: string;
  readonly uri: string;
  readonly deviceTypesCompatible: readonly string[];
}

/** The inventory work's RAM state (inventory.c). */
export interface InventoryState {
  /** Persistent items collected this boot, kept until a full push succeeded. */
  readonly persistentItems: readonly InventoryItem[] | undefined;
  readonly fullPushDone: boolean;
}

/** The RAM of one update loop (client.c frees it when the loop exits). */
export interface UpdateLoopRam {
  /** The deployment in progress (RAM copy of the record), if any. */
  readonly deployment: DeploymentData | undefined;
  /** The module of the deployment, known once the download completed or on resume. */
  readonly module: UpdateModule | undefined;
  readonly offer: DeploymentOffer | undefined;
  /** Set at boot when the stored state was INSTALL or COMMIT. */
  readonly spontaneousReboot: boolean;
  /** The state a pre-store already wrote, so the success step does not store it again. */
  readonly preStored: UpdateState | undefined;
  /** CLEANUP succeeded, so END deletes the record. */
  readonly cleanupSucceeded: boolean;
}

/** The loop's RAM when no deployment is under way. */
export const FREED_LOOP_RAM: UpdateLoopRam = {
  deployment: undefined,
  module: undefined,
  offer: undefined,
  spontaneousReboot: false,
  preStored: undefined,
  cleanupSucceeded: false,
};

/**
 * The client's RAM: everything here is lost at power off or reboot.
 * At most 19 fields: XState merges every assignment with
 * `Object.assign({}, context, patch)`, and V8 keeps an object built that way
 * with more keys in slow dictionary mode, which makes every later read and
 * merge of the context several times dearer. Related fields go in groups. Flash is
 * reached through `platform.storage`.
 */
export interface ClientContext {
  readonly platform: ClientPlatform;
  readonly clientState: ClientState;
  /** The JWT, never persisted. */
  readonly token: string | undefined;
  readonly networkConnected: boolean;
  readonly networkErrors: number;
  readonly rebootWaits: number;
  /** The deployment's RAM, freed when the update loop exits. */
  readonly loop: UpdateLoopRam;
  /** The update state the loop is in. */
  readonly updateState: UpdateState;
  /** The C `ret`: the last result, kept by states whose callback is missing. */
  readonly ret: MenderResult;
  /** What the current work run will return to the scheduler. */
  readonly workResult: MenderResult;
  /** Seconds of Retry-After from the last response of this run. */
  readonly retryAfterSeconds: number | undefined;
  /** `mender_os_reboot()` took the device down. */
  readonly rebootUnderway: boolean;
  /** An assertion stopped the client (quirk 11). */
  readonly halted: boolean;
  readonly mainWork: WorkTimer;
  /** Undefined when inventory is disabled. */
  readonly inventoryWork: WorkTimer | undefined;
  readonly scheduleSequence: number;
  readonly inventory: InventoryState;
  /** Core, platform and app inventory callbacks, in registration order. */
  readonly inventoryRegistrations: readonly InventoryRegistration[];
}

export type KeysEvent =
  { readonly type: 'keys.loaded' } | { readonly type: 'keys.failed' };

export interface StatusReportedEvent {
  readonly type: 'status.reported';
  readonly result: MenderResult;
}

export interface CallbackReturnedEvent {
  readonly type: 'callback.returned';
  readonly result: MenderResult;
}

export type DownloadEvent =
  | {
      readonly type: 'download.succeeded';
      readonly module: UpdateModule;
      readonly payloadType: string;
      readonly artifactName: string;
      readonly provides: Provides;
    }
  | {
      readonly type: 'download.failed';
      readonly reason: string;
      /** Known when the HTTP download completed and a later check failed. */
      readonly module: UpdateModule | undefined;
      readonly payloadType: string | undefined;
    };

export type ClientEvent =
  ApiEvent | KeysEvent | StatusReportedEvent | CallbackReturnedEvent | DownloadEvent;

export interface ClientInput {
  readonly platform: ClientPlatform;
}
