import { validateSubmission, type FieldError, type ValidatedSubmission } from '../catalog/validate-submission.js';
import type { EventRules } from './event-rules.js';
import { matchEventRule } from './event-rules.js';
import { GROUP_REPLACED_EVENT_TYPE, parseGroupReplacedData } from './group-replaced.js';
import type { IncomingEvent } from '../model/incoming-event.js';

/** What an event asks for, worked out before anything is read or written. */
export type PreparedEvent =
  | { readonly kind: 'groupReplaced'; readonly oldGroupId: string; readonly newGroupId: string }
  | { readonly kind: 'rule'; readonly ruleName: string; readonly submission: ValidatedSubmission }
  | { readonly kind: 'noRule' }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

/**
 * Checks an event's data against the built-in type or the first matching rule, and validates
 * the changes a rule makes of it against the catalog, so a delivery is refused whole, naming
 * the event and the field, before any of it is acted on.
 */
export function prepareEvent(event: IncomingEvent, rules: EventRules, limits: { readonly maxItems: number }): PreparedEvent {
  if (event.type === GROUP_REPLACED_EVENT_TYPE) {
    const data = parseGroupReplacedData(event.data);
    return data.ok ? { kind: 'groupReplaced', ...data.value } : { kind: 'invalid', errors: data.errors };
  }
  const match = matchEventRule(rules, event, { maxItems: limits.maxItems });
  switch (match.kind) {
    case 'noRule':
      return { kind: 'noRule' };
    case 'invalid':
      return { kind: 'invalid', errors: match.errors.map((e) => ({ ...e, message: `rule '${match.ruleName}': ${e.message}` })) };
    case 'submission': {
      const validated = validateSubmission(match.submission, { maxItems: limits.maxItems });
      if (!validated.ok) {
        return { kind: 'invalid', errors: validated.errors.map((e) => ({ ...e, message: `rule '${match.ruleName}' made an invalid change: ${e.message}` })) };
      }
      return { kind: 'rule', ruleName: match.ruleName, submission: validated.value };
    }
  }
}
