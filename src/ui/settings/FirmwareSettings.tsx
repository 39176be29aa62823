import { useMemo, useState } from 'react';

import type { ModuleChoiceInput, RestartChoice, Simulation } from '../../fleet/index.ts';
import { UPDATE_STATES } from '../../machines/menderTypes.ts';
import { useSimulationStore } from '../simulationStore.ts';
import {
  buildOf,
  checkPrjConf,
  scenarioWithBuild,
  setOption,
  type FirmwareBuild,
} from './firmwareBuild.ts';

const CALLBACK_STATES = UPDATE_STATES.filter((state) => state !== 'END');
type CallbackState = (typeof CALLBACK_STATES)[number];
type Callbacks = Partial<
  Record<CallbackState, { result: 'ok' | 'fail'; durationSeconds: number }>
>;

const RESTART_LABELS: Record<RestartChoice, string> = {
  reboot: 'reboots the board (reference app)',
  log: 'only logs, never reboots (test app)',
  harness: 'only logs; the test harness restarts the device',
};

/** The quick fields: the intervals a fleet owner tunes most. */
const QUICK_OPTIONS = [
  ['MENDER_CLIENT_UPDATE_POLL_INTERVAL', 'Update poll interval (s)'],
  ['MENDER_CLIENT_INVENTORY_REFRESH_INTERVAL', 'Inventory interval (s)'],
  ['MENDER_RETRY_ERROR_BACKOFF', 'Retry backoff (s)'],
  ['MENDER_RETRY_ERROR_MAX_BACKOFF', 'Max retry backoff (s)'],
] as const;

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

