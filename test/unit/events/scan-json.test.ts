import { describe, expect, it } from 'vitest';
import { lineAndColumn, scanJson } from '../../../src/events/load-event-rules.js';

const VALID = [
  '{}',
  '[]',
  ' { "a" : [1, -2.5e+3, 0, 0.0, true, false, null, "x\\n\\u00e9\\"\\\\\\/"] } ',
  '"just a string"',
  '-0',
  '[[[[]]]]',
  '{"a":{"a":{"a":1}}}',
];

const INVALID: Array<[string, string, number]> = [
  ['{"a":1,}', 'trailing commas', 7],
  ['[1,2,]', 'trailing commas', 5],
  ['{"a" 1}', "expected ':'", 5],
  ['{a:1}', 'property name in double quotes', 1],
  ["{'a':1}", 'property name in double quotes', 1],
  ['{"a":}', 'expected a value', 5],
  ['{"a":1', "expected ',' or '}'", 6],
  ['[1 2]', "expected ',' or ']'", 3],
  ['"abc', 'never closed', 0],
  ['"a\\x"', 'invalid escape', 2],
  ['"\\u12G4"', 'invalid escape', 1],
  ['"tab\there"', 'control character', 4],
  ['01', 'invalid number', 1],
  ['1.', 'invalid number', 1],
  ['-', 'invalid number', 0],
  ['.5', 'expected a value', 0],
  ['{"a":1} x', 'after the end of the JSON value', 8],
  ['', 'expected a value, found end of input', 0],
  ['tru', 'expected a value', 0],
  ['NaN', 'expected a value', 0],
];

describe('scanJson', () => {
  it.each(VALID)('accepts %s, as JSON.parse does', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(scanJson(text)).toEqual({ ok: true, duplicateKeys: [] });
  });

  it.each(INVALID)('refuses %j with "%s" at offset %i, as JSON.parse refuses it', (text, message, offset) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const scan = scanJson(text);
    expect(scan).toMatchObject({ ok: false, offset });
    if (!scan.ok) expect(scan.message).toContain(message);
  });

  it('finds a key repeated in one object, at its second occurrence', () => {
    expect(scanJson('{"a":1,"b":2,"a":3}')).toEqual({ ok: true, duplicateKeys: [{ offset: 13, key: 'a' }] });
  });

  it('finds a repeat written with an escape, since it is the same key', () => {
    expect(scanJson('{"a":1,"\\u0061":2}')).toMatchObject({ duplicateKeys: [{ key: 'a' }] });
  });

  it('does not count the same key in different objects', () => {
    expect(scanJson('[{"a":1},{"a":2,"b":{"a":3}}]')).toEqual({ ok: true, duplicateKeys: [] });
  });

  it('finds repeats at any depth', () => {
    expect(scanJson('{"x":[{"when":{"k":1,"k":2}}]}')).toMatchObject({ duplicateKeys: [{ key: 'k' }] });
  });

  it('refuses nesting deeper than it can check, instead of overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(scanJson(deep)).toMatchObject({ ok: false, message: 'nesting deeper than 512 levels' });
  });
});

describe('lineAndColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('ab\ncd\nef', 6)).toEqual({ line: 3, column: 1 });
  });
});
