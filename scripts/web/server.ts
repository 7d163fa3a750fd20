/**
 * The browser bridge behind `npm run web` and the Playwright tests: serves the built renderer at
 * http://127.0.0.1:<port> with the REAL services (the same code the Electron main process runs)
 * behind a loopback-only HTTP API over the operation table:
 *   GET  /?token=<one-time>  opens a session (cookie) and redirects to /; nothing is served without one
 *   GET  /bridge.js          the bundled browser bridge (buildBridge over HTTP)
 *   POST /api/<operation>    body: JSON array of arguments (checked against the table) → { value } | { error }
 *   GET  /api/events         Server-Sent Events: { event, args } per event of the table
 * Development and test use only: it lives under scripts/ and is never part of the packaged app.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security/csp';
import { isOperation } from '../../electron/operations';
import { dispatch } from '../../electron/services/dispatch';
import { memorySecretStore } from '../../electron/services/settings/secret-store';
import { createServices, type ServiceHost, type Services } from '../../electron/services/services';
import { azureFromEnv } from '../../electron/services/azure/azure-env';
import { buildRenderer } from './build-renderer';
import { hostAllowed, sameOrigin, SESSION_COOKIE, sessionValid } from './http-guard';
import { serveStatic } from './static-files';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Request bodies above this are refused with 413 (the largest real one, a replay request, is kilobytes). */
export const BODY_LIMIT = 1024 * 1024;

export interface WebServerOptions {
  /** Default 5180; 0 picks a free port. */
  port?: number;
  userDataDir: string;
  /** A renderer build (with bridge.js) to serve; default: build `renderer/` now into a temp folder. */
  rendererDir?: string;
  /** Where exportReport writes (no save dialog in a browser); default $PGFLEX_EXPORT_DIR, else export is declined. */
  exportDir?: string | null;
  sandboxDir?: string;
  sampleSetPath?: string;
  batch?: ServiceHost['batch'];
  /** Stands in for the folder dialog (a test picks a folder as a user would); default: no dialog, null. */
  pickFolder?: ServiceHost['pickFolder'];
  /**
   * Whether a typed folder path may be opened. The page has no trusted dialog to ask in: the one
   * who opened the start URL typed it, so the default is yes (this bridge is loopback-only and
   * behind the session); the app asks in a main-process dialog instead.
   */
  confirmFolder?: ServiceHost['confirmFolder'];
  /** Azure as the CLI takes it; default from $AZURE_ACCESS_TOKEN, $PGFLEX_ARM_ENDPOINT and $PGFLEX_AZURE_POLL_MS. */
  azure?: ServiceHost['azure'];
}

export interface WebServer {
  /** A one-time start URL (printed at start): opening it gives the browser its session. Each read makes a new one. */
  readonly url: string;
  /** The same as reading `url`: another one-time start URL. */
  loginUrl(): string;
  /** The session secret, for tests calling the API directly (`Authorization: Bearer …`). */
  token: string;
  services: Services;
  close(): Promise<void>;
}

/** Starts the bridge; resolves once it listens. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const session = randomBytes(32).toString('base64url');
  const launches = new Set<string>();
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
    confirmFolder: opts.confirmFolder ?? (async () => true),
    chooseExportPath: async (name) => (exportDir ? join(exportDir, name) : null),
    openExternal: async () => undefined,
    batch: opts.batch,
    azure: opts.azure ?? azureFromEnv(process.env),
  });
  const bridgeScript = await readFile(join(rendererDir, 'bridge.js'), 'utf8');
  const streams = new Set<ServerResponse>();
  let port = 0;
  const base = () => `http://127.0.0.1:${port}/`;
  const loginUrl = () => {
    const launch = randomBytes(24).toString('base64url');
    launches.add(launch);
    return `${base()}?token=${launch}`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!hostAllowed(req.headers, port) || !sameOrigin(req.headers, port)) return drain(req, res, 403, 'Forbidden: not a request of this page.');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const launch = url.searchParams.get('token');
    if (url.pathname === '/' && launch !== null) {
      if (!launches.delete(launch)) return drain(req, res, 401, 'This start link was already used or is wrong: open the one printed by `npm run web`, or restart it.');
      res.writeHead(303, { Location: '/', 'Set-Cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (!sessionValid(req.headers, session)) return drain(req, res, 401, 'Unauthorized: open the start link printed by `npm run web` (it gives this browser its session).');
    if (!url.pathname.startsWith('/api/')) {
      if (url.pathname === '/bridge.js') return sendText(res, 200, bridgeScript, 'text/javascript; charset=utf-8');
      return serveStatic(req, res, rendererDir, url.pathname, (html) => html.replace('</head>', '  <script src="./bridge.js"></script>\n  </head>'));
    }
    const name = url.pathname.slice('/api/'.length);
    if (name === 'events' && req.method === 'GET') return openStream(res);
    if (req.method !== 'POST') return drain(req, res, 405, 'Use POST.');
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return drain(req, res, 415, 'Send JSON.');
    if (!isOperation(name)) return drain(req, res, 404, 'Unknown operation.');
    const body = await readBody(req);
    if (body === null) return drain(req, res, 413, `The request is larger than ${BODY_LIMIT / 1024 / 1024} MB.`);
    let args: unknown;
    try {
      args = JSON.parse(body);
    } catch {
      return send(res, 400, { error: 'The body is not JSON.' });
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
    const stop = services.onAny((event, args) => res.write(`data: ${JSON.stringify({ event, args })}\n\n`));
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
    get url() {
      return loginUrl();
    },
    loginUrl,
    token: session,
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

function send(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

function sendText(res: ServerResponse, status: number, text: string, type: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
  res.end(text);
}

/** Answers with an error and reads (discards) what is left of the body, so the client gets the answer rather than a reset. */
function drain(req: IncomingMessage, res: ServerResponse, status: number, error: string): void {
  res.setHeader('Connection', 'close');
  send(res, status, { error });
  req.resume();
}

/** The body as text, or null when it is larger than BODY_LIMIT (the rest is left unread). */
function readBody(req: IncomingMessage): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        req.off('data', onData);
        resolve(null);
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
