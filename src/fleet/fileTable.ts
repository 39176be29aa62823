import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * A file the user gave the simulation (an uploaded `.mender`, an artifact
 * the form built). Actions refer to it by `sha256` only, so the recorded
 * actions stay small and a workspace export carries each file once.
 */
export interface StoredFile {
  /** Lower-case hex SHA-256 of `bytes`: the file's key in the table. */
  readonly sha256: string;
  /** The name the user's file had (or the form gave it); shown, not used as a key. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * The simulation's content-addressed file table: `sha256 -> StoredFile`.
 * Adding the same bytes twice keeps the first entry (and its name). A
 * workspace saves `[...table.values()]` next to the recorded actions and
 * gives them back as `SimulationOptions.files` before replaying, so that a
 * `management.request` naming `upload.sha256` finds its bytes again.
 */
export class FileTable implements Iterable<StoredFile> {
  private readonly files = new Map<string, StoredFile>();

  constructor(files: Iterable<StoredFile> = []) {
    for (const file of files) this.add(file.name, file.bytes);
  }

  /** Stores a copy of the bytes; returns the entry (the existing one for known bytes). */
  add(name: string, bytes: Uint8Array): StoredFile {
    const key = bytesToHex(sha256(bytes));
    const known = this.files.get(key);
    if (known !== undefined) return known;
    const file: StoredFile = { sha256: key, name, bytes: bytes.slice() };
    this.files.set(key, file);
    return file;
  }

  get(sha: string): StoredFile | undefined {
    return this.files.get(sha);
  }

  has(sha: string): boolean {
    return this.files.has(sha);
  }

  get size(): number {
    return this.files.size;
  }

  values(): IterableIterator<StoredFile> {
    return this.files.values();
  }

  [Symbol.iterator](): Iterator<StoredFile> {
    return this.files.values();
  }
}
