import type { KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, defineOptions } from './define.ts';

const client = [UNDER_CLIENT];
const generating = [UNDER_CLIENT, 'MENDER_ARTIFACT_GENERATE'];
const limiting = [
  UNDER_CLIENT,
  'MENDER_ARTIFACT_GENERATE',
  'MENDER_ARTIFACT_SIZE_LIMITS',
];

export const UPDATE_MODULE_OPTIONS: KconfigOptionSpec[] = defineOptions(
  'update-modules',
  {
    MENDER_ZEPHYR_IMAGE_UPDATE_MODULE: {
      type: 'bool',
      summary:
        'Builds the zephyr-image update module (whole images through MCUboot); ' +
        'forces authentication before commit.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: true }],
      selects: [{ symbol: 'MENDER_COMMIT_REQUIRE_AUTH' }],
    },
  },
);

export const ARTIFACT_GENERATION_OPTIONS: KconfigOptionSpec[] = defineOptions(
  'artifact-generation',
  {
    MENDER_ARTIFACT_GENERATE: {
      type: 'bool',
      summary: 'Runs mender-artifact after the build to package the image, uncompressed.',
      scope: 'build',
      dependsOn: client,
      defaults: [{ value: true }],
    },
    MENDER_ARTIFACT_NAME: {
      type: 'string',
      summary:
        'Name of the generated artifact; also the name the device reports ' +
        'before its first deployment (else "unknown").',
      scope: 'runtime',
      dependsOn: generating,
    },
    MENDER_ARTIFACT_TYPE: {
      type: 'string',
      summary: 'Payload type of the generated artifact, i.e. the update module name.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: 'zephyr-image', if: 'MENDER_ZEPHYR_IMAGE_UPDATE_MODULE' }],
    },
    MENDER_DEVICE_TYPES_COMPATIBLE: {
      type: 'string',
      summary: 'Space-separated device types the generated artifact accepts.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: { symbol: 'MENDER_DEVICE_TYPE' } }],
    },
    MENDER_ARTIFACT_PROVIDES: {
      type: 'string',
      summary: 'Extra KEY:VALUE provides for the generated artifact.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: '' }],
    },
    MENDER_ARTIFACT_DEPENDS: {
      type: 'string',
      summary: 'Extra KEY:VALUE depends for the generated artifact.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: '' }],
    },
    MENDER_ARTIFACT_SOFTWARE_FILESYSTEM: {
      type: 'string',
      summary:
        'First part of the software version key the artifact provides ' +
        '(<filesystem>.<name>.version).',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: 'firmware' }],
    },
    MENDER_ARTIFACT_SOFTWARE_NAME: {
      type: 'string',
      summary: 'Second part of that software version key; the payload type unless set.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: { symbol: 'MENDER_ARTIFACT_TYPE' } }],
    },
    MENDER_ARTIFACT_EXTRA_ARGS: {
      type: 'string',
      summary: 'Arguments passed through to mender-artifact unchanged.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: '' }],
    },
    MENDER_ARTIFACT_PAYLOAD_FILE: {
      type: 'string',
      summary: 'Payload file to package instead of the signed Zephyr image.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: '' }],
    },
    MENDER_ARTIFACT_OUTPUT_FILE: {
      type: 'string',
      summary: 'Where to write the artifact instead of the build directory.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: '' }],
    },
    MENDER_ARTIFACT_SIZE_LIMITS: {
      type: 'bool',
      summary: 'Checks the generated artifact against a warning and a hard size limit.',
      scope: 'build',
      dependsOn: generating,
      defaults: [{ value: true }],
    },
    MENDER_ARTIFACT_WARN_SIZE: {
      type: 'string',
      summary:
        'Size above which the build warns ("5MB" on micro, "10GB" on standard); ' +
        'empty turns the warning off.',
      scope: 'build',
      dependsOn: limiting,
      defaults: [
        { value: '5MB', if: 'MENDER_DEVICE_TIER_MICRO' },
        { value: '10GB', if: 'MENDER_DEVICE_TIER_STANDARD' },
      ],
    },
    MENDER_ARTIFACT_MAX_SIZE: {
      type: 'string',
      summary: 'Size above which the build fails; empty means no limit.',
      scope: 'build',
      dependsOn: limiting,
    },
  },
);
