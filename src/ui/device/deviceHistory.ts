import type {
  FlashRecord,
  HttpExchangeRecord,
  LogRecord,
  PowerRecord,
  StateEnteredRecord,
  TraceRecord,
} from '../../sim/index.ts';

/** A device's kept trace records up to a moment, sorted by kind for the inspectors. */
export interface DeviceMoment {
  /** Virtual time of the last record included. */
  readonly time: number;
  readonly clientState: string | undefined;
  readonly updateState: string | undefined;
  readonly powered: boolean | undefined;
  /** States entered and power changes, oldest first: the timeline. */
  readonly timeline: readonly (StateEnteredRecord | PowerRecord)[];
  readonly exchanges: readonly HttpExchangeRecord[];
  readonly flash: readonly FlashRecord[];
  readonly logs: readonly LogRecord[];
}

/**
 * The device as its kept history shows it after `records[0..upTo]`. States
 * are cleared by a power-off, as the device's RAM is.
 */
export function momentOf(records: readonly TraceRecord[], upTo: number): DeviceMoment {
  const timeline: (StateEnteredRecord | PowerRecord)[] = [];
  const exchanges: HttpExchangeRecord[] = [];
  const flash: FlashRecord[] = [];
  const logs: LogRecord[] = [];
  let clientState: string | undefined;
  let updateState: string | undefined;
  let powered: boolean | undefined;
  const last = Math.min(upTo, records.length - 1);
  for (let index = 0; index <= last; index++) {
    const record = records[index]!;
    switch (record.kind) {
      case 'state':
        timeline.push(record);
        if (record.machine === 'client') clientState = record.state;
        else updateState = record.state;
        break;
      case 'power':
        timeline.push(record);
        powered = record.on;
        if (!record.on) {
          clientState = undefined;
          updateState = undefined;
        }
        break;
      case 'http':
        exchanges.push(record);
        break;
      case 'flash':
        flash.push(record);
        break;
      case 'log':
        logs.push(record);
        break;
      default:
        break;
    }
  }
  return {
    time: last >= 0 ? records[last]!.time : 0,
    clientState,
    updateState,
    powered,
    timeline,
    exchanges,
    flash,
    logs,
  };
}

/** NVS keys present after the flash operations, with the size last written. */
export function nvsKeysAfter(operations: readonly FlashRecord[]): Map<string, number> {
  const keys = new Map<string, number>();
  for (const operation of operations) {
    if (operation.operation === 'write') keys.set(operation.key, operation.bytes);
    else if (operation.operation === 'delete') keys.delete(operation.key);
    else keys.clear();
  }
  return keys;
}

/**
 * XState ids of the states a state value names, ancestors included:
 * `{ mainWork: { update: 'DOWNLOAD' } }` under `client` gives `client.mainWork`,
 * `client.mainWork.update`, `client.mainWork.update.DOWNLOAD`.
 */
export function activeIdsOf(value: unknown, prefix: string): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  if (typeof value !== 'object' || value === null) return [];
  const ids: string[] = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    ids.push(`${prefix}.${key}`, ...activeIdsOf(child, `${prefix}.${key}`));
  }
  return ids;
}

/** Whether bytes read as text (UTF-8 without control characters other than whitespace). */
export function bodyAsText(body: Uint8Array): string | undefined {
  if (body.length === 0) return '';
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}
