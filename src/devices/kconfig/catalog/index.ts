import type { KconfigChoiceSpec, KconfigOptionSpec, KconfigValue } from '../types.ts';
import { ARTIFACT_GENERATION_OPTIONS, UPDATE_MODULE_OPTIONS } from './artifact.ts';
import { DEVICE_TIER_CHOICE, GENERAL_OPTIONS, SERVER_HOST_CHOICE } from './general.ts';
import { INVENTORY_OPTIONS } from './inventory.ts';
import { LOG_LEVEL_CHOICE, LOGGING_OPTIONS } from './logging.ts';
import { NETWORK_OPTIONS } from './network.ts';
import { PLATFORM_CHOICES, PLATFORM_OPTIONS } from './platform.ts';
import { ERROR_RECOVERY_OPTIONS, OPTIONAL_OPTIONS } from './recovery.ts';
import {
  MEMORY_OPTIONS,
  SCHEDULER_OPTIONS,
  STORAGE_OPTIONS,
  STORAGE_PARTITION_CHOICE,
} from './resources.ts';

/**
 * Every symbol of mender-mcu's `target/zephyr/Kconfig` (plus the log level
 * its logging template adds), in menu order. A test compares this against
 * the real file so the two cannot drift.
 */
export const KCONFIG_OPTIONS: readonly KconfigOptionSpec[] = [
  ...GENERAL_OPTIONS,
  ...LOGGING_OPTIONS,
  ...INVENTORY_OPTIONS,
  ...UPDATE_MODULE_OPTIONS,
  ...ARTIFACT_GENERATION_OPTIONS,
  ...PLATFORM_OPTIONS,
  ...MEMORY_OPTIONS,
  ...NETWORK_OPTIONS,
  ...SCHEDULER_OPTIONS,
  ...STORAGE_OPTIONS,
  ...OPTIONAL_OPTIONS,
  ...ERROR_RECOVERY_OPTIONS,
];

/** Every choice block of the same file, named as in the file. */
export const KCONFIG_CHOICES: readonly KconfigChoiceSpec[] = [
  SERVER_HOST_CHOICE,
  DEVICE_TIER_CHOICE,
  LOG_LEVEL_CHOICE,
  ...PLATFORM_CHOICES,
  STORAGE_PARTITION_CHOICE,
];

const optionsByName = new Map(KCONFIG_OPTIONS.map((option) => [option.name, option]));
const choicesByName = new Map(KCONFIG_CHOICES.map((choice) => [choice.name, choice]));

/** The option named `name` (without `CONFIG_`), or undefined if the client has none. */
export function kconfigOption(name: string): KconfigOptionSpec | undefined {
  return optionsByName.get(name);
}

/** The choice block named `name`, or undefined. */
export function kconfigChoice(name: string): KconfigChoiceSpec | undefined {
  return choicesByName.get(name);
}

/**
 * Symbols the client's Kconfig reads but Zephyr defines, with the values a
 * typical build has. A prj.conf line for one of them (CONFIG_LOG=y)
 * overrides the value here.
 */
export const ZEPHYR_SYMBOL_DEFAULTS: Readonly<Record<string, KconfigValue>> = {
  LOG: true,
  LOG_DEFAULT_LEVEL: 3,
  MODEM_CELLULAR: false,
};
