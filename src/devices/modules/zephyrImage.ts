import { MenderResult, type UpdateModule } from '../../machines/updateModule.ts';
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

  // Methods rather than arrow functions: a device makes the module at every
  // boot, and method definitions are plain closures in every build.
  const app = {
    restart(): MenderResult {
      if (device.restart === undefined) return MenderResult.FAIL;
      device.restart();
      return MenderResult.OK;
    },
  };
  const callbacks: UpdateModule['callbacks'] = {
    DOWNLOAD(_state, chunk) {
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
    },
    INSTALL() {
      if (!sawPayload) {
        log('error', 'No payload in artifact');
        return MenderResult.FAIL;
      }
      if (!mcuboot.requestTestUpgrade()) {
        log('error', 'Unable to request the test upgrade');
        return MenderResult.FAIL;
      }
      return MenderResult.OK;
    },
    REBOOT() {
      return app.restart();
    },
    VERIFY_REBOOT() {
      if (mcuboot.confirmed) {
        log('error', 'The running image is confirmed: the new image did not boot');
        return MenderResult.FAIL;
      }
      return MenderResult.OK;
    },
    COMMIT() {
      if (mcuboot.confirmed) {
        log('error', 'The running image is already confirmed');
        return MenderResult.FAIL;
      }
      mcuboot.confirm();
      return MenderResult.OK;
    },
    ROLLBACK() {
      if (mcuboot.confirmed) {
        log('error', 'The running image is confirmed: nothing to roll back');
        return MenderResult.FAIL;
      }
      return MenderResult.OK;
    },
    ROLLBACK_REBOOT() {
      return app.restart();
    },
    FAILURE() {
      mcuboot.dropWriter();
      writerOpen = false;
      if (mcuboot.confirmed) mcuboot.eraseSecondary();
      return MenderResult.OK;
    },
  };

  return {
    artifactType: 'zephyr-image',
    requiresReboot: true,
    supportsRollback: true,
    callbacks,
  };
}
