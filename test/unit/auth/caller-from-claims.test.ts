import { describe, expect, it } from 'vitest';
import { grantsRole } from '../../../src/model/app-roles.js';
import { callerFromClaims, rolesFromClaims } from '../../../src/model/caller-from-claims.js';

describe('callerFromClaims', () => {
  it('names a person by object id and display name when the token carries delegated scopes', () => {
    expect(callerFromClaims({ oid: 'u-1', azp: 'portal', scp: 'access_as_user', name: 'Ada Lovelace', preferred_username: 'ada@contoso.com' })).toEqual({
      id: 'u-1',
      kind: 'user',
      name: 'Ada Lovelace',
    });
  });

  it('falls back to preferred_username for a person without a name claim', () => {
    expect(callerFromClaims({ oid: 'u-1', idtyp: 'user', preferred_username: 'ada@contoso.com' })).toEqual({ id: 'u-1', kind: 'user', name: 'ada@contoso.com' });
  });

  it("names an application by its client id: azp in v2 tokens, appid in v1 tokens", () => {
    expect(callerFromClaims({ oid: 'sp-1', azp: 'client-2', roles: ['BulkAssign.Write'] })).toEqual({ id: 'client-2', kind: 'app' });
    expect(callerFromClaims({ oid: 'sp-1', appid: 'client-1', idtyp: 'app' })).toEqual({ id: 'client-1', kind: 'app' });
  });

  it('finds no caller in a token without oid, azp or appid', () => {
    expect(callerFromClaims({ sub: 's', roles: ['BulkAssign.Read'] })).toBeUndefined();
  });
});

describe('roles', () => {
  it('reads only the strings of the roles claim', () => {
    expect(rolesFromClaims({ roles: ['BulkAssign.Read', 3, null] })).toEqual(['BulkAssign.Read']);
    expect(rolesFromClaims({ roles: 'BulkAssign.Read' })).toEqual([]);
  });

  it('lets Admin stand in for every role, and no other role for another', () => {
    expect(grantsRole(['BulkAssign.Admin'], 'BulkAssign.Write')).toBe(true);
    expect(grantsRole(['BulkAssign.Admin'], 'BulkAssign.Read')).toBe(true);
    expect(grantsRole(['BulkAssign.Write'], 'BulkAssign.Read')).toBe(false);
    expect(grantsRole(['BulkAssign.Read'], 'BulkAssign.Write')).toBe(false);
    expect(grantsRole(['BulkAssign.Write'], 'BulkAssign.Admin')).toBe(false);
  });
});
