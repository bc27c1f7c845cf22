import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateSubmission } from '../../../src/catalog/validate-submission.js';
import { CsvExportError, formatItemsCsv, type ItemView } from '../../../cli/csv/format-items-csv.js';
import { parseItemsCsv } from '../../../cli/csv/parse-items-csv.js';

const EXAMPLE = readFileSync(new URL('../../../examples/assignments.csv', import.meta.url), 'utf8');
const HEADER = 'ref,action,apiVersion,path,policy,target,groupId,collectionId,entraObjectId,targetType,filterId,filterType,intent,source,sourceId,id';
const POLICY = '/deviceManagement/deviceCompliancePolicies/10000000-0000-4000-8000-000000000001';

function parsed(text: string) {
  const result = parseItemsCsv(text);
  if (!result.ok) throw new Error(`expected the CSV to parse, got ${result.errors.join('; ')}`);
  return result;
}

function errorsOf(text: string): string[] {
  const result = parseItemsCsv(text);
  if (result.ok) throw new Error('expected the CSV to be refused');
  return result.errors;
}

/** What the service answers for items it accepted: the validated change plus an outcome. */
function viewsOf(items: unknown[]): ItemView[] {
  const result = validateSubmission({ items });
  if (!result.ok) throw new Error(`items invalid: ${JSON.stringify(result.errors)}`);
  return result.value.items.map((item) => ({
    index: item.index,
    ref: item.ref ?? null,
    apiVersion: item.apiVersion,
    path: item.path,
    body: { ...item.body },
    status: 'failed',
    attempts: 2,
    httpStatus: 400,
    graphRequestId: 'r-1',
    clientRequestId: 'c-1',
    error: { code: 'BadRequest', message: 'Group, "quoted", not found\nsecond line' },
    completedAt: '2026-12-01T00:00:00.000Z',
  }));
}

