/**
 * The real client's known quirks (reference §9.2) that change behaviour, in
 * one place. Each is reproduced by default (`true` = behave like
 * mender-mcu 1.0); setting a switch to `false` gives the intended behaviour,
 * so a user can compare both.
 *
 * Quirks that are not switches: 1 (the config struct's inventory interval is
 * not modelled at all, Kconfig always applies), 2 (there is no
 * `mender_client_execute`), 5 (single payload, no signatures, no compression:
 * the artifact reader's device mode), 13 and 14 (build and documentation
 * matters), 15 (the retry sleeps are modelled as they are in the code).
 */
export interface ClientQuirks {
  /**
   * 3: after a 401, a successful re-authentication does not re-send the
   * request (the caller sees the 401); a failed one re-sends it without a
   * token. Off: re-authenticate, then retry once with the new token.
   */
  readonly inverted401Retry: boolean;
  /**
   * 4: only the last device type of a multi-type artifact is compared.
   * Off: the configured device type may match any listed type.
   */
  readonly lastDeviceTypeOnly: boolean;
  /**
   * 6: a failed status report (other than 409) is ignored unless the state's
   * callback is missing. Off: any failed report takes the failure branch.
   */
  readonly ignoreStatusReportErrors: boolean;
  /**
   * 7: the network is released only after repeated network errors, never
   * after each operation. Off: release after every work run.
   */
  readonly releaseNetworkOnlyOnErrors: boolean;
  /**
   * 8: the stuck-reboot recovery cannot mark the deployment failed, as the
   * RAM deployment data is already freed. Off: it moves the stored state to
   * its failure successor.
   */
  readonly stuckRebootRecoveryLosesData: boolean;
  /**
   * 9: the artifact name and provides are written before the COMMIT
   * callback, so a failing COMMIT leaves the new name in flash. Off: written
   * after the callback succeeds.
   */
  readonly commitWritesNameBeforeCallback: boolean;
  /**
   * 10: a failing CLEANUP callback leaves the record (state END) in flash.
   * Off: the record is deleted either way.
   */
  readonly failedCleanupKeepsRecord: boolean;
  /**
   * 11: an inventory interval of 0 trips an assertion (the client halts its
   * work queue). Off: 0 disables periodic inventory runs, as documented.
   */
  readonly zeroInventoryIntervalAsserts: boolean;
  /**
   * 12: the pre-stores before the INSTALL, REBOOT and ROLLBACK_REBOOT
   * callbacks ignore loop detection. Off: a detected loop goes to FAILURE.
   */
  readonly preStoreIgnoresLoopDetection: boolean;
  /**
   * 16: the inventory refresh after a no-reboot COMMIT sends only the
   * dynamic items (PATCH). Off: it sends everything again (PUT).
   */
  readonly inventoryRefreshSkipsPersistent: boolean;
}

/** mender-mcu 1.0 as it is. */
export const REAL_CLIENT_QUIRKS: ClientQuirks = {
  inverted401Retry: true,
  lastDeviceTypeOnly: true,
  ignoreStatusReportErrors: true,
  releaseNetworkOnlyOnErrors: true,
  stuckRebootRecoveryLosesData: true,
  commitWritesNameBeforeCallback: true,
  failedCleanupKeepsRecord: true,
  zeroInventoryIntervalAsserts: true,
  preStoreIgnoresLoopDetection: true,
  inventoryRefreshSkipsPersistent: true,
};

/** Every quirk switched to the behaviour the code evidently intends. */
export const INTENDED_BEHAVIOUR: ClientQuirks = {
  inverted401Retry: false,
  lastDeviceTypeOnly: false,
  ignoreStatusReportErrors: false,
  releaseNetworkOnlyOnErrors: false,
  stuckRebootRecoveryLosesData: false,
  commitWritesNameBeforeCallback: false,
  failedCleanupKeepsRecord: false,
  zeroInventoryIntervalAsserts: false,
  preStoreIgnoresLoopDetection: false,
  inventoryRefreshSkipsPersistent: false,
};

/** Human-readable names for the UI, keyed like `ClientQuirks`. */
export const QUIRK_TITLES: Readonly<Record<keyof ClientQuirks, string>> = {
  inverted401Retry: '401 retry condition inverted',
  lastDeviceTypeOnly: 'Only the last artifact device type is compared',
  ignoreStatusReportErrors: 'Failed status reports are ignored',
  releaseNetworkOnlyOnErrors: 'Network released only after repeated errors',
  stuckRebootRecoveryLosesData: 'Stuck-reboot recovery cannot mark the deployment failed',
  commitWritesNameBeforeCallback: 'Artifact name stored before the COMMIT callback',
  failedCleanupKeepsRecord: 'Failed CLEANUP leaves the deployment record',
  zeroInventoryIntervalAsserts: 'Inventory interval 0 trips an assertion',
  preStoreIgnoresLoopDetection: 'Pre-stores ignore loop detection',
  inventoryRefreshSkipsPersistent:
    'Inventory refresh after no-reboot COMMIT skips persistent items',
};
