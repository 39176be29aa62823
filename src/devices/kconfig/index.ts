export type {
  DeviceTier,
  KconfigChoiceSpec,
  KconfigDefault,
  KconfigDefaultValue,
  KconfigGroup,
  KconfigOptionSpec,
  KconfigRange,
  KconfigScope,
  KconfigSelect,
  KconfigType,
  KconfigValue,
} from './types.ts';
export {
  KCONFIG_CHOICES,
  KCONFIG_OPTIONS,
  ZEPHYR_SYMBOL_DEFAULTS,
  kconfigChoice,
  kconfigOption,
} from './catalog/index.ts';
export {
  KconfigError,
  describeOrigin,
  type AssignmentOrigin,
  type KconfigErrorCode,
} from './errors.ts';
export type { KconfigWarning, KconfigWarningCode } from './warnings.ts';
export {
  formatPrjConf,
  formatPrjConfValue,
  parsePrjConf,
  prjConfFromChanges,
  updatePrjConf,
  type PrjConfAssignmentLine,
  type PrjConfChange,
  type PrjConfFragment,
  type PrjConfLine,
  type PrjConfValue,
} from './prjconf.ts';
export {
  assignmentsFromForm,
  assignmentsFromFragments,
  prjConfChangesFromForm,
  type ForeignAssignment,
  type FragmentAssignments,
  type KconfigAssignment,
} from './assignments.ts';
export {
  resolveKconfig,
  resolvedValue,
  type KconfigInput,
  type ResolvedKconfig,
  type ResolvedOption,
  type ResolvedSource,
} from './resolve.ts';
export {
  clientSettingsFrom,
  type ArtifactDownloadSettings,
  type ClientSettings,
  type TlsSettings,
} from './clientSettings.ts';
export {
  formatInterval,
  pollingWarnings,
  tierDefaultIntervals,
  type PollingInputs,
  type TierIntervals,
} from './pollingWarnings.ts';
export {
  evaluateExpression,
  parseExpression,
  printExpression,
  type KconfigExpression,
} from './expression.ts';
export {
  parseKconfigSource,
  type KconfigSource,
  type KconfigSourceChoice,
  type KconfigSourceSymbol,
  type KconfigSourcedTemplate,
} from './kconfigSource.ts';
export { resolveClientSettings, type DeviceKconfig } from './deviceKconfig.ts';
export { machineSettingsFrom } from './machineSettings.ts';
