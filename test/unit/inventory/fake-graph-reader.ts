import type { ApiVersion } from '../../../src/catalog/catalog-endpoints.js';
import type { GraphObject, GraphReadResult, GraphReader } from '../../../src/ports/graph-reader.js';

type Refusal = Extract<GraphReadResult<unknown>, { ok: false }>;

export const refusal = (status: number, errorCode?: string): Refusal => ({
  ok: false,
  status,
  errorCode,
  errorMessage: errorCode === undefined ? undefined : `${errorCode} (fake)`,
  requestId: `rid-${status}`,
});

/**
 * A GraphReader over a table of `version path` → answer; anything else answers 404. Records every
 * call and how many were in flight at once.
 */
export class FakeGraphReader implements GraphReader {
  readonly calls: string[] = [];
  maxInFlight = 0;
  private inFlight = 0;
  private readonly answers = new Map<string, GraphObject | GraphObject[] | Refusal>();

  on(version: ApiVersion, path: string, answer: GraphObject | GraphObject[] | Refusal): this {
    this.answers.set(`${version} ${path}`.toLowerCase(), answer);
    return this;
  }

  async get(apiVersion: ApiVersion, path: string): Promise<GraphReadResult<GraphObject>> {
    const answer = await this.answer(apiVersion, path);
    if (Array.isArray(answer)) throw new Error(`fake: ${path} is a collection`);
    return 'ok' in answer ? (answer as Refusal) : { ok: true, value: answer };
  }

  async list(apiVersion: ApiVersion, path: string): Promise<GraphReadResult<GraphObject[]>> {
    const answer = await this.answer(apiVersion, path);
    if (!Array.isArray(answer)) return 'ok' in answer ? (answer as Refusal) : refusal(400, 'BadRequest');
    return { ok: true, value: answer };
  }

  private async answer(apiVersion: ApiVersion, path: string): Promise<GraphObject | GraphObject[] | Refusal> {
    this.calls.push(`${apiVersion} ${path}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // Let other calls start, so concurrency shows.
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    return this.answers.get(`${apiVersion} ${path}`.toLowerCase()) ?? refusal(404, 'ResourceNotFound');
  }
}
