/**
 * JSON.parse's complaint about a file, with the line and column of the
 * position it names: a person fixing the file looks for a line, not for the
 * 612th character. Newer engines add the line themselves; then the message
 * is left as it is.
 */
export function describeJsonSyntaxError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position === null || /\bline \d+/.test(message)) return message;
  const offset = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

/** What a file reader reports for text that is not JSON: the whole file, and where it breaks. */
export function notJsonProblem(
  error: unknown,
  text: string,
): { readonly path: string; readonly message: string } {
  return {
    path: '(the whole file)',
    message: `is not JSON: ${describeJsonSyntaxError(error, text)}`,
  };
}
