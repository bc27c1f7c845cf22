import type { Item } from '../model/job-model.js';
import type { IntakeStaging } from '../ports/intake-staging.js';

/** In-process IntakeStaging for unit tests of the core; same contract as the Blob adapter. */
export class MemoryIntakeStaging implements IntakeStaging {
  private readonly pages = new Map<string, Item[]>();

  async putPages(jobId: string, stagingId: string, pages: ReadonlyArray<readonly Item[]>): Promise<void> {
    pages.forEach((page, n) => this.pages.set(key(jobId, stagingId, n), structuredClone([...page])));
  }

  async getPage(jobId: string, stagingId: string, page: number): Promise<readonly Item[] | undefined> {
    const stored = this.pages.get(key(jobId, stagingId, page));
    return stored && structuredClone(stored);
  }

  async deleteAll(jobId: string): Promise<void> {
    for (const k of [...this.pages.keys()]) if (k.startsWith(`${jobId}/`)) this.pages.delete(k);
  }

  /** Pages held for a job, for tests that check the clean-up. */
  countPages(jobId: string): number {
    return [...this.pages.keys()].filter((k) => k.startsWith(`${jobId}/`)).length;
  }
}

function key(jobId: string, stagingId: string, page: number): string {
  return `${jobId}/${stagingId}/${page}`;
}
