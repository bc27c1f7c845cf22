import type { AssignAction } from '../../src/catalog/assign-actions.js';
import type { AssignmentTargetType } from '../../src/catalog/assignment-targets.js';
import type { BodyProperty, CatalogEndpoint } from '../../src/catalog/catalog-endpoints.js';
import { allProperties, derivesFrom, interfaceNameOf, odataTypeOf, subtypesOf, type GraphTypings } from './graph-typings.js';

/** What the catalog says, as the check reads it (a parameter, so a test can hand it a wrong one). */
export interface CatalogUnderCheck {
  readonly endpoints: readonly CatalogEndpoint[];
  readonly targets: readonly AssignmentTargetType[];
  /** Values the catalog accepts for each enum-typed body property. */
  readonly bodyEnums: Readonly<Partial<Record<BodyProperty, readonly string[]>>>;
  readonly assignActions: readonly AssignAction[];
}

export const FINDINGS = {
  acceptedAbsent: 'accepted, not in metadata',
  refusedPresent: 'refused, in metadata',
  acceptedReadOnly: 'accepted, read-only in metadata',
  uncast: 'reached without a type cast',
  otherResource: 'metadata gives another resource type',
} as const;
export type Finding = (typeof FINDINGS)[keyof typeof FINDINGS];

/** One place where the catalog and a version's metadata disagree. */
export interface MetadataFinding {
  /** What is compared: `endpoint <id>`, `<resource>.<property>`, `target <type>[.<property>]`, `<owner>.<property> = <value>`, `assign <kind>`. */
  readonly subject: string;
  readonly finding: Finding;
}

const ROOT: Readonly<Record<string, string>> = { deviceManagement: 'DeviceManagement' };
const TARGET_BASE = 'DeviceAndAppManagementAssignmentTarget';
const CAST = /^microsoft\.graph\./;

/** Where a walk along a path template ended: the entity types it may be, and whether it is a collection. */
interface WalkEnd {
  readonly types: readonly string[];
  readonly collection: boolean;
  /** Segments found only on derived types of the type reached so far. */
  readonly uncast: readonly string[];
}

/**
 * Every disagreement between the catalog and one version's typings: endpoints, body properties,
 * assignment targets, enum values and `/assign` actions, each in both directions (accepted but
 * absent, refused but present), plus read-only properties the catalog accepts and navigations
 * reached without the type cast that defines them. Sorted, without duplicates.
 */
export function compareCatalogWithTypings(catalog: CatalogUnderCheck, typings: GraphTypings): MetadataFinding[] {
  const findings = new Map<string, MetadataFinding>();
  const add = (subject: string, finding: Finding) => findings.set(`${subject}\u0000${finding}`, { subject, finding });
  const { version } = typings;

  for (const endpoint of catalog.endpoints) {
    const accepted = endpoint.versions[version];
    const end = walk(typings, endpoint.template);
    if (!end) {
      if (accepted) add(`endpoint ${endpoint.id}`, FINDINGS.acceptedAbsent);
      continue;
    }
    if (!accepted) {
      add(`endpoint ${endpoint.id}`, FINDINGS.refusedPresent);
      continue;
    }
    for (const segment of end.uncast) add(`endpoint ${endpoint.id} segment ${segment}`, FINDINGS.uncast);
    const resource = interfaceNameOf(endpoint.resourceType);
    if (end.types.some((t) => t !== resource)) {
      add(`endpoint ${endpoint.id}`, FINDINGS.otherResource);
      continue;
    }
    compareBody(catalog, typings, endpoint.resourceType, accepted, add);
  }

  compareTargets(catalog.targets, typings, add);

  for (const action of catalog.assignActions) {
    const end = walk(typings, action.assignmentsTemplate);
    const present = end !== undefined && end.collection && end.types.every((t) => t === interfaceNameOf(action.assignmentType));
    const accepted = action.versions[version] !== undefined;
    if (accepted && !present) add(`assign ${action.policyKind}`, FINDINGS.acceptedAbsent);
    if (!accepted && present) add(`assign ${action.policyKind}`, FINDINGS.refusedPresent);
    if (accepted && present) compareBody(catalog, typings, action.assignmentType, action.versions[version] ?? [], add);
  }

  return [...findings.values()].sort((a, b) => `${a.subject} ${a.finding}`.localeCompare(`${b.subject} ${b.finding}`));
}

function compareBody(
  catalog: CatalogUnderCheck,
  typings: GraphTypings,
  resourceType: string,
  accepted: readonly BodyProperty[],
  add: (subject: string, finding: Finding) => void,
): void {
  const owner = resourceType.replace(CAST, '');
  const metadata = allProperties(typings, interfaceNameOf(resourceType));
  for (const name of accepted) {
    const property = metadata.get(name);
    if (!property) add(`${owner}.${name}`, FINDINGS.acceptedAbsent);
    else if (property.readOnly) add(`${owner}.${name}`, FINDINGS.acceptedReadOnly);
    const values = catalog.bodyEnums[name];
    if (property && values) compareEnum(`${owner}.${name}`, values, typings.enums.get(property.typeName), add);
  }
  for (const property of metadata.values()) {
    if (!property.readOnly && !(accepted as readonly string[]).includes(property.name)) {
      add(`${owner}.${property.name}`, FINDINGS.refusedPresent);
    }
  }
}

