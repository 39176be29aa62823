import { useMemo, useState } from 'react';

import type { SimulatedDevice } from '../../devices/simulatedDevice.ts';
import { clientMachine } from '../../machines/index.ts';
import { formatVirtualTime } from '../format.ts';
import type { FleetLive } from '../fleetLive.ts';
import { useDeviceRow, useDeviceVersion } from '../liveHooks.ts';
import { DeviceFaultsPanel } from '../settings/index.ts';
import { useSimulationStore } from '../simulationStore.ts';
import { Statechart } from '../statechart/Statechart.tsx';
import { machineGraph } from '../statechart/machineGraph.ts';
import { MENDER_STATES_GRAPH, menderStatesView } from '../statechart/menderStates.ts';
import { useViewStore } from '../viewStore.ts';
import { activeIdsOf, momentOf, type DeviceMoment } from './deviceHistory.ts';
import {
  FlashInspector,
  HttpInspector,
  InventoryPanel,
  LogLines,
  Timeline,
} from './panels.tsx';
import './device.css';

const graph = machineGraph(clientMachine);
const ROOT_ID = clientMachine.root.id;

interface Transition {
  readonly source: string;
  readonly target: string;
}

/** The graph's edge that best explains going from one set of states to another. */
function takenEdge(
  before: readonly string[],
  after: readonly string[],
): Transition | undefined {
  const left = new Set(before.filter((id) => !after.includes(id)));
  const entered = new Set(after.filter((id) => !before.includes(id)));
  const edge =
    graph.edges.find(
      (candidate) => left.has(candidate.source) && entered.has(candidate.target),
    ) ??
    graph.edges.find(
      (candidate) => before.includes(candidate.source) && entered.has(candidate.target),
    );
  return edge === undefined ? undefined : { source: edge.source, target: edge.target };
}

interface ActorStates {
  active: string[];
  last: Transition | undefined;
}

/**
 * The states each client actor (a new one at every boot) is in and the last
 * transition it took, kept from the snapshots it publishes. One subscription
 * per actor for its lifetime: a stopped actor drops its listeners, and the
 * entry goes with the actor.
 */
const actorStates = new WeakMap<object, ActorStates>();

function statesOf(actor: NonNullable<SimulatedDevice['clientActor']>): ActorStates {
  const known = actorStates.get(actor);
  if (known !== undefined) return known;
  const states: ActorStates = {
    active: activeIdsOf(actor.getSnapshot().value, ROOT_ID),
    last: undefined,
  };
  actor.subscribe((snapshot) => {
    const next = activeIdsOf(snapshot.value, ROOT_ID);
    if (next.join() === states.active.join()) return;
    states.last = takenEdge(states.active, next) ?? states.last;
    states.active = next;
  });
  actorStates.set(actor, states);
  return states;
}

/** Read again at each `version` (a frame that saw a record about the device). */
function useActorStates(device: SimulatedDevice, version: number) {
  void version;
  const actor = device.clientActor;
  if (actor === undefined) return { active: [] as string[], last: undefined };
  const { active, last } = statesOf(actor);
  return { active, last };
}

/** The ids of nodes named after a recorded state, for moments in the past. */
function nodesNamed(state: string | undefined): string[] {
  if (state === undefined) return [];
  const node = graph.nodes.find((candidate) => candidate.label === state);
  if (node === undefined) return [];
  const ids = [node.id];
  let parent = node.parentId;
  while (parent !== undefined) {
    ids.push(parent);
    parent = graph.nodes.find((candidate) => candidate.id === parent)?.parentId;
  }
  return ids;
}

/** The update states entered in the history shown, as statechart node ids. */
function visitedNodes(timeline: DeviceMoment['timeline']): string[] {
  const ids = new Set<string>();
  for (const entry of timeline) {
    if (entry.kind !== 'state' || entry.machine !== 'update') continue;
    const [node] = nodesNamed(entry.state);
    if (node !== undefined) ids.add(node);
  }
  return [...ids];
}

function DevicePicker({ live, deviceId }: { live: FleetLive; deviceId: string | null }) {
  const openDevice = useViewStore((state) => state.openDevice);
  const [text, setText] = useState(deviceId ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const index = deviceId === null ? -1 : live.deviceIds.indexOf(deviceId);
  const go = (offset: number) => {
    const next = live.deviceIds[index + offset];
    if (next !== undefined) openDevice(next);
  };
  return (
    <form
      className="device-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (live.simulation.fleet.has(text)) {
          setProblem(null);
          openDevice(text);
        } else {
          setProblem(
            `No device "${text}" in this fleet; ids are the group name and a number, e.g. "${live.deviceIds[0] ?? ''}".`,
          );
        }
      }}
    >
      <button type="button" onClick={() => go(-1)} disabled={index <= 0}>
        Previous device
      </button>
      <label>
        Device id
        <input value={text} onChange={(event) => setText(event.target.value)} size={14} />
      </label>
      <button type="submit">Show</button>
      <button
        type="button"
        onClick={() => go(1)}
        disabled={index === -1 || index >= live.deviceIds.length - 1}
      >
        Next device
      </button>
      {problem !== null && <span role="alert">{problem}</span>}
    </form>
  );
}

/** The device's faults and firmware build; the forms are mounted only while open. */
function DeviceFaults({ deviceId }: { deviceId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="device-faults"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>Faults and settings of {deviceId}</summary>
      {open && <DeviceFaultsPanel deviceId={deviceId} />}
    </details>
  );
}

