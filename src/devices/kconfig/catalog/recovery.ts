import type { KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, defineOptions } from './define.ts';

const client = [UNDER_CLIENT];

export const OPTIONAL_OPTIONS: KconfigOptionSpec[] = defineOptions('optional', {
  MENDER_FULL_PARSE_ARTIFACT: {
    type: 'bool',
    summary:
      'Reads the whole artifact header so the device type and the checksums ' +
      'are checked.',
    scope: 'runtime',
    dependsOn: client,
    defaults: [{ value: true }],
  },
  MENDER_PROVIDES_DEPENDS: {
    type: 'bool',
    summary:
      'Keeps provides and depends, and asks for deployments with the v2 ' +
      'endpoint; needs the full parse.',
    scope: 'runtime',
    dependsOn: client,
    defaults: [{ value: true }],
    selects: [{ symbol: 'MENDER_FULL_PARSE_ARTIFACT' }],
  },
  MENDER_COMMIT_REQUIRE_AUTH: {
    type: 'bool',
    summary:
      'Authenticates again, and checks the deployment was not aborted, ' +
      'before committing an update.',
    scope: 'runtime',
    dependsOn: client,
    defaults: [{ value: true }],
  },
});

export const ERROR_RECOVERY_OPTIONS: KconfigOptionSpec[] = defineOptions(
  'error-recovery',
  {
    MENDER_MAX_STATE_DATA_STORE_COUNT: {
      type: 'int',
      summary:
        'State stores allowed in one deployment before the client decides it ' +
        'is looping and fails it.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: 28 }],
      ranges: [{ min: 1, max: 255 }],
    },
    MENDER_DETECT_NETWORK_ERRORS: {
      type: 'bool',
      summary:
        'Counts failed network operations and releases the network after too many.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: true }],
    },
    MENDER_ERRORS_THRESHOLD_NET: {
      type: 'int',
      summary: 'Network failures counted before the network is released.',
      scope: 'runtime',
      dependsOn: [UNDER_CLIENT, 'MENDER_DETECT_NETWORK_ERRORS'],
      defaults: [{ value: 10 }],
      ranges: [{ min: 1, max: 255 }],
    },
    MENDER_DETECT_REBOOT_ERRORS: {
      type: 'bool',
      summary:
        'Stops waiting for a reboot that never comes and reboots the device ' +
        'itself after a while.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: true }],
    },
    MENDER_ERRORS_THRESHOLD_REBOOT: {
      type: 'int',
      summary: 'Runs spent waiting for a reboot before the client forces one.',
      scope: 'runtime',
      dependsOn: [UNDER_CLIENT, 'MENDER_DETECT_REBOOT_ERRORS'],
      defaults: [{ value: 5 }],
      ranges: [{ min: 1, max: 255 }],
    },
    MENDER_RETRY_ERROR_BACKOFF: {
      type: 'int',
      summary:
        'Seconds before the first retry after a retryable error; doubles each time.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: 60 }],
      ranges: [{ min: 0, max: 3600 }],
    },
    MENDER_RETRY_ERROR_MAX_BACKOFF: {
      type: 'int',
      summary: 'Seconds the doubling retry delay stops growing at.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: 540 }],
      ranges: [{ min: 0, max: 21600 }],
    },
  },
);
