/**
 * The browser bridge behind `npm run web` and the Playwright tests: serves the built renderer at
 * http://127.0.0.1:<port> with the REAL services (the same code the Electron main process runs)
 * behind a loopback-only, token-protected HTTP API implementing the contract:
 *   POST /api/<operation>  body: JSON array of arguments  → { value } | { error }
 *   GET  /api/events       Server-Sent Events: { runId, events } per batch
 * Development and test use only: it lives under scripts/ and is never part of the packaged app.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_METHODS } from '../../electron/contract';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security/csp';
import { dispatch, isApiMethod } from '../../electron/main/services/dispatch';
import { memorySecretStore } from '../../electron/main/services/secret-store';
import { createServices, type ServiceDeps, type Services } from '../../electron/main/services/services';
import { buildRenderer } from './build-renderer';
import { hostAllowed, sameOrigin, tokenValid } from './http-guard';
import { serveStatic } from './static-files';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLIENT = fileURLToPath(new URL('./web-bridge.js', import.meta.url));
const BODY_LIMIT = 1024 * 1024;

export interface WebServerOptions {
  /** Default 5180; 0 picks a free port. */
  port?: number;
  userDataDir: string;
  /** A renderer build to serve; default: build `renderer/` now into a temp folder. */
  rendererDir?: string;
  /** Where exportReport writes (no save dialog in a browser); default $PGFLEX_EXPORT_DIR, else export is declined. */
  exportDir?: string | null;
  sandboxDir?: string;
  sampleSetPath?: string;
  batch?: ServiceDeps['batch'];
  /** Stands in for the folder dialog (a test picks a folder as a user would); default: no dialog, null. */
  pickFolder?: () => Promise<string | null>;
  /** Azure as the CLI takes it; default from $AZURE_ACCESS_TOKEN, $PGFLEX_ARM_ENDPOINT and $PGFLEX_AZURE_POLL_MS. */
  azure?: ServiceDeps['azure'];
}

export interface WebServer {
  url: string;
  /** The per-start bearer token (tests use it to call the API directly). */
  token: string;
  services: Services;
  close(): Promise<void>;
}

/** Starts the bridge; resolves once it listens. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = randomBytes(32).toString('base64url');
  const built = opts.rendererDir ? null : await buildRenderer();
  const rendererDir = opts.rendererDir ?? built!.dir;
  const exportDir = opts.exportDir === undefined ? (process.env.PGFLEX_EXPORT_DIR || null) : opts.exportDir;
  const services = createServices({
    userDataDir: opts.userDataDir,
    sampleSetPath: opts.sampleSetPath ?? join(ROOT, 'resources', 'sample'),
    sandboxDir: opts.sandboxDir,
    secrets: memorySecretStore(),
    // No system dialog in a browser: the page has a pasted-path field instead.
    pickFolder: opts.pickFolder ?? (async () => null),
    chooseExportPath: async (name) => (exportDir ? join(exportDir, name) : null),
    openExternal: async () => undefined,
    batch: opts.batch,
    azure: opts.azure ?? azureFromEnv(process.env),
  });
  const client = await readFile(CLIENT, 'utf8');
  const streams = new Set<ServerResponse>();
  const bridgeMeta = JSON.stringify({ token, methods: API_METHODS }).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!hostAllowed(req.headers, port) || !sameOrigin(req.headers, port)) return send(res, 403, { error: 'Forbidden: not a request of this page.' });
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!path.startsWith('/api/')) {
      if (path === '/web-bridge.js') return sendText(res, 200, client, 'text/javascript; charset=utf-8');
      return serveStatic(req, res, rendererDir, path, (html) => html.replace('</head>',
        `  <meta name="pgflex-bridge" content="${bridgeMeta}" />\n    <script src="./web-bridge.js"></script>\n  </head>`));
    }
    if (!tokenValid(req.headers, token)) return send(res, 401, { error: 'Unauthorized: the bridge token is missing or wrong.' });
    const name = path.slice('/api/'.length);
    if (name === 'events' && req.method === 'GET') return openStream(res);
    if (req.method !== 'POST') return send(res, 405, { error: 'Use POST.' });
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return send(res, 415, { error: 'Send JSON.' });
    if (!isApiMethod(name)) return send(res, 404, { error: 'Unknown operation.' });
    let args: unknown;
    try {
      args = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: 'The body is not JSON (or is too large).' });
    }
    try {
      send(res, 200, { value: (await dispatch(services.api, name, args)) ?? null });
    } catch (err) {
      send(res, 400, { error: (err as Error).message });
    }
  };

  const openStream = (res: ServerResponse): void => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const stop = services.onReplayEvents((runId, events) => res.write(`data: ${JSON.stringify({ runId, events })}\n\n`));
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    res.on('close', () => {
      stop();
      clearInterval(ping);
      streams.delete(res);
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: `Bridge error: ${(err as Error).message}` });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 5180, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    services,
    async close() {
      for (const s of streams) s.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await services.dispose();
      if (built) await rm(built.dir, { recursive: true, force: true });
    },
  };
}

/** The CLI's Azure environment: with a token the app starts signed in through it. */
function azureFromEnv(env: NodeJS.ProcessEnv): ServiceDeps['azure'] {
  const poll = Number(env.PGFLEX_AZURE_POLL_MS);
  return {
    accessToken: env.AZURE_ACCESS_TOKEN || undefined,
    armEndpoint: env.PGFLEX_ARM_ENDPOINT || undefined,
    pollIntervalMs: Number.isFinite(poll) && poll >= 10 ? poll : undefined,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

function sendText(res: ServerResponse, status: number, text: string, type: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
