import { z } from 'zod';

import { UPDATE_STATES, type CallbackState } from '../machines/menderTypes.ts';

/**
 * The scenario file, version 1. Every field added after the first release
 * is optional with a default, so an existing file never stops loading.
 */

export const SCENARIO_FORMAT = 'mcu-fleet-simulator/scenario';
export const SCENARIO_VERSION = 1;

/**
 * The longest run a scenario may ask for: 400 days of virtual time, room for
 * a year of a micro-tier fleet's weekly checks, short of runs that would
 * take a headless runner days of wall time.
 */
export const MAX_RUN_SECONDS = 400 * 86_400;
/** Devices across all groups: the per-group limit, so five groups cannot make 500,000. */
export const MAX_FLEET_DEVICES = 100_000;

const seconds = z.number().finite().nonnegative();
const name = z.string().min(1);

const CLIENT_STATES = ['INITIALIZATION', 'OPERATIONAL', 'PENDING_REBOOT'] as const;
/** The update states that have a callback slot (all but END), in enum order. */
const CALLBACK_STATES = UPDATE_STATES.filter(
  (state): state is CallbackState => state !== 'END',
) as [CallbackState, ...CallbackState[]];
const callbackState = z.enum(CALLBACK_STATES);
/** Any state the real client has: the three client states and the eleven update states. */
const clientState = z.enum([...CLIENT_STATES, ...UPDATE_STATES]);

/** Which devices an action applies to: ids, or every device of the fleet. */
const deviceSelector = z.union([z.literal('all'), z.array(name).min(1)]);

const kconfigSchema = z.strictObject({
  /** Option values by symbol, without the CONFIG_ prefix, as the app's form sets them. */
  options: z
    .record(
      z.string().regex(/^[A-Z0-9_]+$/),
      z.union([z.string(), z.number(), z.boolean()]),
    )
    .optional(),
  /** prj.conf fragments applied in order, later wins; `options` apply after them. */
  prjConf: z.array(z.string()).optional(),
});

const networkSchema = z.strictObject({
  up: z.boolean().default(true),
  /** Round-trip virtual latency of each exchange, in milliseconds. */
  latencyMs: seconds.default(120),
  /** Share of requests lost (they time out), 0 to 1. */
  lossRate: z.number().min(0).max(1).default(0),
  bandwidthBytesPerSecond: z.number().positive().default(250_000),
  /** CA certificate of the API host installed on the device. */
  apiCaInstalled: z.boolean().default(true),
  /** CA certificate of the artifact storage host installed on the device. */
  artifactCaInstalled: z.boolean().default(true),
});

const callbackBehaviour = z.strictObject({
  result: z.enum(['ok', 'fail']).default('ok'),
  durationSeconds: seconds.default(0),
});
const callbackTable = z.partialRecord(callbackState, callbackBehaviour);

const moduleSchema = z.discriminatedUnion('kind', [
  /** The built-in MCUboot module. */
  z.strictObject({ kind: z.literal('zephyr-image') }),
  /** The reference app's module that does nothing (native_sim). */
  z.strictObject({ kind: z.literal('noop-update') }),
  /** The integration tests' module: every callback present, each may fail or take time. */
  z.strictObject({
    kind: z.literal('test-update'),
    requiresReboot: z.boolean().default(true),
    supportsRollback: z.boolean().default(true),
    callbacks: callbackTable.default({}),
  }),
  /** A user's own module described as data; a callback not listed is a NULL slot. */
  z.strictObject({
    kind: z.literal('described'),
    artifactType: name,
    requiresReboot: z.boolean(),
    supportsRollback: z.boolean(),
    callbacks: callbackTable,
  }),
]);

const inventorySchema = z.strictObject({
  persistent: z.boolean(),
  items: z.array(z.strictObject({ name, value: z.string() })),
});

const restartSchema = z.enum(['reboot', 'log', 'harness']);

/**
 * One device flashed with another build than its group: its own Kconfig
 * (replacing the group's), update modules or restart callback.
 */
const deviceOverrideSchema = z.strictObject({
  kconfig: kconfigSchema.optional(),
  modules: z.array(moduleSchema).min(1).optional(),
  restart: restartSchema.optional(),
});

const fleetGroupSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  count: z.int().min(1).max(MAX_FLEET_DEVICES),
  board: name.default('esp32s3_devkitc'),
  /** Shorthand for the Kconfig option MENDER_DEVICE_TYPE (which defaults to the board). */
  deviceType: name.optional(),
  /** The image in the primary slot at manufacture. */
  artifactName: name.default('release-1'),
  kconfig: kconfigSchema.default({}),
  /** Shorthand for MENDER_SERVER_TENANT_TOKEN; by default the server's own token. */
  tenantToken: z.string().optional(),
  modules: z
    .array(moduleSchema)
    .min(1)
    .default([{ kind: 'zephyr-image' }]),
  /**
   * What the app's restart callback does: reboot (reference app), only log
   * (test app), or only log while the integration-test harness restarts the
   * device when it prints "Waiting for a reboot" (reference §1.6).
   */
  restart: restartSchema.default('reboot'),
  inventory: z.array(inventorySchema).optional(),
  network: networkSchema.default({
    up: true,
    latencyMs: 120,
    lossRate: 0,
    bandwidthBytesPerSecond: 250_000,
    apiCaInstalled: true,
    artifactCaInstalled: true,
  }),
  /** Power-on times spread evenly over this window, as real fleets boot. */
  bootWindowSeconds: seconds.default(0),
  /** Devices of the group built differently, by their number in the group ("3" is `<name>-3`). */
  overrides: z
    .record(z.string(), deviceOverrideSchema)
    .superRefine((overrides, context) => {
      for (const key of Object.keys(overrides)) {
        if (/^[1-9][0-9]*$/.test(key)) continue;
        context.addIssue({
          code: 'custom',
          path: [key],
          message:
            'is not a device number: name a device by its number in the group, from "1"',
        });
      }
    })
    .optional(),
});

/** A `.mender` file to upload, or one the artifact writer builds. */
const artifactSourceSchema = z.union([
  z.strictObject({
    /** Path of a .mender file, relative to the scenario file. */
    file: name,
  }),
  z.strictObject({
    build: z.strictObject({
      artifactName: name,
      payloadType: name.default('zephyr-image'),
      deviceTypes: z.array(name).min(1),
      payloadBytes: z
        .int()
        .min(0)
        .max(5 * 1024 * 1024)
        .default(65_536),
      provides: z.record(z.string(), z.string()).optional(),
      depends: z.record(z.string(), z.string()).optional(),
    }),
  }),
]);

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
const networkSet = z.strictObject({
  action: z.literal('network.set'),
  devices: deviceSelector,
  latencyMs: seconds.optional(),
  lossRate: z.number().min(0).max(1).optional(),
  bandwidthBytesPerSecond: z.number().positive().optional(),
  apiCaInstalled: z.boolean().optional(),
  artifactCaInstalled: z.boolean().optional(),
});
const powerCut = z.strictObject({
  action: z.literal('power.cut'),
  devices: deviceSelector,
  /** Cut power when the client next enters this state... */
  onEnteringState: clientState.optional(),
  /** ...or while the update module's callback for this state runs. */
  insideCallback: callbackState.optional(),
  /** How long power stays off; absent leaves it off. */
  offForSeconds: seconds.optional(),
});
const firmwareCrash = z.strictObject({
  action: z.literal('firmware.crash'),
  devices: deviceSelector,
  /** Images of this artifact crash at boot, before the client runs. */
  artifactName: name,
});
const recommission = z.strictObject({
  action: z.literal('device.recommission'),
  devices: deviceSelector,
});
const acceptDevices = z.strictObject({
  action: z.literal('devices.accept'),
  devices: deviceSelector,
});
const rejectDevices = z.strictObject({
  action: z.literal('devices.reject'),
  devices: deviceSelector,
});
const decommissionDevices = z.strictObject({
  action: z.literal('devices.decommission'),
  devices: deviceSelector,
});
const createDeployment = z.strictObject({
  action: z.literal('deployment.create'),
  name,
  artifactName: name,
  devices: deviceSelector,
  forceInstallation: z.boolean().default(false),
});
const abortDeployment = z.strictObject({ action: z.literal('deployment.abort'), name });
const limitedRoute = z.enum(['next', 'inventory', 'status', 'log']);
const rateLimit = z.strictObject({
  action: z.literal('server.rate-limit'),
  /**
   * `off`; the open-source limiter (a fixed window per device); or the hosted
   * fair-use policy (no faster than the tier interval). Omitted numbers take
   * the server's defaults, which are assumptions where the figures are unpublished.
   */
  policy: z.union([
    z.literal('off'),
    z.strictObject({
      kind: z.literal('fixed-window'),
      quota: z.int().min(0).optional(),
      windowSeconds: z.number().positive().optional(),
      routes: z.array(limitedRoute).min(1).optional(),
    }),
    z.strictObject({
      kind: z.literal('tier-interval'),
      quota: z.number().positive().optional(),
      burst: z.number().min(1).optional(),
    }),
  ]),
  /** Test devices exempt from the limit (at most 10, as hosted Mender allows). */
  exemptDevices: z.array(name).max(10).optional(),
});
const serverFaults = z.strictObject({
  action: z.literal('server.faults'),
  addedLatencyMs: seconds.optional(),
  /** Share of device requests answered with `errorStatus`, 0 to 1. */
  errorRate: z.number().min(0).max(1).optional(),
  errorStatus: z.int().min(500).max(599).optional(),
  refuseAllAuth: z.boolean().optional(),
});
const serverOutage = z.strictObject({
  action: z.literal('server.outage'),
  durationSeconds: seconds.positive(),
  /** `unavailable` answers 503; `unreachable` fails the connection. */
  kind: z.enum(['unavailable', 'unreachable']).default('unavailable'),
});

