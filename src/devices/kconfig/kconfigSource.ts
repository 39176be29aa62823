import { KconfigError } from './errors.ts';
import { parseExpression, printExpression } from './expression.ts';
import type {
  KconfigDefault,
  KconfigDefaultValue,
  KconfigOptionSpec,
  KconfigRange,
  KconfigSelect,
  KconfigType,
} from './types.ts';

/**
 * A symbol as a Kconfig file defines it (all its definitions merged): the
 * parts of an option spec the file itself states.
 */
export interface KconfigSourceSymbol extends Pick<
  KconfigOptionSpec,
  | 'name'
  | 'type'
  | 'settable'
  | 'settableIf'
  | 'dependsOn'
  | 'defaults'
  | 'ranges'
  | 'selects'
  | 'choice'
> {
  /** 1-based line of the first definition. */
  readonly line: number;
}

export interface KconfigSourceChoice {
  readonly name: string;
  readonly members: readonly string[];
  readonly defaults: readonly { readonly member: string; readonly if?: string }[];
  readonly dependsOn: readonly string[];
}

/** A `source` of a template, with the `module = X` variable in force there. */
export interface KconfigSourcedTemplate {
  readonly path: string;
  readonly module: string | undefined;
  readonly dependsOn: readonly string[];
}

export interface KconfigSource {
  readonly symbols: ReadonlyMap<string, KconfigSourceSymbol>;
  readonly choices: ReadonlyMap<string, KconfigSourceChoice>;
  readonly templates: readonly KconfigSourcedTemplate[];
}

interface Definition {
  name: string;
  line: number;
  type?: KconfigType;
  prompt?: { if?: string };
  /** Conditions from enclosing ifs, menus and the choice. */
  context: string[];
  dependsOn: string[];
  defaults: { token: string; if?: string }[];
  ranges: KconfigRange[];
  selects: KconfigSelect[];
  choice?: string;
}

interface ChoiceBlock {
  name: string;
  context: string[];
  dependsOn: string[];
  defaults: { member: string; if?: string }[];
  definitions: Definition[];
}

type Block =
  | { readonly kind: 'if'; readonly condition: string }
  | { readonly kind: 'menu'; readonly dependsOn: string[] }
  | { readonly kind: 'choice'; readonly choice: ChoiceBlock };

type Entry =
  | { readonly kind: 'config'; readonly definition: Definition }
  | { readonly kind: 'choice'; readonly choice: ChoiceBlock }
  | { readonly kind: 'menu'; readonly dependsOn: string[] }
  | { readonly kind: 'none' };

const TYPES = new Set(['bool', 'int', 'hex', 'string']);

function canonical(expression: string): string {
  return printExpression(parseExpression(expression));
}

function indentOf(line: string): number {
  let width = 0;
  for (const character of line) {
    if (character === ' ') width += 1;
    else if (character === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else break;
  }
  return width;
}

/** Drops a `#` comment that is not inside a quoted string. */
function withoutComment(line: string): string {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const character = line[index];
    if (character === '\\') index++;
    else if (character === '"') quoted = !quoted;
    else if (character === '#' && !quoted) return line.slice(0, index);
  }
  return line;
}

/** Splits `<value> if <condition>` at an `if` word outside quotes. */
function splitCondition(rest: string): { head: string; if?: string } {
  let quoted = false;
  for (let index = 0; index < rest.length; index++) {
    const character = rest[index];
    if (character === '\\') index++;
    else if (character === '"') quoted = !quoted;
    else if (!quoted && /\sif\s/.test(rest.slice(index, index + 4))) {
      return { head: rest.slice(0, index).trim(), if: canonical(rest.slice(index + 4)) };
    }
  }
  return { head: rest.trim() };
}

/**
 * Reads the parts of a Kconfig file the client's options use: config,
 * menuconfig, choice, if, menu, types with prompts, default, range,
 * depends on, select and help. Anything else is an error, so that a new
 * construct in an updated file is noticed rather than skipped.
 */
