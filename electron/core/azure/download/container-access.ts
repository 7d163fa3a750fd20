/**
 * Opens a blob container with the first credential that works, in the order: the
 * signed-in user's token (needs a data-plane role such as "Storage Blob Data Reader"), a SAS in the
 * container URL, then the account key fetched through ARM when the user may list keys. Says which
 * one is used and why, and maps the service's refusals to errors a person can act on.
 */
import { AnonymousCredential, ContainerClient, StorageSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/core-auth';
import { UserError } from '../../errors';
import { parseContainerUrl, type ContainerUrl } from '../container-url';
import type { CredentialMethod } from './types';

/** An account name and key, as ARM's storageAccounts/listKeys returns them. */
export interface AccountKey {
  account: string;
  key: string;
}

/** What the caller can offer; each is optional. */
export interface AccessOptions {
  /** The signed-in user's token for `https://storage.azure.com/.default`. */
  token?: TokenCredential;
  /** Fetches the account key through ARM (h9a's ARM plumbing); called only when needed. */
  fetchAccountKey?: (container: ContainerUrl) => Promise<AccountKey>;
  pipeline?: StoragePipelineOptions;
}

/** An opened container and how it is authorised. */
export interface ContainerAccess {
  client: ContainerClient;
  /** The same container and credential without the pipeline's retries: range requests are retried by the downloader, which knows what each already wrote. */
  data: ContainerClient;
  method: CredentialMethod;
  reason: string;
  url: ContainerUrl;
}

/** A TokenCredential over a bare bearer token (`AZURE_ACCESS_TOKEN`), valid for the hour it claims. */
export function staticToken(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3600_000 }) };
}

/** True when the URL carries a SAS signature. */
export function hasSas(raw: string): boolean {
  try {
    return new URL(raw).searchParams.has('sig');
  } catch {
    return false;
  }
}

/** The URL with its SAS signature hidden, for messages and logs. */
export function redactUrl(raw: string): string {
  return raw.replace(/([?&]sig=)[^&]*/i, '$1REDACTED');
}

/**
 * Tries the credentials in order with one cheap call (list one blob). A token refused for lack of a
 * data-plane role falls through to the next method, and the reason says so.
 */
export async function openContainer(rawUrl: string, opts: AccessOptions): Promise<ContainerAccess> {
  const url = parseContainerUrl(rawUrl);
  const sas = hasSas(rawUrl);
  const notes: string[] = [];
  let lastError: unknown;
  if (opts.token) {
    const client = new ContainerClient(url.url, opts.token, opts.pipeline);
    const problem = await probe(client, 'token');
    if (!problem) return { client, data: new ContainerClient(url.url, opts.token, noRetries(opts.pipeline)), method: 'token', reason: 'signed-in user (Microsoft Entra token)', url };
    if (!(sas || opts.fetchAccountKey) || problem.code !== 'azure-refused') throw problem;
    notes.push(problem.message);
    lastError = problem;
  }
  if (sas) {
    const client = new ContainerClient(rawUrl, new AnonymousCredential(), opts.pipeline);
    const problem = await probe(client, 'sas');
    if (!problem) return { client, data: new ContainerClient(rawUrl, new AnonymousCredential(), noRetries(opts.pipeline)), method: 'sas', reason: withNotes('SAS token in the container URL', notes), url };
    if (!opts.fetchAccountKey) throw problem;
    notes.push(problem.message);
    lastError = problem;
  }
  if (opts.fetchAccountKey) {
    const { account, key } = await opts.fetchAccountKey(url);
    const credential = new StorageSharedKeyCredential(account, key);
    const client = new ContainerClient(url.url, credential, opts.pipeline);
    const problem = await probe(client, 'account-key');
    if (!problem) return { client, data: new ContainerClient(url.url, credential, noRetries(opts.pipeline)), method: 'account-key', reason: withNotes(`account key of "${account}" fetched through ARM`, notes), url };
    throw problem;
  }
  if (lastError) throw lastError;
  throw new UserError(
    'azure-signed-out',
    `No credential to read ${url.url}.`,
    'Sign in (pgflex-restore azure login, or AZURE_ACCESS_TOKEN), put a SAS with read and list permissions in the URL, or add --account-key-from-arm.',
    { url: url.url },
  );
}

