/**
 * What a host reads from its environment for Azure, as the CLI does: a bearer token
 * (AZURE_ACCESS_TOKEN: the app starts signed in through it), the Resource Manager endpoint
 * (PGFLEX_ARM_ENDPOINT: Azure Stack, a test server) and the job poll interval. The Electron main
 * process and the browser bridge both take their Azure settings from here.
 */
import type { AzureDeps } from './azure-service';

/** The Azure part of a host's services, from `env`. */
export function azureFromEnv(env: NodeJS.ProcessEnv): Pick<AzureDeps, 'accessToken' | 'armEndpoint' | 'pollIntervalMs'> {
  const poll = Number(env.PGFLEX_AZURE_POLL_MS);
  return {
    accessToken: env.AZURE_ACCESS_TOKEN || undefined,
    armEndpoint: env.PGFLEX_ARM_ENDPOINT || undefined,
    pollIntervalMs: Number.isFinite(poll) && poll >= 10 ? poll : undefined,
  };
}
