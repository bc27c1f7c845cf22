import { describe, expect, it } from 'vitest';
import { FILTER_PAIR_VERSIONS } from '../../../src/catalog/assignment-targets.js';
import { API_VERSIONS, CATALOG_ENDPOINTS, type ApiVersion, type BodyProperty } from '../../../src/catalog/catalog-endpoints.js';
import { expandTemplate, templateParams } from '../../../src/catalog/resolve-graph-path.js';
import { validateItem } from '../../../src/catalog/validate-submission.js';
import { FILTER_ID, GROUP_ID } from './submission-fixtures.js';

/** A distinct, real-looking id per parameter, so a swapped parameter would show. */
function paramsFor(template: string): Record<string, string> {
  const names = templateParams(template);
  return Object.fromEntries(names.map((name, i) => [name, `0000000${i}-aaaa-4bbb-8ccc-dddddddddddd`]));
}

/** A body using every property the endpoint lists for the version (the filter pair where the version has it). */
function fullBody(properties: readonly BodyProperty[], assignmentId: string, version: ApiVersion): Record<string, unknown> {
  const filter = { deviceAndAppManagementAssignmentFilterId: FILTER_ID, deviceAndAppManagementAssignmentFilterType: 'exclude' };
  const values: Record<BodyProperty, unknown> = {
    id: assignmentId,
    target: {
      '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget',
      groupId: GROUP_ID,
      ...(FILTER_PAIR_VERSIONS.includes(version) ? filter : {}),
    },
    source: 'direct',
    sourceId: 'policy-set-1',
    intent: 'remove',
  };
  return Object.fromEntries(properties.map((p) => [p, values[p]]));
}

const CASES = CATALOG_ENDPOINTS.flatMap((endpoint) =>
  API_VERSIONS.filter((v) => endpoint.versions[v]).map((version) => ({ endpoint, version })),
);

describe('every catalog endpoint', () => {
  it.each(CASES.map((c) => [c.endpoint.id, c.version, c] as const))('accepts a valid body for %s in %s', (_, __, { endpoint, version }) => {
    const params = paramsFor(endpoint.template);
    const path = expandTemplate(endpoint, params);
    const assignmentId = endpoint.idInBody ? 'd731ff83-ff83-d731-83ff-31d783ff31d7' : (Object.values(params).at(-1) as string);
    const properties = endpoint.versions[version] ?? [];
    const body = fullBody(properties, assignmentId, version);

    const result = validateItem({ path: `/${version}${path}`, body }, 0);

    expect(result).toMatchObject({ ok: true, value: { endpointId: endpoint.id, apiVersion: version, params, path } });
    if (result.ok) {
      expect(Object.keys(result.value.body).sort()).toEqual(['@odata.type', ...properties].sort());
      expect(result.value.body['@odata.type']).toBe(`#${endpoint.resourceType}`);
    }
  });

  it('covers fourteen endpoints, as the seeds define', () => {
    expect(CATALOG_ENDPOINTS).toHaveLength(14);
  });
});
