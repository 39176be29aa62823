import type { z } from 'zod';

import { notJsonProblem } from '../sim/index.ts';
import { SCENARIO_FORMAT, scenarioSchema, type Scenario } from './scenarioSchema.ts';

/** One thing wrong with a scenario file, at a JSON path such as `fleet[0].count`. */
export interface ScenarioProblem {
  readonly path: string;
  readonly message: string;
}

/** A scenario file that cannot be used, with every problem found. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    readonly source: string,
    readonly problems: readonly ScenarioProblem[],
  ) {
    const listed = problems
      .map((problem) => `  ${problem.path}: ${problem.message}`)
      .join('\n');
    super(
      `Failed to load the scenario ${source}:\n${listed}\nFix the file and load it again.`,
    );
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    result +=
      typeof key === 'number'
        ? `[${key}]`
        : result === ''
          ? String(key)
          : `.${String(key)}`;
  }
  return result === '' ? '(the whole file)' : result;
}

/** The value at `path` inside `value`, or undefined. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function messageOf(issue: z.core.$ZodIssue, value: unknown): string {
  // zod says "expected string, received undefined" for a missing field.
  if (/received undefined$/.test(issue.message)) return 'is required';
  // A kind that is not one of the choices (an action, a module): echo what was written.
  if (
    issue.code === 'invalid_union' &&
    'options' in issue &&
    Array.isArray(issue.options)
  ) {
    const written = valueAt(value, issue.path);
    return `is ${JSON.stringify(written)}, which is not one of: ${issue.options.join(', ')}`;
  }
  return issue.message;
}

function problemsOf(error: z.ZodError, value: unknown): ScenarioProblem[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: messageOf(issue, value),
  }));
}

/** Checks a parsed JSON value against the scenario format. */
export function validateScenario(value: unknown, source: string): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (result.success) return result.data;

  const format = (value as { format?: unknown } | null)?.format;
  if (format !== undefined && format !== SCENARIO_FORMAT) {
    throw new ScenarioError(source, [
      {
        path: 'format',
        message: `is "${String(format)}", expected "${SCENARIO_FORMAT}"`,
      },
    ]);
  }
  throw new ScenarioError(source, problemsOf(result.error, value));
}

/** Parses scenario file text; `source` names the file in error messages. */
export function parseScenario(text: string, source: string): Scenario {
  let value: unknown;
  try {
    // Editors on Windows may save UTF-8 with a byte-order mark, which JSON.parse refuses.
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new ScenarioError(source, [notJsonProblem(error, text)]);
  }
  return validateScenario(value, source);
}
