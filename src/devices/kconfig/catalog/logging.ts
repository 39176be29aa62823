import type { KconfigChoiceSpec, KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, choiceMembers, defineOptions } from './define.ts';

/**
 * The real Kconfig sets `module = MENDER` and sources Zephyr's logging
 * template, which defines these symbols. They are modelled on the Zephyr 4.x
 * template (a "default" member that follows LOG_DEFAULT_LEVEL), because the
 * reference app assigns CONFIG_MENDER_LOG_LEVEL_INF.
 */
const underLog = [UNDER_CLIENT, 'LOG'];

export const LOG_LEVEL_CHOICE: KconfigChoiceSpec = {
  name: 'MENDER_LOG_LEVEL_CHOICE',
  summary: 'Highest log level compiled into the client.',
  group: 'logging',
  scope: 'runtime',
  members: [
    'MENDER_LOG_LEVEL_OFF',
    'MENDER_LOG_LEVEL_ERR',
    'MENDER_LOG_LEVEL_WRN',
    'MENDER_LOG_LEVEL_INF',
    'MENDER_LOG_LEVEL_DBG',
    'MENDER_LOG_LEVEL_DEFAULT',
  ],
  defaults: [{ member: 'MENDER_LOG_LEVEL_DEFAULT' }],
  dependsOn: underLog,
  origin: 'zephyr-log-template',
};

export const LOGGING_OPTIONS: KconfigOptionSpec[] = [
  ...choiceMembers(LOG_LEVEL_CHOICE, {
    MENDER_LOG_LEVEL_OFF: 'No client log output.',
    MENDER_LOG_LEVEL_ERR: 'Errors only.',
    MENDER_LOG_LEVEL_WRN: 'Warnings and errors.',
    MENDER_LOG_LEVEL_INF: 'Information, warnings and errors (the reference app).',
    MENDER_LOG_LEVEL_DBG: 'Everything, debug included.',
    MENDER_LOG_LEVEL_DEFAULT: "Follows Zephyr's LOG_DEFAULT_LEVEL.",
  }),
  ...defineOptions('logging', {
    MENDER_LOG_LEVEL: {
      type: 'int',
      summary: 'The numeric level (0 off … 4 debug) derived from the choice.',
      scope: 'runtime',
      settable: false,
      dependsOn: underLog,
      defaults: [
        { value: 0, if: 'MENDER_LOG_LEVEL_OFF' },
        { value: 1, if: 'MENDER_LOG_LEVEL_ERR' },
        { value: 2, if: 'MENDER_LOG_LEVEL_WRN' },
        { value: 3, if: 'MENDER_LOG_LEVEL_INF' },
        { value: 4, if: 'MENDER_LOG_LEVEL_DBG' },
        { value: { symbol: 'LOG_DEFAULT_LEVEL' }, if: 'MENDER_LOG_LEVEL_DEFAULT' },
      ],
      origin: 'zephyr-log-template',
    },
  }),
];
