import type { SeededRandom } from '../sim/index.ts';

const HEX = Array.from({ length: 256 }, (_, value) =>
  value.toString(16).padStart(2, '0'),
);

/**
 * Draws random UUIDv4 strings, as the Mender services use for device, auth
 * set, deployment, artifact and request ids, from a seeded stream so that a
 * run replays with the same ids.
 */
export class UuidSource {
  private count = 0;

  constructor(private readonly random: SeededRandom) {}

  /** How many ids have been drawn. */
  get drawn(): number {
    return this.count;
  }

  /** Draws and drops `count` ids: how a restored server resumes its stream. */
  skip(count: number): void {
    for (let index = 0; index < count; index++) this.next();
  }

  next(): string {
    this.count += 1;
    // Four 32-bit draws are cheaper than sixteen byte draws on the hot path.
    const words = [this.word(), this.word(), this.word(), this.word()];
    const bytes = new Array<number>(16);
    for (let index = 0; index < 16; index++) {
      bytes[index] = ((words[index >> 2] as number) >>> ((index & 3) * 8)) & 0xff;
    }
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
    let text = '';
    for (let index = 0; index < 16; index++) {
      if (index === 4 || index === 6 || index === 8 || index === 10) text += '-';
      text += HEX[bytes[index] as number];
    }
    return text;
  }

  private word(): number {
    return this.random.integer(0, 0xffffffff);
  }
}

/** Request ids drawn per stream: a restored server skips at most this many. */
const REQUEST_ID_BLOCK = 65_536;

/**
 * The ids of requests that do not bring one: UUIDs in blocks of 65536, each
 * block from its own fork (the first is the plain `request-ids` stream), so
 * that a restored server resumes after millions of requests by skipping at
 * most one block.
 */
export class RequestIdSource {
  private block = -1;
  private source: UuidSource | undefined;

  constructor(
    private readonly random: SeededRandom,
    private count = 0,
  ) {}

  get drawn(): number {
    return this.count;
  }

  next(): string {
    const block = Math.floor(this.count / REQUEST_ID_BLOCK);
    if (this.source === undefined || block !== this.block) {
      const label = block === 0 ? 'request-ids' : `request-ids ${block}`;
      this.source = new UuidSource(this.random.fork(label));
      this.source.skip(this.count - block * REQUEST_ID_BLOCK);
      this.block = block;
    }
    this.count += 1;
    return this.source.next();
  }
}

/** A stream of floats in [0, 1) that counts its draws, so a restored server resumes it. */
export class CountedRandom {
  private count = 0;

  constructor(
    private readonly random: SeededRandom,
    skip = 0,
  ) {
    while (this.count < skip) this.next();
  }

  get drawn(): number {
    return this.count;
  }

  next(): number {
    this.count += 1;
    return this.random.next();
  }
}
