import { describeProblem, type ItemLocator, type ProblemDetails } from './describe-problem.js';
import type { TokenSource } from './token-source.js';

/** A refusal or failure, with a message already written for a person. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly problem?: ProblemDetails,
    /** The request may have been lost on the way (a dropped connection), not refused: sending it again can help. */
    readonly transient = status === 503,
  ) {
    super(message);
  }
}

export interface ServiceResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly json?: unknown;
  readonly headers?: Record<string, string>;
  /** Maps an item index of a refusal to where the item came from in the caller's file. */
  readonly locate?: ItemLocator;
}

/** The service's HTTP API under `<url>/api`, with the caller's token on every request. */
export class ServiceClient {
  private readonly api: string;

  constructor(
    url: string,
    private readonly token: TokenSource,
  ) {
    this.api = `${url.replace(/\/+$/, '')}/api`;
  }

  get<T>(path: string, options?: RequestOptions): Promise<ServiceResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, options?: RequestOptions): Promise<ServiceResponse<T>> {
    return this.request<T>('POST', path, options);
  }

  /** Sends one request; any answer but 2xx becomes a {@link ServiceError} explaining it. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ServiceResponse<T>> {
    const token = await this.token();
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.api}${path}`, {
        method,
        headers,
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
      throw new ServiceError(`Cannot reach the service at ${this.api}: ${networkReason(error)}. Is it running (npm start), and is --url right?`, undefined, undefined, DROPPED.has(code));
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const problem = body && typeof body === 'object' ? (body as ProblemDetails) : undefined;
      const message = describeProblem(response.status, problem ?? (text ? { detail: text.slice(0, 300) } : undefined), {
        retryAfter: response.headers.get('retry-after'),
        ...(options.locate ? { locate: options.locate } : {}),
      });
      throw new ServiceError(message, response.status, problem);
    }
    if (text && body === undefined) throw new ServiceError(`The service answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`, response.status);
    return { status: response.status, headers: response.headers, body: body as T };
  }
}

/** Connection failures after which the request may or may not have arrived; the rest mean it never left. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
      return 'no such host';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'the connection timed out';
    default:
      return cause?.message ?? (error as Error).message;
  }
}
