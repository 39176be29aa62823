import type { TokenKey } from './crypto/jwt.ts';
import type { UuidSource } from './ids.ts';
import type { ServerState } from './state.ts';
import type { ServerClock } from './time.ts';

/** What every part of the server shares: the state, time, ids and key. */
export interface ServerContext {
  readonly state: ServerState;
  readonly clock: ServerClock;
  readonly ids: UuidSource;
  readonly tokenKey: TokenKey;
}
