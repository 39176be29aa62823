import {
  MenderResult,
  type UpdateCallback,
  type UpdateModule,
} from '../../machines/updateModule.ts';
import type { McuBoot } from '../mcuboot.ts';

/** What zephyr-image needs from its device. */
export interface ZephyrImageDevice {
  readonly mcuboot: McuBoot;
  /** The app's `restart` callback; undefined when the app gave none. */
  readonly restart: (() => void) | undefined;
  readonly log: (level: 'info' | 'warning' | 'error', message: string) => void;
}

/**
 * The built-in `zephyr-image` module (update-module.c of the Zephyr
 * platform): writes the payload into MCUboot's secondary slot and tests it
 * with a swap, confirming after a good reboot (reference §2.5).
 */
export function createZephyrImageModule(device: ZephyrImageDevice): UpdateModule {
  const { mcuboot, log } = device;
  let sawPayload = false;
  let writerOpen = false;

  const download: UpdateCallback = (_state, chunk) => {
    if (chunk === null) return MenderResult.FAIL;
    if (chunk.offset === 0) {
      mcuboot.beginSecondaryWrite(chunk.artifactName);
      writerOpen = true;
    }
    if (!writerOpen || !mcuboot.writeSecondary(chunk.data)) {
      log('error', 'Unable to write the image to the secondary slot');
      return MenderResult.FAIL;
    }
    if (chunk.offset + chunk.data.length >= chunk.size) {
      mcuboot.finishSecondaryWrite();
      sawPayload = true;
    }
    return MenderResult.OK;
  };

  const install: UpdateCallback = () => {
    if (!sawPayload) {
      log('error', 'No payload in artifact');
      return MenderResult.FAIL;
    }
    if (!mcuboot.requestTestUpgrade()) {
      log('error', 'Unable to request the test upgrade');
      return MenderResult.FAIL;
    }
    return MenderResult.OK;
  };

  const restart: UpdateCallback = () => {
    if (device.restart === undefined) return MenderResult.FAIL;
    device.restart();
    return MenderResult.OK;
  };

  const verifyReboot: UpdateCallback = () => {
    if (mcuboot.confirmed) {
      log('error', 'The running image is confirmed: the new image did not boot');
      return MenderResult.FAIL;
    }
    return MenderResult.OK;
  };

  const commit: UpdateCallback = () => {
    if (mcuboot.confirmed) {
      log('error', 'The running image is already confirmed');
      return MenderResult.FAIL;
    }
    mcuboot.confirm();
    return MenderResult.OK;
  };

  const rollback: UpdateCallback = () => {
    if (mcuboot.confirmed) {
      log('error', 'The running image is confirmed: nothing to roll back');
      return MenderResult.FAIL;
    }
    return MenderResult.OK;
  };

  const failure: UpdateCallback = () => {
    mcuboot.dropWriter();
    writerOpen = false;
    if (mcuboot.confirmed) mcuboot.eraseSecondary();
    return MenderResult.OK;
  };

  return {
    artifactType: 'zephyr-image',
    requiresReboot: true,
    supportsRollback: true,
    callbacks: {
      DOWNLOAD: download,
      INSTALL: install,
      REBOOT: restart,
      VERIFY_REBOOT: verifyReboot,
      COMMIT: commit,
      ROLLBACK: rollback,
      ROLLBACK_REBOOT: restart,
      FAILURE: failure,
    },
  };
}
