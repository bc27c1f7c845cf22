/**
 * A `continuationToken` this store never issued (or one for another listing). Thrown before any
 * storage call, so an invented token is answered 400 rather than reaching storage.
 */
export class InvalidPageTokenError extends Error {
  override readonly name = 'InvalidPageTokenError';
  constructor() {
    super('continuationToken is not one this listing returned; start again without it.');
  }
}
