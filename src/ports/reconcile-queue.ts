/** Carries reconciliation runs to the worker that carries them out. */
export interface ReconcileQueue {
  send(reconciliationId: string): Promise<void>;
}
