import { z } from 'zod';

/**
 * The scenario file, version 1. Later issues extend it with optional fields
 * and new timeline actions; an existing file never stops loading.
 */

export const SCENARIO_FORMAT = 'mcu-fleet-simulator/scenario';
export const SCENARIO_VERSION = 1;

const seconds = z.number().finite().nonnegative();

/** Which devices an action applies to: ids, or every device of the fleet. */
const deviceSelector = z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]);

const kconfigSchema = z.strictObject({
  /** Option values by symbol, without the CONFIG_ prefix. */
  options: z
    .record(
      z.string().regex(/^[A-Z0-9_]+$/),
      z.union([z.string(), z.number(), z.boolean()]),
    )
    .optional(),
  /** prj.conf fragments applied in order, later wins. */
  prjConf: z.array(z.string()).optional(),
});

const networkSchema = z.strictObject({
  /** One-way virtual latency of each exchange, in milliseconds. */
  latencyMs: seconds.default(120),
});

const fleetGroupSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  count: z.int().min(1).max(100_000),
  board: z.string().min(1).default('esp32s3_devkitc'),
  deviceType: z.string().min(1),
  artifactName: z.string().min(1).default('release-1'),
  kconfig: kconfigSchema.default({}),
  network: networkSchema.default({ latencyMs: 120 }),
  /** Power-on times spread evenly over this window, as real fleets boot. */
  bootWindowSeconds: seconds.default(0),
});

/** Actions a user (or a scenario's timeline) can take on a running simulation. */
const powerOff = z.strictObject({
  action: z.literal('power.off'),
  devices: deviceSelector,
});
const powerOn = z.strictObject({
  action: z.literal('power.on'),
  devices: deviceSelector,
});
const networkDown = z.strictObject({
  action: z.literal('network.down'),
  devices: deviceSelector,
});
const networkUp = z.strictObject({
  action: z.literal('network.up'),
  devices: deviceSelector,
});

export const userActionSchema = z.discriminatedUnion('action', [
  powerOff,
  powerOn,
  networkDown,
  networkUp,
]);

const at = { atSeconds: seconds };
const timelineActionSchema = z.discriminatedUnion('action', [
  powerOff.extend(at),
  powerOn.extend(at),
  networkDown.extend(at),
  networkUp.extend(at),
]);

const serverSchema = z.strictObject({
  profile: z.enum(['hosted', 'open-source']).default('hosted'),
});

const runSchema = z.strictObject({
  seed: z.int(),
  durationSeconds: seconds.positive(),
  /** Records kept per device for inspection (the hash covers all of them). */
  historyPerDevice: z.int().min(1).optional(),
});

export const scenarioSchema = z.strictObject({
  format: z.literal(SCENARIO_FORMAT),
  version: z.literal(SCENARIO_VERSION),
  name: z.string().min(1),
  description: z.string().optional(),
  run: runSchema,
  server: serverSchema.default({ profile: 'hosted' }),
  fleet: z.array(fleetGroupSchema).min(1),
  timeline: z.array(timelineActionSchema).default([]),
});

/** A scenario as written in a file. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
export type FleetGroup = Scenario['fleet'][number];
export type UserAction = z.output<typeof userActionSchema>;
export type TimelineAction = Scenario['timeline'][number];
export type DeviceSelector = z.output<typeof deviceSelector>;
