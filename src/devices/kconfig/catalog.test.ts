import { describe, expect, it } from 'vitest';

import {
  KCONFIG_CHOICES,
  KCONFIG_OPTIONS,
  ZEPHYR_SYMBOL_DEFAULTS,
} from './catalog/index.ts';
import { parseExpression, printExpression, symbolsOf } from './expression.ts';
import { parseKconfigSource, type KconfigSource } from './kconfigSource.ts';
import { SKIPPED_WITHOUT_FIXTURES, readPrjConfFixture } from './sharedFixtures.ts';
import type { KconfigOptionSpec } from './types.ts';

const kconfigText = readPrjConfFixture('mender-mcu-Kconfig');
const source: KconfigSource | undefined =
  kconfigText === undefined
    ? undefined
    : parseKconfigSource(kconfigText, 'mender-mcu-Kconfig');

const canonical = (condition: string | undefined): string | undefined =>
  condition === undefined ? undefined : printExpression(parseExpression(condition));

/** The parts of an option the real file decides, in a comparable form. */
function comparable(option: Omit<KconfigOptionSpec, 'summary' | 'group' | 'scope'>) {
  return {
    type: option.type,
    settable: option.settable,
    settableIf: canonical(option.settableIf),
    dependsOn: option.dependsOn.map(canonical),
    defaults: option.defaults.map((entry) => ({
      value: entry.value,
      if: canonical(entry.if),
    })),
    ranges: option.ranges.map((range) => ({ ...range, if: canonical(range.if) })),
    selects: option.selects
      .filter((select) => select.symbol.startsWith('MENDER_'))
      .map((select) => ({ symbol: select.symbol, if: canonical(select.if) })),
    choice: option.choice,
  };
}

const fromFile = source === undefined ? [] : [...source.symbols.keys()];
const catalogByName = new Map(KCONFIG_OPTIONS.map((option) => [option.name, option]));

describe('option catalog against the real Kconfig', () => {
  it.skipIf(source === undefined)(
    `finds about a hundred symbols in the file${SKIPPED_WITHOUT_FIXTURES}`,
    () => {
      expect(fromFile.length).toBeGreaterThan(90);
      expect(fromFile).toContain('MENDER_CLIENT_UPDATE_POLL_INTERVAL');
    },
  );

  it.skipIf(source === undefined).each(fromFile)(
    `describes %s as the file does${SKIPPED_WITHOUT_FIXTURES}`,
    (name) => {
      const fileSymbol = source?.symbols.get(name);
      const ours = catalogByName.get(name);
      expect(ours, `${name} is missing from the catalog`).toBeDefined();
      if (fileSymbol === undefined || ours === undefined) return;
      expect(comparable(ours)).toEqual(comparable(fileSymbol));
    },
  );

  it.skipIf(source === undefined)(
    `holds no symbol the file lacks, except the log template's${SKIPPED_WITHOUT_FIXTURES}`,
    () => {
      const extra = KCONFIG_OPTIONS.filter((option) => !source?.symbols.has(option.name));
      expect(extra.every((option) => option.origin === 'zephyr-log-template')).toBe(true);
      expect(extra.map((option) => option.name)).toContain('MENDER_LOG_LEVEL');
    },
  );

  it.skipIf(source === undefined)(
    `sources the logging template with module MENDER${SKIPPED_WITHOUT_FIXTURES}`,
    () => {
      expect(source?.templates).toEqual([
        {
          path: 'subsys/logging/Kconfig.template.log_config',
          module: 'MENDER',
          dependsOn: ['MENDER_MCU_CLIENT'],
        },
      ]);
    },
  );

  it.skipIf(source === undefined)(
    `lists every choice with its members, default and dependencies${SKIPPED_WITHOUT_FIXTURES}`,
    () => {
      const ours = KCONFIG_CHOICES.filter((choice) => choice.origin === undefined);
      const comparableChoice = (choice: {
        name: string;
        members: readonly string[];
        defaults: readonly { member: string; if?: string }[];
        dependsOn: readonly string[];
      }) => ({
        name: choice.name,
        members: choice.members,
        defaults: choice.defaults.map((entry) => ({
          member: entry.member,
          if: canonical(entry.if),
        })),
        dependsOn: choice.dependsOn.map(canonical),
      });
      expect(ours.map(comparableChoice)).toEqual(
        [...(source?.choices.values() ?? [])].map(comparableChoice),
      );
    },
  );
});

