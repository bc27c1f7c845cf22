/** The well-known development storage account that Azurite serves (documented by Microsoft, not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Connection string of Azurite's account on the given host and ports. */
export function developmentConnection(ports: { blob: number; queue: number; table: number }, host = '127.0.0.1'): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_KEY}`,
    `BlobEndpoint=http://${host}:${ports.blob}/${DEV_ACCOUNT}`,
    `QueueEndpoint=http://${host}:${ports.queue}/${DEV_ACCOUNT}`,
    `TableEndpoint=http://${host}:${ports.table}/${DEV_ACCOUNT}`,
  ].join(';');
}

/**
 * `UseDevelopmentStorage=true` means Azurite on its default ports. The storage SDKs treat it
 * differently from one another, so it is expanded to the explicit form once, here.
 */
export function normalizeStorageConnection(connection: string): string {
  return /^\s*UseDevelopmentStorage=true\s*;?\s*$/i.test(connection)
    ? developmentConnection({ blob: 10000, queue: 10001, table: 10002 })
    : connection.trim();
}

/** True when the connection uses plain http (Azurite), which the table client must be told to allow. */
export function isInsecureConnection(connection: string): boolean {
  return /(^|;)\s*DefaultEndpointsProtocol=http\s*(;|$)/i.test(connection) || /Endpoint=http:\/\//i.test(connection);
}
