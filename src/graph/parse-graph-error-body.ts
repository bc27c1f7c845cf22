/** The part of a Graph error body the service acts on (`error.code`) or shows (`error.message`). */
export interface GraphErrorBody {
  readonly code: string | undefined;
  readonly message: string | undefined;
}

/**
 * Reads `{"error":{"code","message",...}}` from a response body.
 *
 * Returns `undefined` when the body is not a Graph error (empty, HTML from a gateway, other
 * JSON), so callers decide on the status code alone. Callers must branch on `code`; `message`
 * is for people and changes without notice.
 */
export function parseGraphErrorBody(text: string): GraphErrorBody | undefined {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isRecord(parsed['error'])) return undefined;
  const error = parsed['error'];
  const code = typeof error['code'] === 'string' && error['code'] !== '' ? error['code'] : undefined;
  const message = typeof error['message'] === 'string' && error['message'] !== '' ? error['message'] : undefined;
  if (code === undefined && message === undefined) return undefined;
  return { code, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
