import type { KconfigChoiceSpec, KconfigOptionSpec } from '../types.ts';
import { UNDER_CLIENT, choiceMembers, defineOptions } from './define.ts';

const client = [UNDER_CLIENT];

interface PlatformPart {
  /** Suffix of the symbols: INVENTORY gives MENDER_PLATFORM_INVENTORY_TYPE. */
  readonly part: string;
  readonly what: string;
  /** Member suffix and the implementation path it stands for, default first. */
  readonly members: readonly (readonly [suffix: string, path: string])[];
}

/**
 * Each platform layer is a choice plus a promptless string naming the source
 * folder it selects. The real file repeats this shape nine times.
 */
const PARTS: readonly PlatformPart[] = [
  {
    part: 'INVENTORY',
    what: 'inventory',
    members: [
      ['DEFAULT', 'zephyr'],
      ['WEAK', 'generic/weak'],
    ],
  },
  {
    part: 'LOG',
    what: 'logging',
    members: [
      ['DEFAULT', 'zephyr'],
      ['WEAK', 'generic/weak'],
    ],
  },
  {
    part: 'MEM',
    what: 'memory allocation',
    members: [
      ['DEFAULT', 'zephyr'],
      ['GENERIC', 'generic'],
    ],
  },
  {
    part: 'NET',
    what: 'network',
    members: [
      ['DEFAULT', 'zephyr'],
      ['WEAK', 'generic/weak'],
    ],
  },
  {
    part: 'SCHEDULER',
    what: 'scheduler',
    members: [
      ['DEFAULT', 'zephyr'],
      ['WEAK', 'generic/weak'],
    ],
  },
  {
    part: 'STORAGE',
    what: 'storage',
    members: [
      ['NVS', 'zephyr/nvs'],
      ['WEAK', 'generic/weak'],
    ],
  },
  {
    part: 'TLS',
    what: 'TLS and key',
    members: [
      ['MBEDTLS', 'generic/mbedtls'],
      ['WEAK', 'generic/weak'],
    ],
  },
  {
    part: 'SHA',
    what: 'SHA-256',
    members: [
      ['MBEDTLS', 'generic/mbedtls'],
      ['WEAK', 'generic/weak'],
    ],
  },
  {
    part: 'CERT',
    what: 'certificate',
    members: [
      ['DEFAULT', 'zephyr'],
      ['WEAK', 'generic/weak'],
    ],
  },
];

function choiceOf({ part, what, members }: PlatformPart): KconfigChoiceSpec {
  const name = `MENDER_PLATFORM_${part}_TYPE`;
  const first = members[0];
  return {
    name,
    summary: `Which ${what} implementation the client is built with.`,
    group: 'platform',
    scope: 'build',
    members: members.map(([suffix]) => `${name}_${suffix}`),
    defaults: first === undefined ? [] : [{ member: `${name}_${first[0]}` }],
    dependsOn: client,
  };
}

function optionsOf(platformPart: PlatformPart): KconfigOptionSpec[] {
  const choice = choiceOf(platformPart);
  const summaries: Record<string, string> = {};
  for (const [suffix, path] of platformPart.members) {
    summaries[`${choice.name}_${suffix}`] =
      suffix === 'WEAK'
        ? `The application provides its own ${platformPart.what} functions.`
        : `The built-in ${path} ${platformPart.what} implementation.`;
  }
  const pathOption = defineOptions('platform', {
    [choice.name]: {
      type: 'string',
      summary: `Source folder of the chosen ${platformPart.what} implementation; not settable.`,
      scope: 'build',
      settable: false,
      dependsOn: client,
      defaults: platformPart.members.map(([suffix, path]) => ({
        value: path,
        if: `${choice.name}_${suffix}`,
      })),
    },
  });
  return [...choiceMembers(choice, summaries), ...pathOption];
}

export const PLATFORM_CHOICES: KconfigChoiceSpec[] = PARTS.map(choiceOf);
export const PLATFORM_OPTIONS: KconfigOptionSpec[] = PARTS.flatMap(optionsOf);
