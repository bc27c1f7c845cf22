import { describe, expect, inject, it } from 'vitest';
import { TablePolicyLeases } from '../../src/storage/table-policy-leases.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

const POLICY = 'devicemanagement/devicecompliancepolicies/10000000-0000-4000-8000-000000000001';

/**
 * A read-modify-write whose PATCH arrives in the worst moment: right after it listed the shared
 * holders and before it wrote the gate, so that the PATCH still finds the gate open. Requests of
 * equal latency never meet like this; instances far apart on the network can.
 */
class PatchArrivesAfterTheFirstLook extends TablePolicyLeases {
  private looks = 0;
  patch: Awaited<ReturnType<TablePolicyLeases['acquire']>> | undefined;

  constructor(connection: string, tableName: string, private readonly other: TablePolicyLeases) {
    super(connection, tableName);
  }

  protected override async sharedHolders(key: string, now: number): Promise<Record<string, number>> {
    const seen = await super.sharedHolders(key, now);
    if (this.looks++ === 0) this.patch = await this.other.acquire(key, 'patch', 30_000, 'shared');
    return seen;
  }
}

describe('TablePolicyLeases', () => {
  it('steps a read-modify-write back when a PATCH got in between its look at the holders and its write of the gate', async () => {
    const connection = inject('storageConnection');
    const table = `${uniquePrefix('lease')}leases`;
    const other = new TablePolicyLeases(connection, table);
    const rewrite = new PatchArrivesAfterTheFirstLook(connection, table, other);

    const attempt = await rewrite.acquire(POLICY, 'rewrite', 30_000, 'exclusive');

    expect(rewrite.patch?.kind).toBe('granted');
    expect(attempt.kind).toBe('held');
    // It waits now: the next PATCH is turned away, and once the first ends the rewrite gets in.
    expect((await other.acquire(POLICY, 'late-patch', 30_000, 'shared')).kind).toBe('held');
    await other.release(POLICY, 'patch');
    expect((await rewrite.acquire(POLICY, 'rewrite', 30_000, 'exclusive')).kind).toBe('granted');
  });
});
