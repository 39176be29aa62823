/**
 * The `manifest`: one `<sha256 hex>  <path>` line per checksummed file, like
 * the output of sha256sum. Neither mender-artifact nor mender-mcu takes a
 * checksum from a last line that has no newline; they differ in how strict
 * they are otherwise.
 */
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import type { ArtifactMode } from './types.ts';

const COMPRESSED_SUFFIXES = ['.gz', '.xz', '.zst'];
const textDecoder = new TextDecoder();

/** Expected checksums by path, and which of them the artifact has delivered. */
export class ChecksumStore {
  private readonly sums = new Map<string, string>();
  private readonly seen = new Set<string>();

  get(path: string): string | undefined {
    return this.sums.get(path);
  }

  has(path: string): boolean {
    return this.sums.has(path);
  }

  /** Notes that the artifact contained `path`, whether or not it matched. */
  markSeen(path: string): void {
    this.seen.add(path);
  }

  /** Paths the manifest lists but the artifact did not deliver. */
  unseen(): string[] {
    return [...this.sums.keys()].filter((path) => !this.seen.has(path));
  }

  paths(): string[] {
    return [...this.sums.keys()];
  }

  /** The checksums in manifest order. */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.sums);
  }

  /**
   * Adds the lines of a manifest (or `manifest-augment`). Server mode follows
   * mender-artifact (trimmed lines, blank ones skipped, exactly one
   * double-space separator, no duplicates, no whitespace after a payload
   * path); device mode follows mender-mcu (split at the first double space,
   * later duplicates win, compressed header archives refused).
   */
  addLines(bytes: Uint8Array, mode: ArtifactMode, location: ArtifactErrorLocation): void {
    const text = textDecoder.decode(bytes);
    const lines = text.split('\n');
    // The part after the last newline holds no checksum for either reader...
    const tail = lines.pop() ?? '';
    // ...but mender-artifact's list of payload files still wants it well formed.
    if (mode === 'server' && tail !== '' && !tail.includes('  ')) {
      throw invalid(
        `the last line "${shorten(tail)}" is not "<checksum>  <path>"`,
        location,
      );
    }
    for (const line of lines) {
      // mender-artifact skips blank lines; mender-mcu refuses them below.
      if (mode === 'server' && line.trim() === '') continue;
      const [sum, path] = mode === 'server' ? splitStrict(line) : splitLoose(line);
      if (sum === undefined || path === undefined) {
        throw invalid(
          `the line "${shorten(line)}" is not "<checksum>  <path>"`,
          location,
        );
      }
      if (mode === 'device' && path.startsWith('header.tar') && isCompressedName(path)) {
        throw compressionRefused(path, location);
      }
      const pattern = mode === 'server' ? /^[0-9a-f]{64}$/ : /^[0-9a-fA-F]{64}$/;
      if (!pattern.test(sum)) {
        throw invalid(`the checksum for ${path} is not 64 hex digits`, location);
      }
      // Its payload file list keeps the path untrimmed, so it cannot match such a file.
      if (mode === 'server' && path.startsWith('data/') && /\s$/.test(line)) {
        throw invalid(`the line for ${path} ends in whitespace`, location);
      }
      if (mode === 'server' && this.sums.has(path)) {
        throw invalid(`${path} is listed twice`, location);
      }
      this.sums.set(path, sum.toLowerCase());
    }
  }
}

/** True for names that end in a compression suffix mender-artifact writes. */
export function isCompressedName(name: string): boolean {
  return COMPRESSED_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** The error mender-mcu gives for any compressed header or data archive. */
export function compressionRefused(
  name: string,
  location: ArtifactErrorLocation,
): ArtifactError {
  return new ArtifactError(
    'compression-unsupported',
    `${name} is compressed, and mender-mcu reads only uncompressed artifacts. ` +
      'Build the artifact with `mender-artifact write ... --compression none`.',
    { ...location, clientMessage: 'Artifact compression is not supported' },
  );
}

type SplitLine = [sum: string, path: string] | [];

function splitStrict(line: string): SplitLine {
  const parts = line.trim().split('  ');
  return parts.length === 2 ? [parts[0] as string, parts[1] as string] : [];
}

function splitLoose(line: string): SplitLine {
  const at = line.indexOf('  ');
  return at === -1 ? [] : [line.slice(0, at), line.slice(at + 2)];
}

function invalid(reason: string, location: ArtifactErrorLocation): ArtifactError {
  return new ArtifactError(
    'manifest-invalid',
    `The manifest is malformed: ${reason}. Rebuild the artifact with mender-artifact.`,
    { ...location, clientMessage: 'Invalid manifest file' },
  );
}

function shorten(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}