export function parseKconfigSource(text: string, fileName: string): KconfigSource {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  const definitions: Definition[] = [];
  const choices: ChoiceBlock[] = [];
  const templates: KconfigSourcedTemplate[] = [];
  const variables = new Map<string, string>();
  let entry: Entry = { kind: 'none' };

  const fail = (lineNumber: number, problem: string): never => {
    throw new KconfigError(
      'KCONFIG_SOURCE',
      `Failed to read ${fileName} line ${lineNumber}: ${problem}.`,
    );
  };
  const context = (): string[] =>
    blocks.flatMap((block) => {
      if (block.kind === 'if') return [block.condition];
      if (block.kind === 'menu') return block.dependsOn;
      return [...block.choice.dependsOn];
    });
  const enclosingChoice = (): ChoiceBlock | undefined => {
    const top = blocks[blocks.length - 1];
    return top?.kind === 'choice' ? top.choice : undefined;
  };

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const raw = lines[index] ?? '';
    const content = withoutComment(raw).trim();
    if (content === '') continue;
    const [keyword = '', ...restWords] = content.split(/\s+/);
    const rest = content.slice(keyword.length).trim();

    if (keyword === 'help' || keyword === '---help---') {
      index = endOfHelp(lines, index);
      continue;
    }
    const variable = /^([A-Za-z][\w-]*)\s*:?=\s*(.*)$/.exec(content);
    if (variable?.[1] !== undefined && !TYPES.has(keyword)) {
      variables.set(variable[1], variable[2] ?? '');
      continue;
    }

    switch (keyword) {
      case 'config':
      case 'menuconfig': {
        const choice = enclosingChoice();
        const definition: Definition = {
          name: restWords[0] ?? fail(lineNumber, 'config without a name'),
          line: lineNumber,
          context: context(),
          dependsOn: [],
          defaults: [],
          ranges: [],
          selects: [],
          ...(choice === undefined ? {} : { choice: choice.name }),
        };
        definitions.push(definition);
        choice?.definitions.push(definition);
        entry = { kind: 'config', definition };
        break;
      }
      case 'choice': {
        const choice: ChoiceBlock = {
          name: restWords[0]?.replace(/"/g, '') ?? `choice@${lineNumber}`,
          context: context(),
          dependsOn: [],
          defaults: [],
          definitions: [],
        };
        choices.push(choice);
        blocks.push({ kind: 'choice', choice });
        entry = { kind: 'choice', choice };
        break;
      }
      case 'endchoice':
      case 'endif':
      case 'endmenu': {
        const expected = { endchoice: 'choice', endif: 'if', endmenu: 'menu' }[keyword];
        if (blocks.pop()?.kind !== expected)
          fail(lineNumber, `${keyword} does not close a ${expected}`);
        entry = { kind: 'none' };
        break;
      }
      case 'if':
        blocks.push({ kind: 'if', condition: canonical(rest) });
        entry = { kind: 'none' };
        break;
      case 'menu': {
        const dependsOn: string[] = [];
        blocks.push({ kind: 'menu', dependsOn });
        entry = { kind: 'menu', dependsOn };
        break;
      }
      case 'source':
      case 'rsource':
      case 'osource':
        templates.push({
          path: rest.replace(/^"|"$/g, ''),
          module: variables.get('module'),
          dependsOn: context(),
        });
        entry = { kind: 'none' };
        break;
      case 'depends': {
        const condition = canonical(rest.replace(/^on\s+/, ''));
        if (entry.kind === 'config') entry.definition.dependsOn.push(condition);
        else if (entry.kind === 'choice') entry.choice.dependsOn.push(condition);
        else if (entry.kind === 'menu') entry.dependsOn.push(condition);
        else fail(lineNumber, '"depends on" outside an entry');
        break;
      }
      default:
        readProperty(entry, keyword, rest, lineNumber, fail);
    }
  }
  if (blocks.length > 0)
    fail(lines.length, `a ${blocks[blocks.length - 1]?.kind} is never closed`);
  return {
    symbols: mergeDefinitions(definitions, fail),
    choices: new Map(choices.map((choice) => [choice.name, choiceOf(choice)])),
    templates,
  };
}

/** Index of the last line of a help text that starts after line `helpIndex`. */
function endOfHelp(lines: readonly string[], helpIndex: number): number {
  let textIndent: number | undefined;
  let last = helpIndex;
  for (let index = helpIndex + 1; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    textIndent ??= indent;
    if (indent < textIndent || indent <= indentOf(lines[helpIndex] ?? '')) break;
    last = index;
  }
  return last;
}

