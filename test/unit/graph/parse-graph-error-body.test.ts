import { describe, expect, it } from 'vitest';
import { parseGraphErrorBody } from '../../../src/graph/parse-graph-error-body.js';

describe('parseGraphErrorBody', () => {
  it('reads code and message of a Graph error body', () => {
    const body = JSON.stringify({ error: { code: 'BadRequest', message: 'Nope.', innerError: { 'request-id': 'r' } } });
    expect(parseGraphErrorBody(body)).toEqual({ code: 'BadRequest', message: 'Nope.' });
  });

  it('gives undefined for bodies that are not Graph errors', () => {
    expect(parseGraphErrorBody('')).toBeUndefined();
    expect(parseGraphErrorBody('<html>Bad Gateway</html>')).toBeUndefined();
    expect(parseGraphErrorBody('{"id":"a1"}')).toBeUndefined();
    expect(parseGraphErrorBody('{"error":"plain string"}')).toBeUndefined();
    expect(parseGraphErrorBody('null')).toBeUndefined();
  });

  it('keeps the code when the message is missing', () => {
    expect(parseGraphErrorBody('{"error":{"code":"TooManyRequests"}}')).toEqual({ code: 'TooManyRequests', message: undefined });
  });
});
