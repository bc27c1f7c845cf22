import { describe, expect, it } from 'vitest';
import { createAccessTokenSource } from '../../../src/graph/graph-auth.js';
import { GraphAuthError } from '../../../src/graph/graph-auth-error.js';

describe('createAccessTokenSource', () => {
  it('hands out a static token as given', async () => {
    await expect(createAccessTokenSource({ mode: 'static-token', token: 'sim-token' }).getToken()).resolves.toBe('sim-token');
  });

  it('refuses an empty static token', () => {
    expect(() => createAccessTokenSource({ mode: 'static-token', token: '  ' })).toThrow(GraphAuthError);
  });

  it('builds identity credentials without contacting anything', () => {
    expect(typeof createAccessTokenSource({ mode: 'managed-identity' }).getToken).toBe('function');
    expect(typeof createAccessTokenSource({ mode: 'managed-identity', clientId: '00000000-0000-0000-0000-000000000001' }).getToken).toBe('function');
    expect(
      typeof createAccessTokenSource({
        mode: 'client-secret',
        tenantId: '00000000-0000-0000-0000-000000000002',
        clientId: '00000000-0000-0000-0000-000000000003',
        clientSecret: 'secret',
      }).getToken,
    ).toBe('function');
  });
});
