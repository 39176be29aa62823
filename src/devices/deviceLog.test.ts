import { describe, expect, it } from 'vitest';

import { DeviceLog } from './deviceLog.ts';

describe('DeviceLog', () => {
  it('keeps the newest lines, oldest first, and counts the dropped ones', () => {
    const log = new DeviceLog(3);
    expect(log.last()).toBeUndefined();
    log.push({ time: 1, level: 'info', message: 'one' });
    log.push({ time: 2, level: 'debug', message: 'two' });
    expect(log.toArray()).toEqual([
      { time: 1, level: 'info', message: 'one' },
      { time: 2, level: 'debug', message: 'two' },
    ]);
    log.push({ time: 3, level: 'warning', message: 'three' });
    log.push({ time: 4, level: 'error', message: 'four' });
    log.push({ time: 5, level: 'info', message: 'five' });
    expect(log.toArray()).toEqual([
      { time: 3, level: 'warning', message: 'three' },
      { time: 4, level: 'error', message: 'four' },
      { time: 5, level: 'info', message: 'five' },
    ]);
    expect(log.last()).toEqual({ time: 5, level: 'info', message: 'five' });
    expect(log.length).toBe(3);
    expect(log.dropped).toBe(2);
  });

  it('refuses a capacity below one, naming it', () => {
    expect(() => new DeviceLog(0)).toThrow('capacity of at least 1, got 0');
  });
});