describe('option catalog on its own', () => {
  it('names each option once', () => {
    const names = KCONFIG_OPTIONS.map((option) => option.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('refers only to symbols it defines, Zephyr symbols it knows, or BOARD', () => {
    const known = new Set([
      ...KCONFIG_OPTIONS.map((option) => option.name),
      ...Object.keys(ZEPHYR_SYMBOL_DEFAULTS),
      'BOARD',
    ]);
    const referenced = KCONFIG_OPTIONS.flatMap((option) => [
      ...option.dependsOn.flatMap((condition) => symbolsOf(parseExpression(condition))),
      ...option.defaults.flatMap((entry) => [
        ...(entry.if === undefined ? [] : symbolsOf(parseExpression(entry.if))),
        ...(typeof entry.value === 'object' ? [entry.value.symbol] : []),
      ]),
      ...option.selects.map((select) => select.symbol),
    ]);
    expect(referenced.filter((name) => !known.has(name))).toEqual([]);
  });

  it('gives every choice member its choice, and every choice a defined default', () => {
    for (const choice of KCONFIG_CHOICES) {
      for (const member of choice.members) {
        expect(catalogByName.get(member)?.choice).toBe(choice.name);
      }
      for (const entry of choice.defaults) expect(choice.members).toContain(entry.member);
    }
  });

  it('puts the tier-dependent interval defaults where the reference says', () => {
    expect(
      catalogByName.get('MENDER_CLIENT_UPDATE_POLL_INTERVAL_DEFAULT')?.defaults,
    ).toEqual([
      { value: 604800, if: 'MENDER_DEVICE_TIER_MICRO' },
      { value: 1800, if: 'MENDER_DEVICE_TIER_STANDARD' },
    ]);
    expect(
      catalogByName.get('MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL_DEFAULT')?.defaults,
    ).toEqual([
      { value: 604800, if: 'MENDER_DEVICE_TIER_MICRO' },
      { value: 28800, if: 'MENDER_DEVICE_TIER_STANDARD' },
    ]);
  });
});

describe('parseKconfigSource', () => {
  const sample = [
    'menuconfig CLIENT',
    '    bool "client"',
    'if CLIENT',
    '  choice REGION',
    '      prompt "region"',
    '      default REGION_A',
    '      config REGION_A',
    '          bool "a"',
    '      config REGION_B',
    '          bool "b"',
    '      config URL',
    '          string "url" if REGION_B',
    '  endchoice',
    '  if REGION_A',
    '      config URL',
    '          default "https://a.example"',
    '  endif',
    '  config PERIOD',
    '      int "period"',
    '      depends on FEATURE=n',
    '      range 1 10',
    '      default 5 if REGION_A # five',
    '      default 7',
    '      help',
    '          Text with default 99 and config WORDS that must be skipped.',
    '',
    '          Still help.',
    '  config FEATURE',
    '      bool',
    '      select PERIOD_HELPER',
    'endif',
  ].join('\n');

  it('merges repeated definitions and turns their if into default conditions', () => {
    const parsed = parseKconfigSource(sample, 'sample');
    expect(parsed.symbols.get('URL')).toMatchObject({
      type: 'string',
      settable: true,
      settableIf: 'REGION_B',
      dependsOn: ['CLIENT'],
      defaults: [{ value: 'https://a.example', if: 'REGION_A' }],
    });
    expect(parsed.choices.get('REGION')).toEqual({
      name: 'REGION',
      members: ['REGION_A', 'REGION_B'],
      defaults: [{ member: 'REGION_A' }],
      dependsOn: ['CLIENT'],
    });
  });

  it('skips help text and comments and keeps conditions, ranges and selects', () => {
    const parsed = parseKconfigSource(sample, 'sample');
    expect(parsed.symbols.get('PERIOD')).toMatchObject({
      dependsOn: ['CLIENT', 'FEATURE=n'],
      ranges: [{ min: 1, max: 10 }],
      defaults: [{ value: 5, if: 'REGION_A' }, { value: 7 }],
    });
    expect(parsed.symbols.get('FEATURE')).toMatchObject({
      settable: false,
      selects: [{ symbol: 'PERIOD_HELPER' }],
    });
    expect(parsed.symbols.has('WORDS')).toBe(false);
  });

  it('refuses a construct it does not know, naming the line', () => {
    expect(() =>
      parseKconfigSource('config A\n    bool\n    option modules\n', 'odd'),
    ).toThrow('Failed to read odd line 3: "option" is not supported.');
  });
});
