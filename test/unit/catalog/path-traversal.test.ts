import { describe, expect, it } from 'vitest';
import { validateItem } from '../../../src/catalog/validate-submission.js';
import { resolveGraphPath } from '../../../src/catalog/resolve-graph-path.js';
import { ASSIGNMENT_ID, COMPLIANCE_PATH, POLICY_ID, errorsOf, validItem } from './submission-fixtures.js';

const BASE = '/deviceManagement/deviceCompliancePolicies';

/** Each of these must be refused at `items[0].path`: none may lead to a call outside the catalog. */
const REFUSED: Array<[string, string]> = [
  ['climbs out with dot segments', `${BASE}/../../users/x/assignments/y`],
  ['climbs out after an id', `${BASE}/${POLICY_ID}/assignments/../../../../users/x`],
  ['uses a single dot segment', `${BASE}/./${POLICY_ID}/assignments/${ASSIGNMENT_ID}`],
  ['encodes dots as %2e%2e', `${BASE}/%2e%2e/%2e%2e/users/x/assignments/y`],
  ['encodes a slash as %2F inside an id', `${BASE}/${POLICY_ID}%2F..%2F..%2Fusers/assignments/${ASSIGNMENT_ID}`],
  ['has a double slash', `/deviceManagement//deviceCompliancePolicies/${POLICY_ID}/assignments/${ASSIGNMENT_ID}`],
  ['starts with a double slash (a protocol-relative URL)', `//evil.example${COMPLIANCE_PATH}`],
  ['ends with a slash', `${COMPLIANCE_PATH}/`],
  ['carries a query string', `${COMPLIANCE_PATH}?$select=id`],
  ['carries a query string on a full URL', `https://graph.microsoft.com/v1.0${COMPLIANCE_PATH}?x=1`],
  ['carries a fragment', `${COMPLIANCE_PATH}#x`],
  ['names another host', `https://evil.example/v1.0${COMPLIANCE_PATH}`],
  ['names a host that only starts like Graph', `https://graph.microsoft.com.evil.example/v1.0${COMPLIANCE_PATH}`],
  ['hides another host behind credentials', `https://graph.microsoft.com@evil.example/v1.0${COMPLIANCE_PATH}`],
  ['carries credentials for Graph', `https://user:pw@graph.microsoft.com/v1.0${COMPLIANCE_PATH}`],
  ['uses plain http', `http://graph.microsoft.com/v1.0${COMPLIANCE_PATH}`],
  ['names a port', `https://graph.microsoft.com:8443/v1.0${COMPLIANCE_PATH}`],
  ['uses another scheme', `file:///v1.0${COMPLIANCE_PATH}`],
  ['addresses a user', `/users/${POLICY_ID}`],
  ['addresses a user by full URL', `https://graph.microsoft.com/v1.0/users/${POLICY_ID}`],
  ['addresses the policy instead of its assignment', `${BASE}/${POLICY_ID}`],
  ['addresses the assignments collection of seed 000, which is not in the catalog', `${BASE}/${POLICY_ID}/assignments`],
  ['adds a segment after the assignment id', `${COMPLIANCE_PATH}/extra`],
  ['uses a backslash as separator', `${BASE}\\${POLICY_ID}\\assignments\\${ASSIGNMENT_ID}`],
  ['hides a backslash climb in an id', `${BASE}/..\\..\\users/assignments/${ASSIGNMENT_ID}`],
  ['uses a Cyrillic look-alike letter', `/deviceManagem\u0435nt/deviceCompliancePolicies/${POLICY_ID}/assignments/${ASSIGNMENT_ID}`],
  ['uses a fullwidth solidus', `${BASE}\uFF0F${POLICY_ID}/assignments/${ASSIGNMENT_ID}`],
  [
    'uses the Kelvin sign, which lower-cases to k',
    `/deviceManagement/deviceConfigurations/${POLICY_ID}/microsoft.graph.macOSWiredNetwor\u212AConfiguration/rootCertificateForServerValidation/assignments/${ASSIGNMENT_ID}`,
  ],
  ['contains a space', `${BASE}/${POLICY_ID} /assignments/${ASSIGNMENT_ID}`],
  ['contains a tab in a full URL', `https://graph.microsoft.com/v1.0${BASE}/${POLICY_ID}\t/assignments/${ASSIGNMENT_ID}`],
  ['contains a newline', `${COMPLIANCE_PATH}\n`],
  ['contains a NUL byte', `${BASE}/${POLICY_ID}\u0000/assignments/${ASSIGNMENT_ID}`],
  ['has an id of 129 characters', `${BASE}/${'a'.repeat(129)}/assignments/${ASSIGNMENT_ID}`],
  ['has an assignment id of 129 characters', `${BASE}/${POLICY_ID}/assignments/${'b'.repeat(129)}`],
  ['has an id with a dot', `${BASE}/${POLICY_ID}.json/assignments/${ASSIGNMENT_ID}`],
  ['names an unknown version', `/v2.0${COMPLIANCE_PATH}`],
  ['is empty', ''],
  ['is relative', COMPLIANCE_PATH.slice(1)],
];

describe('validateItem: paths outside the catalog', () => {
  it.each(REFUSED)('refuses a path that %s', (_, path) => {
    const errors = errorsOf(validateItem(validItem({ path }), 0));
    expect(errors.map((e) => e.field)).toContain('items[0].path');
  });

  it('accepts an id of exactly 128 characters', () => {
    const id = 'a'.repeat(128);
    expect(validateItem(validItem({ path: `${BASE}/${id}/assignments/${ASSIGNMENT_ID}` }), 0).ok).toBe(true);
  });

  it('accepts the catalog path written as a full https Graph URL', () => {
    const result = validateItem(validItem({ path: `https://graph.microsoft.com/v1.0${COMPLIANCE_PATH}` }), 0);
    expect(result).toMatchObject({ ok: true, value: { path: COMPLIANCE_PATH } });
  });
});

describe('full Graph URLs', () => {
  it.each([
    'https://GRAPH.microsoft.com/v1.0/deviceManagement/deviceCompliancePolicies/p1/assignments/a1',
    'https://graph.microsoft.com:443/v1.0/deviceManagement/deviceCompliancePolicies/p1/assignments/a1',
  ])('accepts %s, whose host is Graph in another spelling', (path) => {
    expect(resolveGraphPath(path)).toMatchObject({ ok: true });
  });
});

describe('look-alike letters', () => {
  it('refuses a path with a Kelvin sign that lower-cases to k', () => {
    const path = '/beta/deviceManagement/deviceConfigurations/c1/microsoft.graph.macOSWiredNetwor\u212AConfiguration/rootCertificateForServerValidation/assignments/a1';
    expect(resolveGraphPath(path)).toEqual({ ok: false, message: 'must be printable ASCII without spaces' });
  });
});
