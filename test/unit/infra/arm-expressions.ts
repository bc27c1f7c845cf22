import { createHash } from 'node:crypto';

/**
 * A small evaluator for the subset of ARM template expressions `infra/main.json` uses, so tests
 * can compute the names and settings a deployment would produce. Functions that only Azure can
 * answer (`reference`, `listKeys`, `uniqueString`, `resourceGroup`, `environment`) return stand-ins
 * and are recorded, so a test can check what they were asked for. An unknown function, a missing
 * parameter or variable, or a malformed expression throws: the template must stay inside what is
 * checked here.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type Node =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

export interface FunctionCall {
  readonly name: string;
  readonly args: readonly unknown[];
}

export interface EvaluationContext {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, Json>>;
  readonly copyIndex?: number;
  /** Every call of `reference`, `listKeys` and other list functions, in order. */
  readonly calls: FunctionCall[];
  /** Evaluated variables, shared across evaluations of one template. */
  readonly variableCache: Map<string, unknown>;
}

export const STAND_IN = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  tenantId: '44444444-4444-4444-8444-444444444444',
  resourceGroup: 'rg-bulk-assign',
  location: 'westeurope',
  storageKey: 'c3RhbmQtaW4ta2V5LWZyb20tbGlzdEtleXM=',
  clientId: '11111111-1111-4111-8111-111111111111',
  principalId: '22222222-2222-4222-8222-222222222222',
  appInsightsConnection: 'InstrumentationKey=33333333-3333-4333-8333-333333333333;IngestionEndpoint=https://westeurope-0.in.applicationinsights.azure.com/',
} as const;

/** True for a string ARM evaluates as an expression: `[...]`, but not `[[...`. */
export function isExpression(text: string): boolean {
  return text.startsWith('[') && text.endsWith(']') && !text.startsWith('[[');
}

export function parseExpression(text: string): Node {
  if (!isExpression(text)) throw new Error(`not an expression: ${text}`);
  const source = text.slice(1, -1);
  let pos = 0;

  const skipSpace = (): void => {
    while (pos < source.length && /\s/.test(source[pos]!)) pos++;
  };
  const fail = (message: string): never => {
    throw new Error(`${message} at ${pos} in ${text}`);
  };
  const expect = (char: string): void => {
    skipSpace();
    if (source[pos] !== char) fail(`expected '${char}'`);
    pos++;
  };

  const primary = (): Node => {
    skipSpace();
    const char = source[pos];
    if (char === "'") {
      let value = '';
      pos++;
      for (;;) {
        if (pos >= source.length) fail('unterminated string');
        if (source[pos] === "'") {
          if (source[pos + 1] === "'") {
            value += "'";
            pos += 2;
            continue;
          }
          pos++;
          return { kind: 'string', value };
        }
        value += source[pos];
        pos++;
      }
    }
    const number = /^-?\d+/.exec(source.slice(pos));
    if (number) {
      pos += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(pos));
    if (!name) return fail('expected a string, number or function');
    pos += name[0].length;
    expect('(');
    const args: Node[] = [];
    skipSpace();
    if (source[pos] === ')') {
      pos++;
    } else {
      for (;;) {
        args.push(postfix());
        skipSpace();
        if (source[pos] === ',') {
          pos++;
          continue;
        }
        expect(')');
        break;
      }
    }
    return { kind: 'call', name: name[0], args };
  };

  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      skipSpace();
      if (source[pos] === '.') {
        pos++;
        skipSpace();
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(pos));
        if (!name) fail('expected a property name');
        pos += name![0].length;
        node = { kind: 'property', target: node, name: name![0] };
      } else if (source[pos] === '[') {
        pos++;
        const index = postfix();
        expect(']');
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  };

  const node = postfix();
  skipSpace();
  if (pos !== source.length) fail('unexpected text');
  return node;
}

/** Every function name called anywhere in an expression. */
export function calledFunctions(node: Node): string[] {
  switch (node.kind) {
    case 'call':
      return [node.name.toLowerCase(), ...node.args.flatMap(calledFunctions)];
    case 'property':
      return calledFunctions(node.target);
    case 'index':
      return [...calledFunctions(node.target), ...calledFunctions(node.index)];
    default:
      return [];
  }
}

