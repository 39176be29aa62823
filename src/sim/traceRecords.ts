import type { HttpRequest, HttpResponse } from './http.ts';

/** Who a record is about: a device id, or `server` / `fleet` for the rest. */
export type Subject = string;

interface RecordBase {
  /** Virtual time in milliseconds. */
  readonly time: number;
  readonly subject: Subject;
}

/** A state machine entered a state (client and update states use the real names). */
export interface StateEnteredRecord extends RecordBase {
  readonly kind: 'state';
  readonly machine: string;
  readonly state: string;
}

/** A request and its outcome, recorded when the answer reached the sender. */
export interface HttpExchangeRecord extends RecordBase {
  readonly kind: 'http';
  readonly sentAt: number;
  readonly request: HttpRequest;
  /** Absent when the exchange failed below HTTP (no route, refused, TLS). */
  readonly response?: HttpResponse;
  readonly failure?: string;
}

export interface FlashRecord extends RecordBase {
  readonly kind: 'flash';
  readonly operation: 'write' | 'delete' | 'erase';
  readonly key: string;
  readonly bytes: number;
}

export interface PowerRecord extends RecordBase {
  readonly kind: 'power';
  readonly on: boolean;
  readonly cause: string;
}

export interface NetworkRecord extends RecordBase {
  readonly kind: 'network';
  readonly change: string;
}

/** Something a user (or a scenario's timeline) did. */
export interface UserActionRecord extends RecordBase {
  readonly kind: 'action';
  readonly action: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface LogRecord extends RecordBase {
  readonly kind: 'log';
  readonly level: 'debug' | 'info' | 'warning' | 'error';
  readonly message: string;
}

export type TraceRecord =
  | StateEnteredRecord
  | HttpExchangeRecord
  | FlashRecord
  | PowerRecord
  | NetworkRecord
  | UserActionRecord
  | LogRecord;

export type TraceRecordKind = TraceRecord['kind'];