/**
 * A request the admin panel makes to the management API, as Mender's UI
 * does: the simulation sends it through the devices' transport with the
 * administrator's token, so it enters the trace at its virtual time.
 */
const managementRequest = z.strictObject({
  action: z.literal('management.request'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  /** Path and query, e.g. `/api/management/v2/devauth/devices?status=pending`. */
  path: z
    .string()
    .regex(
      /^\/api\/management\/v[0-9]+\/[!-~]*$/,
      'must be a management API path such as /api/management/v1/deployments/deployments',
    ),
  /** A JSON body, sent compactly with `Content-Type: application/json`. */
  body: z.json().optional(),
  /**
   * An artifact upload (`multipart/form-data`, the file last): the file is
   * named by its SHA-256 in the simulation's file table.
   */
  upload: z
    .strictObject({
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
      description: z.string().default(''),
    })
    .optional(),
});

export const userActionSchema = z.discriminatedUnion('action', [
  powerOff,
  powerOn,
  powerCut,
  networkDown,
  networkUp,
  networkSet,
  firmwareCrash,
  recommission,
  acceptDevices,
  rejectDevices,
  decommissionDevices,
  createDeployment,
  abortDeployment,
  rateLimit,
  serverFaults,
  serverOutage,
  managementRequest,
]);

const at = { atSeconds: seconds };
const timelineActionSchema = z.discriminatedUnion('action', [
  powerOff.extend(at),
  powerOn.extend(at),
  powerCut.extend(at),
  networkDown.extend(at),
  networkUp.extend(at),
  networkSet.extend(at),
  firmwareCrash.extend(at),
  recommission.extend(at),
  acceptDevices.extend(at),
  rejectDevices.extend(at),
  decommissionDevices.extend(at),
  createDeployment.extend(at),
  abortDeployment.extend(at),
  rateLimit.extend(at),
  serverFaults.extend(at),
  serverOutage.extend(at),
  managementRequest.extend(at),
]);

const serverSchema = z.strictObject({
  profile: z.enum(['hosted', 'open-source']).default('hosted'),
  /** The tenant token hosted devices must send; one is made from the seed when absent. */
  tenantToken: z.string().min(1).optional(),
  /** Devices whose keys the server knows before they ask (accepted at first contact). */
  preauthorize: deviceSelector.optional(),
  artifacts: z.array(artifactSourceSchema).default([]),
});

const httpStatus = z.int().min(100).max(599);
/** The server's per-device deployment statuses (mender-server deployments model). */
const DEVICE_DEPLOYMENT_STATUSES = [
  'pending',
  'downloading',
  'installing',
  'rebooting',
  'success',
  'failure',
  'noartifact',
  'already-installed',
  'aborted',
  'decommissioned',
  'pause_before_installing',
  'pause_before_rebooting',
  'pause_before_committing',
] as const;

const expectationSchema = z.strictObject({
  devices: deviceSelector,
  /** States each device entered, in this order (others may come between). */
  statesVisited: z.array(clientState).optional(),
  /** The image each device runs at the end, and whether it is confirmed. */
  finalImage: name.optional(),
  imageConfirmed: z.boolean().optional(),
  /** States each device never entered. */
  statesNotVisited: z.array(clientState).min(1).optional(),
  /** HTTP statuses each device received at least once (e.g. 401 while pending, 429). */
  statusesSeen: z.array(httpStatus).min(1).optional(),
  /** HTTP statuses each device never received. */
  statusesNotSeen: z.array(httpStatus).min(1).optional(),
  /** The server's status of each device in the named deployment at the end. */
  deployment: z
    .strictObject({ name, status: z.enum(DEVICE_DEPLOYMENT_STATUSES) })
    .optional(),
  /** Text a line of each device's log contains (e.g. the server's 409 error text). */
  logContains: name.optional(),
});

const runSchema = z.strictObject({
  seed: z.int(),
  durationSeconds: seconds
    .positive()
    .max(MAX_RUN_SECONDS, `must be at most ${MAX_RUN_SECONDS} (400 days)`),
  /** Records kept per device for inspection (the hash covers all of them). */
  historyPerDevice: z.int().min(1).optional(),
  /** Checks the runner makes at the end; a failed one makes it exit 1. */
  expect: z.array(expectationSchema).optional(),
});

type ScenarioFields = z.output<ReturnType<typeof scenarioFields>>;

/**
 * Names a timeline action refers to that the scenario itself shows cannot
 * exist: a deployment of an artifact no source makes, an abort of a
 * deployment no earlier action creates.
 */
function checkTimelineNames(scenario: ScenarioFields, context: z.RefinementCtx): void {
  const sources = scenario.server.artifacts;
  // A .mender file or a management upload brings names only the run reads.
  const namesKnown =
    sources.every((source) => 'build' in source) &&
    !scenario.timeline.some(
      (action) => action.action === 'management.request' && action.method !== 'GET',
    );
  const artifactNames = new Set(
    sources.flatMap((source) => ('build' in source ? [source.build.artifactName] : [])),
  );
  const order = scenario.timeline
    .map((action, index) => ({ action, index }))
    .sort((a, b) => a.action.atSeconds - b.action.atSeconds || a.index - b.index);
  const created = new Set<string>();
  for (const { action, index } of order) {
    if (action.action === 'deployment.create') {
      created.add(action.name);
      if (namesKnown && !artifactNames.has(action.artifactName)) {
        context.addIssue({
          code: 'custom',
          path: ['timeline', index, 'artifactName'],
          message: `is "${action.artifactName}", which no entry of server.artifacts builds (it builds ${[...artifactNames].map((known) => `"${known}"`).join(', ') || 'none'})`,
        });
      }
    } else if (action.action === 'deployment.abort' && !created.has(action.name)) {
      context.addIssue({
        code: 'custom',
        path: ['timeline', index, 'name'],
        message: `is "${action.name}", but no deployment.create of that name comes before it in the timeline`,
      });
    } else if (
      action.action === 'management.request' &&
      action.upload !== undefined &&
      action.body !== undefined
    ) {
      context.addIssue({
        code: 'custom',
        path: ['timeline', index],
        message: 'gives both a JSON body and an upload; a request has one body',
      });
    }
  }
}

/** Group names make device ids, so two groups of one name would share devices. */
const fleetSchema = z
  .array(fleetGroupSchema)
  .min(1)
  .superRefine((groups, context) => {
    const seen = new Set<string>();
    groups.forEach((group, index) => {
      if (seen.has(group.name)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `"${group.name}" is used by an earlier group; give each group its own name`,
        });
      }
      seen.add(group.name);
    });
    const total = groups.reduce((sum, group) => sum + group.count, 0);
    if (total > MAX_FLEET_DEVICES) {
      context.addIssue({
        code: 'custom',
        path: [],
        message: `has ${total} devices in all, more than the ${MAX_FLEET_DEVICES} a simulation holds; lower the groups' counts`,
      });
    }
  });

