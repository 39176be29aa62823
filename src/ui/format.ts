/** Virtual time as `[Nd ]hh:mm:ss.mmm`. */
export function formatVirtualTime(milliseconds: number): string {
  const totalMs = Math.floor(milliseconds);
  const days = Math.floor(totalMs / 86_400_000);
  const hours = Math.floor(totalMs / 3_600_000) % 24;
  const minutes = Math.floor(totalMs / 60_000) % 60;
  const seconds = Math.floor(totalMs / 1000) % 60;
  const ms = totalMs % 1000;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const clock = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(ms, 3)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/**
 * Reads a virtual time typed by a user: seconds (`90`, `1.5`), `mm:ss`,
 * `hh:mm:ss[.mmm]`, optionally after `Nd `. Undefined when it is none of these.
 */
export function parseVirtualTime(text: string): number | undefined {
  const match =
    /^\s*(?:(\d+)d\s*)?(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?(?::(\d+(?:\.\d+)?))?\s*$/.exec(
      text,
    );
  if (match === null) return undefined;
  const days = Number(match[1] ?? 0);
  const parts = [match[2], match[3], match[4]]
    .filter((part): part is string => part !== undefined)
    .map(Number);
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  return Math.round((days * 86_400 + seconds) * 1000);
}
