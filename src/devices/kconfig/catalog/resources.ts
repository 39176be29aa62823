import type { KconfigChoiceSpec, KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, choiceMembers, defineOptions } from './define.ts';

const withDefaultMemory = [UNDER_CLIENT, 'MENDER_PLATFORM_MEM_TYPE_DEFAULT'];
const withDefaultScheduler = [UNDER_CLIENT, 'MENDER_PLATFORM_SCHEDULER_TYPE_DEFAULT'];
const withNvs = [UNDER_CLIENT, 'MENDER_PLATFORM_STORAGE_TYPE_NVS'];

export const MEMORY_OPTIONS: KconfigOptionSpec[] = defineOptions('memory', {
  MENDER_SEPARATE_HEAP: {
    type: 'bool',
    summary: 'Gives the client a heap of its own instead of the system heap.',
    scope: 'build',
    dependsOn: withDefaultMemory,
    defaults: [{ value: true }],
  },
  MENDER_HEAP_SIZE: {
    type: 'int',
    summary: 'Size of that heap in kB.',
    scope: 'build',
    dependsOn: [...withDefaultMemory, 'MENDER_SEPARATE_HEAP'],
    defaults: [{ value: 8 }],
    ranges: [{ min: 4, max: 32 }],
  },
  HEAP_MEM_POOL_ADD_SIZE_MENDER: {
    type: 'int',
    summary: 'Bytes the client adds to the system heap when it has no heap of its own.',
    scope: 'build',
    dependsOn: [...withDefaultMemory, 'MENDER_SEPARATE_HEAP=n'],
    defaults: [{ value: 8192 }],
    ranges: [{ min: 4096, max: 32768 }],
  },
});

export const SCHEDULER_OPTIONS: KconfigOptionSpec[] = defineOptions('scheduler', {
  MENDER_SCHEDULER_SEPARATE_WORK_QUEUE: {
    type: 'bool',
    summary:
      'Runs the client on its own work queue. With it both work items start ' +
      'at once; on the system queue the first run waits 1 s.',
    scope: 'runtime',
    dependsOn: withDefaultScheduler,
    defaults: [{ value: true }],
  },
  MENDER_SCHEDULER_WORK_QUEUE_STACK_SIZE: {
    type: 'int',
    summary: 'Stack of that work queue in kB.',
    scope: 'build',
    dependsOn: [...withDefaultScheduler, 'MENDER_SCHEDULER_SEPARATE_WORK_QUEUE'],
    defaults: [{ value: 6 }],
    ranges: [{ min: 0, max: 64 }],
  },
  MENDER_SCHEDULER_WORK_QUEUE_PRIORITY: {
    type: 'int',
    summary: 'Thread priority of that work queue.',
    scope: 'build',
    dependsOn: [...withDefaultScheduler, 'MENDER_SCHEDULER_SEPARATE_WORK_QUEUE'],
    defaults: [{ value: 5 }],
    ranges: [{ min: 0, max: 128 }],
  },
});

export const STORAGE_PARTITION_CHOICE: KconfigChoiceSpec = {
  name: 'MENDER_STORAGE_PARTITION',
  summary: "Which devicetree flash partition holds the client's NVS data.",
  group: 'storage',
  scope: 'build',
  members: [
    'MENDER_STORAGE_PARTITION_MENDER_PARTITION',
    'MENDER_STORAGE_PARTITION_STORAGE_PARTITION',
    'MENDER_STORAGE_PARTITION_CUSTOM',
  ],
  defaults: [{ member: 'MENDER_STORAGE_PARTITION_MENDER_PARTITION' }],
  dependsOn: withNvs,
};

export const STORAGE_OPTIONS: KconfigOptionSpec[] = [
  ...choiceMembers(STORAGE_PARTITION_CHOICE, {
    MENDER_STORAGE_PARTITION_MENDER_PARTITION: 'The partition labelled mender_partition.',
    MENDER_STORAGE_PARTITION_STORAGE_PARTITION:
      'The partition labelled storage_partition (the reference app on most boards).',
    MENDER_STORAGE_PARTITION_CUSTOM:
      'A partition the application names in mender_get_storage_spec().',
  }),
  ...defineOptions('storage', {
    MENDER_STORAGE_SECTOR_OFFSET: {
      type: 'int',
      summary: 'Sectors at the start of the partition left for other uses.',
      scope: 'build',
      dependsOn: [
        ...withNvs,
        'MENDER_STORAGE_PARTITION_STORAGE_PARTITION || MENDER_STORAGE_PARTITION_MENDER_PARTITION',
      ],
      defaults: [{ value: 0 }],
      ranges: [{ min: 0, max: 16 }],
    },
    MENDER_STORAGE_NVS_SECTOR_COUNT: {
      type: 'int',
      summary: 'Flash sectors for the NVS records (keys, deployment data, provides).',
      scope: 'runtime',
      dependsOn: withNvs,
      defaults: [{ value: 2 }],
      ranges: [{ min: 2, max: 8 }],
    },
    MENDER_STORAGE_DEPLOYMENT_LOGS_SECTORS: {
      type: 'int',
      summary: 'Flash sectors for the circular buffer of deployment logs.',
      scope: 'runtime',
      dependsOn: [...withNvs, 'MENDER_DEPLOYMENT_LOGS'],
      defaults: [{ value: 2 }],
      ranges: [{ min: 1, max: 4 }],
    },
    MENDER_STORAGE_DEPLOYMENT_DATA_CRC: {
      type: 'bool',
      summary: 'Appends a CRC-32 to the stored deployment data and checks it on read.',
      scope: 'runtime',
      dependsOn: withNvs,
      defaults: [{ value: true }],
    },
  }),
];
