import type { AssignmentState } from '../model/job-model.js';

/**
 * The error of an undo item whose assignment was changed after the job it undoes: what Graph
 * holds now and what the undone job left, so a person can see who changed what.
 */
export function changedSince(found: AssignmentState | null, expected: AssignmentState | null): { errorCode: string; errorMessage: string } {
  return {
    errorCode: 'changedSince',
    errorMessage: `The assignment was changed since the job being undone, so it is left as it is: Graph holds ${describe(found)}, the job left ${describe(expected)}.`,
  };
}

function describe(state: AssignmentState | null): string {
  if (state === null) return 'no such assignment';
  const { id: _id, ['@odata.type']: _type, ...data } = state;
  const text = JSON.stringify(data);
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}
