import { clientSettingsFrom, type ClientSettings } from './clientSettings.ts';
import { pollingWarnings } from './pollingWarnings.ts';
import { resolveKconfig, type KconfigInput, type ResolvedKconfig } from './resolve.ts';
import type { KconfigWarning } from './warnings.ts';

/** Everything a simulated device and the app need from one device's Kconfig. */
export interface DeviceKconfig {
  readonly resolved: ResolvedKconfig;
  readonly settings: ClientSettings;
  /** Ignored assignments first, then the fair-use interval warnings. */
  readonly warnings: readonly KconfigWarning[];
}

/**
 * Resolves the fragments and form, builds the client settings and gathers
 * every warning, in one call.
 *
 * @throws KconfigError as resolveKconfig and clientSettingsFrom do
 */
export function resolveClientSettings(input: KconfigInput): DeviceKconfig {
  const resolved = resolveKconfig(input);
  const settings = clientSettingsFrom(resolved);
  return {
    resolved,
    settings,
    warnings: [...resolved.warnings, ...pollingWarnings(settings)],
  };
}
