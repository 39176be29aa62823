/** The marker the client writes when the oldest sector was erased. */
export const ROTATED_MARKER = 'DEPLOYMENT LOGS ROTATED';

/** Longest message kept; longer ones are cut (log.c). */
export const MAX_LOG_MESSAGE_BYTES = 255;

/** Flash overhead of one FCB entry (length field and CRC), approximated. */
const ENTRY_OVERHEAD_BYTES = 4;

/**
 * The deployment-log flash circular buffer: lines fill sectors in turn; when
 * all are full the oldest is erased and a rotation marker written. Sector
 * sizes follow the ESP32-S3 flash (4 KiB); the per-entry overhead is an
 * approximation of Zephyr's FCB layout.
 */
export class DeploymentLogBuffer {
  private sectors: string[][] = [[]];
  private used: number[] = [0];

  constructor(
    private readonly sectorCount: number,
    private readonly sectorBytes = 4096,
  ) {}

  clear(): void {
    this.sectors = [[]];
    this.used = [0];
  }

  append(line: string): void {
    const text =
      line.length > MAX_LOG_MESSAGE_BYTES ? line.slice(0, MAX_LOG_MESSAGE_BYTES) : line;
    const size = text.length + ENTRY_OVERHEAD_BYTES;
    let current = this.sectors.length - 1;
    if (this.used[current]! + size > this.sectorBytes) {
      if (this.sectors.length === this.sectorCount) {
        this.sectors.shift();
        this.used.shift();
        this.sectors.push([ROTATED_MARKER]);
        this.used.push(ROTATED_MARKER.length + ENTRY_OVERHEAD_BYTES);
      } else {
        this.sectors.push([]);
        this.used.push(0);
      }
      current = this.sectors.length - 1;
    }
    this.sectors[current]!.push(text);
    this.used[current]! += size;
  }

  lines(): string[] {
    return this.sectors.flat();
  }
}
