/**
 * The least XState can cost for one poll: a two-state machine per device on
 * the kernel's clock that waits 30 s, starts the request on entering its
 * polling state and cancels it on leaving (as the client does with its API
 * calls: entry and exit actions, the answer sent back to the actor), takes
 * the answer 50 ms later and goes back to waiting. No server, no trace, no
 * HTTP: what is left is XState's own work for the two events and the
 * microsteps between them. Set beside the simulated fleet's cost per
 * exchange, it says how much of that cost the statechart runtime alone sets,
 * and so what the fleet can reach without leaving XState.
 */
import { assign, createActor, setup } from 'xstate';

import { NOTHING_DUE, VirtualClock, type TimerHandle } from '../src/sim/index.ts';

const POLL_MS = 30_000;
const ANSWER_MS = 50;

export interface XStateFloorFigures {
  readonly actors: number;
  readonly exchanges: number;
  readonly wallMs: number;
}

function floorMachine(clock: VirtualClock) {
  // The outstanding answer of each machine, as the client keeps its API call.
  const pending = new WeakMap<object, TimerHandle>();
  return setup({
    types: { context: {} as { exchanges: number; id: object } },
    actions: {
      ask: ({ context, self }) => {
        pending.set(
          context.id,
          clock.setTimeout(() => self.send({ type: 'answer' }), ANSWER_MS),
        );
      },
      cancel: ({ context }) => {
        const timer = pending.get(context.id);
        if (timer !== undefined) clock.clearTimeout(timer);
        pending.delete(context.id);
      },
      count: assign({ exchanges: ({ context }) => context.exchanges + 1 }),
    },
    delays: { poll: POLL_MS },
  }).createMachine({
    context: () => ({ exchanges: 0, id: {} }),
    initial: 'waiting',
    states: {
      waiting: { after: { poll: 'polling' } },
      polling: {
        initial: 'asking',
        states: {
          asking: {
            entry: 'ask',
            exit: 'cancel',
            on: { answer: { actions: 'count', target: 'answered' } },
          },
          answered: { type: 'final' },
        },
        onDone: 'waiting',
      },
    },
  });
}

/** Runs `actors` floor machines for `virtualSeconds` and counts their exchanges. */
export function runXStateFloor(
  actors: number,
  virtualSeconds: number,
): XStateFloorFigures {
  const clock = new VirtualClock();
  const machine = floorMachine(clock);
  const running = Array.from({ length: actors }, () =>
    createActor(machine, { clock }).start(),
  );
  const end = virtualSeconds * 1000;
  const started = performance.now();
  while (clock.fireNext(end) !== NOTHING_DUE) {
    // Each fired timer is one step of one machine.
  }
  const wallMs = performance.now() - started;
  const exchanges = running.reduce(
    (sum, actor) => sum + actor.getSnapshot().context.exchanges,
    0,
  );
  for (const actor of running) actor.stop();
  return { actors, exchanges, wallMs };
}
