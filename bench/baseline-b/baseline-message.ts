import { API_VERSIONS, type ApiVersion } from '../../src/catalog/catalog-endpoints.js';

/** The whole of a baseline-b queue message: a PATCH and nothing to track it by. */
export interface BaselineMessage {
  /** Below the version segment, e.g. `/deviceManagement/deviceCompliancePolicies/{id}/assignments/{id}`. */
  readonly path: string;
  readonly apiVersion: ApiVersion;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Base64 JSON, which is what the Functions host decodes by default. */
export function encodeBaselineMessage(message: BaselineMessage): string {
  return Buffer.from(JSON.stringify({ path: message.path, apiVersion: message.apiVersion, body: message.body }), 'utf8').toString('base64');
}

/** The message as the trigger hands it over (an object once the host parsed the JSON, or text); undefined when it is not one. */
export function parseBaselineMessage(input: unknown): BaselineMessage | undefined {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.path !== 'string' || !m.path.startsWith('/')) return undefined;
  if (!API_VERSIONS.includes(m.apiVersion as ApiVersion)) return undefined;
  if (typeof m.body !== 'object' || m.body === null || Array.isArray(m.body)) return undefined;
  return { path: m.path, apiVersion: m.apiVersion as ApiVersion, body: m.body as Record<string, unknown> };
}
