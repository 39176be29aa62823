/**
 * The least XState can cost for one poll: a two-state machine per device on
 * the kernel's clock that waits 30 s, asks a long-lived callback actor for
 * the request on entering its polling state and cancels it on leaving (as
 * the client does with its API channel), takes the answer 50 ms later and
 * goes back to waiting. No server, no trace, no HTTP: what is left is
 * XState's own work for the two events, the microsteps between them and the
 * two messages to the channel. Set beside the simulated fleet's cost per
 * exchange, it says how much of that cost the statechart runtime alone sets,
 * and so what the fleet can reach without leaving XState.
 */
import { assign, createActor, fromCallback, sendTo, setup } from 'xstate';

import { NOTHING_DUE, VirtualClock } from '../src/sim/index.ts';

const POLL_MS = 30_000;
const ANSWER_MS = 50;

export interface XStateFloorFigures {
  readonly actors: number;
  readonly exchanges: number;
  readonly wallMs: number;
}

function floorMachine(clock: VirtualClock) {
  const channel = fromCallback<{ type: 'ask' } | { type: 'cancel' }>(
    ({ sendBack, receive }) => {
      let timer: ReturnType<VirtualClock['setTimeout']> | undefined;
      const cancel = () => {
        if (timer !== undefined) clock.clearTimeout(timer);
        timer = undefined;
      };
      receive((event) => {
        cancel();
        if (event.type === 'ask') {
          timer = clock.setTimeout(() => sendBack({ type: 'answer' }), ANSWER_MS);
        }
      });
      return cancel;
    },
  );
  return setup({
    types: { context: {} as { exchanges: number } },
    actors: { channel },
    actions: {
      ask: sendTo('channel', { type: 'ask' }),
      cancel: sendTo('channel', { type: 'cancel' }),
      count: assign({ exchanges: ({ context }) => context.exchanges + 1 }),
    },
    delays: { poll: POLL_MS },
  }).createMachine({
    context: { exchanges: 0 },
    invoke: { id: 'channel', src: 'channel' },
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
