import type { HttpHeader, HttpRequest, HttpResponse } from './http.ts';
import { RingBuffer } from './ringBuffer.ts';
import { Sha256Stream } from './sha256Stream.ts';
import type { Subject, TraceRecord, TraceRecordKind } from './traceRecords.ts';

export interface TraceOptions {
  /**
   * How many records each subject keeps for inspection. Older ones are
   * dropped; the hash and the aggregates still cover them.
   * @default 2000
   */
  readonly historyPerSubject?: number;
}

/** Totals over the whole run, kept whole however long it runs. */
export interface TraceAggregates {
  records: number;
  byKind: Record<TraceRecordKind, number>;
  httpByStatus: Map<number, number>;
  httpFailures: number;
  stateEntries: Map<string, number>;
}

export type TraceListener = (record: TraceRecord) => void;

/**
 * The record as JSON, with bodies replaced by their sizes (hashed raw):
 * exactly `JSON.stringify` of the record with `body` swapped for its
 * `byteLength` in the request and the response. An exchange is written out
 * key by key so that a request's header list, which a device reuses from
 * one poll to the next, is turned into JSON once.
 */
export function serialiseRecord(record: TraceRecord): string {
  if (record.kind !== 'http') return JSON.stringify(record);
  let json = '{';
  for (const key in record) {
    const value = record[key as keyof typeof record];
    if (value === undefined) continue;
    const text =
      key === 'request'
        ? messageJson(value as HttpRequest, true)
        : key === 'response'
          ? messageJson(value as HttpResponse, false)
          : JSON.stringify(value);
    json += `${json.length === 1 ? '' : ','}"${key}":${text}`;
  }
  return `${json}}`;
}

const headerListJson = new WeakMap<readonly HttpHeader[], string>();

function messageJson(
  message: HttpRequest | HttpResponse,
  reusedHeaders: boolean,
): string {
  let json = '{';
  for (const key in message) {
    const value = message[key as keyof typeof message];
    if (value === undefined) continue;
    let text: string;
    if (key === 'body') text = String((value as Uint8Array).byteLength);
    else if (key === 'headers' && reusedHeaders) {
      const headers = value as readonly HttpHeader[];
      let cached = headerListJson.get(headers);
      if (cached === undefined) {
        cached = JSON.stringify(headers);
        headerListJson.set(headers, cached);
      }
      text = cached;
    } else text = JSON.stringify(value);
    json += `${json.length === 1 ? '' : ','}"${key}":${text}`;
  }
  return `${json}}`;
}

/**
 * Everything that happens in a run, in order. The hash covers every record
 * ever appended (bodies byte for byte), so two runs with the same inputs have
 * the same hash even after old history was dropped to bound memory.
 */
export class Trace {
  private readonly hasher = new Sha256Stream();
  private readonly histories = new Map<Subject, RingBuffer<TraceRecord>>();
  private readonly listeners = new Set<TraceListener>();
  private readonly historyPerSubject: number;

  readonly aggregates: TraceAggregates = {
    records: 0,
    byKind: { state: 0, http: 0, flash: 0, power: 0, network: 0, action: 0, log: 0 },
    httpByStatus: new Map(),
    httpFailures: 0,
    stateEntries: new Map(),
  };

  constructor(options: TraceOptions = {}) {
    this.historyPerSubject = options.historyPerSubject ?? 2000;
  }

  append(record: TraceRecord): void {
    this.hash(record);
    this.count(record);
    this.historyOf(record.subject).push(record);
    for (const listener of this.listeners) listener(record);
  }

  /** Calls `listener` with every record appended from now on. */
  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The kept records of one subject, oldest first. */
  history(subject: Subject): TraceRecord[] {
    return this.histories.get(subject)?.toArray() ?? [];
  }

  /** How many of a subject's records were dropped to bound memory. */
  droppedFor(subject: Subject): number {
    return this.histories.get(subject)?.dropped ?? 0;
  }

  subjects(): Subject[] {
    return [...this.histories.keys()];
  }

  /** Hex SHA-256 over every record so far; the trace goes on afterwards. */
  digest(): string {
    return this.hasher.digestHex();
  }

  private hash(record: TraceRecord): void {
    this.hasher.updateText(serialiseRecord(record));
    if (record.kind === 'http') {
      this.hasher.update(record.request.body);
      if (record.response !== undefined) this.hasher.update(record.response.body);
    }
  }

  private count(record: TraceRecord): void {
    const totals = this.aggregates;
    totals.records++;
    totals.byKind[record.kind]++;
    if (record.kind === 'http') {
      if (record.response === undefined) totals.httpFailures++;
      else {
        const status = record.response.status;
        totals.httpByStatus.set(status, (totals.httpByStatus.get(status) ?? 0) + 1);
      }
    } else if (record.kind === 'state') {
      const key = `${record.machine}:${record.state}`;
      totals.stateEntries.set(key, (totals.stateEntries.get(key) ?? 0) + 1);
    }
  }

  private historyOf(subject: Subject): RingBuffer<TraceRecord> {
    let history = this.histories.get(subject);
    if (history === undefined) {
      history = new RingBuffer(this.historyPerSubject);
      this.histories.set(subject, history);
    }
    return history;
  }
}
