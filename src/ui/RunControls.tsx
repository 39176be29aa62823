import { useEffect, useState } from 'react';

import { formatVirtualTime, parseVirtualTime } from './format.ts';
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
  const jumpTo = useSimulationStore((state) => state.jumpTo);
  const rebuilding = useSimulationStore((state) => state.rebuilding);
  const breakpointHit = useSimulationStore((state) => state.breakpointHit);
  const endTime = useSimulationStore((state) => state.simulation?.endTime);
  const playing = status.mode === 'playing';
  const ended = endTime !== undefined && status.virtualTime >= endTime;
  const [jumpText, setJumpText] = useState('');
  const [jumpError, setJumpError] = useState<string | null>(null);

  const onJump = () => {
    const time = parseVirtualTime(jumpText);
    if (time === undefined) {
      setJumpError(
        `"${jumpText}" is not a time: write seconds (90), mm:ss, hh:mm:ss or "2d 01:00:00".`,
      );
      return;
    }
    setJumpError(null);
    void jumpTo(time);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.target instanceof HTMLInputElement ||
        event.target instanceof HTMLSelectElement ||
        event.target instanceof HTMLTextAreaElement ||
        (event.target instanceof HTMLButtonElement && event.key === ' ')
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
      <button type="button" onClick={playing ? pause : play} disabled={ended}>
        {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" onClick={() => void step()} disabled={playing || ended}>
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
      <form
        className="jump"
        onSubmit={(event) => {
          event.preventDefault();
          onJump();
        }}
      >
        <label>
          Jump to time
          <input
            type="text"
            size={11}
            placeholder="hh:mm:ss"
            value={jumpText}
            onChange={(event) => setJumpText(event.target.value)}
            aria-invalid={jumpError !== null}
          />
        </label>
        <button type="submit" disabled={rebuilding !== null}>
          Jump
        </button>
      </form>
      <output aria-label="Virtual time">{formatVirtualTime(status.virtualTime)}</output>
      {ended && (
        <span role="status" className="run-ended">
          End of the scenario: jump to an earlier time to look back, or load another
          scenario.
        </span>
      )}
      {status.behind && <span role="status">running behind the chosen speed</span>}
      {rebuilding !== null && <span role="status">{rebuilding}…</span>}
      {jumpError !== null && <span role="alert">{jumpError}</span>}
      {breakpointHit !== null && (
        <span role="status" className="breakpoint-hit" aria-label="Breakpoint hit">
          Paused at {formatVirtualTime(breakpointHit.time)}: {breakpointHit.description}
        </span>
      )}
    </section>
  );
}
