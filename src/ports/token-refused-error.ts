/** Why a bearer token was not accepted; each reason maps to a sentence the caller can act on. */
export type TokenRefusal =
  | 'malformed'
  | 'algorithm'
  | 'unknownKey'
  | 'signature'
  | 'expired'
  | 'notYetValid'
  | 'audience'
  | 'issuer'
  | 'noCaller';

/**
 * A token that does not prove who the caller is (answered 401). The message describes the
 * token's claims where that helps, never the token itself.
 */
export class TokenRefusedError extends Error {
  override readonly name = 'TokenRefusedError';
  constructor(
    readonly reason: TokenRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** The issuer's configuration or keys could not be read: nobody can be authenticated just now (503). */
export class IssuerUnavailableError extends Error {
  override readonly name = 'IssuerUnavailableError';
}
