import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/http/openapi-document.js';
import { conformanceErrors, operationOf } from '../../helpers/openapi-conformance.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const doc = openApiDocument as unknown as { paths: Record<string, Record<string, any>>; components: Record<string, Record<string, unknown>> };
const problem = { type: 'urn:bulk-assign:problem:not-found', title: 'Job not found', status: 404, detail: "There is no job 'x'." };
const headers = (type: string, extra: Record<string, string> = {}) => new Headers({ 'content-type': type, ...extra });

/** Every HTTP route the app registers, as `METHOD /route`, read from the trigger files. */
function registeredRoutes(): string[] {
  const dir = join(ROOT, 'functions');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      return [...text.matchAll(/app\.http\('[^']+',\s*\{\s*route:\s*'([^']+)',\s*methods:\s*\[([^\]]+)\]/g)].flatMap((m) =>
        [...m[2]!.matchAll(/'([A-Z]+)'/g)].map((method) => `${method[1]} /${m[1]}`),
      );
    });
}

describe('the OpenAPI document', () => {
  it('describes every route the app registers, and no other', () => {
    const registered = registeredRoutes().sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(registered.length).toBeGreaterThan(12);
    // Undo is in the contract and documented ahead of its trigger.
    expect(documented.filter((d) => !d.endsWith('/undo') || registered.includes(d))).toEqual(registered);
  });

  it('resolves every reference', () => {
    const refs = JSON.stringify(openApiDocument).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const [, section, name] = /#\/components\/(\w+)\/(\w+)/.exec(ref) ?? [];
      expect(doc.components[section!]?.[name!], ref).toBeDefined();
    }
  });

  it('gives every protected operation the bearer scheme, a role and the 401 and 403 answers', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (['/health', '/openapi.json', '/status', '/status/{asset}'].includes(path)) {
          expect(operation.security, `${method} ${path}`).toEqual([]);
          continue;
        }
        expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        expect(operation['x-required-role'], `${method} ${path}`).toMatch(/^BulkAssign\.(Read|Write|Admin)$/);
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });
});

describe('checking an answer against the document', () => {
  it('accepts an answer that conforms', () => {
    expect(conformanceErrors({ method: 'GET', path: '/jobs/x', status: 404, headers: headers('application/problem+json'), body: problem })).toEqual([]);
    expect(operationOf('GET', '/jobs/x/items')).toBe('GET /jobs/{jobId}/items');
  });

  it('names an undocumented status, content type, missing field and extra field', () => {
    expect(conformanceErrors({ method: 'GET', path: '/jobs/x', status: 418, headers: headers('application/json'), body: {} })[0]).toContain('status 418 is not documented');
    expect(conformanceErrors({ method: 'GET', path: '/jobs/x', status: 404, headers: headers('text/plain'), body: 'nope' })[0]).toContain("content type 'text/plain'");
    const missing = conformanceErrors({ method: 'GET', path: '/jobs/x', status: 404, headers: headers('application/problem+json'), body: { ...problem, detail: undefined } });
    expect(missing.join('\n')).toContain("must have required property 'detail'");
    const extra = conformanceErrors({ method: 'GET', path: '/jobs/x', status: 404, headers: headers('application/problem+json'), body: { ...problem, stack: 'at x' } });
    expect(extra.join('\n')).toContain('must NOT have additional properties');
  });

  it('requires the bearer challenge on a 401', () => {
    const unauthorized = { ...problem, type: 'urn:bulk-assign:problem:unauthorized', status: 401 };
    expect(conformanceErrors({ method: 'GET', path: '/jobs', status: 401, headers: headers('application/problem+json'), body: unauthorized })).toEqual([
      'GET /jobs → 401: header WWW-Authenticate is missing',
    ]);
    expect(conformanceErrors({ method: 'GET', path: '/jobs', status: 401, headers: headers('application/problem+json', { 'www-authenticate': 'Bearer realm="bulk-assign"' }), body: unauthorized })).toEqual([]);
  });
});
