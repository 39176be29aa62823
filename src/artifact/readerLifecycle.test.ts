/**
 * The reader's life cycle under misuse: calls made while `endAsync` runs,
 * calls made from inside the reader's own callbacks, and callbacks that
 * fail. Each gives a typed error that names the real cause.
 */
import { describe, expect, it } from 'vitest';

import { ArtifactError } from './errors.ts';
import { ArtifactReader } from './reader.ts';
import { craftArtifact } from './testing/craft.ts';

const bytes = craftArtifact();

describe('while endAsync runs', () => {
  it('refuses a second endAsync with reader-closed, and the first still succeeds', async () => {
    const reader = new ArtifactReader({ mode: 'server' });
    reader.push(bytes);
    const [first, second] = await Promise.allSettled([
      reader.endAsync(),
      reader.endAsync(),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({
      status: 'rejected',
      reason: { code: 'reader-closed' },
    });
  });

  it('refuses more input', async () => {
    const reader = new ArtifactReader({ mode: 'server' });
    reader.push(bytes);
    const ending = reader.endAsync();
    expect(() => reader.push(new Uint8Array(512))).toThrow(
      expect.objectContaining({ code: 'reader-closed' }),
    );
    await expect(ending).resolves.toMatchObject({ artifactName: 'crafted-1' });
  });
});

describe('a call from inside a callback', () => {
  it('is refused with reader-busy, and reading goes on when the callback catches it', () => {
    const errors: unknown[] = [];
    const reader: ArtifactReader = new ArtifactReader({
      mode: 'device',
      onPayloadBlock: () => {
        try {
          reader.push(new Uint8Array(512));
        } catch (error) {
          errors.push(error);
        }
      },
    });
    reader.push(bytes);
    expect(reader.end().artifactName).toBe('crafted-1');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ code: 'reader-busy' });
  });

  it('fails the reader with reader-busy when the callback lets it through', () => {
    const reader: ArtifactReader = new ArtifactReader({
      mode: 'device',
      onHeader: () => reader.end(),
    });
    expect(() => reader.push(bytes)).toThrow(
      expect.objectContaining({ code: 'reader-busy' }),
    );
  });
});

describe('a failing acceptPayloadType', () => {
  it('refuses the artifact as header-rejected, naming the type', () => {
    const reader = new ArtifactReader({
      mode: 'device',
      acceptPayloadType: () => {
        throw new Error('module registry unavailable');
      },
    });
    let caught: unknown;
    try {
      reader.push(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ArtifactError);
    expect(caught).toMatchObject({ code: 'header-rejected', member: 'header.tar' });
    expect((caught as Error).message).toMatch(
      /zephyr-image.*module registry unavailable/,
    );
  });
});
