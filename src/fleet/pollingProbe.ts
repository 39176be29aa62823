import { assign, createActor, fromCallback, setup, type ActorRefFrom } from 'xstate';

import {
  fromUtf8,
  utf8,
  type ExchangeOutcome,
  type HttpRequest,
  type SimulationKernel,
  type Transport,
} from '../sim/index.ts';

/**
 * The pipeline probe: one simulated device that asks the server's
 * next-deployment route on a fixed virtual interval, with the v2 request
 * the MCU client sends. It proves kernel, transport, routing and UI work
 * together.
 *
 * Remove once the Mender MCU client device (issue 5) drives the fleet; it
 * is not a model of the client (no authentication, no update states).
 */
export interface ProbeSettings {
  readonly deviceId: string;
  readonly serverUrl: string;
  readonly deviceType: string;
  readonly artifactName: string;
  readonly pollIntervalMs: number;
  readonly latencyMs: number;
}

export interface ProbeContext {
  readonly settings: ProbeSettings;
  lastStatus: number | undefined;
  lastFailure: string | undefined;
  polls: number;
}

type ProbeEvent =
  | { type: 'poll.answered'; outcome: ExchangeOutcome }
  | { type: 'network.changed'; up: boolean };

interface ProbeDependencies {
  readonly kernel: SimulationKernel;
  readonly transport: Transport;
  readonly isNetworkUp: () => boolean;
}

function nextDeploymentRequest(settings: ProbeSettings): HttpRequest {
  const body = JSON.stringify({
    device_provides: {
      device_type: settings.deviceType,
      artifact_name: settings.artifactName,
    },
  });
  return {
    method: 'POST',
    url: `${settings.serverUrl}/api/devices/v2/deployments/device/deployments/next`,
    headers: [
      ['User-Agent', 'mcu-fleet-simulator pipeline probe'],
      ['Content-Type', 'application/json'],
    ],
    body: utf8(body),
  };
}

export function createProbeMachine(dependencies: ProbeDependencies) {
  const { kernel, transport, isNetworkUp } = dependencies;

  return setup({
    types: {
      context: {} as ProbeContext,
      events: {} as ProbeEvent,
      input: {} as ProbeSettings,
    },
    actors: {
      askForNextDeployment: fromCallback<ProbeEvent, ProbeSettings>(
        ({ input, sendBack }) => {
          if (!isNetworkUp()) {
            kernel.clock.setTimeout(
              () =>
                sendBack({ type: 'poll.answered', outcome: { failure: 'network down' } }),
              0,
            );
            return;
          }
          transport.send(
            nextDeploymentRequest(input),
            { subject: input.deviceId, latencyMs: input.latencyMs },
            (outcome) => sendBack({ type: 'poll.answered', outcome }),
          );
        },
      ),
    },
    actions: {
      recordOutcome: assign(({ context, event }) => {
        if (event.type !== 'poll.answered') return {};
        return {
          polls: context.polls + 1,
          lastStatus: event.outcome.response?.status,
          lastFailure: event.outcome.failure,
        };
      }),
    },
    delays: {
      pollInterval: ({ context }) => context.settings.pollIntervalMs,
    },
  }).createMachine({
    id: 'probe',
    context: ({ input }) => ({
      settings: input,
      lastStatus: undefined,
      lastFailure: undefined,
      polls: 0,
    }),
    initial: 'polling',
    states: {
      polling: {
        invoke: {
          src: 'askForNextDeployment',
          input: ({ context }) => context.settings,
        },
        on: { 'poll.answered': { target: 'waiting', actions: 'recordOutcome' } },
      },
      waiting: {
        after: { pollInterval: { target: 'polling' } },
      },
    },
  });
}

export type ProbeActor = ActorRefFrom<ReturnType<typeof createProbeMachine>>;

/** What a probe device shows: its state and the last answer it got. */
export interface ProbeSnapshot {
  readonly deviceId: string;
  readonly powered: boolean;
  readonly networkUp: boolean;
  readonly state: string;
  readonly polls: number;
  readonly lastStatus: number | undefined;
  readonly lastFailure: string | undefined;
}

/** A powered, networked device around the probe machine. */
export class ProbeDevice {
  private actor: ProbeActor | undefined;
  private networkUp = true;
  private readonly machine;

  constructor(
    readonly settings: ProbeSettings,
    private readonly kernel: SimulationKernel,
    transport: Transport,
  ) {
    this.machine = createProbeMachine({
      kernel,
      transport,
      isNetworkUp: () => this.networkUp,
    });
  }

  get id(): string {
    return this.settings.deviceId;
  }

  powerOn(cause = 'power on'): void {
    if (this.actor !== undefined) return;
    this.record({ kind: 'power', on: true, cause });
    const actor = createActor(this.machine, {
      input: this.settings,
      clock: this.kernel.clock,
    });
    let lastState = '';
    actor.subscribe((snapshot) => {
      const state = String(snapshot.value);
      if (state === lastState) return;
      lastState = state;
      this.record({ kind: 'state', machine: 'probe', state });
    });
    this.actor = actor;
    actor.start();
  }

  powerOff(cause = 'power off'): void {
    if (this.actor === undefined) return;
    this.actor.stop();
    this.actor = undefined;
    this.record({ kind: 'power', on: false, cause });
  }

  setNetwork(up: boolean): void {
    if (this.networkUp === up) return;
    this.networkUp = up;
    this.record({ kind: 'network', change: up ? 'up' : 'down' });
  }

  snapshot(): ProbeSnapshot {
    const context = this.actor?.getSnapshot().context;
    return {
      deviceId: this.id,
      powered: this.actor !== undefined,
      networkUp: this.networkUp,
      state: this.actor === undefined ? 'off' : String(this.actor.getSnapshot().value),
      polls: context?.polls ?? 0,
      lastStatus: context?.lastStatus,
      lastFailure: context?.lastFailure,
    };
  }

  private record(
    record:
      | { kind: 'power'; on: boolean; cause: string }
      | { kind: 'state'; machine: string; state: string }
      | { kind: 'network'; change: string },
  ): void {
    this.kernel.trace.append({ ...record, time: this.kernel.now(), subject: this.id });
  }
}

/** Decodes a response body for display. */
export function describeBody(body: Uint8Array): string {
  return body.byteLength === 0 ? '(empty)' : fromUtf8(body);
}
