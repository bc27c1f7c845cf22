/** Severity of a host log line, in the host's own vocabulary. */
export type HostLogLevel = 'debug' | 'information' | 'warning' | 'error';

/**
 * Where the host writes its lines: invocation summaries, listener warnings and the app's own
 * `context.log` output. Never receives message bodies or request headers.
 */
export type HostLog = (level: HostLogLevel, message: string) => void;

/** Writes information and above to the console with a UTC timestamp; drops debug lines. */
export const consoleHostLog: HostLog = (level, message) => {
  if (level === 'debug') return;
  const line = `[${new Date().toISOString()}] ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warning') console.warn(line);
  else console.log(line);
};

/** Maps the worker's RPC log levels onto the four the host prints. */
export function toHostLogLevel(level: string): HostLogLevel {
  switch (level) {
    case 'error':
    case 'critical':
      return 'error';
    case 'warning':
      return 'warning';
    case 'information':
      return 'information';
    default:
      return 'debug';
  }
}
