/** Static files of the built renderer for the browser bridge; index.html is passed through `html` first. */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security/csp';
import { contentType } from '../../electron/main/security/app-protocol-path';
import { resolveInside } from '../../electron/main/security/resolve-inside';

export async function serveStatic(req: IncomingMessage, res: ServerResponse, dir: string, path: string, html: (text: string) => string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { 'Content-Type': 'text/plain' }).end('Method not allowed');
    return;
  }
  const file = resolveInside(dir, path === '/' ? '/index.html' : path);
  let body = file ? await readFile(file).catch(() => null) : null;
  if (!file || !body) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  if (file.endsWith('index.html')) body = Buffer.from(html(body.toString('utf8')));
  res.writeHead(200, {
    'Content-Type': contentType(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cache-Control': file.endsWith('.html') ? 'no-store' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
