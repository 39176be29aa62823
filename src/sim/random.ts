import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** 32-bit FNV-1a of a label, used to derive independent child seeds. */
function hashLabel(seed: number, label: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < label.length; index++) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash | 0;
}

/**
 * The only source of randomness a simulation may use. Every stream is fixed
 * by its seed, so a run replays exactly.
 */
export class SeededRandom {
  private readonly generator;

  constructor(readonly seed: number) {
    this.generator = xoroshiro128plus(seed | 0);
  }

  /**
   * An independent stream named by `label`. The same seed and label always
   * give the same stream, whatever else was drawn before, so adding a device
   * does not change the numbers another device sees.
   */
  fork(label: string): SeededRandom {
    return new SeededRandom(hashLabel(this.seed, label));
  }

  /** A float in [0, 1). */
  next(): number {
    return uniformFloat64(this.generator);
  }

  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** `count` random bytes. */
  bytes(count: number): Uint8Array {
    const result = new Uint8Array(count);
    for (let index = 0; index < count; index++) result[index] = this.integer(0, 255);
    return result;
  }
}
