import type { KconfigChoiceSpec, KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, choiceMembers, defineOptions } from './define.ts';

const client = [UNDER_CLIENT];

export const SERVER_HOST_CHOICE: KconfigChoiceSpec = {
  name: 'MENDER_SERVER_HOST',
  summary: 'Which Mender server the device talks to: hosted US, hosted EU or your own.',
  group: 'general',
  scope: 'runtime',
  members: [
    'MENDER_SERVER_HOST_US',
    'MENDER_SERVER_HOST_EU',
    'MENDER_SERVER_HOST_ON_PREM',
  ],
  defaults: [{ member: 'MENDER_SERVER_HOST_US' }],
  dependsOn: client,
};

export const DEVICE_TIER_CHOICE: KconfigChoiceSpec = {
  name: 'MENDER_DEVICE_TIER',
  summary: 'The device tier sent with every authentication request.',
  group: 'general',
  scope: 'runtime',
  members: ['MENDER_DEVICE_TIER_STANDARD', 'MENDER_DEVICE_TIER_MICRO'],
  defaults: [{ member: 'MENDER_DEVICE_TIER_MICRO' }],
  dependsOn: client,
};

const secondaryCa = [{ symbol: 'MENDER_NET_CA_CERTIFICATE_TAG_SECONDARY_ENABLED' }];

export const GENERAL_OPTIONS: KconfigOptionSpec[] = [
  ...defineOptions('client', {
    MENDER_MCU_CLIENT: {
      type: 'bool',
      summary:
        'Builds the Mender MCU client into the firmware; every other option ' +
        'exists only while it is on.',
      scope: 'runtime',
      dependsOn: [],
    },
  }),
  ...choiceMembers(
    SERVER_HOST_CHOICE,
    {
      MENDER_SERVER_HOST_US: 'Hosted Mender in the US (hosted.mender.io).',
      MENDER_SERVER_HOST_EU: 'Hosted Mender in the EU (eu.hosted.mender.io).',
      MENDER_SERVER_HOST_ON_PREM:
        'A server you run yourself; its URL then comes from MENDER_SERVER_HOST.',
    },
    {
      MENDER_SERVER_HOST_US: { selects: secondaryCa },
      MENDER_SERVER_HOST_EU: { selects: secondaryCa },
    },
  ),
  ...defineOptions('general', {
    MENDER_SERVER_HOST: {
      type: 'string',
      summary:
        'Base URL of the server, without a trailing slash. Only settable for an ' +
        'on-premise server; the hosted choices fix it.',
      scope: 'runtime',
      settableIf: 'MENDER_SERVER_HOST_ON_PREM',
      dependsOn: client,
      defaults: [
        { value: 'https://hosted.mender.io', if: 'MENDER_SERVER_HOST_US' },
        { value: 'https://eu.hosted.mender.io', if: 'MENDER_SERVER_HOST_EU' },
      ],
    },
    MENDER_SERVER_DORMANT_CERTIFICATES: {
      type: 'bool',
      summary:
        'Installs two spare root certificates so the device can still reach ' +
        'the server if its usual root CA is ever revoked.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: true }],
    },
    MENDER_SERVER_TENANT_TOKEN: {
      type: 'string',
      summary:
        'Organisation token for hosted Mender; left out of the authentication ' +
        'request when empty.',
      scope: 'runtime',
      dependsOn: client,
    },
  }),
  ...choiceMembers(DEVICE_TIER_CHOICE, {
    MENDER_DEVICE_TIER_STANDARD: 'Standard tier (shorter default intervals).',
    MENDER_DEVICE_TIER_MICRO: 'Micro tier, the default for MCUs.',
  }),
  ...defineOptions('general', {
    MENDER_DEVICE_TIER: {
      type: 'string',
      summary: 'The tier name derived from the tier choice; not settable directly.',
      scope: 'runtime',
      settable: false,
      dependsOn: client,
      defaults: [
        { value: 'standard', if: 'MENDER_DEVICE_TIER_STANDARD' },
        { value: 'micro', if: 'MENDER_DEVICE_TIER_MICRO' },
      ],
    },
    MENDER_DEVICE_TYPE: {
      type: 'string',
      summary:
        'Device type checked against artifacts and deployments; the board ' +
        'name unless set.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: { symbol: 'BOARD' } }],
    },
    MENDER_CLIENT_UPDATE_POLL_INTERVAL_DEFAULT: {
      type: 'int',
      summary: 'The tier default for the deployment check period; not settable.',
      scope: 'runtime',
      settable: false,
      dependsOn: client,
      defaults: [
        { value: 604800, if: 'MENDER_DEVICE_TIER_MICRO' },
        { value: 1800, if: 'MENDER_DEVICE_TIER_STANDARD' },
      ],
    },
    MENDER_CLIENT_UPDATE_POLL_INTERVAL: {
      type: 'int',
      summary:
        'Seconds between checks for a new deployment: 7 days on micro, 30 ' +
        'minutes on standard by default.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: { symbol: 'MENDER_CLIENT_UPDATE_POLL_INTERVAL_DEFAULT' } }],
      ranges: [{ min: 1, max: 2592000 }],
    },
    MENDER_DEPLOYMENT_LOGS: {
      type: 'bool',
      summary:
        'Keeps warnings and errors logged during a deployment in flash and ' +
        'uploads them when the deployment fails.',
      scope: 'runtime',
      dependsOn: client,
      defaults: [{ value: true }],
    },
  }),
];
