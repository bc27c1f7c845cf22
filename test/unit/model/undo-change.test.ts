import { describe, expect, it } from 'vitest';
import { undoChange } from '../../../src/model/undo-change.js';

const group = (groupId: string, filterType?: string) => ({
  '@odata.type': '#microsoft.graph.groupAssignmentTarget',
  groupId,
  ...(filterType ? { deviceAndAppManagementAssignmentFilterId: 'f1', deviceAndAppManagementAssignmentFilterType: filterType } : {}),
});

describe('undoChange', () => {
  it('removes what an add created, if it is still as the add left it', () => {
    const after = { id: 'p_g1', target: group('g1') };
    expect(undoChange({ action: 'add', before: null, after })).toEqual({ kind: 'remove', target: group('g1'), expect: after });
  });

  it('assigns again what a remove dropped, if nobody assigned it since', () => {
    const before = { id: 'a2', intent: 'remove', target: group('g2') };
    expect(undoChange({ action: 'remove', before, after: null })).toEqual({ kind: 'add', target: group('g2'), intent: 'remove', expect: null });
  });

  it('sets back the filter an add changed on an existing assignment', () => {
    const before = { id: 'a1', target: group('g1') };
    const after = { id: 'a1', target: group('g1', 'include') };
    expect(undoChange({ action: 'add', before, after })).toEqual({ kind: 'add', target: group('g1'), intent: undefined, expect: after });
  });

  it('PATCHes a PATCHed assignment back to its former properties, without its id or nulls', () => {
    const before = { id: 'a1', '@odata.type': '#x', intent: 'apply', sourceId: null, target: group('g1') };
    const after = { id: 'a1', intent: 'apply', target: group('g9') };
    expect(undoChange({ action: undefined, before, after })).toEqual({ kind: 'patch', body: { intent: 'apply', target: group('g1') }, expect: after });
  });

  it('has nothing to undo for an item that found nothing and left nothing', () => {
    expect(undoChange({ action: 'remove', before: null, after: null })).toBeUndefined();
    expect(undoChange({ action: undefined, before: null, after: null })).toBeUndefined();
  });
});
