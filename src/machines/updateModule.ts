import { MenderResult, type CallbackState } from './menderTypes.ts';

/**
 * One DOWNLOAD call: a block of a payload file (at most 512 bytes) with the
 * deployment it belongs to (update-module.h `download` data).
 */
export interface DownloadChunk {
  readonly id: string;
  readonly artifactName: string;
  /** The payload type. */
  readonly type: string;
  /** The payload's meta-data JSON, or null. */
  readonly metaData: unknown;
  readonly filename: string;
  /** Size of the whole file. */
  readonly size: number;
  readonly data: Uint8Array;
  readonly offset: number;
  /** The client never sets it; modules detect the end by offset + length >= size. */
  readonly done: false;
}

/**
 * What a callback returned: a result code, optionally after some virtual time
 * (a long flash erase, a slow verify). The client sees the result only when
 * that time has passed.
 */
export type CallbackOutcome =
  MenderResult | { readonly result: MenderResult; readonly durationMs: number };

/**
 * `mender_err_t cb(state, data)`: `data` is a download chunk in DOWNLOAD and
 * null in every other state. The same function may serve several states.
 */
export type UpdateCallback = (
  state: CallbackState,
  data: DownloadChunk | null,
) => CallbackOutcome;

/** `mender_update_module_t`: one callback slot per update state plus two flags. */
export interface UpdateModule {
  /** Matched exactly against the artifact's payload type. */
  readonly artifactType: string;
  readonly requiresReboot: boolean;
  readonly supportsRollback: boolean;
  /** A missing slot is the C NULL (reference §2.4). */
  readonly callbacks: Readonly<Partial<Record<CallbackState, UpdateCallback>>>;
}

export function outcomeResult(outcome: CallbackOutcome): MenderResult {
  return typeof outcome === 'number' ? outcome : outcome.result;
}

export function outcomeDuration(outcome: CallbackOutcome): number {
  return typeof outcome === 'number' ? 0 : outcome.durationMs;
}

/** Why a module was refused at registration. */
export class UpdateModuleError extends Error {
  override readonly name = 'UpdateModuleError';
}

/**
 * The client's module list (update-module.c): lookup by exact type; a second
 * module of a type already registered is refused.
 */
export class UpdateModuleRegistry {
  private readonly modules = new Map<string, UpdateModule>();

  /** Registers `module`, or throws naming what is wrong with it. */
  register(module: UpdateModule): void {
    if (module.artifactType === '') {
      throw new UpdateModuleError(
        'Failed to register an update module: its artifact type is empty.',
      );
    }
    if (this.modules.has(module.artifactType)) {
      throw new UpdateModuleError(
        `Failed to register the update module "${module.artifactType}": a module ` +
          'of that type is already registered. Register one module per type.',
      );
    }
    if (module.callbacks.DOWNLOAD === undefined) {
      throw new UpdateModuleError(
        `Failed to register the update module "${module.artifactType}": the ` +
          'DOWNLOAD callback is required (the client calls it unconditionally).',
      );
    }
    if (module.supportsRollback && module.callbacks.ROLLBACK_REBOOT === undefined) {
      throw new UpdateModuleError(
        `Failed to register the update module "${module.artifactType}": a module ` +
          'that supports rollback needs a ROLLBACK_REBOOT callback.',
      );
    }
    this.modules.set(module.artifactType, module);
  }

  find(artifactType: string): UpdateModule | undefined {
    return this.modules.get(artifactType);
  }

  types(): string[] {
    return [...this.modules.keys()];
  }
}

export { MenderResult };
