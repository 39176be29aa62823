import type { z } from 'zod';

import { describeJsonSyntaxError } from '../sim/index.ts';
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

function problemsOf(error: z.ZodError): ScenarioProblem[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    // zod says "expected string, received undefined" for a missing field.
    message: /received undefined$/.test(issue.message) ? 'is required' : issue.message,
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
  throw new ScenarioError(source, problemsOf(result.error));
}

/** Parses scenario file text; `source` names the file in error messages. */
export function parseScenario(text: string, source: string): Scenario {
  let value: unknown;
  try {
    // Editors on Windows may save UTF-8 with a byte-order mark, which JSON.parse refuses.
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    const reason = describeJsonSyntaxError(error, text);
    throw new ScenarioError(source, [
      { path: '(the whole file)', message: `is not JSON: ${reason}` },
    ]);
  }
  return validateScenario(value, source);
}
