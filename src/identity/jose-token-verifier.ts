import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { EntraAuthSettings } from '../config/auth-settings.js';
import { callerFromClaims, rolesFromClaims } from '../model/caller-from-claims.js';
import { IssuerUnavailableError, TokenRefusedError } from '../ports/token-refused-error.js';
import type { TokenVerifier, VerifiedToken } from '../ports/token-verifier.js';

export interface JoseVerifierOptions {
  /** How soon an unknown `kid` may make the key set be read again. @default 30000 ms (jose's default) */
  readonly keyRefreshCooldownMs?: number;
  /** How long a key set is used before it is read again anyway. @default 600000 ms */
  readonly keyCacheMaxAgeMs?: number;
  /** Timeout of each read of the OpenID configuration and the key set. @default 5000 ms */
  readonly timeoutMs?: number;
}

interface Issuer {
  readonly issuer: string;
  readonly keys: JWTVerifyGetKey;
}

/**
 * Verifies Entra ID access tokens with `jose`: RS256 only (so `alg: none` and HMAC tokens are
 * refused before any key is looked at), `iss` equal to the OpenID configuration's issuer, `aud`
 * equal to the configured audience, `exp` required and `nbf` honoured within the clock skew.
 * The key set is cached by jose and read again when a token names a `kid` it does not hold
 * (rotation), at most once per cooldown.
 */
export function createJoseTokenVerifier(settings: EntraAuthSettings, options: JoseVerifierOptions = {}): TokenVerifier {
  const timeoutMs = options.timeoutMs ?? 5000;
  let issuer: Promise<Issuer> | undefined;
  const discover = (): Promise<Issuer> => {
    // Cached once read; a failed read is forgotten so the next request tries again.
    issuer ??= readOpenIdConfiguration(settings.openIdConfigUrl, timeoutMs).then(
      ({ issuer: name, jwksUri }) => ({
        issuer: name,
        keys: createRemoteJWKSet(jwksUri, {
          timeoutDuration: timeoutMs,
          cooldownDuration: options.keyRefreshCooldownMs ?? 30_000,
          cacheMaxAge: options.keyCacheMaxAgeMs ?? 600_000,
        }),
      }),
      (error: unknown) => {
        issuer = undefined;
        throw error;
      },
    );
    return issuer;
  };

  return {
    async verify(token: string): Promise<VerifiedToken> {
      const { issuer: expectedIssuer, keys } = await discover();
      // Key-set reads that fail are the issuer's trouble, not the token's.
      const getKey: JWTVerifyGetKey = async (header, input) => {
        try {
          return await keys(header, input);
        } catch (error) {
          if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
          throw new IssuerUnavailableError(`the issuer's signing keys could not be read (${describe(error)})`);
        }
      };
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms: ['RS256'],
          issuer: expectedIssuer,
          audience: settings.audience,
          clockTolerance: settings.clockSkewSeconds,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        if (error instanceof IssuerUnavailableError) throw error;
        throw refusal(error, token, expectedIssuer, settings.audience);
      }
      const caller = callerFromClaims(payload);
      if (!caller) throw new TokenRefusedError('noCaller', 'The token names no caller: it has neither oid nor azp nor appid.');
      return { caller, roles: rolesFromClaims(payload) };
    },
  };
}

/** Reads the discovery document: its `issuer` and where its keys are. */
async function readOpenIdConfiguration(url: string, timeoutMs: number): Promise<{ issuer: string; jwksUri: URL }> {
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw new IssuerUnavailableError(`the OpenID configuration could not be read (${describe(error)})`);
  }
  if (typeof document?.issuer !== 'string' || typeof document.jwks_uri !== 'string') {
    throw new IssuerUnavailableError('the OpenID configuration has no issuer or no jwks_uri');
  }
  const jwksUri = new URL(document.jwks_uri);
  // Keys over plain HTTP only from a local test issuer, as the configuration URL itself.
  if (jwksUri.protocol !== 'https:' && !(jwksUri.protocol === 'http:' && jwksUri.hostname === '127.0.0.1')) {
    throw new IssuerUnavailableError(`the OpenID configuration's jwks_uri must use https, got ${jwksUri.protocol}`);
  }
  return { issuer: document.issuer, jwksUri };
}

/** Maps jose's errors to the reasons a caller is told; claim values are quoted, the token never. */
function refusal(error: unknown, token: string, issuer: string, audience: string): TokenRefusedError {
  if (error instanceof errors.JWTExpired) {
    return new TokenRefusedError('expired', `The token expired${timeOf(' at', error.payload.exp)}.`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, payload } = error;
    if (claim === 'nbf') return new TokenRefusedError('notYetValid', `The token is not valid yet${timeOf(' (nbf', payload.nbf, ')')}.`);
    if (claim === 'iss') return new TokenRefusedError('issuer', `The token's issuer ${quote(payload.iss)} is not the configured issuer '${issuer}'.`);
    if (claim === 'aud') return new TokenRefusedError('audience', `The token's audience ${quote(payload.aud)} is not '${audience}'.`);
    return new TokenRefusedError('malformed', `The token's ${claim} claim is ${error.reason === 'missing' ? 'missing' : 'invalid'}.`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new TokenRefusedError('algorithm', `The token is signed with ${quote(algorithmOf(token))}; only RS256 tokens are accepted.`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRefusedError('unknownKey', "The token's signing key is not one of the issuer's published keys.");
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRefusedError('signature', "The token's signature does not verify with the issuer's key.");
  }
  return new TokenRefusedError('malformed', 'The bearer token is not a well-formed signed JWT.');
}

function algorithmOf(token: string): unknown {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown };
    return header.alg;
  } catch {
    return undefined;
  }
}

/** A claim's time as ISO text between `before` and `after`, or nothing when the claim is not a number. */
function timeOf(before: string, seconds: unknown, after = ''): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? `${before} ${new Date(seconds * 1000).toISOString()}${after}` : '';
}

/** A claim value in a message: short, and only its JSON form, so nothing odd reaches a log line. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? 'none';
  return (text.length > 200 ? `${text.slice(0, 200)}…` : text).replace(/"/g, "'");
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message) : String(error);
}
