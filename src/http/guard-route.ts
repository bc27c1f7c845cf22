import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { AppRole } from '../model/app-roles.js';
import type { AuthOutcome, RequestAuthenticator } from '../auth/authenticate-request.js';
import type { Caller } from '../model/caller.js';
import { InvalidPageTokenError } from '../ports/invalid-page-token-error.js';
import { problemResponse } from './problem-response.js';

/** An HTTP handler that is told who called (null when `AUTH_MODE` is `none`). */
export type CallerHandler = (request: HttpRequest, context: InvocationContext, caller: Caller | null) => Promise<HttpResponseInit>;

const REALM = 'bulk-assign';

/**
 * Wraps a route's handler: the request must carry a token granting `role` (401 or 403 problem
 * details with `WWW-Authenticate` otherwise), and a continuation token that turns out not to be
 * one of ours is answered 400 rather than failing the invocation.
 */
export function guardRoute(services: () => { readonly authenticator: RequestAuthenticator }, role: AppRole, handler: CallerHandler): HttpHandler {
  return async (request, context) => {
    const outcome = await services().authenticator.authenticate(request.headers.get('authorization'), role);
    if (!outcome.ok) {
      context.warn(`refused ${request.method} ${new URL(request.url).pathname.slice(0, 200)}: ${outcome.status} ${outcome.reason}`);
      return refusal(outcome);
    }
    try {
      return await handler(request, context, outcome.caller);
    } catch (error) {
      if (error instanceof InvalidPageTokenError) {
        return problemResponse(400, 'invalid-request', 'Invalid continuationToken', error.message, {
          errors: [{ field: 'continuationToken', message: 'is not one this listing returned' }],
        });
      }
      throw error;
    }
  };
}

function refusal(outcome: Extract<AuthOutcome, { ok: false }>): HttpResponseInit {
  const kind = outcome.status === 401 ? 'unauthorized' : outcome.status === 403 ? 'forbidden' : 'unavailable';
  const response = problemResponse(outcome.status, kind, outcome.title, outcome.detail);
  const headers: Record<string, string> = { ...(response.headers as Record<string, string>) };
  if (outcome.status === 503) headers['Retry-After'] = '30';
  else headers['WWW-Authenticate'] = challenge(outcome);
  return { ...response, headers };
}

/** RFC 6750 §3: no error code when no credentials were sent; the description as a quoted-string. */
function challenge(outcome: Extract<AuthOutcome, { ok: false }>): string {
  if (!outcome.bearerError) return `Bearer realm="${REALM}"`;
  const description = outcome.detail.replace(/[^\x20-\x7e]|["\\]/g, "'");
  return `Bearer realm="${REALM}", error="${outcome.bearerError}", error_description="${description}"`;
}
