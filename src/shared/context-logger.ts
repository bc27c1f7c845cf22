import type { InvocationContext } from '@azure/functions';
import type { Logger } from './logger.js';

/** Sends structured logs through the invocation, so Application Insights ties them to it. */
export function contextLogger(context: InvocationContext): Logger {
  const line = (message: string, fields?: Record<string, unknown>) =>
    fields ? `${message} ${JSON.stringify(fields)}` : message;
  return {
    info: (m, f) => context.info(line(m, f)),
    warn: (m, f) => context.warn(line(m, f)),
    error: (m, f) => context.error(line(m, f)),
  };
}
