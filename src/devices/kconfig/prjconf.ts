import { KconfigError } from './errors.ts';
import type { KconfigType, KconfigValue } from './types.ts';

/** A value as written on a prj.conf line, before it is checked against an option. */
export type PrjConfValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'hex'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  /** Anything else (an unquoted word, `m`, an empty value): kept for options not the client's. */
  | { readonly kind: 'raw'; readonly text: string };

/** One line of a fragment, with its text kept so that writing it back changes nothing. */
export type PrjConfLine =
  | { readonly kind: 'blank' | 'comment'; readonly text: string; readonly line: number }
  | {
      readonly kind: 'assignment';
      /** The symbol without its `CONFIG_` prefix. */
      readonly symbol: string;
      readonly value: PrjConfValue;
      /** `not-set` for the `# CONFIG_X is not set` form. */
      readonly style: 'value' | 'not-set';
      readonly text: string;
      readonly line: number;
    };

export type PrjConfAssignmentLine = Extract<PrjConfLine, { kind: 'assignment' }>;

/** A prj.conf file or board fragment: its name for messages, and every line. */
export interface PrjConfFragment {
  readonly name: string;
  readonly lines: readonly PrjConfLine[];
  readonly lineEnding: '\n' | '\r\n';
  readonly endsWithNewline: boolean;
}

const ASSIGNMENT = /^CONFIG_([A-Za-z0-9_]+)=(.*)$/;
const NOT_SET = /^# CONFIG_([A-Za-z0-9_]+) is not set$/;
const DECIMAL = /^-?\d+$/;
const HEXADECIMAL = /^0[xX][0-9a-fA-F]+$/;

/**
 * Reads a prj.conf fragment the way Zephyr's Kconfig tooling does: comments
 * and blank lines kept, `CONFIG_X=value` and `# CONFIG_X is not set`.
 * Values are read by their form only; whether they suit the option is
 * checked when fragments are resolved.
 *
 * @param name what the user calls the file, used in every message
 * @throws KconfigError `SYNTAX` naming the fragment and line for a line Kconfig would not accept
 */
export function parsePrjConf(text: string, name: string): PrjConfFragment {
  const lineEnding = text.includes('\r\n') ? '\r\n' : '\n';
  const endsWithNewline = text.endsWith('\n');
  const rawLines = text.split(/\r?\n/);
  if (endsWithNewline) rawLines.pop();

  const lines = rawLines.map((raw, index) => parseLine(raw, index + 1, name));
  return { name, lines, lineEnding, endsWithNewline };
}

function parseLine(raw: string, line: number, fragment: string): PrjConfLine {
  const trimmed = raw.trim();
  if (trimmed === '') return { kind: 'blank', text: raw, line };

  const notSet = NOT_SET.exec(trimmed);
  if (notSet?.[1] !== undefined) {
    const value = { kind: 'bool', value: false } as const;
    return {
      kind: 'assignment',
      symbol: notSet[1],
      value,
      style: 'not-set',
      text: raw,
      line,
    };
  }
  if (trimmed.startsWith('#')) return { kind: 'comment', text: raw, line };

  const assignment = ASSIGNMENT.exec(trimmed);
  if (assignment?.[1] === undefined || assignment[2] === undefined) {
    throw new KconfigError(
      'SYNTAX',
      `Failed to read ${fragment} line ${line}: "${trimmed}" is not CONFIG_NAME=value. ` +
        'Every setting starts with CONFIG_; comments start with #.',
      { source: fragment, line },
    );
  }
  const symbol = assignment[1];
  const value = parseValue(assignment[2], symbol, fragment, line);
  return { kind: 'assignment', symbol, value, style: 'value', text: raw, line };
}