function readProperty(
  entry: Entry,
  keyword: string,
  rest: string,
  lineNumber: number,
  fail: (line: number, problem: string) => never,
): void {
  if (entry.kind === 'choice') {
    if (keyword === 'prompt' || keyword === 'bool') return;
    if (keyword !== 'default')
      fail(lineNumber, `"${keyword}" in a choice is not supported`);
    const { head, if: condition } = splitCondition(rest);
    entry.choice.defaults.push({
      member: head,
      ...(condition === undefined ? {} : { if: condition }),
    });
    return;
  }
  if (entry.kind !== 'config') fail(lineNumber, `"${keyword}" outside a config entry`);
  const definition = (entry as { definition: Definition }).definition;
  const { head, if: condition } = splitCondition(rest);
  const when = condition === undefined ? {} : { if: condition };

  if (TYPES.has(keyword)) {
    definition.type = keyword as KconfigType;
    if (head !== '') definition.prompt = when;
  } else if (keyword === 'prompt') {
    definition.prompt = when;
  } else if (keyword === 'default') {
    definition.defaults.push({ token: head, ...when });
  } else if (keyword === 'range') {
    const [min, max] = head.split(/\s+/).map(Number);
    if (
      min === undefined ||
      max === undefined ||
      Number.isNaN(min) ||
      Number.isNaN(max)
    ) {
      fail(lineNumber, `range "${head}" is not two numbers`);
    }
    definition.ranges.push({ min: min as number, max: max as number, ...when });
  } else if (keyword === 'select' || keyword === 'imply') {
    if (keyword === 'select') definition.selects.push({ symbol: head, ...when });
  } else {
    fail(lineNumber, `"${keyword}" is not supported`);
  }
}

function typedDefault(type: KconfigType, token: string): KconfigDefaultValue {
  if (token.startsWith('"')) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  if (type === 'bool' && (token === 'y' || token === 'n')) return token === 'y';
  if ((type === 'int' || type === 'hex') && /^-?(0x)?[0-9a-fA-F]+$/.test(token)) {
    return Number(token);
  }
  return { symbol: token };
}

function conjunction(conditions: readonly string[]): string | undefined {
  if (conditions.length === 0) return undefined;
  return canonical(conditions.map((condition) => `(${condition})`).join(' && '));
}

/**
 * Kconfig lets a symbol be defined several times (MENDER_SERVER_HOST once in
 * its choice, then once per hosted region inside an `if`). Each definition's
 * extra conditions become conditions of the defaults it adds.
 */
function mergeDefinitions(
  definitions: readonly Definition[],
  fail: (line: number, problem: string) => never,
): Map<string, KconfigSourceSymbol> {
  const byName = new Map<string, Definition[]>();
  for (const definition of definitions) {
    const list = byName.get(definition.name) ?? [];
    list.push(definition);
    byName.set(definition.name, list);
  }

  const symbols = new Map<string, KconfigSourceSymbol>();
  for (const [name, list] of byName) {
    const primary = list.find((definition) => definition.type !== undefined);
    if (primary === undefined) fail(list[0]?.line ?? 0, `${name} has no type`);
    const main = primary as Definition;
    const type = main.type as KconfigType;
    const base = [...main.context, ...main.dependsOn];
    const defaults: KconfigDefault[] = [];
    const ranges: KconfigRange[] = [];
    const selects: KconfigSelect[] = [];
    let prompt = main.prompt;

    for (const definition of list) {
      const own = [...definition.context, ...definition.dependsOn];
      const missing = base.filter((condition) => !own.includes(condition));
      if (missing.length > 0)
        fail(definition.line, `${name} is defined under other conditions`);
      const extra = own.filter((condition) => !base.includes(condition));
      const when = (condition: string | undefined): { if?: string } => {
        const combined = conjunction([
          ...extra,
          ...(condition === undefined ? [] : [condition]),
        ]);
        return combined === undefined ? {} : { if: combined };
      };
      for (const entry of definition.defaults) {
        defaults.push({ value: typedDefault(type, entry.token), ...when(entry.if) });
      }
      for (const range of definition.ranges) ranges.push({ ...range, ...when(range.if) });
      for (const select of definition.selects)
        selects.push({ ...select, ...when(select.if) });
      if (definition !== main && definition.prompt !== undefined)
        prompt ??= definition.prompt;
    }

    symbols.set(name, {
      name,
      type,
      settable: prompt !== undefined,
      ...(prompt?.if === undefined ? {} : { settableIf: prompt.if }),
      dependsOn: base,
      defaults,
      ranges,
      selects,
      ...(main.choice === undefined || type !== 'bool' ? {} : { choice: main.choice }),
      line: main.line,
    });
  }
  return symbols;
}

function choiceOf(choice: ChoiceBlock): KconfigSourceChoice {
  return {
    name: choice.name,
    members: choice.definitions
      .filter((definition) => definition.type === 'bool')
      .map((definition) => definition.name),
    defaults: choice.defaults,
    dependsOn: [...choice.context, ...choice.dependsOn],
  };
}
