/**
 * The artifact reader's throughput on a 5 MiB artifact, against SHA-256 of
 * the same bytes with the same streaming implementation (@noble/hashes), and
 * the heap it holds while reading payloads of different sizes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { sha256 } from '@noble/hashes/sha2.js';

import { ArtifactReader, writeArtifact } from '../src/artifact/index.ts';
import type { ArtifactMode } from '../src/artifact/index.ts';
import type { BenchReport } from './report.ts';

const MIB = 1024 * 1024;
const CHUNK = 64 * 1024;
const ROUNDS = 7;

function artifactWithPayload(bytes: number): Uint8Array {
  const payload = new Uint8Array(bytes);
  let state = 0x12345678;
  for (let i = 0; i < bytes; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    payload[i] = state >>> 24;
  }
  return writeArtifact({
    artifactName: 'bench-1.0.0',
    payloadType: 'zephyr-image',
    deviceTypes: ['esp32'],
    files: [{ name: 'zephyr.signed.bin', data: payload }],
  });
}

function hashInChunks(bytes: Uint8Array): void {
  const hash = sha256.create();
  for (let at = 0; at < bytes.length; at += CHUNK)
    hash.update(bytes.subarray(at, at + CHUNK));
  hash.digest();
}

function readInChunks(bytes: Uint8Array, mode: ArtifactMode, onChunk?: () => void): void {
  let blocks = 0;
  const reader = new ArtifactReader({ mode, onPayloadBlock: () => (blocks += 1) });
  for (let at = 0; at < bytes.length; at += CHUNK) {
    reader.push(bytes.subarray(at, at + CHUNK));
    onChunk?.();
  }
  reader.end();
  if (blocks === 0) throw new Error('the reader delivered no payload block');
}

/**
 * Median time of each piece of work, measured in alternation so that a
 * busy machine (two cores shared with others) slows all of them alike.
 */
function medianMs(works: readonly (() => void)[]): number[] {
  const times: number[][] = works.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    works.forEach((work, index) => {
      const started = performance.now();
      work();
      times[index]?.push(performance.now() - started);
    });
  }
  return times.map(
    (list) => list.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] as number,
  );
}

/** Largest heap growth (after GC) seen while reading, in KiB. */
function heapGrowthKiB(bytes: Uint8Array): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  let chunks = 0;
  readInChunks(bytes, 'device', () => {
    chunks += 1;
    if (chunks % 16 !== 0) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
  });
  return peak / 1024;
}

export default async function artifactBench(report: BenchReport): Promise<void> {
  const artifact = artifactWithPayload(5 * MIB);
  // Warm both paths up before timing.
  hashInChunks(artifact);
  readInChunks(artifact, 'device');

  const [hashMs, deviceMs, serverMs] = medianMs([
    () => hashInChunks(artifact),
    () => readInChunks(artifact, 'device'),
    () => readInChunks(artifact, 'server'),
  ]) as [number, number, number];
  const mibPerSecond = (ms: number) => artifact.length / MIB / (ms / 1000);

  report.add({
    name: 'SHA-256 of the 5 MiB artifact',
    value: mibPerSecond(hashMs),
    unit: 'MiB/s',
  });
  report.add({
    name: 'reader, device mode',
    value: mibPerSecond(deviceMs),
    unit: 'MiB/s',
  });
  report.add({
    name: 'reader time / SHA-256 time, device mode',
    value: deviceMs / hashMs,
    unit: '×',
    target: '≤ 2',
  });
  report.add({
    name: 'reader time / SHA-256 time, server mode',
    value: serverMs / hashMs,
    unit: '×',
    target: '≤ 2',
  });

  for (const size of [1, 5, 20]) {
    report.add({
      name: `heap growth while reading a ${size} MiB payload`,
      value: heapGrowthKiB(artifactWithPayload(size * MIB)),
      unit: 'KiB',
      target: 'flat across sizes',
    });
  }
}
