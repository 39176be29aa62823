export { VirtualClock, NOTHING_DUE, type TimerHandle } from './clock.ts';
export { SeededRandom } from './random.ts';
export {
  Trace,
  type TraceAggregates,
  type TraceListener,
  type TraceOptions,
} from './trace.ts';
export type * from './traceRecords.ts';
export { RingBuffer } from './ringBuffer.ts';
export { notJsonProblem } from './jsonText.ts';
export { SimulationKernel, type KernelOptions } from './kernel.ts';
export {
  EMPTY_BODY,
  emptyResponse,
  fromUtf8,
  headerValue,
  jsonResponse,
  normalizeHeaders,
  pathOf,
  reasonPhrase,
  utf8,
  type HttpHeader,
  type HttpRequest,
  type HttpResponse,
  type RequestHandler,
} from './http.ts';
export {
  createInProcessTransport,
  createTransport,
  type ExchangeOutcome,
  type SendOptions,
  type Transport,
  type TransportKind,
} from './transport.ts';
export {
  createServiceWorkerTransport,
  wireDifferences,
  type FetchFunction,
} from './serviceWorkerTransport.ts';
export {
  Player,
  MAX_SPEED,
  MIN_SPEED,
  SLICE_BUDGET_MS,
  type FrameHost,
  type PlayerMode,
  type PlayerStatus,
} from './player.ts';
