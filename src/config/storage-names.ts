import type { StorageNames } from './app-config.js';

/** Lower-case letters and digits: valid in both queue and table names. */
export const NAME_PREFIX = /^[a-z][a-z0-9]{2,29}$/;

/** Derives every queue and table name from one prefix, so a test or a second deployment can share an account. */
export function storageNames(prefix: string): StorageNames {
  return Object.freeze({
    interactiveQueue: `${prefix}-interactive`,
    bulkQueue: `${prefix}-bulk`,
    jobsTable: `${prefix}jobs`,
    budgetTable: `${prefix}budget`,
    leasesTable: `${prefix}leases`,
    eventsQueue: `${prefix}-events`,
    reconcileQueue: `${prefix}-reconcile`,
    reconciliationsTable: `${prefix}reconciliations`,
    reportsContainer: `${prefix}-reports`,
    auditTable: `${prefix}audit`,
    intakeQueue: `${prefix}-intake`,
    intakeContainer: `${prefix}-intake`,
  });
}
