/** App settings as the host sees them (environment variables, `local.settings.json` values). */
export type AppSettings = Readonly<Record<string, string | undefined>>;

/**
 * Replaces `%NAME%` binding expressions (in queue names, schedules, ...) with app settings, as the
 * host does when it indexes functions.
 *
 * @throws Error naming the setting when it is not defined.
 */
export function resolveBindingExpression(value: string, settings: AppSettings): string {
  return value.replace(/%([^%]+)%/g, (_, name: string) => {
    const resolved = settings[name];
    if (resolved === undefined) throw new Error(`'%${name}%' does not resolve to a value (app setting ${name} is not defined)`);
    return resolved;
  });
}

/**
 * The connection string behind a binding's `connection` (default `AzureWebJobsStorage`). Like the
 * host, `connection: "Foo"` also finds a setting named `AzureWebJobsFoo`.
 */
export function resolveStorageConnectionString(connection: unknown, settings: AppSettings): string {
  const name = typeof connection === 'string' && connection.trim() !== '' ? connection.trim() : 'AzureWebJobsStorage';
  const value = settings[name] ?? settings[`AzureWebJobs${name}`];
  if (value === undefined || value.trim() === '') {
    throw new Error(
      `Storage account connection string '${name}' does not exist. Make sure that it is a defined app setting ` +
        `(identity-based connections are not supported by the local host).`,
    );
  }
  return value;
}
