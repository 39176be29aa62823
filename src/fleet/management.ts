import {
  fromUtf8,
  headerValue,
  utf8,
  type HttpHeader,
  type HttpRequest,
  type SimulationKernel,
  type Transport,
} from '../sim/index.ts';
import type { FileTable } from './fileTable.ts';
import type { UserAction } from './scenarioSchema.ts';

export type ManagementRequestAction = Extract<
  UserAction,
  { action: 'management.request' }
>;

/** The subject the admin panel's exchanges carry in the trace. */
export const ADMIN_SUBJECT = 'admin';

/**
 * Virtual round trip of the admin's own requests. The admin's browser sits
 * on an office connection, not on a device's radio link; the figure is an
 * assumption of this simulator (the panel shows it) and is kept apart from
 * the server's fault latency, which applies to device traffic only.
 */
export const ADMIN_LATENCY_MS = 40;

/** One request the admin panel made and, once it arrived, its answer. */
export interface ManagementExchange {
  /** 1 for the run's first management request, and so on. */
  readonly number: number;
  readonly method: string;
  /** Path and query, as the action named it. */
  readonly path: string;
  readonly sentAt: number;
  /** Virtual time the answer (or the failure) arrived; undefined while in flight. */
  readonly answeredAt?: number;
  readonly status?: number;
  readonly headers?: readonly HttpHeader[];
  /** The body parsed as JSON when it is JSON, else the text; undefined when empty. */
  readonly body?: unknown;
  /** A failure below HTTP (no answer at all). */
  readonly failure?: string;
  /** The `Location` header of a 201, e.g. the new deployment's URL. */
  readonly location?: string;
}

/** How many finished exchanges the console keeps for the activity log. */
const LOG_CAPACITY = 200;

function boundaryFor(sha: string): string {
  // Fixed per file, so that a replay sends the same bytes (a browser would draw one).
  return `----FleetSimulatorFormBoundary${sha.slice(0, 16)}`;
}

/** The `multipart/form-data` body Mender's UI sends: description, then the file last. */
export function artifactUploadBody(
  sha: string,
  fileName: string,
  description: string,
  bytes: Uint8Array,
): { contentType: string; body: Uint8Array } {
  const boundary = boundaryFor(sha);
  const safeName = fileName.replace(/["\r\n]/g, '_');
  const head = utf8(
    `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n` +
      `${description}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="artifact"; filename="${safeName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = utf8(`\r\n--${boundary}--\r\n`);
  const body = new Uint8Array(head.length + bytes.length + tail.length);
  body.set(head, 0);
  body.set(bytes, head.length);
  body.set(tail, head.length + bytes.length);
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

function parseBody(headers: readonly HttpHeader[], body: Uint8Array): unknown {
  if (body.length === 0) return undefined;
  const text = fromUtf8(body);
  const type = headerValue(headers, 'content-type') ?? '';
  if (type.startsWith('application/json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The admin panel's side of the management API: it builds the HTTP request
 * a `management.request` action describes, with the administrator's token,
 * and sends it through the same transport as the devices, so it enters the
 * trace at its virtual time and replays identically. The answers are kept
 * for the panel: the latest one per request line, and a bounded log.
 */
export class ManagementConsole {
  private count = 0;
  private readonly latestByLine = new Map<string, ManagementExchange>();
  private readonly finished: ManagementExchange[] = [];
  private readonly inFlight = new Map<number, ManagementExchange>();
  private readonly listeners = new Set<(exchange: ManagementExchange) => void>();
  private changes = 0;

  constructor(
    private readonly kernel: SimulationKernel,
    private readonly transport: Transport,
    /** The API host the devices are configured with, e.g. https://hosted.mender.io. */
    readonly host: string,
    private readonly token: string,
    private readonly files: FileTable,
  ) {}

  /** Sends the request; returns what the trace's action record adds. */
  send(action: ManagementRequestAction): Record<string, unknown> {
    const built = this.build(action);
    if ('refused' in built) return built;
    const number = ++this.count;
    const exchange: ManagementExchange = {
      number,
      method: action.method,
      path: action.path,
      sentAt: this.kernel.now(),
    };
    this.inFlight.set(number, exchange);
    this.changed(exchange);
    this.transport.send(
      built.request,
      { subject: ADMIN_SUBJECT, latencyMs: ADMIN_LATENCY_MS },
      (outcome) => {
        this.inFlight.delete(number);
        const answered: ManagementExchange =
          outcome.response !== undefined
            ? {
                ...exchange,
                answeredAt: this.kernel.now(),
                status: outcome.response.status,
                headers: outcome.response.headers,
                body: parseBody(outcome.response.headers, outcome.response.body),
                ...locationOf(outcome.response.headers),
              }
            : { ...exchange, answeredAt: this.kernel.now(), failure: outcome.failure };
        this.latestByLine.set(`${action.method} ${action.path}`, answered);
        this.finished.push(answered);
        if (this.finished.length > LOG_CAPACITY) this.finished.shift();
        this.changed(answered);
      },
    );
    return { requestNumber: number };
  }

  /** The latest answered exchange for this method and path (with query). */
  latest(method: string, path: string): ManagementExchange | undefined {
    return this.latestByLine.get(`${method} ${path}`);
  }

  /** Answered exchanges, oldest first (the last `LOG_CAPACITY`). */
  get log(): readonly ManagementExchange[] {
    return this.finished;
  }

  /** Requests sent whose answer has not arrived yet (the clock must run). */
  get pending(): readonly ManagementExchange[] {
    return [...this.inFlight.values()];
  }

  /** Bumped on every send and answer, for UI subscriptions. */
  get version(): number {
    return this.changes;
  }

  subscribe(listener: (exchange: ManagementExchange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(exchange: ManagementExchange): void {
    this.changes++;
    for (const listener of this.listeners) listener(exchange);
  }

  private build(
    action: ManagementRequestAction,
  ): { request: HttpRequest } | { refused: string } {
    const headers: HttpHeader[] = [['Authorization', `Bearer ${this.token}`]];
    let body: Uint8Array = new Uint8Array(0);
    if (action.upload !== undefined && action.body !== undefined) {
      return { refused: 'gives both a JSON body and an upload; a request has one body' };
    }
    if (action.upload !== undefined) {
      const file = this.files.get(action.upload.sha256);
      if (file === undefined) {
        return {
          refused: `names the file ${action.upload.sha256}, which the simulation's file table does not hold (add it before replaying)`,
        };
      }
      const form = artifactUploadBody(
        file.sha256,
        file.name,
        action.upload.description,
        file.bytes,
      );
      headers.push(['Content-Type', form.contentType]);
      body = form.body;
    } else if (action.body !== undefined) {
      headers.push(['Content-Type', 'application/json']);
      body = utf8(JSON.stringify(action.body));
    }
    return {
      request: {
        method: action.method,
        url: `${this.host}${action.path}`,
        headers,
        body,
      },
    };
  }
}

function locationOf(headers: readonly HttpHeader[]): { location?: string } {
  const location = headerValue(headers, 'location');
  return location === undefined ? {} : { location };
}