/** A deterministic stand-in with uniqueString's shape: 13 lower-case letters and digits. */
export function uniqueStringStandIn(...parts: string[]): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let out = '';
  for (let i = 0; i < 13; i++) out += alphabet[digest[i]! % 32];
  return out;
}

export function resourceGroupId(): string {
  return `/subscriptions/${STAND_IN.subscriptionId}/resourceGroups/${STAND_IN.resourceGroup}`;
}

/** The id of a resource of `type` ('Namespace/t1/t2') named `names` ('n1', 'n2'). */
export function resourceIdOf(type: string, names: readonly string[]): string {
  const [namespace, ...types] = type.split('/');
  if (!namespace || types.length === 0) throw new Error(`resource type without a namespace: ${type}`);
  if (types.length !== names.length) throw new Error(`resource type ${type} needs ${types.length} name segments, got ${names.length}: ${names.join('/')}`);
  return `${resourceGroupId()}/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
}

/** The resource type an id names, e.g. 'Microsoft.Storage/storageAccounts'. */
export function typeOfResourceId(id: string): string {
  const providers = id.split('/providers/')[1];
  if (!providers) throw new Error(`not a resource id: ${id}`);
  const [namespace, ...rest] = providers.split('/');
  return [namespace, ...rest.filter((_, i) => i % 2 === 0)].join('/');
}

function format(template: string, args: readonly unknown[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}|\{[^}]*\}/g, (match, index: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (index === undefined) throw new Error(`unsupported format item ${match} in '${template}'`);
    const value = args[Number(index)];
    if (value === undefined) throw new Error(`format item ${match} has no argument in '${template}'`);
    return String(value);
  });
}

function text(value: unknown, fn: string): string {
  if (typeof value !== 'string') throw new Error(`${fn} expects a string, got ${JSON.stringify(value)}`);
  return value;
}

function standInReference(id: string): Record<string, unknown> {
  const type = typeOfResourceId(id);
  const name = id.split('/').at(-1)!;
  switch (type) {
    case 'Microsoft.Web/sites':
      return { defaultHostName: `${name}.azurewebsites.net` };
    case 'Microsoft.ManagedIdentity/userAssignedIdentities':
      return { clientId: STAND_IN.clientId, principalId: STAND_IN.principalId, tenantId: STAND_IN.subscriptionId };
    case 'Microsoft.Insights/components':
      return { ConnectionString: STAND_IN.appInsightsConnection, InstrumentationKey: '33333333-3333-4333-8333-333333333333' };
    default:
      throw new Error(`no stand-in for reference() to ${type}`);
  }
}

export function evaluateNode(node: Node, ctx: EvaluationContext): unknown {
  switch (node.kind) {
    case 'string':
    case 'number':
      return node.value;
    case 'property': {
      const target = evaluateNode(node.target, ctx);
      if (!target || typeof target !== 'object' || !(node.name in target)) {
        throw new Error(`no property '${node.name}' on ${JSON.stringify(target)}`);
      }
      return (target as Record<string, unknown>)[node.name];
    }
    case 'index': {
      const target = evaluateNode(node.target, ctx);
      const index = evaluateNode(node.index, ctx);
      if (Array.isArray(target) && typeof index === 'number') {
        if (index < 0 || index >= target.length) throw new Error(`index ${index} out of range`);
        return target[index];
      }
      if (target && typeof target === 'object' && typeof index === 'string' && index in target) {
        return (target as Record<string, unknown>)[index];
      }
      throw new Error(`cannot index ${JSON.stringify(target)} with ${JSON.stringify(index)}`);
    }
    case 'call':
      return call(node.name.toLowerCase(), node.args.map((arg) => evaluateNode(arg, ctx)), ctx);
  }
}

function call(name: string, args: unknown[], ctx: EvaluationContext): unknown {
  switch (name) {
    case 'parameters': {
      const key = text(args[0], name);
      if (!(key in ctx.parameters)) throw new Error(`parameters('${key}') is not declared`);
      return ctx.parameters[key];
    }
    case 'variables': {
      const key = text(args[0], name);
      if (!(key in ctx.variables)) throw new Error(`variables('${key}') is not declared`);
      if (!ctx.variableCache.has(key)) {
        ctx.variableCache.set(key, undefined); // marks "in progress" for cycle detection
        ctx.variableCache.set(key, evaluateValue(ctx.variables[key]!, { ...ctx, copyIndex: undefined }));
      } else if (ctx.variableCache.get(key) === undefined) {
        throw new Error(`variables('${key}') refers to itself`);
      }
      return ctx.variableCache.get(key);
    }
    case 'format':
      return format(text(args[0], name), args.slice(1));
    case 'concat':
      if (args.every(Array.isArray)) return (args as unknown[][]).flat();
      return args.map((arg) => text(arg, name)).join('');
    case 'tolower':
      return text(args[0], name).toLowerCase();
    case 'toupper':
      return text(args[0], name).toUpperCase();
    case 'take': {
      const count = args[1];
      if (typeof count !== 'number') throw new Error('take expects a count');
      if (typeof args[0] === 'string' || Array.isArray(args[0])) return args[0].slice(0, Math.max(0, count));
      throw new Error('take expects a string or an array');
    }
    case 'length':
      if (typeof args[0] === 'string' || Array.isArray(args[0])) return args[0].length;
      if (args[0] && typeof args[0] === 'object') return Object.keys(args[0]).length;
      throw new Error('length expects a string, array or object');
    case 'string':
      return typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    case 'uniquestring':
      return uniqueStringStandIn(...args.map((arg) => text(arg, name)));
    case 'resourcegroup':
      return { id: resourceGroupId(), name: STAND_IN.resourceGroup, location: STAND_IN.location };
    case 'subscription':
      return { id: `/subscriptions/${STAND_IN.subscriptionId}`, subscriptionId: STAND_IN.subscriptionId, tenantId: STAND_IN.tenantId };
    case 'environment':
      return { name: 'AzureCloud', suffixes: { storage: 'core.windows.net' } };
    case 'resourceid': {
      const strings = args.map((arg) => text(arg, name));
      const typeAt = strings.findIndex((s) => s.includes('/'));
      if (typeAt < 0 || typeAt > 2) throw new Error(`resourceId without a resource type: ${strings.join(', ')}`);
      if (typeAt > 0) throw new Error('resourceId across subscriptions or groups is outside this template');
      return resourceIdOf(strings[typeAt]!, strings.slice(typeAt + 1));
    }
    case 'copyindex': {
      if (ctx.copyIndex === undefined) throw new Error('copyIndex() outside a copy loop');
      const offset = args[0] === undefined ? 0 : args[0];
      if (typeof offset !== 'number') throw new Error('copyIndex takes a numeric offset here');
      return ctx.copyIndex + offset;
    }
    case 'reference': {
      const id = text(args[0], name);
      ctx.calls.push({ name, args });
      return standInReference(id);
    }
    case 'listkeys': {
      const id = text(args[0], name);
      ctx.calls.push({ name, args });
      if (typeOfResourceId(id) !== 'Microsoft.Storage/storageAccounts') throw new Error(`no stand-in for listKeys on ${id}`);
      return { keys: [{ keyName: 'key1', value: STAND_IN.storageKey, permissions: 'FULL' }] };
    }
    case 'true':
      return true;
    case 'false':
      return false;
    case 'equals':
      return JSON.stringify(args[0]) === JSON.stringify(args[1]);
    case 'not':
      return !args[0];
    case 'empty':
      return args[0] === null || args[0] === '' || (Array.isArray(args[0]) && args[0].length === 0)
        || (typeof args[0] === 'object' && args[0] !== null && Object.keys(args[0]).length === 0);
    case 'if':
      return args[0] ? args[1] : args[2];
    default:
      throw new Error(`function ${name}() is not supported by this evaluator`);
  }
}

/** Evaluates every expression inside a JSON value, keys included; `[[` escapes lose one bracket. */
export function evaluateValue(value: Json, ctx: EvaluationContext): unknown {
  if (typeof value === 'string') {
    if (isExpression(value)) return evaluateNode(parseExpression(value), ctx);
    return value.startsWith('[[') ? value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, ctx));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [String(evaluateValue(key, ctx)), evaluateValue(item, ctx)]),
    );
  }
  return value;
}

/** Every string in a JSON value, property names included, with where it is. */
export function allStrings(value: Json, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => allStrings(item, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      { path: `${path}{key ${key}}`, text: key },
      ...allStrings(item, `${path}.${key}`),
    ]);
  }
  return [];
}
