import { useEffect, useLayoutEffect, useRef, useState } from 'react';

import { flashView, type FlashView } from '../../fleet/flashView.ts';
import { Simulation } from '../../fleet/index.ts';
import type {
  FlashRecord,
  HttpExchangeRecord,
  LogRecord,
  PowerRecord,
  StateEnteredRecord,
} from '../../sim/index.ts';
import { formatVirtualTime } from '../format.ts';
import { bodyAsText, nvsKeysAfter } from './deviceHistory.ts';

/**
 * Keeps a scrolling list at its newest (last) line as lines arrive, unless
 * the reader has scrolled up to read older ones.
 */
function useStickToBottom<T extends HTMLElement>(content: unknown) {
  const ref = useRef<T>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const element = ref.current;
    if (element !== null && atBottom.current) element.scrollTop = element.scrollHeight;
  }, [content]);
  const onScroll = (event: React.UIEvent<T>) => {
    const element = event.currentTarget;
    atBottom.current =
      element.scrollTop + element.clientHeight >= element.scrollHeight - 4;
  };
  return { ref, onScroll };
}

export function Timeline({
  deviceId,
  entries,
}: {
  deviceId: string;
  entries: readonly (StateEnteredRecord | PowerRecord)[];
}) {
  const scroll = useStickToBottom<HTMLOListElement>(entries);
  return (
    <section className="panel timeline-panel" aria-label={`Timeline of ${deviceId}`}>
      <h3>Timeline</h3>
      <ol className="timeline" {...scroll}>
        {entries.map((entry, index) => (
          <li key={index} className={entry.kind === 'power' ? 'power' : entry.machine}>
            <time>{formatVirtualTime(entry.time)}</time>{' '}
            {entry.kind === 'power' ? (
              <span>
                power {entry.on ? 'on' : 'off'} ({entry.cause})
              </span>
            ) : (
              <span className={`state-${entry.state}`}>
                {entry.machine === 'update' ? 'update ' : ''}
                {entry.state}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Body({ label, body }: { label: string; body: Uint8Array }) {
  const text = bodyAsText(body);
  if (body.length === 0) return <p className="empty-body">{label}: empty</p>;
  return (
    <div>
      <p>
        {label}: {body.length} bytes
      </p>
      {text === undefined ? (
        <p className="binary">binary content, not shown</p>
      ) : (
        <pre className="body">
          {text.length > 4000 ? `${text.slice(0, 4000)}…` : text}
        </pre>
      )}
    </div>
  );
}

function Headers({ headers }: { headers: readonly (readonly [string, string])[] }) {
  return (
    <dl className="headers">
      {headers.map(([name, value], index) => (
        <div key={index}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Most recent first, as people look for the latest exchange. */
export function HttpInspector({
  deviceId,
  exchanges,
}: {
  deviceId: string;
  exchanges: readonly HttpExchangeRecord[];
}) {
  const shown = exchanges.slice(-200).reverse();
  return (
    <section className="panel" aria-label={`HTTP exchanges of ${deviceId}`}>
      <h3>HTTP ({exchanges.length})</h3>
      {exchanges.length > shown.length && (
        <p>
          The latest {shown.length} of {exchanges.length} kept exchanges are listed.
        </p>
      )}
      <ul className="exchanges">
        {shown.map((exchange) => {
          const url = new URL(exchange.request.url);
          return (
            <li key={`${exchange.sentAt}:${exchange.time}:${exchange.request.url}`}>
              <details>
                <summary>
                  <time>{formatVirtualTime(exchange.sentAt)}</time>{' '}
                  <strong>{exchange.request.method}</strong> {url.host}
                  {url.pathname}
                  {url.search} →{' '}
                  <span
                    className={`status status-${exchange.response?.status ?? 'failed'}`}
                  >
                    {exchange.response?.status ?? `failed: ${exchange.failure ?? ''}`}
                  </span>{' '}
                  <span className="latency">
                    {exchange.time - exchange.sentAt} ms virtual
                  </span>
                </summary>
                <div className="exchange-detail">
                  <h4>Request</h4>
                  <Headers headers={exchange.request.headers} />
                  <Body label="Request body" body={exchange.request.body} />
                  {exchange.response !== undefined && (
                    <>
                      <h4>Response {exchange.response.status}</h4>
                      <Headers headers={exchange.response.headers} />
                      <Body label="Response body" body={exchange.response.body} />
                    </>
                  )}
                </div>
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function FlashTables({ view }: { view: FlashView }) {
  return (
    <>
      <h4>NVS records</h4>
      <table aria-label="NVS records">
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Record</th>
            <th scope="col">Bytes</th>
            <th scope="col">Content</th>
          </tr>
        </thead>
        <tbody>
          {view.nvs.map((record) => (
            <tr key={record.id}>
              <td>{record.id}</td>
              <td>{record.name}</td>
              <td>{record.bytes}</td>
              <td className="nvs-value">{record.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>MCUboot</h4>
      <table aria-label="MCUboot slots">
        <tbody>
          <tr>
            <th scope="row">Primary slot</th>
            <td>
              {view.mcuboot.primary} (
              {view.mcuboot.confirmed ? 'confirmed' : 'test, not confirmed'})
            </td>
          </tr>
          <tr>
            <th scope="row">Secondary slot</th>
            <td>{view.mcuboot.secondary ?? 'empty'}</td>
          </tr>
          <tr>
            <th scope="row">Pending swap</th>
            <td>{view.mcuboot.pendingSwap}</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

/**
 * The device's flash now, decoded; at an earlier moment, the NVS keys the
 * kept flash records show, and the whole decoded flash on demand by replaying
 * the run to that moment in a separate simulation.
 */
export function FlashInspector({
  deviceId,
  simulation,
  live,
  operations,
  momentTime,
  version,
}: {
  deviceId: string;
  simulation: Simulation;
  live: boolean;
  operations: readonly FlashRecord[];
  momentTime: number;
  version: number;
}) {
  const entry = simulation.fleet.get(deviceId)!;
  const withCrc = simulation.groups.get(entry.group)!.settings.deploymentDataCrc;
  const [replayedAt, setReplayed] = useState<
    { time: number; view: FlashView } | { time: number; error: string } | null
  >(null);
  const [replaying, setReplaying] = useState(false);
  // A rebuild shows only for the moment it was made at.
  const replayed = replayedAt?.time === momentTime ? replayedAt : null;

  const rebuild = async () => {
    setReplaying(true);
    try {
      const copy = new Simulation(simulation.scenario);
      await copy.replay(
        simulation.recordedActions.filter((recorded) => recorded.atMs <= momentTime),
      );
      await copy.kernel.runUntil(momentTime);
      setReplayed({
        time: momentTime,
        view: flashView(copy.fleet.get(deviceId)!.device, withCrc),
      });
    } catch (error) {
      setReplayed({
        time: momentTime,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setReplaying(false);
    }
  };

  const keys = nvsKeysAfter(operations);
  return (
    <section className="panel" aria-label={`Flash of ${deviceId}`} data-version={version}>
      <h3>Flash</h3>
      {live ? (
        <FlashTables view={flashView(entry.device, withCrc)} />
      ) : (
        <>
          <p>
            At {formatVirtualTime(momentTime)} the kept flash records show these NVS keys
            (sizes as last written):
          </p>
          <ul>
            {[...keys].map(([key, bytes]) => (
              <li key={key}>
                {key}: {bytes} bytes
              </li>
            ))}
          </ul>
          {replayed === null ? (
            <button type="button" onClick={() => void rebuild()} disabled={replaying}>
              {replaying ? 'Replaying…' : 'Decode flash at this moment by replay'}
            </button>
          ) : 'error' in replayed ? (
            <p role="alert">Replay failed: {replayed.error}</p>
          ) : (
            <>
              <p>
                Rebuilt by replaying the run to {formatVirtualTime(replayed.time)} (every
                event up to that virtual time):
              </p>
              <FlashTables view={replayed.view} />
            </>
          )}
        </>
      )}
    </section>
  );
}

export function LogLines({
  deviceId,
  logs,
}: {
  deviceId: string;
  logs: readonly LogRecord[];
}) {
  const shown = logs.slice(-300);
  const scroll = useStickToBottom<HTMLPreElement>(logs);
  return (
    <section className="panel" aria-label={`Log of ${deviceId}`}>
      <h3>Log</h3>
      <pre className="log" {...scroll}>
        {shown
          .map(
            (line) =>
              `${formatVirtualTime(line.time)} ${line.level.padEnd(7)} ${line.message}`,
          )
          .join('\n')}
      </pre>
    </section>
  );
}

/** The server's inventory for the device, read from its state (a copy). */
export function InventoryPanel({
  deviceId,
  simulation,
}: {
  deviceId: string;
  simulation: Simulation;
}) {
  const [open, setOpen] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!open) return;
    const timer = window.setInterval(() => setTick((value) => value + 1), 2000);
    return () => window.clearInterval(timer);
  }, [open]);

  let content: React.ReactNode = null;
  if (open) {
    const identity = simulation.fleet.get(deviceId)!.identity;
    const known = simulation.server.findDevice(identity);
    if (known === undefined) {
      content = <p>The server has not heard from this device yet.</p>;
    } else {
      const attributes = simulation.server.inventoryAttributes(known.id);
      content = (
        <>
          <p>
            Server id <code>{known.id}</code>, status <strong>{known.status}</strong>
          </p>
          <table aria-label="Inventory">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {attributes.map((attribute) => (
                <tr key={`${attribute.scope}/${attribute.name}`}>
                  <td>{attribute.scope}</td>
                  <td>{attribute.name}</td>
                  <td>{JSON.stringify(attribute.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
    }
  }

  return (
    <section className="panel" aria-label={`Inventory of ${deviceId}`}>
      <details open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h3>Inventory as the server sees it</h3>
        </summary>
        <div data-refresh={tick}>{content}</div>
      </details>
    </section>
  );
}
