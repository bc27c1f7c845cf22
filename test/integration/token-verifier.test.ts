import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJoseTokenVerifier } from '../../src/identity/jose-token-verifier.js';
import { IssuerUnavailableError, TokenRefusedError } from '../../src/ports/token-refused-error.js';
import { createTestIssuer, type TestIssuer } from '../../tools/test-issuer/create-test-issuer.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(async () => issuer?.close());

const settings = () => ({ mode: 'entra' as const, tenantId: issuer.tenantId, audience: issuer.audience, openIdConfigUrl: issuer.openIdConfigUrl, clockSkewSeconds: 60 });

describe('the jose token verifier against an issuer over HTTP', () => {
  it('reads the key set once and serves later tokens from its cache', async () => {
    const verifier = createJoseTokenVerifier(settings());
    const before = issuer.keySetReads;
    for (let i = 0; i < 5; i++) {
      expect(await verifier.verify(await issuer.sign({ roles: ['BulkAssign.Read'] }))).toMatchObject({ roles: ['BulkAssign.Read'], caller: { kind: 'user' } });
    }
    expect(issuer.keySetReads - before).toBe(1);
  });

  it('reads the key set again when a token names a key it has not seen, so a rotated key is accepted', async () => {
    const verifier = createJoseTokenVerifier(settings(), { keyRefreshCooldownMs: 0 });
    await verifier.verify(await issuer.sign({}));
    const before = issuer.keySetReads;
    await issuer.rotate();
    const rotated = await issuer.sign({ roles: ['BulkAssign.Write'] });
    expect((await verifier.verify(rotated)).roles).toEqual(['BulkAssign.Write']);
    expect(issuer.keySetReads - before).toBe(1);
  });

  it('does not read the key set again for unknown keys within the cooldown', async () => {
    const verifier = createJoseTokenVerifier(settings(), { keyRefreshCooldownMs: 60_000 });
    await verifier.verify(await issuer.sign({}));
    const before = issuer.keySetReads;
    for (let i = 0; i < 3; i++) {
      await expect(verifier.verify(await issuer.sign({ foreignKey: true }))).rejects.toMatchObject({ reason: 'unknownKey' });
    }
    expect(issuer.keySetReads - before).toBe(0);
  });

  it('refuses a token the issuer signed without exp, and one signed with HS256', async () => {
    const verifier = createJoseTokenVerifier(settings());
    await expect(verifier.verify(await issuer.sign({ claims: { exp: undefined } }))).rejects.toMatchObject({ reason: 'malformed', message: "The token's exp claim is missing." });
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const hs256 = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: issuer.issuer, aud: issuer.audience, oid: 'u', exp: 9_999_999_999 })}.c2lnbmF0dXJl`;
    await expect(verifier.verify(hs256)).rejects.toBeInstanceOf(TokenRefusedError);
    await expect(verifier.verify(hs256)).rejects.toMatchObject({ reason: 'algorithm' });
  });

  it('says the issuer is unavailable, not that the token is bad, when its configuration cannot be read', async () => {
    const verifier = createJoseTokenVerifier({ ...settings(), openIdConfigUrl: 'http://127.0.0.1:9/none/.well-known/openid-configuration' }, { timeoutMs: 1000 });
    await expect(verifier.verify(await issuer.sign({}))).rejects.toBeInstanceOf(IssuerUnavailableError);
  });
});
