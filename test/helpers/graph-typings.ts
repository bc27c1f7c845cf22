import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';
import type { ApiVersion } from '../../src/catalog/catalog-endpoints.js';

/**
 * Graph's published metadata as the `@microsoft/microsoft-graph-types` (v1.0) and
 * `@microsoft/microsoft-graph-types-beta` packages render it: one interface per entity or complex
 * type (named like the type, first letter upper-case; base types through `extends`) and one
 * string-literal union per enum. Read with the TypeScript parser, so comments, line breaks and
 * union layout cannot fool it.
 */
export interface GraphTypings {
  readonly version: ApiVersion;
  /** Package name and version the model was read from. */
  readonly source: string;
  readonly interfaces: ReadonlyMap<string, TypingsInterface>;
  /** Enum types: alias name to its string values. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
}

export interface TypingsInterface {
  readonly name: string;
  /** Direct base interfaces. */
  readonly bases: readonly string[];
  /** Own properties, not inherited ones. */
  readonly properties: ReadonlyMap<string, TypingsProperty>;
}

export interface TypingsProperty {
  readonly name: string;
  /** The referenced interface or enum name, `string`, `number`, `boolean` or `any`. */
  readonly typeName: string;
  /** True for `T[]`: a collection (navigation or complex collection). */
  readonly collection: boolean;
  /** True when the generator's comment says so ("Read-only.", "This property is read-only."). */
  readonly readOnly: boolean;
}

const PACKAGES: Record<ApiVersion, string> = {
  'v1.0': '@microsoft/microsoft-graph-types',
  beta: '@microsoft/microsoft-graph-types-beta',
};

const cache = new Map<ApiVersion, GraphTypings>();

/** Reads (once per process) the typings package of a Graph version. */
export function readGraphTypings(version: ApiVersion): GraphTypings {
  const cached = cache.get(version);
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const name = PACKAGES[version];
  const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string };
  const file = require.resolve(`${name}/microsoft-graph.d.ts`);
  const model = parseTypings(readFileSync(file, 'utf8'), version, `${name}@${pkg.version}`);
  cache.set(version, model);
  return model;
}

/** Builds the model from the text of a typings file. */
export function parseTypings(text: string, version: ApiVersion, source: string): GraphTypings {
  const file = ts.createSourceFile('microsoft-graph.d.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const interfaces = new Map<string, TypingsInterface>();
  const enums = new Map<string, readonly string[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) {
      interfaces.set(node.name.text, readInterface(node, text));
    } else if (ts.isTypeAliasDeclaration(node)) {
      const values = stringLiterals(node.type);
      if (values) enums.set(node.name.text, values);
    }
    // Namespaces (`CallRecords`, `SecurityNamespace`, …) hold the types of Graph's sub-namespaces,
    // some named like types of `microsoft.graph` itself; the catalog uses none of them.
  };
  ts.forEachChild(file, visit);
  return { version, source, interfaces, enums };
}

function readInterface(node: ts.InterfaceDeclaration, text: string): TypingsInterface {
  const bases = (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((t) => t.expression.getText()));
  const properties = new Map<string, TypingsProperty>();
  for (const member of node.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const name = member.name.getText();
    const comments = (ts.getLeadingCommentRanges(text, member.getFullStart()) ?? [])
      .map((range) => text.slice(range.pos, range.end))
      .join('\n');
    properties.set(name, { name, ...describeType(member.type), readOnly: /\bread-only\b/i.test(comments) });
  }
  return { name: node.name.text, bases, properties };
}

/** Unwraps `NullableOption<T>` and `T[]` down to the named type. */
function describeType(type: ts.TypeNode): { typeName: string; collection: boolean } {
  if (ts.isTypeReferenceNode(type) && type.typeName.getText() === 'NullableOption' && type.typeArguments?.[0]) {
    return describeType(type.typeArguments[0]);
  }
  if (ts.isArrayTypeNode(type)) return { typeName: describeType(type.elementType).typeName, collection: true };
  if (ts.isTypeReferenceNode(type)) return { typeName: type.typeName.getText(), collection: false };
  return { typeName: type.getText(), collection: false };
}

function stringLiterals(type: ts.TypeNode): string[] | undefined {
  const members = ts.isUnionTypeNode(type) ? type.types : [type];
  const values: string[] = [];
  for (const member of members) {
    if (!ts.isLiteralTypeNode(member) || !ts.isStringLiteral(member.literal)) return undefined;
    values.push(member.literal.text);
  }
  return values;
}

/** Every property of an interface, its bases' first (as Graph's metadata inherits them). */
export function allProperties(typings: GraphTypings, name: string): Map<string, TypingsProperty> {
  const type = typings.interfaces.get(name);
  if (!type) throw new Error(`${typings.source} has no type ${name}`);
  const properties = new Map<string, TypingsProperty>();
  for (const base of type.bases) for (const [key, value] of allProperties(typings, base)) properties.set(key, value);
  for (const [key, value] of type.properties) properties.set(key, value);
  return properties;
}

/** True when `name` is `ancestor` or derives from it. */
export function derivesFrom(typings: GraphTypings, name: string, ancestor: string): boolean {
  if (name === ancestor) return true;
  return (typings.interfaces.get(name)?.bases ?? []).some((base) => derivesFrom(typings, base, ancestor));
}

/** Every interface deriving from `ancestor`, itself excluded. */
export function subtypesOf(typings: GraphTypings, ancestor: string): string[] {
  return [...typings.interfaces.keys()].filter((name) => name !== ancestor && derivesFrom(typings, name, ancestor)).sort();
}

/** `microsoft.graph.groupAssignmentTarget` for `GroupAssignmentTarget`, and back. */
export function odataTypeOf(interfaceName: string): string {
  return `microsoft.graph.${interfaceName[0]?.toLowerCase()}${interfaceName.slice(1)}`;
}

export function interfaceNameOf(odataType: string): string {
  const bare = odataType.replace(/^#?microsoft\.graph\./, '');
  return `${bare[0]?.toUpperCase()}${bare.slice(1)}`;
}