function noRetries(pipeline: StoragePipelineOptions | undefined): StoragePipelineOptions {
  return { ...pipeline, retryOptions: { ...pipeline?.retryOptions, maxTries: 1 } };
}

function withNotes(reason: string, notes: string[]): string {
  return notes.length ? `${reason} (${notes.join(' ')})` : reason;
}

async function probe(client: ContainerClient, method: CredentialMethod): Promise<UserError | null> {
  try {
    await client.listBlobsFlat().byPage({ maxPageSize: 1 }).next();
    return null;
  } catch (err) {
    return storageError(err, method, client.url);
  }
}

/** The service's error code and status from a RestError (or anything thrown by the SDK). */
function restFacts(err: unknown): { status?: number; code?: string; message: string; requestId?: string } {
  const e = err as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get(n: string): string | undefined } } };
  const headers = e.response?.headers;
  return {
    status: e.statusCode,
    code: headers?.get('x-ms-error-code') ?? e.code,
    message: String(e.message ?? err).split('\n')[0],
    requestId: headers?.get('x-ms-request-id'),
  };
}

/** Maps a storage failure to a user error that says what happened, what it means and what to do. */
export function storageError(err: unknown, method: CredentialMethod, url: string): UserError {
  if (err instanceof UserError) return err;
  const f = restFacts(err);
  const details = { status: f.status, code: f.code, requestId: f.requestId, method, url: redactUrl(url) };
  if (f.code === 'AuthorizationPermissionMismatch' && method === 'token') {
    return new UserError(
      'azure-refused',
      'Signed in, but your account has no data-plane role on this storage account: Azure answered AuthorizationPermissionMismatch.',
      'Ask an Owner to grant you "Storage Blob Data Reader" on the storage account (portal: Storage account → Access control (IAM) → Add role assignment; ' +
        'az role assignment create --role "Storage Blob Data Reader" --assignee <you> --scope <storage account id>), ' +
        'or use a SAS URL, or --account-key-from-arm if you may list the account keys. Role assignments can take a few minutes to apply.',
      details,
    );
  }
  if (f.code === 'AuthorizationPermissionMismatch' || f.code === 'AuthorizationResourceTypeMismatch') {
    return new UserError('azure-refused', `The SAS does not allow reading this container (${f.code}).`, 'Make a SAS with read (r) and list (l) permissions on the container.', details);
  }
  if (f.code === 'AuthenticationFailed' || f.status === 401) {
    const hint = method === 'sas'
      ? 'The SAS is malformed, expired or its key was rotated: make a new one.'
      : method === 'token' ? 'Sign in again: pgflex-restore azure login.' : 'The account key was refused: it may have been rotated; try again.';
    return new UserError(method === 'token' ? 'azure-signed-out' : 'azure-refused', `The storage service refused the ${describe(method)} (${f.code ?? f.status}).`, hint, details);
  }
  if (f.status === 403) return new UserError('azure-refused', `The storage service refused access (${f.code ?? 403}): ${f.message}`, 'Check the credential has read and list rights on the container and that the storage firewall lets this machine in.', details);
  if (f.code === 'ContainerNotFound' || (f.status === 404 && !f.code)) {
    return new UserError('bad-argument', `The container ${redactUrl(url).split('?')[0]} does not exist.`, 'Check the storage account and container name in the URL.', details);
  }
  const net = (err as { code?: string }).code;
  if (net && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(net)) {
    return new UserError('download-incomplete', `Could not reach ${new URL(url).host} (${net}).`, 'Check the URL and the network, then run the same command again: finished and partial files are kept and resumed.', details);
  }
  return new UserError('download-incomplete', `The storage service failed: ${f.code ?? f.status ?? ''} ${f.message}`.trim(), 'Run the same command again: finished and partial files are kept and resumed.', details);
}

function describe(method: CredentialMethod): string {
  return method === 'token' ? 'sign-in token' : method === 'sas' ? 'SAS' : 'account key';
}
