import type { JobUpload, PagePut, UploadStore, UploadUpdate } from '../ports/upload-store.js';

/** In-process UploadStore for unit tests of the core; same contract as the Blob adapter. */
export class MemoryUploadStore implements UploadStore {
  private readonly uploads = new Map<string, JobUpload>();
  private readonly pages = new Map<string, Map<number, { items: unknown[]; hash: string }>>();

  async create(upload: JobUpload): Promise<void> {
    this.uploads.set(upload.uploadId, structuredClone(upload));
  }

  async get(uploadId: string): Promise<JobUpload | undefined> {
    const upload = this.uploads.get(uploadId);
    return upload && structuredClone(upload);
  }

  async update(uploadId: string, decide: (current: JobUpload) => JobUpload | undefined): Promise<UploadUpdate | undefined> {
    for (;;) {
      const current = this.uploads.get(uploadId);
      if (!current) return undefined;
      const next = decide(structuredClone(current));
      // Only a write made from inside `decide` can get in between here: decide again on it, as
      // the Blob adapter does when its ETag no longer matches.
      if (this.uploads.get(uploadId) !== current) continue;
      if (next) this.uploads.set(uploadId, structuredClone(next));
      return { upload: structuredClone(next ?? current), changed: next !== undefined };
    }
  }

  async *list(): AsyncIterable<JobUpload> {
    for (const upload of [...this.uploads.values()]) yield structuredClone(upload);
  }

  async putPage(uploadId: string, page: number, items: readonly unknown[], hash: string): Promise<PagePut> {
    const pages = this.pages.get(uploadId) ?? new Map<number, { items: unknown[]; hash: string }>();
    this.pages.set(uploadId, pages);
    const existing = pages.get(page);
    if (existing) return existing.hash === hash ? 'same' : 'different';
    pages.set(page, { items: structuredClone([...items]), hash });
    return 'stored';
  }

  async getPage(uploadId: string, page: number): Promise<readonly unknown[] | undefined> {
    const found = this.pages.get(uploadId)?.get(page);
    return found && structuredClone(found.items);
  }

  async listPages(uploadId: string): Promise<number[]> {
    return [...(this.pages.get(uploadId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  async deletePages(uploadId: string): Promise<number> {
    const count = this.pages.get(uploadId)?.size ?? 0;
    this.pages.delete(uploadId);
    return count;
  }

  async remove(uploadId: string): Promise<number> {
    const count = await this.deletePages(uploadId);
    this.uploads.delete(uploadId);
    return count;
  }
}
