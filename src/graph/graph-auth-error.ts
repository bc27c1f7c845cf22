/**
 * No Graph token could be had: the credential is misconfigured or the identity endpoint failed.
 *
 * Thrown (not returned as an outcome) because Graph was never asked: the item did not fail, the
 * service did. The message names the auth mode and the identity library's reason, never a secret
 * or a token.
 */
export class GraphAuthError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraphAuthError';
  }
}
