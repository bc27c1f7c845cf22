import type { Caller } from '../model/caller.js';

/** A token whose signature, issuer, audience and lifetime were all checked. */
export interface VerifiedToken {
  readonly caller: Caller;
  /** The token's app roles (`roles` claim). */
  readonly roles: readonly string[];
}

/**
 * Checks bearer tokens. Throws `TokenRefusedError` for a token that proves nothing and
 * `IssuerUnavailableError` when the issuer's keys cannot be read.
 */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}
