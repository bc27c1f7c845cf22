/** What a handler decided; the HTTP layer adds the headers and error envelope every Graph answer carries. */
export interface SimReply {
  readonly status: number;
  /** JSON body of a success; absent for 204. */
  readonly body?: unknown;
  /** Becomes `{"error":{code, message, innerError}}`. */
  readonly error?: { readonly code: string; readonly message: string };
  /** Sent as `Retry-After`, whole seconds. */
  readonly retryAfterSeconds?: number;
}

/** A Graph error answer. */
export function graphError(status: number, code: string, message: string, retryAfterSeconds?: number): SimReply {
  return retryAfterSeconds === undefined
    ? { status, error: { code, message } }
    : { status, error: { code, message }, retryAfterSeconds };
}
