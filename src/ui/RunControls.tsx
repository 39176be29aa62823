import { useEffect } from 'react';

import { formatVirtualTime } from './format.ts';
import { useSimulationStore } from './simulationStore.ts';

const SPEEDS = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/** Play, pause, step and speed; Space toggles play, the right arrow steps. */
export function RunControls() {
  const status = useSimulationStore((state) => state.status);
  const play = useSimulationStore((state) => state.play);
  const pause = useSimulationStore((state) => state.pause);
  const step = useSimulationStore((state) => state.step);
  const setSpeed = useSimulationStore((state) => state.setSpeed);
  const runToEnd = useSimulationStore((state) => state.runToEnd);
  const playing = status.mode === 'playing';

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.target instanceof HTMLInputElement ||
        event.target instanceof HTMLSelectElement
      ) {
        return;
      }
      if (event.key === ' ') {
        event.preventDefault();
        if (useSimulationStore.getState().status.mode === 'playing') pause();
        else play();
      } else if (event.key === 'ArrowRight') {
        void step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [play, pause, step]);

  return (
    <section className="run-controls" aria-label="Run controls">
      <button type="button" onClick={playing ? pause : play}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => void step()} disabled={playing}>
        Step
      </button>
      <label>
        Speed
        <select
          value={status.speed}
          onChange={(event) => setSpeed(Number(event.target.value))}
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed.toLocaleString('en-US')}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void runToEnd()}>
        Run to end
      </button>
      <output aria-label="Virtual time">{formatVirtualTime(status.virtualTime)}</output>
      {status.behind && <span role="status">running behind the chosen speed</span>}
    </section>
  );
}
