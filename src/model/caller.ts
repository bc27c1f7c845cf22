/**
 * Who made a request, as its token says. Recorded on jobs (`submittedBy`) and in the audit
 * trail; never the token itself.
 */
export interface Caller {
  /** The user's object id (`oid`), or for an application its client id (`azp`/`appid`). */
  readonly id: string;
  /** `user` for a token issued to a person (delegated), `app` for an application's own token. */
  readonly kind: 'user' | 'app';
  /** `name` or `preferred_username` when the token carries one. */
  readonly name?: string;
}
