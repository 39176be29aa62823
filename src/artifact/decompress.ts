/**
 * Streaming decompression of inner archives. gzip (fflate) and zstd (fzstd)
 * decode synchronously, chunk by chunk. The only maintained xz decoder for
 * browsers (xz-decompress, WebAssembly) is asynchronous, so xz members are
 * decoded later, from the compressed bytes, by `decodeXz`.
 */
import { Gunzip } from 'fflate';
import { Decompress as ZstdDecompress } from 'fzstd';

import type { Compression } from './types.ts';

/** A synchronous decoder: output goes to the callback given at creation. */
export interface StreamDecoder {
  push(bytes: Uint8Array): void;
  /** No more input: flush what is left; throws when the stream is incomplete. */
  finish(): void;
}

/** The compression a member name's suffix announces, after `base` (e.g. `header.tar`). */
export function compressionOf(name: string, base: string): Compression | undefined {
  if (!name.startsWith(base)) return undefined;
  switch (name.slice(base.length)) {
    case '':
      return 'none';
    case '.gz':
      return 'gzip';
    case '.xz':
      return 'xz';
    case '.zst':
      return 'zstd';
    default:
      return undefined;
  }
}

/** The file name suffix of a compression, as mender-artifact writes it. */
export function suffixOf(compression: Compression): string {
  return { none: '', gzip: '.gz', xz: '.xz', zstd: '.zst' }[compression];
}

/**
 * Compressed input goes to a decoder in pieces of exactly this size, cut at
 * the same offsets however the bytes arrived. fflate inflates a whole push
 * into one buffer, and deflate expands up to 1032:1, so a small bomb pushed
 * whole would need gigabytes; 4 KiB pieces cap that at ~4 MiB. Fixed cuts
 * also make a corrupt stream fail at the same point for every chunking:
 * output decoded before an error within a piece is lost, so the pieces must
 * not depend on how the network split the download.
 */
export const DECODER_INPUT_BYTES = 4096;

/** A synchronous decoder for gzip or zstd. */
export function createDecoder(
  compression: 'gzip' | 'zstd',
  onData: (bytes: Uint8Array) => void,
): StreamDecoder {
  const decoder =
    compression === 'gzip'
      ? new Gunzip((data) => onData(data))
      : new ZstdDecompress((data) => onData(data));
  const piece = new Uint8Array(DECODER_INPUT_BYTES);
  let fill = 0;
  return {
    push: (bytes) => {
      let at = 0;
      while (at < bytes.length) {
        const take = Math.min(DECODER_INPUT_BYTES - fill, bytes.length - at);
        piece.set(bytes.subarray(at, at + take), fill);
        fill += take;
        at += take;
        if (fill < DECODER_INPUT_BYTES) break;
        fill = 0;
        // A copy: the decoder may keep a reference to what it was given.
        decoder.push(piece.slice(), false);
      }
    },
    finish: () => decoder.push(piece.slice(0, fill), true),
  };
}

interface XzModule {
  XzReadableStream: new (input: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;
}

/** How many empty outputs in a row mean the decoder is making no progress. */
const STALLED_READS = 1000;

/**
 * Decodes xz data held in memory, handing the output to `onData` until
 * `wantsMore` turns false. Like Go's reader, it stops there: errors in the
 * bytes after the point where the consumer was satisfied are not seen.
 */
export async function decodeXz(
  chunks: readonly Uint8Array[],
  onData: (bytes: Uint8Array) => void,
  wantsMore: () => boolean,
): Promise<void> {
  const { XzReadableStream } = await loadXz();
  const pieces = xzInputPieces(chunks);
  const input = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces.next();
      if (piece.done) controller.close();
      else controller.enqueue(piece.value);
    },
  });
  const reader = new XzReadableStream(input).getReader();
  let emptyReads = 0;
  try {
    while (wantsMore()) {
      const { done, value } = await reader.read();
      if (done) return;
      emptyReads = value.length === 0 ? emptyReads + 1 : 0;
      if (emptyReads > STALLED_READS) throw new Error('the xz decoder makes no progress');
      if (value.length > 0) onData(value);
    }
  } catch (error) {
    if (wantsMore()) throw error;
  } finally {
    // Cancelling releases the decoder's shared WebAssembly context.
    await reader.cancel().catch(() => undefined);
  }
}

/** The tail of an xz stream that is fed one byte at a time (see `xzInputPieces`). */
const XZ_TAIL_BYTES = 512;

/**
 * The decoder drops the output of a call that ends in an error, and it checks
 * the block check, index and footer in the same call as the last data when it
 * has them. Go's reader stops before reading those, so the tail goes in one
 * byte at a time: the last data comes out before any trailer can fail.
 */
function* xzInputPieces(chunks: readonly Uint8Array[]): Generator<Uint8Array> {
  // One buffer, so that the pieces do not depend on how the bytes arrived.
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const input = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    input.set(chunk, offset);
    offset += chunk.length;
  }
  const headLength = Math.max(0, total - XZ_TAIL_BYTES);
  for (let at = 0; at < headLength; at += DECODER_INPUT_BYTES) {
    yield input.subarray(at, Math.min(at + DECODER_INPUT_BYTES, headLength));
  }
  for (let at = headLength; at < total; at += 1) yield input.subarray(at, at + 1);
}

async function loadXz(): Promise<XzModule> {
  const module = (await import('xz-decompress')) as Partial<XzModule> & {
    default?: XzModule;
  };
  // The package is CommonJS: Node exposes it as `default`, bundlers as named exports.
  const XzReadableStream = module.XzReadableStream ?? module.default?.XzReadableStream;
  if (XzReadableStream === undefined) throw new Error('xz-decompress did not load');
  return { XzReadableStream };
}
