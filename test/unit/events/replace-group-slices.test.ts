import { describe, expect, it } from 'vitest';
import { replaceGroup } from '../../../src/events/group-replacement.js';
import { MemoryScanCheckpoints } from '../../../src/memory/memory-scan-checkpoints.js';
import type { EventQueue, GroupReplacementMessage } from '../../../src/ports/event-queue.js';
import { intakeDeps } from '../../helpers/intake-deps.js';
import { FakeGraphReader } from '../inventory/fake-graph-reader.js';

const OLD = '9a000000-0000-4000-8000-000000000001';
const NEW = '9b000000-0000-4000-8000-000000000001';

class RecordingEventQueue implements EventQueue {
  readonly sent: GroupReplacementMessage[] = [];
  async send(message: GroupReplacementMessage): Promise<void> {
    this.sent.push(message);
  }
}

/** Two policy kinds with a policy each, both assigned to the old group. */
function graph(): FakeGraphReader {
  const group = (id: string) => ({ id, target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: OLD } });
  return new FakeGraphReader()
    .on('beta', '/deviceManagement/deviceCompliancePolicies', [{ '@odata.type': '#microsoft.graph.iosCompliancePolicy', id: 'cp-1', displayName: 'Compliance' }])
    .on('beta', '/deviceManagement/deviceCompliancePolicies/cp-1/assignments', [group('cp-1_a')])
    .on('beta', '/deviceManagement/configurationPolicies', [{ id: 'sc-1', name: 'Catalog' }])
    .on('beta', '/deviceManagement/configurationPolicies/sc-1/assignments', [group('sc-1_a')])
    .on('beta', '/deviceManagement/deviceEnrollmentConfigurations', [])
    .on('beta', '/deviceManagement/deviceConfigurations', []);
}

const message: GroupReplacementMessage = {
  v: 1,
  event: { schema: 'cloudEvents', id: 'hr-1', source: '/hr', type: 'BulkAssign.GroupReplaced', data: { oldGroupId: OLD, newGroupId: NEW } },
  oldGroupId: OLD,
  newGroupId: NEW,
};

describe('a group replacement whose inventory takes more than one invocation', () => {
  it('saves what it read, queues its event again, and records one job with every assignment when it is done', async () => {
    const eventQueue = new RecordingEventQueue();
    const checkpoints = new MemoryScanCheckpoints();
    // No time at all per invocation: each reads one chunk of policies and hands over.
    const deps = { ...intakeDeps(), reader: graph(), eventQueue, checkpoints, scanSliceMs: 0 };

    expect(await replaceGroup(deps, message)).toEqual({ kind: 'continued' });
    expect(eventQueue.sent).toEqual([message]);
    expect(checkpoints.saved.size).toBe(1);

    const done = await replaceGroup(deps, eventQueue.sent.shift()!);
    if (done.kind !== 'recorded') throw new Error(`not recorded: ${done.kind}`);
    expect(done).toMatchObject({ created: true, job: { counts: { total: 2 } } });
    expect(eventQueue.sent).toEqual([]);
    expect(checkpoints.saved.size).toBe(0);
    const items = (await deps.store.listItems(done.job.jobId, { limit: 10 })).values;
    expect(items.map((i) => (i.body.target as { groupId: string }).groupId)).toEqual([NEW, NEW]);

    expect(await replaceGroup(deps, message)).toMatchObject({ kind: 'recorded', created: false, job: { jobId: done.job.jobId } });
  });
});
