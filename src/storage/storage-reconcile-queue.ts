import { StorageJsonQueue } from './storage-json-queue.js';
import type { ReconcileQueue } from '../ports/reconciliation-ports.js';

/** ReconcileQueue on an Azure Storage queue: `{ v: 1, reconciliationId }` per run. */
export class StorageReconcileQueue implements ReconcileQueue {
  private readonly queue: StorageJsonQueue<{ v: 1; reconciliationId: string }>;

  constructor(connection: string, queueName: string) {
    this.queue = new StorageJsonQueue(connection, queueName);
  }

  send(reconciliationId: string): Promise<void> {
    return this.queue.send({ v: 1, reconciliationId });
  }
}
