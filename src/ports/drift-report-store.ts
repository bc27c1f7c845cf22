import type { DriftEntry } from '../model/drift-entry.js';

/** The full list of differences a run found; it can run to thousands of entries, so it lives apart from the run's record. */
export interface DriftReportStore {
  save(reconciliationId: string, entries: readonly DriftEntry[]): Promise<void>;
  load(reconciliationId: string): Promise<readonly DriftEntry[] | undefined>;
}
