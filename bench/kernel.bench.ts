/**
 * The virtual clock under a steady load: every fired timer schedules one
 * more, so the number pending stays fixed (the "hold" model of event-queue
 * benchmarks). Compared in the same run with a plain baseline that keeps
 * timers in an array re-sorted on every insert, as xstate's SimulatedClock
 * does.
 */
import { NOTHING_DUE, SeededRandom, VirtualClock } from '../src/sim/index.ts';
import { type BenchReport, timeIt } from './report.ts';

const MAX_DELAY_MS = 60_000;

/** Events per second of the heap clock with `pending` timers waiting. */
async function heapClockRate(pending: number, events: number): Promise<number> {
  const clock = new VirtualClock();
  const random = new SeededRandom(1);
  const delays = Array.from({ length: 4096 }, () => random.integer(1, MAX_DELAY_MS));
  let next = 0;
  const reschedule = () => {
    clock.setTimeout(reschedule, delays[next++ & 4095]!);
  };
  for (let index = 0; index < pending; index++) reschedule();

  const elapsed = await timeIt(() => {
    for (let fired = 0; fired < events; fired++) {
      if (clock.fireNext() === NOTHING_DUE) throw new Error('queue ran dry');
    }
  });
  if (clock.pending !== pending) throw new Error('the load did not stay steady');
  return events / (elapsed / 1000);
}

/** The baseline: a sorted array, re-sorted after every insert. */
async function resortingArrayRate(pending: number, events: number): Promise<number> {
  type Entry = { at: number; sequence: number; callback: () => void };
  const queue: Entry[] = [];
  let now = 0;
  let sequence = 0;
  const random = new SeededRandom(1);
  const delays = Array.from({ length: 4096 }, () => random.integer(1, MAX_DELAY_MS));
  let next = 0;
  const byTime = (a: Entry, b: Entry) => a.at - b.at || a.sequence - b.sequence;
  const schedule = (sort: boolean) => {
    queue.push({
      at: now + delays[next++ & 4095]!,
      sequence: sequence++,
      callback: reschedule,
    });
    if (sort) queue.sort(byTime);
  };
  const reschedule = () => schedule(true);
  for (let index = 0; index < pending; index++) schedule(false);
  queue.sort(byTime);

  const elapsed = await timeIt(() => {
    for (let fired = 0; fired < events; fired++) {
      const entry = queue.shift()!;
      now = entry.at;
      entry.callback();
    }
  });
  return events / (elapsed / 1000);
}

export default async function kernelBench(report: BenchReport): Promise<void> {
  for (const [pending, events, baselineEvents, target] of [
    [10_000, 2_000_000, 2_000, 1_000_000],
    [1_000_000, 1_000_000, 20, 500_000],
  ] as const) {
    await heapClockRate(pending, Math.min(events, 100_000)); // warm-up
    const heap = await heapClockRate(pending, events);
    const baseline = await resortingArrayRate(pending, baselineEvents);
    const label = `${pending.toLocaleString('en-US')} pending`;
    report.add({
      name: `heap clock, ${label}`,
      value: heap,
      unit: 'events/s',
      target: `>= ${target.toLocaleString('en-US')}`,
    });
    report.add({
      name: `re-sorted array baseline, ${label}`,
      value: baseline,
      unit: 'events/s',
    });
    report.add({
      name: `heap clock vs baseline, ${label}`,
      value: heap / baseline,
      unit: '×',
    });
  }
}
