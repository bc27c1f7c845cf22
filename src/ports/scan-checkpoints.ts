/**
 * Where an inventory scan that did not fit in one invocation keeps what it read so far, under a
 * key of its owner (an event's job, a reconciliation run), until the next invocation goes on.
 */
export interface ScanCheckpoints {
  load<T>(key: string): Promise<T | undefined>;
  save(key: string, checkpoint: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}
