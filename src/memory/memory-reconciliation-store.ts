import { checkOffsetPageToken } from './check-offset-page-token.js';
import type { Page } from '../ports/job-store.js';
import { holdsActivePlace, type Reconciliation, type ReconciliationChange } from '../model/reconciliation-model.js';
import type { ReconciliationStore } from '../ports/reconciliation-ports.js';

/** In-process ReconciliationStore for unit tests; same contract as the Table storage adapter. */
export class MemoryReconciliationStore implements ReconciliationStore {
  private readonly runs = new Map<string, Reconciliation>();

  async create(run: Reconciliation): Promise<void> {
    if (!this.runs.has(run.reconciliationId)) this.runs.set(run.reconciliationId, structuredClone(run));
  }

  async createExclusive(run: Reconciliation, staleAfterMs: number, now: Date): Promise<{ active: Reconciliation } | undefined> {
    const active = [...this.runs.values()].find((r) => holdsActivePlace(r.requestedAt, r.status, staleAfterMs, now));
    if (active) return { active: structuredClone(active) };
    await this.create(run);
    return undefined;
  }

  async get(reconciliationId: string): Promise<Reconciliation | undefined> {
    const run = this.runs.get(reconciliationId);
    return run && structuredClone(run);
  }

  async list(query: { limit: number; continuationToken?: string }): Promise<Page<Reconciliation>> {
    const all = [...this.runs.values()].sort((a, b) => b.reconciliationId.localeCompare(a.reconciliationId));
    const start = query.continuationToken ? checkOffsetPageToken(query.continuationToken, all.length) : 0;
    const values = all.slice(start, start + query.limit).map((r) => structuredClone(r));
    const next = start + query.limit;
    return { values, continuationToken: next < all.length ? String(next) : undefined };
  }

  async update(reconciliationId: string, mutate: (run: Reconciliation) => ReconciliationChange | undefined): Promise<Reconciliation | undefined> {
    const run = this.runs.get(reconciliationId);
    if (!run) return undefined;
    const change = mutate(structuredClone(run));
    const next = change ? { ...run, ...structuredClone(change) } : run;
    this.runs.set(reconciliationId, next);
    return structuredClone(next);
  }
}
