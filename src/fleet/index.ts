export {
  Simulation,
  type DeviceBuild,
  type FleetDevice,
  type RecordedAction,
  type SimulationOptions,
  type TransportChoice,
} from './simulation.ts';
export { buildReport, type DeviceReport, type SimulationReport } from './report.ts';
export {
  ScenarioError,
  parseScenario,
  validateScenario,
  type ScenarioProblem,
} from './scenarioFile.ts';
export {
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  scenarioSchema,
  type DeviceOverride,
  type FleetGroup,
  type ModuleChoiceInput,
  type RestartChoice,
  type Scenario,
  type ScenarioInput,
  type TimelineAction,
  type UserAction,
  userActionSchema,
} from './scenarioSchema.ts';
export { buildHar, type Har } from './har.ts';
export { FileTable, type StoredFile } from './fileTable.ts';
export {
  ADMIN_LATENCY_MS,
  ADMIN_SUBJECT,
  ManagementConsole,
  artifactUploadBody,
  type ManagementExchange,
  type ManagementRequestAction,
} from './management.ts';
export {
  WORKSPACE_FORMAT,
  WORKSPACE_VERSION,
  WorkspaceError,
  captureWorkspace,
  parseWorkspace,
  rebuildExchanges,
  restoreWorkspace,
  serializeWorkspace,
  workspaceFromRecord,
  workspaceRecord,
  type RebuiltExchanges,
  type RestoreOutcome,
  type Workspace,
  type WorkspaceProblem,
} from './workspace.ts';
export { exportHar, type HarExport, type HarScope } from './harExport.ts';
