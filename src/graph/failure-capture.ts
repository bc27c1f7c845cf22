import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';

/**
 * Per-call slot that receives the error thrown inside the middleware chain, untouched.
 *
 * Needed because `GraphRequest.send` wraps every non-`GraphClientError` in a `GraphError` that
 * keeps only the message and stack: the `cause` of a failed fetch (with its `ECONNRESET` or
 * `ECONNREFUSED` code) and the class of our own errors are lost. It is a class because the SDK's
 * `MiddlewareControl` looks options up by constructor.
 */
export class CapturedFailure implements MiddlewareOptions {
  failed = false;
  error: unknown = undefined;
}

/**
 * First link of the chain: records whatever the links after it throw into the call's
 * `CapturedFailure`, then rethrows so the SDK's own error path runs unchanged. The middleware
 * instance is shared by concurrent calls, so nothing per-call is kept on it.
 */
export class FailureCapture implements Middleware {
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    if (this.next === undefined) {
      throw new Error('FailureCapture cannot end the middleware chain; put a fetch handler after it');
    }
    try {
      await this.next.execute(context);
    } catch (error) {
      const slot = context.middlewareControl?.getMiddlewareOptions(CapturedFailure);
      if (slot instanceof CapturedFailure) {
        slot.failed = true;
        slot.error = error;
      }
      throw error;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
