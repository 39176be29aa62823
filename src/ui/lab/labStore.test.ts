import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { validateLab } from '../../lab/index.ts';
import { labInput, useLabStore } from './labStore.ts';

describe('the lab form', () => {
  it('loads a lab file and writes back the same lab', () => {
    const text = readFileSync('labs/outage-recovery.json', 'utf8');
    useLabStore.getState().loadLab(text, 'outage-recovery.json');
    const { draft, error } = useLabStore.getState();
    expect(error).toBeNull();
    expect(draft.fleets.map((fleet) => [fleet.name, fleet.preset])).toEqual([
      ['demo', 'demo'],
      ['standard', 'standard'],
    ]);
    expect(draft.outage).toEqual({ atHours: 4, minutes: 60 });
    const written = validateLab(labInput(draft), 'form');
    const original = validateLab(JSON.parse(text), 'file');
    expect(written.outage).toEqual(original.outage);
    expect(written.fleets).toEqual(original.fleets);
    expect(written.durationSeconds).toBe(original.durationSeconds);
    expect(written.bootWindow).toBe(original.bootWindow);
  });

  it('says why a lab file cannot be loaded and keeps the form', () => {
    useLabStore.getState().addFleet('micro');
    const before = useLabStore.getState().draft;
    useLabStore.getState().loadLab('{"format":"other"}', 'wrong.json');
    expect(useLabStore.getState().error).toContain('Failed to load the lab wrong.json');
    expect(useLabStore.getState().draft).toBe(before);
  });

  it('names fleets uniquely and keeps at most four', () => {
    useLabStore.getState().edit({ fleets: [] });
    for (let index = 0; index < 5; index++) useLabStore.getState().addFleet('demo');
    expect(useLabStore.getState().draft.fleets.map((fleet) => fleet.name)).toEqual([
      'demo',
      'demo-2',
      'demo-3',
      'demo-4',
    ]);
  });
});
