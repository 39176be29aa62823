/**
 * The state of `manifest.sig` while an artifact is read in server mode:
 * ECDSA is checked as soon as the signature arrives (where mender-artifact
 * checks it); RSA waits for `endAsync`, since WebCrypto is asynchronous.
 */
import { ArtifactError, type ArtifactErrorLocation } from './errors.ts';
import {
  decodeSignature,
  verifyEcdsaSignature,
  verifySignatureAsync,
  type ArtifactPublicKey,
} from './signature.ts';
import type { ArtifactSignature } from './types.ts';

const SIGNATURE_LOCATION: ArtifactErrorLocation = { member: 'manifest.sig', offset: 0 };

export class ManifestSignature {
  private state: ArtifactSignature = { signed: false, verified: false };
  private pendingRsa:
    | {
        readonly signature: Uint8Array;
        readonly manifest: Uint8Array;
        readonly location: ArtifactErrorLocation;
      }
    | undefined;

  /** `key` is undefined when nothing is to be verified (device mode, or no key given). */
  constructor(private readonly key: ArtifactPublicKey | undefined) {}

  get current(): ArtifactSignature {
    return this.state;
  }

  /** An RSA signature waits for `verifyAsync`. */
  get needsAsync(): boolean {
    return this.pendingRsa !== undefined;
  }

  /** Notes that the artifact carries `manifest.sig`. */
  markSigned(): void {
    this.state = { signed: true, verified: false };
  }

  /** With a key, an artifact must be signed (mender-artifact: "expecting signed artifact"). */
  requireSignedIfKeyed(location: ArtifactErrorLocation): void {
    if (this.key === undefined || this.state.signed) return;
    throw new ArtifactError(
      'signature-missing',
      'A verification key was given, but the artifact is not signed (no manifest.sig). ' +
        'Sign it with `mender-artifact sign`, or read it without a key.',
      location,
    );
  }

  /** Checks the text of `manifest.sig` against the manifest bytes. */
  check(text: Uint8Array, manifest: Uint8Array, location: ArtifactErrorLocation): void {
    if (this.key === undefined) return;
    const signature = decodeSignature(text);
    if (signature === undefined) throw invalid('manifest.sig is not base64', location);
    if (this.key.algorithm === 'rsa') {
      this.pendingRsa = { signature, manifest, location };
      return;
    }
    this.state = verifyEcdsaSignature(this.key, manifest, signature);
    if (!this.state.verified) {
      throw invalid('the signature does not match the manifest and key', location);
    }
  }

  async verifyAsync(): Promise<void> {
    const pending = this.pendingRsa;
    if (pending === undefined || this.key === undefined) return;
    this.pendingRsa = undefined;
    this.state = await verifySignatureAsync(
      this.key,
      pending.manifest,
      pending.signature,
    );
    if (!this.state.verified) {
      throw invalid(
        'the RSA signature does not match the manifest and key',
        pending.location,
      );
    }
  }

  needsAsyncError(): ArtifactError {
    return new ArtifactError(
      'signature-needs-async',
      'This artifact is signed with RSA, which is verified with WebCrypto (asynchronous). ' +
        'Call endAsync() (or readArtifactAsync) instead of end().',
      this.pendingRsa?.location ?? SIGNATURE_LOCATION,
    );
  }
}

function invalid(reason: string, location: ArtifactErrorLocation): ArtifactError {
  return new ArtifactError(
    'signature-invalid',
    `The artifact signature is not valid: ${reason}. Either the artifact was altered ` +
      'after signing, or the key is not the one it was signed with.',
    location,
  );
}
