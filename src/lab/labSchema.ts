import { z } from 'zod';

import { kconfigOption } from '../devices/kconfig/index.ts';
import { DEFAULT_ASSUMPTIONS } from './assumptions.ts';
import { PRESETS, PRESET_NAMES, type IntervalSettings } from './presets.ts';

/**
 * The lab file, version 1: two to four fleets that differ only in their
 * interval settings, run side by side with the same seed, devices, server
 * and deployment schedule.
 */

export const LAB_FORMAT = 'mcu-fleet-simulator/lab';
export const LAB_VERSION = 1;

const seconds = z.number().finite().nonnegative();

/** The range mender-mcu's Kconfig gives an int option, read from the option catalog. */
function kconfigRange(symbol: string): { readonly min: number; readonly max: number } {
  const range = kconfigOption(symbol)?.ranges.find(
    (candidate) => candidate.if === undefined,
  );
  if (range === undefined) {
    throw new Error(`The option catalog lost the range of ${symbol}.`);
  }
  return range;
}

/** Whole seconds within `min`…`max`, with a message naming the Kconfig option. */
function kconfigSeconds(symbol: string, min: number, max: number) {
  const message = `is outside CONFIG_${symbol}'s range; use whole seconds from ${min} to ${max}`;
  return z.int().min(min, { message }).max(max, { message });
}

function kconfigSecondsOf(symbol: string, lowest?: number) {
  const { min, max } = kconfigRange(symbol);
  return kconfigSeconds(symbol, Math.max(min, lowest ?? min), max);
}

/** Update checks: the Kconfig range (1 s to 30 d). */
const pollSeconds = kconfigSecondsOf('MENDER_CLIENT_UPDATE_POLL_INTERVAL');
/**
 * Inventory: the Kconfig range, without 0. Kconfig's help calls 0 "no
 * periodic inventory", but mender-mcu hands 0 to the scheduler as the work's
 * period and the scheduler asserts on a zero period, so such a device stops.
 */
const inventoryRange = kconfigRange('MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL');
const inventorySeconds = z
  .int()
  .refine((value) => value !== 0, {
    message:
      'is 0, which mender-mcu\'s Kconfig documents as "no periodic inventory", but the ' +
      'real client passes 0 to the scheduler as the period and the scheduler asserts on ' +
      'a zero period, so the device stops; use a period of ' +
      `${Math.max(1, inventoryRange.min)} to ${inventoryRange.max} seconds`,
    abort: true,
  })
  .pipe(
    kconfigSeconds(
      'MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL',
      Math.max(1, inventoryRange.min),
      inventoryRange.max,
    ),
  );
/**
 * Retry backoff: the Kconfig maximum; at least 1 s, since a zero first delay
 * would retry a failing request at the same virtual instant without end.
 */
const retryBackoffSeconds = kconfigSecondsOf('MENDER_RETRY_ERROR_BACKOFF', 1);
const retryMaxBackoffSeconds = kconfigSecondsOf('MENDER_RETRY_ERROR_MAX_BACKOFF', 1);

const fleetSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    preset: z.enum(PRESET_NAMES),
    /** For `custom` (required) or to override one figure of a preset. */
    updatePollSeconds: pollSeconds.optional(),
    inventorySeconds: inventorySeconds.optional(),
    retryBackoffSeconds: retryBackoffSeconds.optional(),
    retryMaxBackoffSeconds: retryMaxBackoffSeconds.optional(),
    tier: z.enum(['micro', 'standard']).optional(),
  })
  .superRefine((fleet, context) => {
    if (fleet.preset !== 'custom') return;
    for (const key of ['updatePollSeconds', 'inventorySeconds'] as const) {
      if (fleet[key] === undefined) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'is required for a custom fleet',
        });
      }
    }
  });

const rateLimitSchema = z.union([
  z.literal('off'),
  z.strictObject({
    kind: z.literal('tier-interval'),
    quota: z.number().positive().optional(),
    burst: z.number().min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal('fixed-window'),
    quota: z.int().min(0).optional(),
    windowSeconds: z.number().positive().optional(),
  }),
]);

