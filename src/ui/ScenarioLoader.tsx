import { parseScenario } from '../fleet/index.ts';
import { useSimulationStore } from './simulationStore.ts';

/** Loads a scenario file; a bad one is reported and the running one kept. */
export function ScenarioLoader() {
  const load = useSimulationStore((state) => state.load);
  const reportLoadError = useSimulationStore((state) => state.reportLoadError);

  const onFile = async (file: File) => {
    try {
      load(parseScenario(await file.text(), file.name), undefined, file.name);
    } catch (error) {
      reportLoadError(error);
    }
  };

  return (
    <label className="scenario-loader">
      Load scenario
      <input
        type="file"
        accept=".json,application/json"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file !== undefined) void onFile(file);
          event.target.value = '';
        }}
      />
    </label>
  );
}
