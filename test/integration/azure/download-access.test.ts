/**
 * Credential choice and refusals. Azurite cannot do RBAC, so the "signed in but no data-plane
 * role" answer is replayed from a real storage response (status line, x-ms-error-code and XML body
 * as Azure sends them) by a local server, and goes through the real SDK's error parsing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { cliProcess } from '../../support/cli';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openContainer, redactUrl } from '../../../electron/core/azure/download/container-access';
import { startDownload } from '../../../electron/core/azure/download/container-download';
import { AZURITE_ACCOUNT, AZURITE_KEY, containerSasUrl, startAzurite, type Azurite } from '../../support/azurite';
import { selfSigned } from '../../support/tls';

// Captured from a storage account where the caller's token lacks "Storage Blob Data Reader".
const DENIED_BODY =
  '\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.\n' +
  'RequestId:5d1f3a9e-701e-0054-2c4b-4c1a3d000000\nTime:2024-04-10T11:02:17.4473913Z</Message></Error>';

let server: Server;
let origin = '';
const seen: IncomingHttpHeaders[] = [];
let az: Azurite;
const dirs: string[] = [];

let certFile = '';

beforeAll(async () => {
  // The SDK sends bearer tokens over TLS only, as Azure requires.
  const tls = selfSigned();
  dirs.push(tls.dir);
  certFile = tls.certFile;
  server = createServer({ key: tls.key, cert: tls.cert }, (req: IncomingMessage, res: ServerResponse) => {
    seen.push(req.headers);
    res.writeHead(403, 'This request is not authorized to perform this operation using this permission.', {
      'Content-Type': 'application/xml', Server: 'Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0',
      'x-ms-request-id': '5d1f3a9e-701e-0054-2c4b-4c1a3d000000', 'x-ms-version': '2025-01-05',
      'x-ms-error-code': 'AuthorizationPermissionMismatch',
    });
    res.end(DENIED_BODY);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  origin = `https://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  az = await startAzurite();
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await az?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('download credentials', () => {
  it('a token without a data-plane role gets the clear "no data-plane role" message, not an opaque 403 (through the CLI)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pgflex-dl-'));
    dirs.push(folder);
    // A child process, so that it can trust the test certificate the way Node is told to (NODE_EXTRA_CA_CERTS).
    const child = cliProcess(['download', '--container-url', `${origin}/${AZURITE_ACCOUNT}/restores`, '--to', folder, '--json'],
      { AZURE_ACCESS_TOKEN: 'eyJ0eXAi.fake.token', NODE_EXTRA_CA_CERTS: certFile });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    const end = stdout.trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.type === 'end');
    expect(code).toBe(5); // Azure refused the operation
    expect(end.result.error.code).toBe('azure-refused');
    expect(end.result.error.message).toMatch(/no data-plane role/);
    expect(end.result.error.hint).toMatch(/Storage Blob Data Reader/);
    expect(end.result.error.details).toMatchObject({ status: 403, code: 'AuthorizationPermissionMismatch', method: 'token' });
    expect(seen.at(-1)?.authorization).toBe('Bearer eyJ0eXAi.fake.token'); // the token really was sent
    expect(stdout).not.toContain('eyJ0eXAi'); // and never printed
  });

  it('takes the account key through ARM when that is what is offered, the SAS when the URL carries one, and names each', async () => {
    const c = az.service().getContainerClient('fallback');
    await c.create();
    await c.getBlockBlobClient('backupstarttimestamp').uploadData(Buffer.from('2024-04-10T10:30:46.2303875Z'));
    const sas = containerSasUrl(az, 'fallback');
    const access = await openContainer(`${az.endpoint}/fallback`, { fetchAccountKey: async () => ({ account: AZURITE_ACCOUNT, key: AZURITE_KEY }) });
    expect(access.method).toBe('account-key');
    expect(access.reason).toMatch(/account key of "devstoreaccount1" fetched through ARM/);
    const folder = mkdtempSync(join(tmpdir(), 'pgflex-dl-'));
    dirs.push(folder);
    const result = await startDownload({ containerUrl: sas, folder }).done;
    expect(result).toMatchObject({ status: 'completed', method: 'sas' });
    expect(readdirSync(folder).sort()).toEqual(['.pgflex-download.json', 'backupstarttimestamp']);
  });

  it('no credential at all says how to get one; a SAS never shows in messages', async () => {
    const err = await openContainer(`${az.endpoint}/fallback`, {}).catch((e) => e);
    expect(err.code).toBe('azure-signed-out');
    expect(err.hint).toMatch(/SAS/);
    expect(redactUrl('https://a.blob.core.windows.net/c?sv=2024&sig=abc%2Bdef&se=x')).toBe('https://a.blob.core.windows.net/c?sv=2024&sig=REDACTED&se=x');
  });
});
