import { KconfigError } from './errors.ts';
import type { KconfigValue } from './types.ts';

/**
 * A Kconfig expression as used in `depends on`, `if` and `default … if`:
 * symbols, `y`/`n`, quoted strings, `=`, `!=`, `!`, `&&`, `||` and
 * parentheses. Tristate `m` never occurs in the client's file.
 */
export type KconfigExpression =
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'constant'; readonly text: string }
  | { readonly kind: 'not'; readonly operand: KconfigExpression }
  | {
      readonly kind: 'and' | 'or';
      readonly left: KconfigExpression;
      readonly right: KconfigExpression;
    }
  | {
      readonly kind: 'equal' | 'unequal';
      readonly left: KconfigExpression;
      readonly right: KconfigExpression;
    };

/** Looks a symbol's current value up; undefined when it has none. */
export type SymbolLookup = (name: string) => KconfigValue | undefined;

const TOKEN = /\s*(\|\||&&|!=|=|!|\(|\)|"(?:[^"\\]|\\.)*"|[A-Za-z0-9_]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null || match[1] === undefined) {
      throw new KconfigError(
        'EXPRESSION',
        `Failed to read the Kconfig expression "${text}": unexpected text at ` +
          `"${text.slice(start).trim()}".`,
      );
    }
    tokens.push(match[1]);
  }
  return tokens;
}

/** Parses an expression; throws a KconfigError naming the expression when malformed. */
export function parseExpression(text: string): KconfigExpression {
  const tokens = tokenize(text);
  let position = 0;

  const fail = (problem: string): never => {
    throw new KconfigError(
      'EXPRESSION',
      `Failed to read the Kconfig expression "${text}": ${problem}.`,
    );
  };
  const peek = (): string | undefined => tokens[position];
  const take = (): string => tokens[position++] ?? fail('it ends too early');

  const parseOr = (): KconfigExpression => {
    let left = parseAnd();
    while (peek() === '||') {
      position++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): KconfigExpression => {
    let left = parseNot();
    while (peek() === '&&') {
      position++;
      left = { kind: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): KconfigExpression => {
    if (peek() !== '!') return parseComparison();
    position++;
    return { kind: 'not', operand: parseNot() };
  };
  const parseComparison = (): KconfigExpression => {
    const left = parseAtom();
    const operator = peek();
    if (operator !== '=' && operator !== '!=') return left;
    position++;
    return { kind: operator === '=' ? 'equal' : 'unequal', left, right: parseAtom() };
  };
  const parseAtom = (): KconfigExpression => {
    const token = take();
    if (token === '(') {
      const inner = parseOr();
      if (take() !== ')') fail('a parenthesis is not closed');
      return inner;
    }
    if (token.startsWith('"')) return { kind: 'constant', text: unquote(token) };
    if (token === 'y' || token === 'n' || /^-?\d/.test(token)) {
      return { kind: 'constant', text: token };
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(token)) fail(`"${token}" is not a symbol`);
    return { kind: 'symbol', name: token };
  };

  const expression = parseOr();
  if (position < tokens.length) fail(`unexpected "${tokens[position]}"`);
  return expression;
}

function unquote(token: string): string {
  return token.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** The Kconfig text of a value: y/n for bools, decimal for numbers. */
function textOf(value: KconfigValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'y' : 'n';
  return String(value);
}

function operandText(expression: KconfigExpression, lookup: SymbolLookup): string {
  if (expression.kind === 'constant') return expression.text;
  if (expression.kind === 'symbol') return textOf(lookup(expression.name));
  return evaluateExpression(expression, lookup) ? 'y' : 'n';
}

/**
 * Whether the expression is y. As in Kconfig, a symbol that is not a bool
 * (or has no value) counts as n, and `=` compares the values as text.
 */
export function evaluateExpression(
  expression: KconfigExpression,
  lookup: SymbolLookup,
): boolean {
  switch (expression.kind) {
    case 'constant':
      return expression.text === 'y';
    case 'symbol':
      return lookup(expression.name) === true;
    case 'not':
      return !evaluateExpression(expression.operand, lookup);
    case 'and':
      return (
        evaluateExpression(expression.left, lookup) &&
        evaluateExpression(expression.right, lookup)
      );
    case 'or':
      return (
        evaluateExpression(expression.left, lookup) ||
        evaluateExpression(expression.right, lookup)
      );
    case 'equal':
    case 'unequal': {
      const same =
        operandText(expression.left, lookup) === operandText(expression.right, lookup);
      return expression.kind === 'equal' ? same : !same;
    }
  }
}

const PRECEDENCE = { or: 1, and: 2, not: 3, equal: 4, unequal: 4 } as const;

/** Canonical text: single spaces around `||` and `&&`, parentheses only where needed. */
export function printExpression(expression: KconfigExpression): string {
  const child = (inner: KconfigExpression, parent: number): string => {
    const text = printExpression(inner);
    const own =
      inner.kind in PRECEDENCE ? PRECEDENCE[inner.kind as keyof typeof PRECEDENCE] : 9;
    return own < parent ? `(${text})` : text;
  };
  switch (expression.kind) {
    case 'constant':
      return /^[yn]$|^-?\d/.test(expression.text)
        ? expression.text
        : JSON.stringify(expression.text);
    case 'symbol':
      return expression.name;
    case 'not':
      return `!${child(expression.operand, PRECEDENCE.not)}`;
    case 'and':
    case 'or': {
      const level = PRECEDENCE[expression.kind];
      const joiner = expression.kind === 'and' ? ' && ' : ' || ';
      return child(expression.left, level) + joiner + child(expression.right, level);
    }
    case 'equal':
    case 'unequal': {
      const operator = expression.kind === 'equal' ? '=' : '!=';
      return child(expression.left, 5) + operator + child(expression.right, 5);
    }
  }
}

/** The symbols an expression reads, in order of appearance. */
export function symbolsOf(expression: KconfigExpression): string[] {
  switch (expression.kind) {
    case 'constant':
      return [];
    case 'symbol':
      return [expression.name];
    case 'not':
      return symbolsOf(expression.operand);
    default:
      return [...symbolsOf(expression.left), ...symbolsOf(expression.right)];
  }
}

const parsed = new Map<string, KconfigExpression>();

/** parseExpression with a cache, for the catalog's conditions evaluated over and over. */
export function expressionOf(text: string): KconfigExpression {
  let expression = parsed.get(text);
  if (expression === undefined) {
    expression = parseExpression(text);
    parsed.set(text, expression);
  }
  return expression;
}
