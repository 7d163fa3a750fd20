/**
 * A test stand-in for Azure Resource Manager speaking the Data Protection, Storage, Authorization
 * and PostgreSQL flexible server wire formats: bearer tokens (401 without,
 * ExpiredAuthenticationToken when expired, InvalidAuthenticationTokenTenant for a token of another
 * tenant than the subscription's),
 * ARM error bodies with x-ms-request-id, `nextLink` paging, 202 + Azure-AsyncOperation + Location +
 * Retry-After, and the real-traffic quirks ("Inprogress" with endTime 0001-01-01, jobId as a full
 * ARM path, 7-digit fractions, .NET durations while running). A restore job copies a real restore
 * set into Azurite when it completes — as the vault's identity would, and only if it may.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Azurite } from '../azurite';
import { dataProtectionRoute } from './data-protection-routes';
import { postgresRoute } from './postgres-routes';
import { storageRoute } from './storage-routes';
import { TENANT, World, type Who } from './world';

/** A request as the routes see it. */
export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  who: Who;
  base: string;
}

/** What a route answers. */
export interface Res {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Routes return undefined when the path is not theirs. */
export type Route = (req: Req, ctx: ServerContext) => Promise<Res | undefined> | Res | undefined;

/** What routes share. */
export interface ServerContext {
  world: World;
  azurite: Azurite;
  restoreSetDir: string;
}

/** An ARM error body, as ARM writes them. */
export function armError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): Res {
  return { status, body: { error: { code, message, ...extra } } };
}

/** A page of a list: `pageSize` items, then `nextLink` with a skip token. */
export function paged(req: Req, items: unknown[], pageSize: number): Res {
  const skip = Number(req.query.get('$skipToken') ?? 0);
  const page = items.slice(skip, skip + pageSize);
  const body: Record<string, unknown> = { value: page };
  if (skip + pageSize < items.length) {
    const next = new URL(req.base + req.path);
    for (const [k, v] of req.query) next.searchParams.set(k, v);
    next.searchParams.set('$skipToken', String(skip + pageSize));
    body.nextLink = next.toString();
  }
  return { status: 200, body };
}

/** A running test ARM server. */
export interface ArmServer {
  url: string;
  world: World;
  stop(): Promise<void>;
}

/** Starts the server on a free loopback port. */
export async function startArmServer(opts: { azurite: Azurite; restoreSetDir: string; world?: World }): Promise<ArmServer> {
  const world = opts.world ?? new World();
  const ctx: ServerContext = { world, azurite: opts.azurite, restoreSetDir: opts.restoreSetDir };
  const server = createServer((req, res) => {
    void handle(req, res, ctx).catch((err) => send(res, { status: 500, body: { error: { code: 'InternalServerError', message: String(err) } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    world,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  // Concatenated, not resolved: a path starting with // must stay a path (ARM collapses the slashes).
  const url = new URL(`http://${req.headers.host}${req.url ?? '/'}`);
  const path = url.pathname.replace(/\/{2,}/g, '/');
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const log = (status: number) => ctx.world.log.push({ method: req.method ?? '', path, status });

  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  const who = auth ? ctx.world.whoHolds(auth[1]) : undefined;
  if (!auth || !who) {
    log(401);
    return send(res, { ...armError(401, auth ? 'InvalidAuthenticationToken' : 'AuthenticationFailed', auth ? 'The access token is invalid.' : "Authentication failed. The 'Authorization' header is missing."),
      headers: { 'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."' } });
  }
  if (who.expired) {
    log(401);
    return send(res, { ...armError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time \'12/1/2026 7:02:11 PM\' is earlier than current UTC time \'12/1/2026 8:45:03 PM\'.'),
      headers: { 'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token has expired."' } });
  }
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
  if (subscription && who.tenant && who.tenant !== TENANT) {
    // As ARM answers a token of another tenant (a guest tenant's, or the home one for a customer's subscription).
    log(401);
    return send(res, { ...armError(401, 'InvalidAuthenticationTokenTenant', `The access token is from the wrong issuer 'https://sts.windows.net/${who.tenant}/'. ` +
      `It must match the tenant 'https://sts.windows.net/${TENANT}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${TENANT}' to get the token. ` +
      'Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). ' +
      'If you just transferred your subscription and see this error message, please try back later.'),
    headers: { 'www-authenticate': `Bearer authorization_uri="https://login.windows.net/${TENANT}", error="invalid_token", error_description="The access token is from the wrong issuer."` } });
  }
  if (!url.searchParams.get('api-version')) {
    log(400);
    return send(res, armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."));
  }
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      log(400);
      return send(res, armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'));
    }
  }
  const r: Req = { method: req.method ?? 'GET', path, query: url.searchParams, body, who, base: `http://${req.headers.host}` };
  const answer = (await dataProtectionRoute(r, ctx)) ?? (await storageRoute(r, ctx)) ?? (await postgresRoute(r, ctx)) ?? armError(404, 'InvalidResourceType', `The resource type could not be found for ${path}.`);
  log(answer.status);
  send(res, answer);
}

function send(res: ServerResponse, r: Res): void {
  const payload = r.body === undefined ? '' : JSON.stringify(r.body);
  res.writeHead(r.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-ms-request-id': randomUUID(),
    'x-ms-correlation-request-id': randomUUID(),
    'cache-control': 'no-cache',
    'content-length': String(Buffer.byteLength(payload)),
    ...r.headers,
  });
  res.end(payload);
}
