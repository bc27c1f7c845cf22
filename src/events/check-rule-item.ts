import { API_VERSIONS } from '../catalog/catalog-endpoints.js';
import { checkObjectKeys, describeJsonValue, isPlainObject } from '../validation/json-checks.js';
import { fieldPath, type ReportError } from '../validation/field-errors.js';
import { ID_SEGMENT, resolveGraphPath } from '../catalog/resolve-graph-path.js';
import { compileTemplate, compileTemplateNode, type CompileOptions, type TemplateNode } from './compile-template-node.js';
import type { RuleItemTemplate } from './event-rule.js';
import type { Template } from './parse-template.js';

const ITEM_KEYS = ['ref', 'apiVersion', 'path', 'body'];
/**
 * Stands in for each placeholder when a path template is checked at load. It must be a valid
 * id segment, so that the check fails only for what the file itself got wrong.
 */
const SAMPLE_ID = 'sample-id';
if (!ID_SEGMENT.test(SAMPLE_ID)) throw new Error('SAMPLE_ID must be a valid id segment');

/**
 * Checks and compiles one entry of a rule's `items`: a job item (`ref`, `apiVersion`, `path`,
 * `body`) whose strings are templates.
 *
 * What can be checked without an event is checked now: the keys, placeholder syntax, that
 * `apiVersion` names a version when it has no placeholders, and that `path` names a catalog
 * endpoint once each placeholder is read as an id. Everything else (and the path again, with
 * the real values) is checked per event by `validateSubmission`, which stays the one place
 * that decides what may be sent to Graph.
 */
export function checkRuleItem(value: unknown, field: string, report: ReportError, options: CompileOptions): RuleItemTemplate | undefined {
  if (!isPlainObject(value)) {
    report(field, `must be an object with path and body, got ${describeJsonValue(value)}`);
    return undefined;
  }
  let failed = false;
  const note: ReportError = (f, m) => {
    failed = true;
    report(f, m);
  };
  // Forbidden keys are reported by parseEventRules's scan of the whole file, not again here.
  checkObjectKeys(value, ITEM_KEYS, field, note, 'an item');

  const ref = optionalTemplate(value.ref, fieldPath(field, 'ref'), note, options);
  const apiVersion = optionalTemplate(value.apiVersion, fieldPath(field, 'apiVersion'), note, options);
  if (apiVersion && apiVersion.parts.every((p) => typeof p === 'string') && !API_VERSIONS.some((v) => v === apiVersion.text)) {
    note(fieldPath(field, 'apiVersion'), `must be one of ${API_VERSIONS.join(', ')} (or a placeholder); got ${describeJsonValue(apiVersion.text)}`);
  }
  const pathField = fieldPath(field, 'path');
  const path = value.path === undefined ? undefined : optionalTemplate(value.path, pathField, note, options);
  if (value.path === undefined) note(pathField, 'is required: the Graph path of the assignment, placeholders allowed');
  if (path) checkPathShape(path, pathField, note);

  const bodyField = fieldPath(field, 'body');
  let body: TemplateNode | undefined;
  if (value.body === undefined) note(bodyField, 'is required: the assignment to PATCH, placeholders allowed in its strings');
  else if (!isPlainObject(value.body)) note(bodyField, `must be an object, got ${describeJsonValue(value.body)}`);
  else body = compileTemplateNode(value.body, bodyField, note, options);

  if (failed || !path || !body) return undefined;
  return Object.freeze({ ref, apiVersion, path, body });
}

function optionalTemplate(value: unknown, field: string, report: ReportError, options: CompileOptions): Template | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    report(field, `must be a string, got ${describeJsonValue(value)}`);
    return undefined;
  }
  return compileTemplate(value, field, report, options);
}

/** The path with a sample id for each placeholder must name a catalog endpoint. */
function checkPathShape(path: Template, field: string, report: ReportError): void {
  const sample = path.parts.map((p) => (typeof p === 'string' ? p : SAMPLE_ID)).join('');
  const resolved = resolveGraphPath(sample);
  if (!resolved.ok) {
    const placeholders = sample === path.text ? '' : ' (checked with an id in place of each placeholder: placeholders stand for ids)';
    report(field, `${resolved.message}${placeholders}`);
  }
}
