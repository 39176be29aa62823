import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Where the bytes finally go: one SHA-256 state. */
interface Sha256Backend {
  update(bytes: Uint8Array): void;
  /** Hex digest of everything so far; the state goes on afterwards. */
  digestHex(): string;
}

/** The part of `node:crypto` used here. */
interface NodeCrypto {
  createHash(algorithm: 'sha256'): NodeHash;
}

interface NodeHash {
  update(bytes: Uint8Array): NodeHash;
  copy(): NodeHash;
  digest(encoding: 'hex'): string;
}

/** Bytes gathered before they are handed to the SHA-256 state in one call. */
const BATCH_BYTES = 64 * 1024;

const encoder = new TextEncoder();

/**
 * The host's own SHA-256 when it has a synchronous one (Node's `node:crypto`,
 * reached without an import so the browser bundle does not see it). Browsers
 * only offer an asynchronous digest of a whole buffer, so they use the
 * JavaScript implementation. Both compute the same function: the digest of a
 * run is the same on every host.
 */
function nodeCrypto(): NodeCrypto | undefined {
  const host = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown };
  };
  const crypto = host.process?.getBuiltinModule?.('node:crypto') as
    Partial<NodeCrypto> | undefined;
  return typeof crypto?.createHash === 'function' ? (crypto as NodeCrypto) : undefined;
}

function nativeBackend(crypto: NodeCrypto): Sha256Backend {
  const hash = crypto.createHash('sha256');
  return {
    update: (bytes) => hash.update(bytes),
    digestHex: () => hash.copy().digest('hex'),
  };
}

function javascriptBackend(): Sha256Backend {
  const hash = sha256.create();
  return {
    update: (bytes) => hash.update(bytes),
    digestHex: () => bytesToHex(hash.clone().digest()),
  };
}

export interface Sha256StreamOptions {
  /** Use the host's SHA-256 when it has one. @default true */
  readonly native?: boolean;
}

/**
 * An incremental SHA-256 fed with many small pieces (text and bytes). The
 * pieces are gathered in one reused buffer and hashed in large batches, so
 * a piece costs a copy rather than a call into the hash; batching does not
 * change the digest, which covers the concatenation of all pieces.
 */
export class Sha256Stream {
  private readonly backend: Sha256Backend;
  private readonly pending = new Uint8Array(BATCH_BYTES);
  private used = 0;

  constructor(options: Sha256StreamOptions = {}) {
    const crypto = (options.native ?? true) ? nodeCrypto() : undefined;
    this.backend = crypto !== undefined ? nativeBackend(crypto) : javascriptBackend();
  }

  /** Adds the UTF-8 bytes of `text`. */
  updateText(text: string): void {
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const mostBytes = text.length * 3;
    if (mostBytes > BATCH_BYTES - this.used) {
      this.flush();
      if (mostBytes > BATCH_BYTES) {
        this.backend.update(encoder.encode(text));
        return;
      }
    }
    this.used += encoder.encodeInto(text, this.pending.subarray(this.used)).written;
  }

  /** Adds `bytes` as they are. */
  update(bytes: Uint8Array): void {
    if (bytes.length > BATCH_BYTES - this.used) {
      this.flush();
      if (bytes.length > BATCH_BYTES / 2) {
        this.backend.update(bytes);
        return;
      }
    }
    this.pending.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Hex SHA-256 of everything added so far; more can be added afterwards. */
  digestHex(): string {
    this.flush();
    return this.backend.digestHex();
  }

  private flush(): void {
    if (this.used === 0) return;
    this.backend.update(this.pending.subarray(0, this.used));
    this.used = 0;
  }
}