function parseValue(
  text: string,
  symbol: string,
  fragment: string,
  line: number,
): PrjConfValue {
  if (text === 'y') return { kind: 'bool', value: true };
  if (text === 'n') return { kind: 'bool', value: false };
  if (DECIMAL.test(text)) return { kind: 'int', value: Number(text) };
  if (HEXADECIMAL.test(text)) return { kind: 'hex', value: Number.parseInt(text, 16) };
  if (!text.startsWith('"')) return { kind: 'raw', text };

  const closing = closingQuote(text);
  const origin = { source: fragment, line };
  if (closing === -1) {
    throw new KconfigError(
      'SYNTAX',
      `Failed to read ${fragment} line ${line}: the string for CONFIG_${symbol} has no ` +
        'closing quote. End it with " (write \\" for a quote inside it).',
      origin,
      symbol,
    );
  }
  if (text.slice(closing + 1).trim() !== '') {
    throw new KconfigError(
      'SYNTAX',
      `Failed to read ${fragment} line ${line}: text follows the closing quote of ` +
        `CONFIG_${symbol}. Kconfig has no end-of-line comments; put the comment on ` +
        'its own line.',
      origin,
      symbol,
    );
  }
  return { kind: 'string', value: unescapeString(text.slice(1, closing)) };
}

/** Index of the quote that ends a string opened at index 0, or -1. */
function closingQuote(text: string): number {
  for (let index = 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return -1;
}

/** Kconfig drops the backslash before any character. */
function unescapeString(body: string): string {
  return body.replace(/\\(.)/g, '$1');
}

function escapeString(value: string): string {
  return value.replace(/[\\"]/g, (character) => `\\${character}`);
}

/** The text after `=` for a value of the given type, as Kconfig writes it. */
export function formatPrjConfValue(type: KconfigType, value: KconfigValue): string {
  switch (type) {
    case 'bool':
      return value === true ? 'y' : 'n';
    case 'int':
      return String(value);
    case 'hex':
      return typeof value === 'number' ? `0x${value.toString(16)}` : String(value);
    case 'string':
      return `"${escapeString(String(value))}"`;
  }
}

/** The value as the simulator holds it, for options that are not the client's. */
export function plainValueOf(value: PrjConfValue): KconfigValue {
  return value.kind === 'raw' ? value.text : value.value;
}

/** The fragment's text; unchanged lines come back byte for byte. */
export function formatPrjConf(fragment: PrjConfFragment): string {
  const body = fragment.lines.map((line) => line.text).join(fragment.lineEnding);
  return fragment.endsWithNewline && fragment.lines.length > 0
    ? body + fragment.lineEnding
    : body;
}

/** One change for {@link updatePrjConf}: a typed value, or `null` to drop the option. */
export interface PrjConfChange {
  readonly symbol: string;
  readonly type: KconfigType;
  readonly value: KconfigValue | null;
}

/**
 * A copy of the fragment with options set or removed. A set option replaces
 * the last line that assigns it (that is the one in force) and the earlier
 * ones are left as they are; a new option goes at the end. Comments and
 * every other line stay where they were.
 */
export function updatePrjConf(
  fragment: PrjConfFragment,
  changes: readonly PrjConfChange[],
): PrjConfFragment {
  let lines = [...fragment.lines];

  for (const change of changes) {
    const isThis = (line: PrjConfLine): boolean =>
      line.kind === 'assignment' && line.symbol === change.symbol;
    if (change.value === null) {
      lines = lines.filter((line) => !isThis(line));
      continue;
    }
    const text = `CONFIG_${change.symbol}=${formatPrjConfValue(change.type, change.value)}`;
    const last = lines.findLastIndex(isThis);
    const replacement = parseLine(
      text,
      last === -1 ? lines.length + 1 : last + 1,
      fragment.name,
    );
    if (last === -1) lines.push(replacement);
    else lines[last] = replacement;
  }

  const renumbered = lines.map((line, index) => ({ ...line, line: index + 1 }));
  return { ...fragment, lines: renumbered, endsWithNewline: true };
}

/** A new fragment holding the given options, one line each, in the given order. */
export function prjConfFromChanges(
  name: string,
  changes: readonly PrjConfChange[],
): PrjConfFragment {
  const empty: PrjConfFragment = {
    name,
    lines: [],
    lineEnding: '\n',
    endsWithNewline: true,
  };
  return updatePrjConf(empty, changes);
}
