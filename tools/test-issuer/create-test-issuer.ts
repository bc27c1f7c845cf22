import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** What a test token says; every claim can be overridden or removed (set to undefined). */
export interface TokenRequest {
  /** App roles (`roles`). @default [] */
  readonly roles?: readonly string[];
  /** Extra or replaced claims; `undefined` removes a default claim. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Seconds from now to `exp`. @default 3600 */
  readonly expiresIn?: number;
  /** Seconds from now to `nbf`. @default -60 */
  readonly notBefore?: number;
  /** Sign with a key the issuer does not publish. */
  readonly foreignKey?: boolean;
  /** With `foreignKey`: claim the published key's `kid`, so only the signature gives it away. */
  readonly stealKid?: boolean;
}

export interface TestIssuer {
  /** `iss` of its tokens, as its OpenID configuration says. */
  readonly issuer: string;
  /** What `AUTH_OPENID_CONFIG_URL` should be. */
  readonly openIdConfigUrl: string;
  readonly tenantId: string;
  readonly audience: string;
  /** An access token as Entra ID would issue it to a user (delegated) unless the claims say otherwise. */
  sign(request?: TokenRequest): Promise<string>;
  /** Publishes a new signing key next to the current one and signs from now on with it (key rotation). */
  rotate(): Promise<void>;
  /** How many times the key set was read. */
  readonly keySetReads: number;
  close(): Promise<void>;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' } };
}

/**
 * A local stand-in for Entra ID's v2.0 endpoint, over HTTP on 127.0.0.1: an OpenID
 * configuration and a key set with RSA keys made at start, and tokens signed with them in the
 * shape of Entra access tokens (`oid`, `azp`, `roles`, `scp`, `name`, `tid`, `ver: "2.0"`).
 */
export async function createTestIssuer(options: { tenantId?: string; audience?: string } = {}): Promise<TestIssuer> {
  const tenantId = options.tenantId ?? randomUUID();
  const audience = options.audience ?? `api://bulk-assign-${tenantId.slice(0, 8)}`;
  const published: SigningKey[] = [await newKey()];
  const foreign = await newKey();
  let current = published[0]!;
  let keySetReads = 0;
  let base = '';

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (path === `/${tenantId}/v2.0/.well-known/openid-configuration`) {
      return send(200, {
        issuer: `${base}/${tenantId}/v2.0`,
        jwks_uri: `${base}/${tenantId}/discovery/v2.0/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
      });
    }
    if (path === `/${tenantId}/discovery/v2.0/keys`) {
      keySetReads += 1;
      return send(200, { keys: published.map((k) => k.jwk) });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/${tenantId}/v2.0`;

  return {
    issuer,
    openIdConfigUrl: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
    tenantId,
    audience,
    get keySetReads() {
      return keySetReads;
    },
    async sign(request = {}) {
      const now = Math.floor(Date.now() / 1000);
      const key = request.foreignKey ? foreign : current;
      const kid = request.foreignKey && request.stealKid ? current.kid : key.kid;
      const claims: Record<string, unknown> = {
        iss: issuer,
        aud: audience,
        tid: tenantId,
        ver: '2.0',
        oid: '7f3e2a10-0000-4000-8000-00000000a11c',
        sub: 'sub-alice',
        azp: '0c1d2e3f-0000-4000-8000-0000000000aa',
        scp: 'access_as_user',
        name: 'Alice Admin',
        preferred_username: 'alice@contoso.example',
        roles: request.roles ?? [],
        iat: now,
        nbf: now + (request.notBefore ?? -60),
        exp: now + (request.expiresIn ?? 3600),
        ...request.claims,
      };
      for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
      return new SignJWT(claims as JWTPayload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key.privateKey);
    },
    async rotate() {
      current = await newKey();
      published.push(current);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A token with `alg: none` and no signature, carrying the given claims. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}
