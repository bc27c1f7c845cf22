import type { TemplateNode } from './compile-template-node.js';
import type { EventReference } from './event-reference.js';
import type { Template } from './parse-template.js';

import type { Lane } from '../model/job-model.js';

/** A rule's job priority is a lane, as for `POST /api/jobs`. */
export type JobPriority = Lane;
/** What a `when` condition may compare with: JSON's scalars, except null. */
export type ConditionValue = string | number | boolean;

/** One `when` entry: the referenced value must equal one of `anyOf` (same JSON type, same value). */
export interface EventCondition {
  readonly reference: EventReference;
  readonly anyOf: readonly ConditionValue[];
}

/** One job item of a rule, each string a template. */
export interface RuleItemTemplate {
  readonly ref: Template | undefined;
  readonly apiVersion: Template | undefined;
  readonly path: Template;
  /** Always an `object` node. */
  readonly body: TemplateNode;
}

/** A rule of the rules file, checked and compiled (see docs/events.md for the file format). */
export interface EventRule {
  readonly name: string;
  /** Matched exactly and case-sensitively, as CloudEvents types are. */
  readonly eventType: string;
  /** When set, only events from exactly this source (Event Grid: topic) match. */
  readonly source: string | undefined;
  /** All must hold for the rule to match. */
  readonly when: readonly EventCondition[];
  readonly label: Template;
  readonly priority: JobPriority | undefined;
  /** When set, the items are made once per element of this array, with `{{item...}}`. */
  readonly forEach: EventReference | undefined;
  readonly items: readonly RuleItemTemplate[];
}

/** The rules of one file, in file order; the first that matches an event wins. */
export type EventRules = readonly EventRule[];