function ModuleEditor({
  module,
  onChange,
}: {
  module: ModuleChoiceInput;
  onChange: (module: ModuleChoiceInput) => void;
}) {
  const described = module.kind === 'test-update' || module.kind === 'described';
  const callbacks: Callbacks = described ? (module.callbacks ?? {}) : {};
  const setCallback = (
    state: CallbackState,
    change: { result: 'ok' | 'fail'; durationSeconds: number } | null,
  ) => {
    if (!described) return;
    const next: Callbacks = { ...callbacks };
    if (change === null) delete next[state];
    else next[state] = change;
    onChange({ ...module, callbacks: next });
  };

  return (
    <fieldset className="settings-module">
      <legend>Update module</legend>
      <label>
        Module
        <select
          aria-label="Update module"
          value={module.kind}
          onChange={(event) => {
            const kind = event.target.value as ModuleChoiceInput['kind'];
            if (kind === 'zephyr-image' || kind === 'noop-update') onChange({ kind });
            else if (kind === 'test-update') {
              onChange({
                kind,
                requiresReboot: true,
                supportsRollback: true,
                callbacks: {},
              });
            } else {
              onChange({
                kind,
                artifactType: 'my-module',
                requiresReboot: false,
                supportsRollback: false,
                callbacks: { DOWNLOAD: { result: 'ok', durationSeconds: 0 } },
              });
            }
          }}
        >
          <option value="zephyr-image">zephyr-image (MCUboot, built in)</option>
          <option value="noop-update">noop-update (reference app, native_sim)</option>
          <option value="test-update">test-update (integration tests)</option>
          <option value="described">a module I describe</option>
        </select>
      </label>
      {module.kind === 'described' && (
        <label>
          Artifact type
          <input
            value={module.artifactType}
            onChange={(event) =>
              onChange({ ...module, artifactType: event.target.value })
            }
          />
        </label>
      )}
      {described && (
        <>
          <label>
            <input
              type="checkbox"
              checked={module.requiresReboot ?? true}
              onChange={(event) =>
                onChange({ ...module, requiresReboot: event.target.checked })
              }
            />
            requires_reboot
          </label>
          <label>
            <input
              type="checkbox"
              checked={module.supportsRollback ?? true}
              onChange={(event) =>
                onChange({ ...module, supportsRollback: event.target.checked })
              }
            />
            supports_rollback
          </label>
          <table className="settings-callbacks" aria-label="Callbacks">
            <thead>
              <tr>
                <th scope="col">State</th>
                {module.kind === 'described' && <th scope="col">Present</th>}
                <th scope="col">Fails</th>
                <th scope="col">Takes (s)</th>
              </tr>
            </thead>
            <tbody>
              {CALLBACK_STATES.map((state) => {
                const entry = callbacks[state];
                // test-update has every callback; a described module only the listed ones.
                const present = module.kind === 'test-update' || entry !== undefined;
                const current = entry ?? { result: 'ok' as const, durationSeconds: 0 };
                return (
                  <tr key={state}>
                    <th scope="row">{state}</th>
                    {module.kind === 'described' && (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${state} callback present`}
                          checked={present}
                          onChange={(event) =>
                            setCallback(state, event.target.checked ? current : null)
                          }
                        />
                      </td>
                    )}
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${state} callback fails`}
                        disabled={!present}
                        checked={current.result === 'fail'}
                        onChange={(event) =>
                          setCallback(state, {
                            ...current,
                            result: event.target.checked ? 'fail' : 'ok',
                          })
                        }
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        min={0}
                        aria-label={`${state} callback duration`}
                        disabled={!present}
                        value={current.durationSeconds}
                        onChange={(event) =>
                          setCallback(state, {
                            ...current,
                            durationSeconds: Number(event.target.value),
                          })
                        }
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </fieldset>
  );
}

/**
 * A firmware build for a group or one device: Kconfig as prj.conf (import,
 * export, quick fields, fair-use warnings), the update module and the
 * restart callback. These are compiled into the image, so applying them
 * starts a new run of the scenario with the new build.
 */
export function FirmwareSettings({
  simulation,
  groupName,
  deviceNumber,
}: {
  simulation: Simulation;
  groupName: string;
  /** A device of the group, or null for the whole group. */
  deviceNumber: number | null;
}) {
  const load = useSimulationStore((state) => state.load);
  const entry =
    deviceNumber === null
      ? undefined
      : simulation.fleet.get(`${groupName}-${deviceNumber}`);
  const group =
    entry?.build.group ?? simulation.scenario.fleet.find((g) => g.name === groupName)!;
  const initial = useMemo(() => buildOf(group), [group]);
  const [build, setBuild] = useState<FirmwareBuild>(initial);
  const [fileName, setFileName] = useState('prj.conf');
  const [applyProblem, setApplyProblem] = useState<string | null>(null);
  const check = useMemo(
    () => checkPrjConf(build.prjConf, fileName, group),
    [build.prjConf, fileName, group],
  );
  const subject =
    deviceNumber === null ? `group ${groupName}` : `${groupName}-${deviceNumber}`;
  const module = build.modules[0] ?? { kind: 'zephyr-image' as const };
  const changed = JSON.stringify(build) !== JSON.stringify(initial);

  const importFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (file === undefined) return;
    const text = await file.text();
    setFileName(file.name);
    setBuild({ ...build, prjConf: text });
  };

  const apply = () => {
    if (!check.ok) return;
    try {
      load(scenarioWithBuild(simulation.scenario, groupName, deviceNumber, build));
      setApplyProblem(null);
    } catch (error) {
      setApplyProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section className="settings-firmware" aria-label={`Firmware settings of ${subject}`}>
      <h4>
        Firmware build of {subject}
        {entry?.build.overridden === true ? ' (its own build)' : ''}
      </h4>
      <div className="settings-kconfig">
        <label className="settings-prjconf">
          Kconfig ({fileName})
          <textarea
            rows={10}
            spellCheck={false}
            value={build.prjConf}
            onChange={(event) => setBuild({ ...build, prjConf: event.target.value })}
          />
        </label>
        <div className="settings-kconfig-side">
          <label>
            Import prj.conf{' '}
            <input
              type="file"
              accept=".conf,text/plain"
              onChange={(event) => {
                void importFile(event.target.files);
                event.target.value = '';
              }}
            />
          </label>
          <button type="button" onClick={() => download(fileName, build.prjConf)}>
            Export prj.conf
          </button>
          {check.ok &&
            QUICK_OPTIONS.map(([symbol, label]) => (
              <label key={symbol}>
                {label}
                <input
                  type="number"
                  value={String(
                    (check.kconfig.resolved.options.get(symbol)?.value as number) ?? '',
                  )}
                  onChange={(event) => {
                    if (event.target.value === '') return;
                    setBuild({
                      ...build,
                      prjConf: setOption(
                        build.prjConf,
                        symbol,
                        Number(event.target.value),
                      ),
                    });
                  }}
                />
              </label>
            ))}
        </div>
      </div>
      {!check.ok && (
        <p role="alert" className="settings-problem">
          {check.message} The running simulation is unchanged.
        </p>
      )}
      {check.ok && (
        <>
          <p className="settings-summary">
            Tier {check.kconfig.settings.tier}, device type{' '}
            <code>{check.kconfig.settings.deviceType}</code>, server{' '}
            <code>{check.kconfig.settings.serverHost}</code>
          </p>
          {check.kconfig.warnings.length > 0 && (
            <ul
              className="settings-warnings"
              aria-label={`Kconfig warnings of ${subject}`}
            >
              {check.kconfig.warnings.map((warning, index) => (
                <li
                  key={index}
                  className={
                    warning.code.endsWith('BELOW_TIER_DEFAULT') ? 'settings-fair-use' : ''
                  }
                >
                  {warning.code.endsWith('BELOW_TIER_DEFAULT') && (
                    <strong>Fair use: </strong>
                  )}
                  {warning.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <ModuleEditor
        module={module}
        onChange={(next) =>
          setBuild({ ...build, modules: [next, ...build.modules.slice(1)] })
        }
      />
      <label>
        Restart callback{' '}
        <select
          aria-label="Restart callback"
          value={build.restart}
          onChange={(event) =>
            setBuild({ ...build, restart: event.target.value as RestartChoice })
          }
        >
          {(Object.keys(RESTART_LABELS) as RestartChoice[]).map((choice) => (
            <option key={choice} value={choice}>
              {RESTART_LABELS[choice]}
            </option>
          ))}
        </select>
      </label>
      {applyProblem !== null && (
        <p role="alert" className="settings-problem">
          {applyProblem}
        </p>
      )}
      <p className="settings-note">
        Kconfig, the update module and the restart callback are compiled into the
        firmware: applying a new build starts the scenario again from time 0 (the actions
        recorded so far are not replayed onto it).
      </p>
      <button type="button" disabled={!check.ok || !changed} onClick={apply}>
        Build and restart the run
      </button>
    </section>
  );
}
