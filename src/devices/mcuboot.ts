import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** A firmware image in a slot, described rather than stored byte by byte. */
export interface FirmwareImage {
  /** The artifact (or factory build) it came from. */
  readonly name: string;
  readonly size: number;
  /** SHA-256 of the image bytes, lowercase hex. */
  readonly sha256: string;
  /** A firmware fault: the image crashes before the client runs. */
  readonly crashesOnBoot: boolean;
}

/** What a reset did, for the trace and the UI. */
export type BootOutcome =
  | { readonly kind: 'booted'; readonly image: FirmwareImage; readonly note: string }
  | { readonly kind: 'bricked'; readonly note: string };

type SwapState = 'none' | 'test-pending' | 'testing';

/**
 * MCUboot with swap-using-move, as zephyr-image uses it: a primary slot that
 * runs, a secondary slot that receives the download, a test upgrade that
 * swaps at the next reset and reverts at the one after unless the running
 * image was confirmed. Lives in flash: survives power cycles.
 */
export class McuBoot {
  private primaryImage: FirmwareImage;
  private secondaryImage: FirmwareImage | undefined;
  private swap: SwapState = 'none';
  private imageOk = true;
  private writer:
    { hash: ReturnType<typeof sha256.create>; size: number; name: string } | undefined;

  constructor(
    factoryImage: FirmwareImage,
    private readonly crashingImages: ReadonlySet<string> = new Set(),
  ) {
    this.primaryImage = factoryImage;
  }

  get primary(): FirmwareImage {
    return this.primaryImage;
  }

  get secondary(): FirmwareImage | undefined {
    return this.secondaryImage;
  }

  /** Whether the running image is confirmed (image_ok set). */
  get confirmed(): boolean {
    return this.imageOk;
  }

  get pendingSwap(): SwapState {
    return this.swap;
  }

  /** Opens a flash-image writer on the secondary slot (erasing it). */
  beginSecondaryWrite(name: string): void {
    this.secondaryImage = undefined;
    this.writer = { hash: sha256.create(), size: 0, name };
  }

  writeSecondary(data: Uint8Array): boolean {
    if (this.writer === undefined) return false;
    this.writer.hash.update(data);
    this.writer.size += data.length;
    return true;
  }

  /** Flushes the writer; the slot then holds a complete image. */
  finishSecondaryWrite(): boolean {
    const writer = this.writer;
    if (writer === undefined) return false;
    this.writer = undefined;
    this.secondaryImage = {
      name: writer.name,
      size: writer.size,
      sha256: bytesToHex(writer.hash.digest()),
      crashesOnBoot: this.crashingImages.has(writer.name),
    };
    return true;
  }

  /** Drops an unfinished writer (zephyr-image FAILURE). */
  dropWriter(): void {
    this.writer = undefined;
  }

  /** `boot_request_upgrade(BOOT_UPGRADE_TEST)`. */
  requestTestUpgrade(): boolean {
    if (this.secondaryImage === undefined) return false;
    this.swap = 'test-pending';
    return true;
  }

  /** `boot_write_img_confirmed()`. */
  confirm(): boolean {
    this.imageOk = true;
    if (this.swap === 'testing') this.swap = 'none';
    return true;
  }

  eraseSecondary(): void {
    this.secondaryImage = undefined;
    this.writer = undefined;
  }

  /**
   * What MCUboot does at a reset: swap in a test image, or revert an
   * unconfirmed one; an image that crashes before confirming is reverted at
   * the watchdog reset that follows.
   */
  boot(): BootOutcome {
    this.writer = undefined;
    const notes: string[] = [];
    for (let resets = 0; resets < 3; resets++) {
      if (this.swap === 'test-pending') {
        this.exchangeSlots();
        this.swap = 'testing';
        this.imageOk = false;
        notes.push(`test swap to ${this.primaryImage.name}`);
      } else if (this.swap === 'testing' && !this.imageOk) {
        this.exchangeSlots();
        this.swap = 'none';
        this.imageOk = true;
        notes.push(`reverted to ${this.primaryImage.name}`);
      }
      const crashes =
        this.primaryImage.crashesOnBoot ||
        this.crashingImages.has(this.primaryImage.name);
      if (!crashes) {
        return { kind: 'booted', image: this.primaryImage, note: notes.join(', ') };
      }
      notes.push(`${this.primaryImage.name} crashed`);
      if (this.imageOk) return { kind: 'bricked', note: notes.join(', ') };
    }
    return { kind: 'bricked', note: notes.join(', ') };
  }

  private exchangeSlots(): void {
    const previous = this.primaryImage;
    this.primaryImage = this.secondaryImage ?? previous;
    this.secondaryImage = previous;
  }
}
