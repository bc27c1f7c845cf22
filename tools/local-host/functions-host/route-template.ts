/**
 * An ASP.NET-style route template as HTTP triggers use them: `jobs/{jobId}/items`, optional
 * parameters `{x?}`, defaults `{x=1}`, catch-alls `{*rest}` and inline constraints
 * `{id:guid}`, `{n:int:min(1)}`, `{s:regex(^a.+$)}`. Literals match case-insensitively.
 */
export interface RouteTemplate {
  readonly template: string;
  /** Precedence key: lower sorts first, like ASP.NET (literal < constrained < plain < catch-all). */
  readonly precedence: readonly number[];
  /** Route values for a decoded path (segments without the route prefix), or undefined. */
  match(segments: readonly string[]): Record<string, string> | undefined;
}

interface Parameter {
  readonly name: string;
  readonly optional: boolean;
  readonly catchAll: boolean;
  readonly defaultValue: string | undefined;
  readonly constraints: readonly ((value: string) => boolean)[];
}

interface Segment {
  readonly pattern: RegExp;
  readonly parameters: readonly Parameter[];
  /** The segment is one parameter and nothing else. */
  readonly whole: Parameter | undefined;
  readonly rank: number;
}

export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.replace(/^[~/]+|\/+$/g, '');
  const segments = trimmed === '' ? [] : trimmed.split('/').map((raw) => parseSegment(raw, template));
  const catchAllIndex = segments.findIndex((s) => s.whole?.catchAll);
  if (catchAllIndex >= 0 && catchAllIndex !== segments.length - 1) {
    throw new Error(`Route template "${template}": a catch-all parameter must be the last segment`);
  }
  return {
    template,
    precedence: segments.map((s) => s.rank),
    match: (path) => matchSegments(segments, path),
  };
}

function matchSegments(segments: readonly Segment[], path: readonly string[]): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const whole = segment.whole;
    if (whole?.catchAll) {
      const rest = path.slice(i).join('/');
      const value = rest === '' ? whole.defaultValue : rest;
      // A catch-all is implicitly optional.
      if (value === undefined) return values;
      if (!whole.constraints.every((check) => check(value))) return undefined;
      values[whole.name] = value;
      return values;
    }
    const part = path[i];
    if (part === undefined || part === '') {
      // Missing trailing segments are fine only for optional or defaulted parameters.
      if (!whole || (!whole.optional && whole.defaultValue === undefined)) return undefined;
      if (whole.defaultValue !== undefined) values[whole.name] = whole.defaultValue;
      continue;
    }
    const match = segment.pattern.exec(part);
    if (!match) return undefined;
    for (let p = 0; p < segment.parameters.length; p++) {
      const parameter = segment.parameters[p]!;
      const value = match[p + 1] ?? '';
      if (!parameter.constraints.every((check) => check(value))) return undefined;
      values[parameter.name] = value;
    }
  }
  return path.length > segments.length && path.slice(segments.length).some((p) => p !== '') ? undefined : values;
}

function parseSegment(raw: string, template: string): Segment {
  const parameters: Parameter[] = [];
  let pattern = '';
  let rest = raw;
  while (rest.length > 0) {
    const open = rest.indexOf('{');
    if (open < 0) {
      pattern += escapeRegExp(rest);
      break;
    }
    pattern += escapeRegExp(rest.slice(0, open));
    const close = findClosingBrace(rest, open);
    if (close < 0) throw new Error(`Route template "${template}" has an unclosed "{"`);
    parameters.push(parseParameter(rest.slice(open + 1, close), template));
    pattern += '(.+?)';
    rest = rest.slice(close + 1);
  }
  const whole = parameters.length === 1 && /^\{[^]*\}$/.test(raw) ? parameters[0] : undefined;
  const rank =
    parameters.length === 0 ? 1 : !whole ? 2 : whole.catchAll ? 5 : whole.constraints.length > 0 ? 3 : 4;
  return { pattern: new RegExp(`^${pattern}$`, 'i'), parameters, whole, rank };
}

/** Constraints such as `regex(a{2})` may contain braces, so count nesting. */
function findClosingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function parseParameter(body: string, template: string): Parameter {
  let text = body.trim();
  const catchAll = text.startsWith('*');
  if (catchAll) text = text.replace(/^\*+/, '');
  let optional = false;
  let defaultValue: string | undefined;
  const equals = indexOutsideParens(text, '=');
  if (equals >= 0) {
    defaultValue = text.slice(equals + 1);
    text = text.slice(0, equals);
  }
  if (text.endsWith('?')) {
    optional = true;
    text = text.slice(0, -1);
  }
  const [name = '', ...constraintTexts] = splitOutsideParens(text, ':');
  if (!/^[A-Za-z_][\w-]*$/.test(name)) {
    throw new Error(`Route template "${template}" has an invalid parameter name "${name}"`);
  }
  return { name, optional, catchAll, defaultValue, constraints: constraintTexts.map(toConstraint) };
}

function toConstraint(text: string): (value: string) => boolean {
  const match = /^(\w+)(?:\((.*)\))?$/s.exec(text);
  const kind = match?.[1]?.toLowerCase();
  const args = (match?.[2] ?? '').split(',').map((a) => a.trim());
  const num = (i: number) => Number(args[i]);
  switch (kind) {
    case 'int':
    case 'long':
      return (v) => /^-?\d+$/.test(v);
    case 'decimal':
    case 'double':
    case 'float':
      return (v) => v.trim() !== '' && Number.isFinite(Number(v));
    case 'bool':
      return (v) => /^(true|false)$/i.test(v);
    case 'guid':
      return (v) => /^[{(]?[\da-f]{8}-?[\da-f]{4}-?[\da-f]{4}-?[\da-f]{4}-?[\da-f]{12}[)}]?$/i.test(v);
    case 'datetime':
      return (v) => !Number.isNaN(Date.parse(v));
    case 'alpha':
      return (v) => /^[a-z]+$/i.test(v);
    case 'minlength':
      return (v) => v.length >= num(0);
    case 'maxlength':
      return (v) => v.length <= num(0);
    case 'length':
      return args.length > 1 ? (v) => v.length >= num(0) && v.length <= num(1) : (v) => v.length === num(0);
    case 'min':
      return (v) => Number(v) >= num(0);
    case 'max':
      return (v) => Number(v) <= num(0);
    case 'range':
      return (v) => Number(v) >= num(0) && Number(v) <= num(1);
    case 'regex': {
      const regExp = new RegExp(match?.[2] ?? '', 'i');
      return (v) => regExp.test(v);
    }
    case 'required':
      return (v) => v !== '';
    default:
      // Unknown (custom) constraints cannot be evaluated here; accept rather than hide the route.
      return () => true;
  }
}

function splitOutsideParens(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function indexOutsideParens(text: string, char: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === char && depth === 0) return i;
  }
  return -1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
