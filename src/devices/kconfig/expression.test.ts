import { describe, expect, it } from 'vitest';

import { evaluateExpression, parseExpression, printExpression } from './expression.ts';
import type { KconfigValue } from './types.ts';

const values: Record<string, KconfigValue> = { A: true, B: false, S: 'micro', N: 3 };
const lookup = (name: string): KconfigValue | undefined => values[name];
const holds = (text: string): boolean =>
  evaluateExpression(parseExpression(text), lookup);

describe('Kconfig expressions', () => {
  it('evaluates symbols, negation, and, or and parentheses', () => {
    expect(holds('A')).toBe(true);
    expect(holds('B')).toBe(false);
    expect(holds('!B && A')).toBe(true);
    expect(holds('B || !A')).toBe(false);
    expect(holds('!(B || A)')).toBe(false);
  });

  it('compares values as text, with n for a bool that is off', () => {
    expect(holds('B=n')).toBe(true);
    expect(holds('A=n')).toBe(false);
    expect(holds('S="micro"')).toBe(true);
    expect(holds('N=3')).toBe(true);
    expect(holds('MISSING!=""')).toBe(false);
  });

  it('counts a symbol that is not a bool, or unknown, as n', () => {
    expect(holds('S')).toBe(false);
    expect(holds('UNKNOWN')).toBe(false);
  });

  it('prints a canonical form', () => {
    expect(printExpression(parseExpression('  A||B &&( C || D )'))).toBe(
      'A || B && (C || D)',
    );
    expect(printExpression(parseExpression('X = n'))).toBe('X=n');
  });

  it('names the expression it cannot read', () => {
    expect(() => parseExpression('A && (B')).toThrow(
      'Failed to read the Kconfig expression "A && (B": it ends too early.',
    );
    expect(() => parseExpression('A $ B')).toThrow('unexpected text at "$ B"');
  });
});