function DeviceDetail({ live, deviceId }: { live: FleetLive; deviceId: string }) {
  const { simulation } = live;
  const device = simulation.fleet.get(deviceId)!.device;
  const version = useDeviceVersion(live, deviceId);
  const row = useDeviceRow(live, deviceId);
  const { trace } = simulation.kernel;
  // Re-read when the device changes: the history is the trace's kept records.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const records = useMemo(() => trace.history(deviceId), [trace, deviceId, version]);
  const dropped = trace.droppedFor(deviceId);
  const [position, setPosition] = useState<number | null>(null);
  const isLive = position === null;
  const upTo = position ?? records.length - 1;
  const moment = useMemo(() => momentOf(records, upTo), [records, upTo]);
  const actorStates = useActorStates(device, version);
  const visited = useMemo(() => visitedNodes(moment.timeline), [moment]);
  const liveClientState = isLive
    ? device.clientActor?.getSnapshot().context.clientState
    : undefined;
  const menderView = useMemo(
    () => menderStatesView(moment.timeline, liveClientState),
    [moment, liveClientState],
  );

  const active = isLive
    ? actorStates.active
    : nodesNamed(moment.updateState ?? undefined).length > 0 &&
        moment.updateState !== 'END'
      ? nodesNamed(moment.updateState)
      : [];

  return (
    <article className="device-detail" aria-label={`Device ${deviceId}`}>
      <header className="device-head">
        <h2>{deviceId}</h2>
        <p>
          State{' '}
          <strong aria-label="Device state">
            {isLive
              ? (row?.fleetState ?? '—')
              : `${moment.updateState ?? moment.clientState ?? (moment.powered === false ? 'OFF' : '—')}`}
          </strong>
          {' · '}image {device.mcuboot.primary.name}
          {device.mcuboot.confirmed ? ' (confirmed)' : ' (test)'}
        </p>
      </header>
      <DeviceFaults deviceId={deviceId} />
      <section className="scrubber" aria-label="History">
        <label>
          History position
          <input
            type="range"
            min={0}
            max={Math.max(records.length - 1, 0)}
            value={Math.max(upTo, 0)}
            onChange={(event) => setPosition(Number(event.target.value))}
          />
        </label>
        <button
          type="button"
          onClick={() => setPosition(Math.max(upTo - 1, 0))}
          disabled={upTo <= 0}
        >
          Earlier
        </button>
        <button
          type="button"
          onClick={() => setPosition(upTo + 1 >= records.length - 1 ? null : upTo + 1)}
          disabled={isLive}
        >
          Later
        </button>
        <button type="button" aria-pressed={isLive} onClick={() => setPosition(null)}>
          Live
        </button>
        <output aria-label="Moment shown">
          {isLive
            ? 'live'
            : `record ${upTo + 1} of ${records.length}, at ${formatVirtualTime(moment.time)}`}
        </output>
        {dropped > 0 && (
          <p className="dropped" role="note">
            {dropped} older records of this device were dropped to bound memory; the
            inspectors start at {formatVirtualTime(records[0]?.time ?? 0)}. The flash at a
            past moment is rebuilt by replay, and &quot;Jump to time&quot; replays the
            whole run to an earlier time.
          </p>
        )}
      </section>
      <div className="device-grid">
        <div className="chart-column">
          <section
            className="panel chart-panel"
            aria-label={`mender-mcu states of ${deviceId}`}
          >
            <h3>mender-mcu states</h3>
            <p className="chart-legend">
              The client and update states of client.c. Yellow: where it is (every poll
              checks for a deployment in DOWNLOAD); blue: entered in the history shown;
              orange: the last step. Green: the success successor; red, dashed: the
              failure successor.
            </p>
            <Statechart
              machine={MENDER_STATES_GRAPH}
              activeStateIds={menderView.current}
              visitedStateIds={menderView.visited}
              lastTransition={menderView.last}
              title={`mender-mcu states of ${deviceId}`}
            />
          </section>
          <section className="panel chart-panel" aria-label={`Statechart of ${deviceId}`}>
            <h3>Client statechart (XState, every step)</h3>
            <p className="chart-legend">
              Yellow: the state it is in; blue: update states entered in the history shown
              (the path taken); orange arrow: the last transition.
            </p>
            <Statechart
              machine={clientMachine}
              activeStateIds={active}
              visitedStateIds={visited}
              lastTransition={isLive ? actorStates.last : undefined}
              title={`Client statechart of ${deviceId}`}
            />
          </section>
        </div>
        <Timeline deviceId={deviceId} entries={moment.timeline} />
      </div>
      <HttpInspector deviceId={deviceId} exchanges={moment.exchanges} />
      <FlashInspector
        deviceId={deviceId}
        simulation={simulation}
        live={isLive}
        operations={moment.flash}
        momentTime={moment.time}
        version={version}
      />
      <LogLines deviceId={deviceId} logs={moment.logs} />
      <InventoryPanel deviceId={deviceId} simulation={simulation} />
    </article>
  );
}

/** One device in depth: statechart, timeline, HTTP, flash, logs, inventory. */
export function DeviceView() {
  const live = useSimulationStore((state) => state.live);
  const deviceId = useViewStore((state) => state.selectedDeviceId);
  if (live === null) return <p role="status">No scenario loaded.</p>;
  const known = deviceId !== null && live.simulation.fleet.has(deviceId);
  return (
    <div className="device-view">
      <DevicePicker key={`picker:${deviceId ?? ''}`} live={live} deviceId={deviceId} />
      {known ? (
        <DeviceDetail key={`detail:${deviceId}`} live={live} deviceId={deviceId} />
      ) : (
        <p>Select a device in the fleet view, or type its id.</p>
      )}
    </div>
  );
}