const assumptionsSchema = z.strictObject({
  tlsHandshakeBytes: seconds.optional(),
  energyPerRequestMilliJoules: seconds.optional(),
  connectionSetupRadioSeconds: seconds.optional(),
  radioOnMilliWatts: seconds.optional(),
  sleepMicroAmps: seconds.optional(),
  supplyVolts: z.number().positive().optional(),
  batteryMilliAmpHours: z.number().positive().optional(),
});

export const labSchema = z
  .strictObject({
    format: z.literal(LAB_FORMAT),
    version: z.literal(LAB_VERSION),
    name: z.string().min(1),
    description: z.string().optional(),
    seed: z.int(),
    durationSeconds: seconds.positive(),
    /** Devices in each fleet. */
    devices: z.int().min(1).max(100_000),
    /**
     * Power-on times spread evenly over this many seconds, or over each
     * fleet's own update poll interval, so that poll phases are spread.
     */
    bootWindow: z
      .union([z.literal('first-poll-interval'), seconds])
      .default('first-poll-interval'),
    server: z
      .strictObject({
        profile: z.enum(['hosted', 'open-source']).default('hosted'),
        rateLimit: rateLimitSchema.default('off'),
        /**
         * The first N devices of each fleet are test devices, exempt from the
         * limiter; hosted Mender allows at most 10 per tenant (C2).
         */
        testDevices: z.int().min(0).max(10).default(0),
      })
      .default({ profile: 'hosted', rateLimit: 'off', testDevices: 0 }),
    deployment: z
      .strictObject({
        atSeconds: seconds,
        /** At most the micro tier's 5 MiB artifact limit (C2). */
        payloadBytes: z
          .int()
          .min(0)
          .max(5 * 1024 * 1024)
          .default(65_536),
      })
      .optional(),
    outage: z
      .strictObject({
        atSeconds: seconds,
        durationSeconds: seconds.positive(),
        kind: z.enum(['unavailable', 'unreachable']).default('unavailable'),
      })
      .optional(),
    assumptions: assumptionsSchema.default({}),
    fleets: z.array(fleetSchema).min(2).max(4),
  })
  .superRefine((lab, context) => {
    const seen = new Set<string>();
    lab.fleets.forEach((fleet, index) => {
      if (seen.has(fleet.name)) {
        context.addIssue({
          code: 'custom',
          path: ['fleets', index, 'name'],
          message: `"${fleet.name}" is used by an earlier fleet; give each fleet its own name`,
        });
      }
      seen.add(fleet.name);
    });
    if (lab.server.testDevices > lab.devices) {
      context.addIssue({
        code: 'custom',
        path: ['server', 'testDevices'],
        message: `is more than the ${lab.devices} devices of a fleet`,
      });
    }
  });

export type LabInput = z.input<typeof labSchema>;
export type Lab = z.output<typeof labSchema>;
export type LabFleet = Lab['fleets'][number];

/** A fleet's effective intervals: its preset with any overrides. */
export function fleetSettings(fleet: LabFleet): IntervalSettings {
  const base =
    fleet.preset === 'custom'
      ? {
          updatePollSeconds: fleet.updatePollSeconds ?? 0,
          inventorySeconds: fleet.inventorySeconds ?? 0,
          retryBackoffSeconds: 60,
          retryMaxBackoffSeconds: 540,
          tier: 'micro' as const,
        }
      : PRESETS[fleet.preset];
  return {
    updatePollSeconds: fleet.updatePollSeconds ?? base.updatePollSeconds,
    inventorySeconds: fleet.inventorySeconds ?? base.inventorySeconds,
    retryBackoffSeconds: fleet.retryBackoffSeconds ?? base.retryBackoffSeconds,
    retryMaxBackoffSeconds: fleet.retryMaxBackoffSeconds ?? base.retryMaxBackoffSeconds,
    tier: fleet.tier ?? base.tier,
  };
}

/** The assumptions with every default filled in. */
export function labAssumptions(lab: Lab) {
  const given = Object.fromEntries(
    Object.entries(lab.assumptions).filter(([, value]) => value !== undefined),
  );
  return { ...DEFAULT_ASSUMPTIONS, ...given };
}
