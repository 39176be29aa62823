import { describe, expect, it } from 'vitest';

import { SeededRandom } from './random.ts';

describe('SeededRandom', () => {
  it('repeats the same stream for the same seed', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.integer(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('forks streams that do not depend on what else was drawn', () => {
    const first = new SeededRandom(9);
    const second = new SeededRandom(9);
    second.next();
    second.next();
    expect(first.fork('device-7').next()).toBe(second.fork('device-7').next());
    expect(first.fork('device-7').next()).not.toBe(first.fork('device-8').next());
  });

  it('stays within the asked range', () => {
    const random = new SeededRandom(3);
    for (let index = 0; index < 10_000; index++) {
      const value = random.integer(-3, 3);
      expect(value >= -3 && value <= 3).toBe(true);
      const float = random.next();
      expect(float >= 0 && float < 1).toBe(true);
    }
  });
});
