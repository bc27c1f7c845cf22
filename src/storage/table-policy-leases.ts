import { createHash } from 'node:crypto';
import { TableClient, type TableEntityResult } from '@azure/data-tables';
import { isInsecureConnection } from '../config/storage-connection.js';
import { decideLeaseAcquire, decideLeaseRelease, type PolicyLease } from '../model/policy-lease.js';
import type { LeaseAttempt, PolicyLeases } from '../ports/policy-leases.js';
import { statusCodeOf } from '../shared/status-code-of.js';

const PARTITION = 'policy-lease';
/** Another instance changed the entity between this one's read and write this many times in a row: give up. */
const MAX_RACES = 20;

type Row = TableEntityResult<Record<string, unknown>>;

/**
 * PolicyLeases on Table storage: one entity per leased policy, read, decided by the shared pure
 * rule, and written back only if nobody wrote in between (ETag, or create-if-absent). A lost race
 * is decided again on what the winner wrote. Row keys are hashes of the policy key: Graph paths
 * hold '/', which row keys refuse. Times are this instance's clock; hosts kept in step by NTP
 * differ by far less than a lease lasts.
 */
export class TablePolicyLeases implements PolicyLeases {
  private readonly client: TableClient;
  private ready: Promise<void> | undefined;

  constructor(connection: string, tableName: string, private readonly clock: () => number = Date.now) {
    this.client = TableClient.fromConnectionString(connection, tableName, { allowInsecureConnection: isInsecureConnection(connection) });
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<LeaseAttempt> {
    const rowKey = rowKeyOf(key);
    for (let race = 0; ; race++) {
      const row = await this.read(rowKey);
      const decision = decideLeaseAcquire(row && leaseOf(row), owner, this.clock(), ttlMs);
      if (decision.kind === 'held') return decision;
      const entity = { partitionKey: PARTITION, rowKey, key, owner: decision.next.owner, expiresAt: decision.next.expiresAt };
      try {
        if (row) await this.client.updateEntity(entity, 'Replace', { etag: row.etag });
        else await this.client.createEntity(entity);
        return { kind: 'granted', lease: decision.next };
      } catch (error) {
        const status = statusCodeOf(error);
        if ((status !== 412 && status !== 409 && status !== 404) || race >= MAX_RACES) throw error;
      }
    }
  }

  async release(key: string, owner: string): Promise<void> {
    const rowKey = rowKeyOf(key);
    const row = await this.read(rowKey);
    if (decideLeaseRelease(row && leaseOf(row), owner) !== 'delete' || !row) return;
    try {
      await this.client.deleteEntity(PARTITION, rowKey, { etag: row.etag });
    } catch (error) {
      // Gone or taken over since the read: either way it is no longer this owner's to give back.
      if (statusCodeOf(error) !== 404 && statusCodeOf(error) !== 412) throw error;
    }
  }

  /** Creates the table on first use; concurrent callers share the one request. */
  private ensureTable(): Promise<void> {
    this.ready ??= this.client.createTable().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async read(rowKey: string): Promise<Row | undefined> {
    await this.ensureTable();
    try {
      return await this.client.getEntity<Record<string, unknown>>(PARTITION, rowKey);
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }
}

function rowKeyOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function leaseOf(row: Row): PolicyLease {
  return { owner: String(row.owner), expiresAt: Number(row.expiresAt) };
}
