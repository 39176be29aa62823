import type { KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, defineOptions } from './define.ts';

const client = [UNDER_CLIENT];
const withInventory = [UNDER_CLIENT, 'MENDER_CLIENT_INVENTORY_DISABLE=n'];

export const INVENTORY_OPTIONS: KconfigOptionSpec[] = defineOptions('inventory', {
  MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL_DEFAULT: {
    type: 'int',
    summary: 'The tier default for the inventory period; not settable.',
    scope: 'runtime',
    settable: false,
    dependsOn: client,
    defaults: [
      { value: 604800, if: 'MENDER_DEVICE_TIER_MICRO' },
      { value: 28800, if: 'MENDER_DEVICE_TIER_STANDARD' },
    ],
  },
  MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL: {
    type: 'int',
    summary:
      'Seconds between inventory pushes: 7 days on micro, 8 hours on standard ' +
      'by default. The help calls 0 "disabled", but the real scheduler asserts ' +
      'on a zero period.',
    scope: 'runtime',
    dependsOn: withInventory,
    defaults: [{ value: { symbol: 'MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL_DEFAULT' } }],
    ranges: [{ min: 0, max: 2592000 }],
  },
  MENDER_CLIENT_INVENTORY_BUILD_INFO: {
    type: 'bool',
    summary:
      'Adds the client name, client version and Zephyr version to the ' +
      'inventory (sent once per boot).',
    scope: 'runtime',
    dependsOn: withInventory,
    defaults: [{ value: true }],
  },
  MENDER_CLIENT_INVENTORY_NETWORK_INFO: {
    type: 'bool',
    summary:
      'Adds the network interface, IPv4 address, netmask and gateway to every ' +
      'inventory push.',
    scope: 'runtime',
    dependsOn: withInventory,
    defaults: [{ value: true }],
  },
  MENDER_CLIENT_INVENTORY_DISABLE: {
    type: 'bool',
    summary: 'Leaves inventory out of the client entirely (marked experimental).',
    scope: 'runtime',
    dependsOn: client,
    defaults: [{ value: false }],
  },
});
