import type { ScanCheckpoints } from '../ports/scan-checkpoints.js';

/** In-process ScanCheckpoints for unit tests of the core; same contract as the Blob adapter. */
export class MemoryScanCheckpoints implements ScanCheckpoints {
  readonly saved = new Map<string, string>();

  async load<T>(key: string): Promise<T | undefined> {
    const text = this.saved.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async save(key: string, checkpoint: unknown): Promise<void> {
    this.saved.set(key, JSON.stringify(checkpoint));
  }

  async delete(key: string): Promise<void> {
    this.saved.delete(key);
  }
}
