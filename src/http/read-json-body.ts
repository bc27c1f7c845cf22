import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { problemResponse } from './problem-response.js';

export type BodyResult = { ok: true; value: unknown } | { ok: false; response: HttpResponseInit };

/**
 * Reads a JSON request body within a size limit. The declared length is checked before reading
 * so an oversized upload is refused without buffering it; the actual length is checked after.
 */
export async function readJsonBody(request: HttpRequest, maxBytes: number): Promise<BodyResult> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type)) {
    return refuse(415, 'unsupported-media-type', 'Unsupported media type', `Content-Type must be application/json, got '${type || 'none'}'.`);
  }
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(declared, maxBytes);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes);
  if (bytes.length === 0) return refuse(400, 'invalid-request', 'Empty body', 'The request body is empty; a JSON object is expected.');
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    return refuse(400, 'invalid-request', 'Body is not JSON', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(size: number, max: number): BodyResult {
  return refuse(413, 'payload-too-large', 'Request body too large', `The body is ${size} bytes; at most ${max} bytes are accepted. Split the batch into several jobs.`);
}

function refuse(status: number, kind: Parameters<typeof problemResponse>[1], title: string, detail: string): BodyResult {
  return { ok: false, response: problemResponse(status, kind, title, detail) };
}
