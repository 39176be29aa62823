import { describe, expect, it } from 'vitest';

import {
  formatInterval,
  pollingWarnings,
  tierDefaultIntervals,
} from './pollingWarnings.ts';

describe('pollingWarnings', () => {
  it('reads the tier defaults from the catalog', () => {
    expect(tierDefaultIntervals('micro')).toEqual({
      updatePollSeconds: 604800,
      inventorySeconds: 604800,
    });
    expect(tierDefaultIntervals('standard')).toEqual({
      updatePollSeconds: 1800,
      inventorySeconds: 28800,
    });
  });

  it('flags demo intervals on hosted Mender with the fair-use note', () => {
    const warnings = pollingWarnings({
      tier: 'micro',
      updatePollIntervalSeconds: 30,
      inventory: { intervalSeconds: 60, buildInfo: true, networkInfo: true },
      hostedRegion: 'us',
    });
    expect(warnings.map((warning) => warning.code)).toEqual([
      'POLL_BELOW_TIER_DEFAULT',
      'INVENTORY_BELOW_TIER_DEFAULT',
    ]);
    expect(warnings[0]?.message).toBe(
      'Deployment checks every 30 s are more frequent than the micro tier default of 7 d. ' +
        'Hosted Mender counts faster requests as excessive use and may throttle them with ' +
        'HTTP 429, except on the few test devices a tenant may mark.',
    );
  });

  it('stays quiet at or above the tier defaults', () => {
    const standard = {
      tier: 'standard',
      updatePollIntervalSeconds: 1800,
      inventory: { intervalSeconds: 28800, buildInfo: true, networkInfo: true },
      hostedRegion: 'eu',
    } as const;
    expect(pollingWarnings(standard)).toEqual([]);
    expect(
      pollingWarnings({ ...standard, updatePollIntervalSeconds: 1799 }),
    ).toHaveLength(1);
  });

  it('flags an inventory interval of 0, which the real scheduler asserts on', () => {
    const warnings = pollingWarnings({
      tier: 'micro',
      updatePollIntervalSeconds: 604800,
      inventory: { intervalSeconds: 0, buildInfo: true, networkInfo: true },
      hostedRegion: null,
    });
    expect(warnings.map((warning) => warning.code)).toEqual(['INVENTORY_INTERVAL_ZERO']);
  });

  it('notes that an own server only throttles with its limiter on', () => {
    const [warning] = pollingWarnings({
      tier: 'standard',
      updatePollIntervalSeconds: 60,
      inventory: null,
      hostedRegion: null,
    });
    expect(warning?.message).toContain(
      'an own server only does if its rate limiter is turned on',
    );
  });

  it('formats intervals the way people say them', () => {
    expect([30, 90, 1800, 28800, 604800].map(formatInterval)).toEqual([
      '30 s',
      '90 s',
      '30 min',
      '8 h',
      '7 d',
    ]);
  });
});