describe('items CSV', () => {
  it('reads the example file into one PATCH item per row, each with the line it came from', () => {
    const { items, lines } = parsed(EXAMPLE);
    expect(items).toHaveLength(8);
    expect(lines).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(items[0]).toEqual({
      ref: 'win10-compliance',
      apiVersion: 'v1.0',
      path: `${POLICY}/assignments/1a000000-0000-4000-8000-000000000001`,
      body: { target: { '@odata.type': 'microsoft.graph.scopeTagGroupAssignmentTarget', entraObjectId: '9a000000-0000-4000-8000-000000000003', targetType: 'user' } },
    });
    expect(items[2]).toMatchObject({
      body: {
        target: {
          '@odata.type': 'microsoft.graph.configurationManagerCollectionAssignmentTarget',
          collectionId: 'MEM00012',
          deviceAndAppManagementAssignmentFilterId: '9f000000-0000-4000-8000-000000000001',
          deviceAndAppManagementAssignmentFilterType: 'include',
        },
      },
    });
    expect(items[4]).toMatchObject({ body: { id: '4a000000-0000-4000-8000-000000000002' } });
    expect(items[6]).toMatchObject({ body: { intent: 'apply', source: 'direct' } });
  });

  it('makes items the service accepts from every row of the example', () => {
    const result = validateSubmission({ items: parsed(EXAMPLE).items });
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('round-trips: an export submitted again asks for exactly the same changes', () => {
    const first = validateSubmission({ items: parsed(EXAMPLE).items });
    if (!first.ok) throw new Error('example invalid');
    const exported = formatItemsCsv(viewsOf(parsed(EXAMPLE).items));
    const again = validateSubmission({ items: parsed(exported).items });
    if (!again.ok) throw new Error(`export invalid: ${JSON.stringify(again.errors)}`);
    expect(again.value.items).toEqual(first.value.items);
  });

  it('keeps commas, quotes and line breaks of error messages intact in the export, and ignores them on the way back', () => {
    const exported = formatItemsCsv(viewsOf(parsed(EXAMPLE).items.slice(0, 1)));
    expect(exported).toContain('"Group, ""quoted"", not found\nsecond line"');
    const back = parsed(exported);
    expect(back.items).toHaveLength(1);
    expect(back.items[0]).not.toHaveProperty('errorMessage');
  });

  it('lets an exported file be edited: a changed group id becomes the new change', () => {
    const exported = formatItemsCsv(viewsOf(parsed(EXAMPLE).items));
    const edited = exported.replace('9a000000-0000-4000-8000-000000000002', '9b000000-0000-4000-8000-00000000beef');
    const items = parsed(edited).items;
    expect(items[6]).toMatchObject({ body: { target: { groupId: '9b000000-0000-4000-8000-00000000beef' } } });
  });

  it('writes add and remove items with their policy, target and intent, and reads them back', () => {
    const views: ItemView[] = [
      { index: 0, ref: 'add-sales', apiVersion: 'beta', action: 'add', policy: POLICY, target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g-1' }, intent: null, status: 'succeeded', noop: true, attempts: 0, httpStatus: null, graphRequestId: null, clientRequestId: null, error: null, completedAt: null },
      { index: 1, ref: null, apiVersion: 'v1.0', action: 'remove', policy: POLICY, target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' }, status: 'queued', attempts: 0, httpStatus: null, graphRequestId: null, clientRequestId: null, error: null, completedAt: null },
    ];
    const csv = formatItemsCsv(views);
    expect(csv.split('\n')[1]).toMatch(/^add-sales,add,beta,,\/deviceManagement\/deviceCompliancePolicies\/[^,]+,group,g-1,.*,0,succeeded,true,0,/);
    expect(parsed(csv).items).toEqual([
      { ref: 'add-sales', apiVersion: 'beta', action: 'add', policy: POLICY, target: { '@odata.type': 'microsoft.graph.groupAssignmentTarget', groupId: 'g-1' } },
      { apiVersion: 'v1.0', action: 'remove', policy: POLICY, target: { '@odata.type': 'microsoft.graph.allDevicesAssignmentTarget' } },
    ]);
  });

  it('accepts columns in any order, Graph type names in target, a byte order mark and Windows line ends', () => {
    const text = `\uFEFFtarget,policy,action,groupId\r\n#microsoft.graph.exclusionGroupAssignmentTarget,${POLICY},Add,g-2\r\n`;
    expect(parsed(text).items).toEqual([{ action: 'add', policy: POLICY, target: { '@odata.type': 'microsoft.graph.exclusionGroupAssignmentTarget', groupId: 'g-2' } }]);
  });

  it('refuses a column it does not know, naming it, so a misspelt column never drops a value', () => {
    expect(errorsOf(`ref,path,groupld\nx,/p,g`)).toEqual([expect.stringMatching(/^line 1: column 3 'groupld' is not a column of the items CSV/)]);
    expect(errorsOf(`path,path\n/a,/b`)).toEqual(["line 1: column 'path' appears more than once"]);
  });

  it('names the line of each row it cannot turn into an item', () => {
    const text = [
      HEADER,
      'a,,,,,group,g,,,,,,,,,',
      'b,move,,/p,,,,,,,,,,,,',
      'c,add,,/p,/policy,group,g,,,,,,,,,',
      'd,add,,,,group,g,,,,,,,,,',
      'e,,,/p,,,g,,,,,,,,,',
      'f,,,/p,,everyone,,,,,,,,,,',
    ].join('\n');
    expect(errorsOf(text)).toEqual([
      'line 2: path is required: the assignment to change (or set action to add or remove and give policy)',
      "line 3: action 'move' is not one of patch, add, remove (empty means patch)",
      'line 4: path is for patch rows only; an add row names the policy and the target',
      'line 5: policy is required for an add row: the policy whose assignments change',
      'line 6: groupId given without target: set target to one of group, exclusionGroup, allDevices, allLicensedUsers, configurationManagerCollection, scopeTagGroup',
      "line 7: target 'everyone' is not one of group, exclusionGroup, allDevices, allLicensedUsers, configurationManagerCollection, scopeTagGroup",
    ]);
  });

  it('counts lines past a quoted cell that holds a line break', () => {
    const text = `ref,path\n"two\nlines",/p\nnext,\n`;
    expect(errorsOf(text)).toEqual(['line 4: path is required: the assignment to change (or set action to add or remove and give policy)']);
  });

  it('refuses empty files, a header without rows and rows of the wrong width', () => {
    expect(errorsOf('')).toEqual([expect.stringMatching(/^is empty/)]);
    expect(errorsOf(`${HEADER}\n`)).toEqual(['has a header but no rows']);
    expect(errorsOf(`ref,path\na,/p,extra\n`)[0]).toMatch(/^is not valid CSV: .*line 2/);
  });

  it('stops an export rather than drop a body property the CSV has no column for', () => {
    const [view] = viewsOf(parsed(EXAMPLE).items.slice(0, 1));
    expect(() => formatItemsCsv([{ ...view!, body: { ...view!.body, settings: [] } }])).toThrow(CsvExportError);
    expect(() => formatItemsCsv([{ ...view!, body: { target: { '@odata.type': 'microsoft.graph.somethingNew' } } }])).toThrow(/has no name in the CSV format/);
  });
});
