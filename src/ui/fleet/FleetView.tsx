import { useVirtualizer } from '@tanstack/react-virtual';
import { Suspense, lazy, memo, useMemo, useRef, useState } from 'react';

import { formatVirtualTime } from '../format.ts';
import { FLEET_STATE_ORDER, type DeviceRow, type FleetLive } from '../fleetLive.ts';
import { useDeviceRow, useStateCounts } from '../liveHooks.ts';
import { useSimulationStore } from '../simulationStore.ts';
import { useViewStore } from '../viewStore.ts';
import './fleet.css';

// The forms (Kconfig parsing, module editor) load when first opened.
const FleetFaultsPanel = lazy(() =>
  import('../settings/index.ts').then((module) => ({
    default: module.FleetFaultsPanel,
  })),
);

const ALL_STATES = '';
const ROW_HEIGHT = 30;

type ListItem =
  | { readonly kind: 'group'; readonly state: string; readonly count: number }
  | { readonly kind: 'device'; readonly id: string };

function stateRank(state: string): number {
  const index = FLEET_STATE_ORDER.indexOf(state);
  return index === -1 ? FLEET_STATE_ORDER.length : index;
}

function sortedStates(counts: ReadonlyMap<string, number>): string[] {
  return [...counts.keys()].sort(
    (a, b) => stateRank(a) - stateRank(b) || a.localeCompare(b),
  );
}

function listItems(
  live: FleetLive,
  counts: ReadonlyMap<string, number>,
  filter: string,
  grouped: boolean,
): ListItem[] {
  const ids =
    filter === ALL_STATES
      ? live.deviceIds
      : live.deviceIds.filter((id) => live.fleetStateOf(id) === filter);
  if (!grouped) return ids.map((id) => ({ kind: 'device', id }));
  const byState = new Map<string, string[]>();
  for (const id of ids) {
    const state = live.fleetStateOf(id) ?? 'OFF';
    let members = byState.get(state);
    if (members === undefined) byState.set(state, (members = []));
    members.push(id);
  }
  const items: ListItem[] = [];
  for (const state of sortedStates(counts)) {
    const members = byState.get(state);
    if (members === undefined) continue;
    items.push({ kind: 'group', state, count: members.length });
    for (const id of members) items.push({ kind: 'device', id });
  }
  return items;
}

function lastAnswer(row: DeviceRow): string {
  if (row.lastStatus !== undefined) return String(row.lastStatus);
  return row.lastFailure ?? '—';
}

function power(row: DeviceRow): string {
  if (row.bricked) return 'bricked';
  return row.powered ? 'on' : 'off';
}

function DownloadCell({ row }: { row: DeviceRow }) {
  if (row.download === undefined) return <>—</>;
  const { receivedBytes, totalBytes } = row.download;
  return (
    <progress
      value={receivedBytes}
      max={totalBytes}
      aria-label={`Download of ${row.id}`}
      title={`${receivedBytes} of ${totalBytes} bytes at the link's bandwidth`}
    />
  );
}

const FleetRow = memo(function FleetRow({
  live,
  id,
  selected,
}: {
  live: FleetLive;
  id: string;
  selected: boolean;
}) {
  const row = useDeviceRow(live, id);
  const openDevice = useViewStore((state) => state.openDevice);
  if (row === undefined) return null;
  return (
    <>
      <div role="rowheader" className="cell device-id">
        <button
          type="button"
          className="link"
          aria-current={selected ? 'true' : undefined}
          onClick={() => openDevice(id)}
        >
          {id}
        </button>
      </div>
      <div
        role="cell"
        className={`cell state state-${row.fleetState}`}
        aria-label={`State of ${id}`}
      >
        {row.fleetState}
      </div>
      <div role="cell" className="cell">
        {power(row)}
      </div>
      <div role="cell" className="cell">
        {row.networkUp ? 'up' : 'down'}
      </div>
      <div role="cell" className="cell" aria-label={`Image of ${id}`}>
        {row.image}
        {row.imageConfirmed ? '' : ' (testing)'}
      </div>
      <div role="cell" className="cell">
        {row.targetArtifact ?? '—'}
      </div>
      <div role="cell" className="cell">
        <DownloadCell row={row} />
      </div>
      <div role="cell" className="cell request">
        {row.lastRequest ?? '—'}
      </div>
      <div role="cell" className="cell" aria-label={`Last response of ${id}`}>
        {lastAnswer(row)}
      </div>
      <div role="cell" className="cell time">
        {row.lastExchangeAt === undefined ? '—' : formatVirtualTime(row.lastExchangeAt)}
      </div>
    </>
  );
});

