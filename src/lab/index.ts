export {
  ASSUMPTION_NOTES,
  DEFAULT_ASSUMPTIONS,
  type Assumption,
  type LabAssumptions,
} from './assumptions.ts';
export { LabError, parseLab, validateLab, type LabProblem } from './labFile.ts';
export {
  LAB_FORMAT,
  LAB_VERSION,
  fleetSettings,
  labAssumptions,
  labSchema,
  type Lab,
  type LabFleet,
  type LabInput,
} from './labSchema.ts';
export {
  LAB_REPORT_FORMAT,
  fleetReport,
  type FleetReport,
  type LabReport,
} from './labReport.ts';
export { LabRun, runLab, type LabFleetRun } from './labRun.ts';
export { comparisonRows, formatFigure, labCsv, type ComparisonRow } from './csv.ts';
export { JWT_LIFETIME_SECONDS, modelFigures, type ModelFigures } from './model.ts';
export {
  PRESETS,
  PRESET_NAMES,
  type IntervalSettings,
  type Preset,
  type PresetName,
} from './presets.ts';
export type { CdfPoint, Spread } from './statistics.ts';
export { ENDPOINTS, type Endpoint } from './wire.ts';