function compareTargets(
  targets: readonly AssignmentTargetType[],
  typings: GraphTypings,
  add: (subject: string, finding: Finding) => void,
): void {
  if (!typings.interfaces.has(TARGET_BASE)) throw new Error(`${typings.source} has no ${TARGET_BASE}`);
  const inMetadata = new Set([TARGET_BASE, ...subtypesOf(typings, TARGET_BASE)]);
  const inCatalog = new Set(targets.map((t) => interfaceNameOf(t.odataType)));
  for (const name of inMetadata) if (!inCatalog.has(name)) add(`target ${shortName(name)}`, FINDINGS.refusedPresent);

  const baseProperties = allProperties(typings, TARGET_BASE);
  for (const target of targets) {
    const name = interfaceNameOf(target.odataType);
    const subject = `target ${target.name}`;
    // Without the type there is nothing to compare its properties with.
    if (!inMetadata.has(name)) {
      add(subject, FINDINGS.acceptedAbsent);
      continue;
    }
    const metadata = allProperties(typings, name);
    for (const [key, rule] of Object.entries(target.properties)) {
      if (isFilterProperty(key)) continue;
      const property = metadata.get(key);
      if (!property) add(`${subject}.${key}`, FINDINGS.acceptedAbsent);
      else if (rule.kind === 'enum') compareEnum(`${subject}.${key}`, rule.values, typings.enums.get(property.typeName), add);
    }
    for (const property of metadata.values()) {
      if (!property.readOnly && !Object.hasOwn(target.properties, property.name)) add(`${subject}.${property.name}`, FINDINGS.refusedPresent);
    }
  }

  // The filter pair is declared on the base and inherited by every type: compared once, there.
  const base = `target ${shortName(TARGET_BASE)}`;
  const filterRules = new Map(targets.flatMap((t) => Object.entries(t.properties)).filter(([key]) => isFilterProperty(key)));
  for (const [key, rule] of filterRules) {
    const property = baseProperties.get(key);
    if (!property) add(`${base}.${key}`, FINDINGS.acceptedAbsent);
    else if (rule.kind === 'enum') compareEnum(`${base}.${key}`, rule.values, typings.enums.get(property.typeName), add);
  }
}

function shortName(interfaceName: string): string {
  return odataTypeOf(interfaceName).replace(CAST, '');
}

/** The base type's properties as the catalog names them: the filter pair. */
function isFilterProperty(key: string): boolean {
  return key.startsWith('deviceAndAppManagementAssignmentFilter');
}

function compareEnum(
  subject: string,
  accepted: readonly string[],
  metadata: readonly string[] | undefined,
  add: (subject: string, finding: Finding) => void,
): void {
  if (!metadata) return;
  for (const value of accepted) if (!metadata.includes(value)) add(`${subject} = ${value}`, FINDINGS.acceptedAbsent);
  for (const value of metadata) if (!accepted.includes(value)) add(`${subject} = ${value}`, FINDINGS.refusedPresent);
}

/**
 * Follows a catalog template through the typings from the `deviceManagement` singleton: a
 * literal segment is a navigation property, `{id}` picks one entity of a collection, and
 * `microsoft.graph.X` casts to a derived type. A navigation that the type reached so far lacks
 * but some of its derived types have is followed on those types and reported as uncast. Returns
 * undefined when the path does not exist in this version.
 */
function walk(typings: GraphTypings, template: string): WalkEnd | undefined {
  const [rootSegment, ...segments] = template.slice(1).split('/');
  const root = ROOT[rootSegment ?? ''];
  if (!root || !typings.interfaces.has(root)) return undefined;
  let types: string[] = [root];
  let collection = false;
  const uncast: string[] = [];
  for (const segment of segments) {
    if (segment.startsWith('{')) {
      if (!collection) return undefined;
      collection = false;
    } else if (CAST.test(segment)) {
      const cast = interfaceNameOf(segment);
      if (!typings.interfaces.has(cast) || !types.some((t) => derivesFrom(typings, cast, t))) return undefined;
      types = [cast];
    } else {
      if (collection) return undefined;
      const next = navigate(typings, types, segment);
      if (!next) return undefined;
      if (next.uncast) uncast.push(segment);
      types = next.types;
      collection = next.collection;
    }
  }
  return { types: [...new Set(types)], collection, uncast };
}

function navigate(
  typings: GraphTypings,
  from: readonly string[],
  segment: string,
): { types: string[]; collection: boolean; uncast: boolean } | undefined {
  const direct = from.flatMap((t) => [allProperties(typings, t).get(segment)].filter((p) => p !== undefined));
  const derived = direct.length > 0 ? [] : from.flatMap((t) => subtypesOf(typings, t)).flatMap((t) => [allProperties(typings, t).get(segment)].filter((p) => p !== undefined));
  const found = direct.length > 0 ? direct : derived;
  if (found.length === 0) return undefined;
  return {
    types: [...new Set(found.map((p) => p.typeName))],
    collection: found.some((p) => p.collection),
    uncast: direct.length === 0,
  };
}