const COLUMNS = [
  'Device',
  'State',
  'Power',
  'Network',
  'Running image',
  'Target artifact',
  'Download',
  'Last request',
  'Status',
  'At',
];

function FleetCounts({
  counts,
  filter,
  onFilter,
}: {
  counts: ReadonlyMap<string, number>;
  filter: string;
  onFilter: (state: string) => void;
}) {
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  return (
    <ul className="fleet-counts" aria-label="Fleet counts">
      <li>
        <button
          type="button"
          aria-pressed={filter === ALL_STATES}
          onClick={() => onFilter(ALL_STATES)}
        >
          All <strong>{total}</strong>
        </button>
      </li>
      {sortedStates(counts).map((state) => (
        <li key={state}>
          <button
            type="button"
            className={`state-${state}`}
            aria-pressed={filter === state}
            aria-label={`${state}: ${counts.get(state)} devices`}
            onClick={() => onFilter(filter === state ? ALL_STATES : state)}
          >
            {state} <strong>{counts.get(state)}</strong>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Faults and firmware builds for the whole fleet, mounted only while open. */
function FleetFaults() {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="fleet-faults"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>Faults and settings of the fleet</summary>
      {open && (
        <Suspense fallback={<p role="status">Loading the settings…</p>}>
          <FleetFaultsPanel />
        </Suspense>
      )}
    </details>
  );
}

function FleetList({ live }: { live: FleetLive }) {
  const counts = useStateCounts(live);
  const [filter, setFilter] = useState(ALL_STATES);
  const [grouped, setGrouped] = useState(false);
  const selectedId = useViewStore((state) => state.selectedDeviceId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = useMemo(
    () => listItems(live, counts, filter, grouped),
    [live, counts, filter, grouped],
  );
  // The virtualizer keeps its own state; the compiler leaves this component unmemoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  return (
    <section aria-label="Fleet" className="fleet">
      <FleetCounts counts={counts} filter={filter} onFilter={setFilter} />
      <FleetFaults />
      <div className="fleet-tools">
        <label>
          Filter by state
          <select value={filter} onChange={(event) => setFilter(event.target.value)}>
            <option value={ALL_STATES}>all states</option>
            {FLEET_STATE_ORDER.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={grouped}
            onChange={(event) => setGrouped(event.target.checked)}
          />
          Group by state
        </label>
        <span>{items.filter((item) => item.kind === 'device').length} shown</span>
      </div>
      <div role="table" aria-label="Devices" aria-rowcount={items.length + 1}>
        <div role="rowgroup" className="fleet-head">
          <div role="row" className="fleet-row">
            {COLUMNS.map((column) => (
              <div role="columnheader" key={column} className="cell">
                {column}
              </div>
            ))}
          </div>
        </div>
        <div ref={scrollRef} className="fleet-scroll" role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((virtual) => {
              const item = items[virtual.index]!;
              return (
                <div
                  key={item.kind === 'group' ? `group:${item.state}` : item.id}
                  role="row"
                  aria-rowindex={virtual.index + 2}
                  className={`fleet-row ${item.kind === 'group' ? 'group-row' : ''} ${
                    item.kind === 'device' && item.id === selectedId ? 'selected' : ''
                  }`}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    height: ROW_HEIGHT,
                    transform: `translateY(${virtual.start}px)`,
                  }}
                >
                  {item.kind === 'group' ? (
                    <div role="cell" className="cell group-cell">
                      {item.state} ({item.count})
                    </div>
                  ) : (
                    <FleetRow
                      live={live}
                      id={item.id}
                      selected={item.id === selectedId}
                    />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}

/** Every device of the fleet, its state and its last exchange. */
export function FleetView() {
  const live = useSimulationStore((state) => state.live);
  if (live === null) return <p role="status">No scenario loaded.</p>;
  return <FleetList live={live} />;
}
