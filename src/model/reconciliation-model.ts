import type { Caller } from './caller.js';
import type { DriftCounts } from './drift-entry.js';

/** `queued` until a worker picks the run up; `failed` when the desired state is invalid or Graph could not be read. */
export type ReconciliationStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type ReconciliationTrigger = 'api' | 'timer';

/** One reconciliation run; its drift entries are kept apart (see `DriftReportStore`). */
export interface Reconciliation {
  readonly reconciliationId: string;
  readonly status: ReconciliationStatus;
  /** Report only: no job is made. */
  readonly dryRun: boolean;
  readonly trigger: ReconciliationTrigger;
  readonly requestedAt: string;
  /** Who started the run through the API; absent for the timer and when nobody was asked. Its job is recorded as theirs. */
  readonly requestedBy?: Caller;
  readonly startedAt: string | undefined;
  readonly completedAt: string | undefined;
  /** Desired-state documents read, by blob name. */
  readonly documents: readonly string[];
  readonly counts: DriftCounts | undefined;
  /** The bulk job that fixes the drift (source `reconcile`); absent for a dry run or when nothing drifted. */
  readonly jobId: string | undefined;
  /** Problems in the desired-state documents; the run did nothing when there are any. */
  readonly errors: readonly DesiredStateError[];
  /** Why the run failed, when it was not the documents (Graph unreadable, for example). */
  readonly failure: string | undefined;
}

/** Fields a run may change as it goes. */
export type ReconciliationChange = Partial<Omit<Reconciliation, 'reconciliationId' | 'dryRun' | 'trigger' | 'requestedAt' | 'requestedBy'>>;

/** A desired-state problem, naming the document and the field. */
export interface DesiredStateError {
  readonly file: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Whether a run still holds the one place for a run under way: requested less than
 * `staleAfterMs` ago and not finished. A run whose status is not known yet (`undefined`: its
 * start took the place but has not recorded the run) holds it too. Past `staleAfterMs` a run
 * holds nothing, so a start that died cannot block the next one forever.
 */
export function holdsActivePlace(requestedAt: string, status: ReconciliationStatus | undefined, staleAfterMs: number, now: Date): boolean {
  if (now.getTime() - Date.parse(requestedAt) >= staleAfterMs) return false;
  return status === undefined || status === 'queued' || status === 'running';
}
