import type { z } from 'zod';

import { notJsonProblem } from '../sim/index.ts';
import { LAB_FORMAT, labSchema, type Lab } from './labSchema.ts';

export interface LabProblem {
  readonly path: string;
  readonly message: string;
}

/** A lab file that cannot be used, with every problem found. */
export class LabError extends Error {
  override readonly name = 'LabError';

  constructor(
    readonly source: string,
    readonly problems: readonly LabProblem[],
  ) {
    const listed = problems
      .map((problem) => `  ${problem.path}: ${problem.message}`)
      .join('\n');
    super(
      `Failed to load the lab ${source}:\n${listed}\nFix the file and load it again.`,
    );
  }
}

function pathText(path: readonly PropertyKey[]): string {
  const text = path
    .map((key, index) =>
      typeof key === 'number'
        ? `[${key}]`
        : index === 0
          ? String(key)
          : `.${String(key)}`,
    )
    .join('');
  return text === '' ? '(the whole file)' : text;
}

function problemsOf(error: z.ZodError): LabProblem[] {
  return error.issues.map((issue) => ({
    path: pathText(issue.path),
    message: /received undefined$/.test(issue.message) ? 'is required' : issue.message,
  }));
}

/** Checks a parsed JSON value against the lab format. */
export function validateLab(value: unknown, source: string): Lab {
  const result = labSchema.safeParse(value);
  if (result.success) return result.data;
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== undefined && format !== LAB_FORMAT) {
    throw new LabError(source, [
      { path: 'format', message: `is "${String(format)}", expected "${LAB_FORMAT}"` },
    ]);
  }
  throw new LabError(source, problemsOf(result.error));
}

/** Parses lab file text; `source` names the file in error messages. */
export function parseLab(text: string, source: string): Lab {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LabError(source, [notJsonProblem(error, text)]);
  }
  return validateLab(value, source);
}
