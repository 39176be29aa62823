import { validateScenario, type Scenario } from '../../fleet/index.ts';

/**
 * The built-in workshop scenarios, in lesson order. They are small JSON
 * files, bundled with the app so the menu works offline in a classroom.
 */
const files = import.meta.glob<unknown>('../../../scenarios/workshop/*.json', {
  eager: true,
  import: 'default',
});

export interface WorkshopScenario {
  /** The file name without folder and extension, e.g. `03-power-loss-during-install`. */
  readonly id: string;
  readonly scenario: Scenario;
}

export const WORKSHOP_SCENARIOS: readonly WorkshopScenario[] = Object.entries(files)
  .map(([path, value]) => {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '');
    return { id, scenario: validateScenario(value, `scenarios/workshop/${id}.json`) };
  })
  .sort((a, b) => a.id.localeCompare(b.id));
