import { APP_ROLES, grantsRole, type AppRole } from '../model/app-roles.js';
import type { AuthSettings } from '../config/auth-settings.js';
import type { Caller } from '../model/caller.js';
import { IssuerUnavailableError, TokenRefusedError, type TokenRefusal } from '../ports/token-refused-error.js';
import type { TokenVerifier } from '../ports/token-verifier.js';

export type AuthOutcome =
  /** Let through; `caller` is null when `AUTH_MODE` is `none`. */
  | { readonly ok: true; readonly caller: Caller | null }
  | {
      readonly ok: false;
      readonly status: 401 | 403 | 503;
      readonly title: string;
      readonly detail: string;
      /** RFC 6750 error code for `WWW-Authenticate`; absent when no token was sent at all. */
      readonly bearerError?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
      readonly reason: TokenRefusal | 'missing' | 'role' | 'issuerUnavailable';
    };

/** Decides whether a request may use a route that needs `role`, from its `Authorization` header. */
export interface RequestAuthenticator {
  readonly mode: AuthSettings['mode'];
  authenticate(authorization: string | null, role: AppRole): Promise<AuthOutcome>;
}

/** RFC 6750 `b64token`: what a bearer credential may consist of. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
/** Entra access tokens are a few kilobytes; anything far larger is not one. */
const MAX_TOKEN_LENGTH = 16_384;

export function createRequestAuthenticator(settings: AuthSettings, verifier: TokenVerifier | undefined): RequestAuthenticator {
  if (settings.mode === 'none') {
    return { mode: 'none', authenticate: async () => ({ ok: true, caller: null }) };
  }
  if (!verifier) throw new Error('AUTH_MODE entra needs a token verifier');
  return {
    mode: 'entra',
    async authenticate(authorization, role) {
      if (authorization === null || authorization.trim() === '') {
        return { ok: false, status: 401, reason: 'missing', title: 'Authentication required', detail: `Send 'Authorization: Bearer <access token>' issued for '${settings.audience}'.` };
      }
      const match = BEARER.exec(authorization);
      if (!match || (match[1] as string).length > MAX_TOKEN_LENGTH) {
        return {
          ok: false,
          status: 401,
          reason: 'malformed',
          bearerError: 'invalid_request',
          title: 'Invalid Authorization header',
          detail: "The Authorization header must be 'Bearer ' followed by one access token.",
        };
      }
      try {
        const { caller, roles } = await verifier.verify(match[1] as string);
        if (grantsRole(roles, role)) return { ok: true, caller };
        const held = roles.length > 0 ? roles.join(', ') : 'none';
        return {
          ok: false,
          status: 403,
          reason: 'role',
          bearerError: 'insufficient_scope',
          title: 'Role required',
          detail: `This route needs the app role ${role}${role === APP_ROLES.admin ? '' : ` (or ${APP_ROLES.admin})`}; the token's roles: ${held}.`,
        };
      } catch (error) {
        if (error instanceof TokenRefusedError) {
          return { ok: false, status: 401, reason: error.reason, bearerError: 'invalid_token', title: 'Invalid token', detail: error.message };
        }
        if (error instanceof IssuerUnavailableError) {
          return { ok: false, status: 503, reason: 'issuerUnavailable', title: 'Cannot check tokens now', detail: `Tokens cannot be checked: ${error.message}. Try again shortly.` };
        }
        throw error;
      }
    },
  };
}