function scenarioFields() {
  return z.strictObject({
    format: z.literal(SCENARIO_FORMAT),
    version: z.literal(SCENARIO_VERSION),
    name: z.string().min(1),
    description: z.string().optional(),
    run: runSchema,
    server: serverSchema.default({ profile: 'hosted', artifacts: [] }),
    fleet: fleetSchema,
    timeline: z.array(timelineActionSchema).default([]),
  });
}

export const scenarioSchema = scenarioFields().superRefine((scenario, context) => {
  // An action after the end would never happen; say so rather than drop it.
  const end = scenario.run.durationSeconds;
  scenario.timeline.forEach((action, index) => {
    if (action.atSeconds <= end) return;
    context.addIssue({
      code: 'custom',
      path: ['timeline', index, 'atSeconds'],
      message: `is ${action.atSeconds}, after the run ends (run.durationSeconds is ${end}); move it earlier or run longer`,
    });
  });
  checkTimelineNames(scenario, context);
});

/** A scenario as written in a file. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
export type FleetGroup = Scenario['fleet'][number];
export type ModuleChoiceInput = FleetGroup['modules'][number];
export type ArtifactSource = Scenario['server']['artifacts'][number];
export type Expectation = NonNullable<Scenario['run']['expect']>[number];
export type UserAction = z.output<typeof userActionSchema>;
export type TimelineAction = Scenario['timeline'][number];
export type DeviceSelector = z.output<typeof deviceSelector>;
export type DeviceOverride = z.output<typeof deviceOverrideSchema>;
export type RestartChoice = z.output<typeof restartSchema>;
