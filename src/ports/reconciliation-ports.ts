/** What reconciliation needs from outside: its run store, the desired-state documents, drift reports and the queue that starts runs. */
import type { Page } from './job-store.js';
import type { Reconciliation, ReconciliationChange } from '../model/reconciliation-model.js';
import type { DriftEntry } from '../model/drift-entry.js';

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

/** A desired-state document as stored: its blob name and text. */
export interface DesiredStateDocument {
  readonly name: string;
  readonly text: string;
  /** Why the document could not be read (too large, for example); `text` is then empty. */
  readonly unreadable?: string;
}

/** A desired-state document larger than this is refused unread: it is a mistake, not a policy set. */
export const MAX_DESIRED_STATE_DOCUMENT_BYTES = 8 * 1024 * 1024;

/** How a source reports a document it refuses to read for its size. */
export function oversizedDocument(name: string, size: number): DesiredStateDocument {
  return { name, text: '', unreadable: `is ${size} bytes, larger than the ${MAX_DESIRED_STATE_DOCUMENT_BYTES} bytes a desired-state document may be; split it` };
}

/** Where the platform team keeps its desired state. */
export interface DesiredStateSource {
  /** Every desired-state document, in name order; none when there are none. */
  readAll(): Promise<DesiredStateDocument[]>;
}

/** The full list of differences a run found; it can run to thousands of entries, so it lives apart from the run's record. */
export interface DriftReportStore {
  save(reconciliationId: string, entries: readonly DriftEntry[]): Promise<void>;
  load(reconciliationId: string): Promise<readonly DriftEntry[] | undefined>;
}

/** Carries reconciliation runs to the worker that carries them out. */
export interface ReconcileQueue {
  send(reconciliationId: string): Promise<void>;
}
