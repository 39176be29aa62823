import { describe, expect, it } from 'vitest';

import { SeededRandom } from '../../sim/index.ts';
import { ApiError } from '../http/errors.ts';
import { createMockServer } from '../mockServer.ts';
import { fixedWindowLimit, tierIntervalLimit } from './policies.ts';

const server = () => createMockServer({ now: () => 0, random: new SeededRandom(91) });

describe('policy settings', () => {
  it('refuse rate limits that could only answer nonsense (NaN or Infinity seconds)', () => {
    const target = server();
    for (const policy of [
      fixedWindowLimit({ windowSeconds: 0 }),
      fixedWindowLimit({ windowSeconds: Number.NaN }),
      fixedWindowLimit({ quota: -1 }),
      fixedWindowLimit({ quota: 1.5 }),
      tierIntervalLimit({ quota: 0 }),
      tierIntervalLimit({ burst: 0 }),
      tierIntervalLimit({ quota: Number.POSITIVE_INFINITY }),
    ]) {
      expect(() => target.setRateLimit(policy), JSON.stringify(policy)).toThrow(ApiError);
    }
    expect(() => target.setRateLimit(fixedWindowLimit({ quota: 0 }))).not.toThrow();
  });

  it('refuse fault and limit settings outside their range, NaN included', () => {
    const target = server();
    expect(() => target.setFaults({ errorRate: Number.NaN })).toThrow(ApiError);
    expect(() => target.setFaults({ errorStatus: 503.5 })).toThrow(ApiError);
    expect(() => target.setFaults({ addedLatencyMs: -1 })).toThrow(ApiError);
    expect(() =>
      target.setFaults({ outages: [{ fromMs: 10, toMs: 5, kind: 'unavailable' }] }),
    ).toThrow(ApiError);
    expect(() => target.setMaxDevices(-1)).toThrow(ApiError);
    expect(() => target.setMaxDevices(2.5)).toThrow(ApiError);
    expect(target.policies.faults.errorRate).toBe(0);
    expect(target.policies.maxDevices).toBe(0);
  });
});
