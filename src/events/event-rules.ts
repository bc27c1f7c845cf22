/**
 * Rules that turn events into jobs without code: a JSON file, read once at start-up with
 * {@link loadEventRules}, and applied per event with {@link matchEventRule}. The format is
 * described, with a complete example, in docs/events.md.
 */
export type { ConditionValue, EventCondition, EventRule, EventRules, JobPriority, RuleItemTemplate } from './event-rule.js';
export type { EventReference } from './event-reference.js';
export type { Template } from './parse-template.js';
export type { TemplateNode } from './compile-template-node.js';
export { parseEventRules, type EventRulesResult } from './parse-event-rules.js';
export { loadEventRules } from './load-event-rules.js';
export { matchEventRule, type EventRuleMatch, type EventRuleSubmission, type MatchOptions } from './match-event-rule.js';
