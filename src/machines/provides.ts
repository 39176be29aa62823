/**
 * Artifact provides as the client keeps them: an ordered key/value list,
 * serialised as `key<0x1F>value<0x1E>…` in flash and in the deployment data
 * (reference §1.3, §7).
 */
export type Provides = ReadonlyArray<readonly [key: string, value: string]>;

const KEY_VALUE_SEPARATOR = '\u001f';
const ENTRY_TERMINATOR = '\u001e';

export function serializeProvides(provides: Provides): string {
  let text = '';
  for (const [key, value] of provides) {
    text += key + KEY_VALUE_SEPARATOR + value + ENTRY_TERMINATOR;
  }
  return text;
}

/** Reads the 0x1F/0x1E form; a malformed entry names its position. */
export function parseProvides(text: string): Provides {
  const provides: [string, string][] = [];
  for (const [index, entry] of text.split(ENTRY_TERMINATOR).entries()) {
    if (entry === '') continue;
    const separator = entry.indexOf(KEY_VALUE_SEPARATOR);
    if (separator < 0) {
      throw new Error(
        `Failed to read provides: entry ${index} (${JSON.stringify(entry)}) has no ` +
          'key/value separator 0x1F.',
      );
    }
    provides.push([entry.slice(0, separator), entry.slice(separator + 1)]);
  }
  return provides;
}

/** Matches `*` wildcards the way utils.c does for clears_artifact_provides. */
export function matchesWildcard(text: string, pattern: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return text === pattern;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length) return false;
  let position = first.length;
  for (let index = 1; index < parts.length - 1; index++) {
    const found = text.indexOf(parts[index]!, position);
    if (found < 0) return false;
    position = found + parts[index]!.length;
  }
  return text.length - last.length >= position && text.endsWith(last);
}

/**
 * The provides to commit after an artifact: the stored ones minus every key
 * matching a clears pattern, with the payload's provides added (new values
 * win), and `artifact_name` removed (client.c:792-889).
 */
export function mergeProvides(
  stored: Provides,
  payloadProvides: Provides,
  clearsPatterns: readonly string[],
): Provides {
  const merged = new Map<string, string>();
  for (const [key, value] of stored) {
    if (!clearsPatterns.some((pattern) => matchesWildcard(key, pattern))) {
      merged.set(key, value);
    }
  }
  for (const [key, value] of payloadProvides) merged.set(key, value);
  merged.delete('artifact_name');
  return [...merged];
}
