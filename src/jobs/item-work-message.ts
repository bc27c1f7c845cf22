import type { WorkMessage } from '../ports/work-message.js';
import type { Item } from '../model/job-model.js';

/** The message that carries an item's PATCH to the worker. */
export function workMessage(item: Item, attempt: number, token = item.token): WorkMessage {
  return {
    v: 1,
    jobId: item.jobId,
    index: item.index,
    token,
    attempt,
    endpointId: item.endpointId,
    apiVersion: item.apiVersion,
    params: item.params,
    body: item.body,
  };
}
