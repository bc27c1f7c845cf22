import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSIGNMENT_TARGET_TYPES } from '../../../src/catalog/assignment-targets.js';
import { CATALOG_ENDPOINTS } from '../../../src/catalog/catalog-endpoints.js';

const doc = readFileSync(new URL('../../../docs/catalog.md', import.meta.url), 'utf8');

describe('docs/catalog.md', () => {
  it.each(CATALOG_ENDPOINTS.map((e) => [e.id, e] as const))('lists the endpoint %s with its template, versions and permissions', (_, endpoint) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${endpoint.id}\` |`));
    expect(row, `no table row for ${endpoint.id}`).toBeDefined();
    expect(row).toContain(`\`${endpoint.template}\``);
    expect(row).toContain(`| ${endpoint.seed} |`);
    expect(row).toContain(`| ${endpoint.throttleScope} |`);
    expect(row).toContain(`| ${endpoint.permissions.join(', ')} |`);
    // The doc marks a required id; the catalog's list does not.
    const listed = row?.replaceAll(' (required)', '');
    for (const [version, properties] of Object.entries(endpoint.versions)) {
      expect(listed).toMatch(new RegExp(`(\\| |<br>)${version.replace('.', '\\.')}: ${properties.join(', ')} ?(\\||<br>)`));
    }
  });

  it('lists every assignment target type', () => {
    for (const type of ASSIGNMENT_TARGET_TYPES) expect(doc).toContain(`| \`${type.odataType}\` |`);
  });
});
