import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { AccessTokenSource } from './graph-auth.js';

/**
 * Puts `Authorization: Bearer <token>` on every request, whatever the host.
 *
 * Stands in for the SDK's `AuthenticationHandler`, which only authenticates URLs that are
 * `https://` *and* a known Graph host (or in `customHosts`) and otherwise deletes the header.
 * Its host check (`isValidEndpoint` in `GraphRequestUtil`) returns false for every `http://` URL,
 * so even `customHosts` cannot make it send a token to a plain-http Graph simulator: requests
 * would silently go out unauthenticated and the simulator would answer 401.
 */
export class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly tokens: AccessTokenSource) {}

  async execute(context: Context): Promise<void> {
    // The call's timeout signal also bounds token acquisition (e.g. a slow identity endpoint).
    const signal = context.options?.signal ?? undefined;
    const token = await this.tokens.getToken(signal === undefined ? undefined : { abortSignal: signal });
    setAuthorization(context, `Bearer ${token}`);
    if (this.next === undefined) {
      throw new Error('BearerTokenHandler cannot end the middleware chain; put a fetch handler after it');
    }
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function setAuthorization(context: Context, value: string): void {
  if (typeof context.request !== 'string' && context.request instanceof Request) {
    context.request.headers.set('Authorization', value);
    return;
  }
  // GraphRequest hands over a plain header object; `Headers` accepts every `HeadersInit` shape
  // and replaces any Authorization header instead of appending a second value to it.
  const options = context.options ?? (context.options = {});
  const headers = new Headers(options.headers);
  headers.set('Authorization', value);
  options.headers = headers;
}
