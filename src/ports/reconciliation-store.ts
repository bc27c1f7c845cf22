import type { Page } from './job-store.js';
import type { Reconciliation, ReconciliationChange } from '../model/reconciliation-model.js';

/** Durable record of reconciliation runs. */
export interface ReconciliationStore {
  create(run: Reconciliation): Promise<void>;
  /**
   * Records `run` as the one run under way, unless another run still queued or running, and
   * requested less than `staleAfterMs` before `now`, holds that place: that run is returned and
   * nothing is recorded. Atomic across instances, so two requests at once start one run.
   */
  createExclusive(run: Reconciliation, staleAfterMs: number, now: Date): Promise<{ readonly active: Reconciliation } | undefined>;
  get(reconciliationId: string): Promise<Reconciliation | undefined>;
  /** Most recent first. */
  list(query: { limit: number; continuationToken?: string }): Promise<Page<Reconciliation>>;
  /**
   * Applies `mutate` to the stored run, again on fresh data when another writer got there first.
   * Returns the updated run, or undefined when it does not exist.
   */
  update(reconciliationId: string, mutate: (run: Reconciliation) => ReconciliationChange | undefined): Promise<Reconciliation | undefined>;
}
