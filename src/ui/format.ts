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
