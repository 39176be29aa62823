import { readFileSync } from 'node:fs';

/** Why an input file could not be read, and what to do about it. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

const ADVICE: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file. Check the path',
  EISDIR: 'it is a folder. Give the path of a file in it',
  EACCES: 'reading it is not permitted. Check its permissions',
};

/**
 * The text of the `kind` file at `path` (a scenario, a lab), or an
 * InputFileError naming the file and what to do.
 */
export function readInputFile(path: string, kind: string, examples: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = ADVICE[code] ?? (error as Error).message;
    throw new InputFileError(
      `Failed to read the ${kind} ${path}: ${reason}; ${examples}.`,
    );
  }
}
