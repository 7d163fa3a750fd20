/**
 * The browser bridge (`npm run web`): loopback only, a session only the one-time start URL hands
 * out, every request checked against the operation table, the real services behind it. Checked
 * over raw HTTP (what an attacker on another site, a rebinding DNS name or a local `curl` would
 * send) and from the served page in Chromium (what the renderer gets as `window.pgflex`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RestoreSetView } from '../../../electron/contract';
import { OPERATION_NAMES } from '../../../electron/operations';
import { BODY_LIMIT, startWebServer, type WebServer } from '../../../scripts/web/server';
import { launchChromium } from '../../e2e/chromium';
import { sharedRenderer } from '../../support/shared-renderer';

const SAMPLE = resolve('resources/sample');
let dir: string;
let server: WebServer;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgflex-web-'));
  server = await startWebServer({ port: 0, userDataDir: join(dir, 'user-data'), exportDir: dir, rendererDir: await sharedRenderer() });
  port = Number(new URL(server.loginUrl()).port);
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so Host and Origin can be anything (fetch would not let us set Host). */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end(opts.body);
  });
}

const api = (method: string, args: unknown[], headers: Record<string, string> = {}) =>
  raw(`/api/${method}`, { method: 'POST', body: JSON.stringify(args), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, ...headers } });

describe('browser bridge over HTTP', () => {
  it('listens on the loopback address only, behind one-time start URLs', () => {
    expect(server.url).not.toBe(server.url);
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('gives nothing to a client that just asks for the page (no session, no token in it)', async () => {
    for (const path of ['/', '/index.html', '/bridge.js', '/?token=guess']) {
      const res = await raw(path);
      expect(res.status, path).toBe(401);
      expect(res.body).not.toContain(server.token);
    }
  });

  it('turns the start URL into a session cookie once; the page then loads with the bridge and its assets', async () => {
    const start = new URL(server.loginUrl());
    const first = await raw(`/${start.search}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(cookie).toBe(`pgflex_session=${server.token}`);
    expect((await raw(`/${start.search}`)).status).toBe(401); // used up
    const page = await raw('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="./bridge.js"></script>');
    expect(page.body).not.toContain(server.token);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)![1];
    expect((await raw(`/${script}`, { headers: { Cookie: cookie } })).status).toBe(200);
    const bridge = await raw('/bridge.js', { headers: { Cookie: cookie } });
    expect(bridge.status).toBe(200);
    expect(bridge.body).toContain('EventSource');
  });

  it('refuses API calls without the session, or with a wrong one (401)', async () => {
    expect((await api('openSet', [SAMPLE], { Authorization: '' })).status).toBe(401);
    expect((await api('openSet', [SAMPLE], { Authorization: `Bearer ${server.token.slice(1)}x` })).status).toBe(401);
    expect((await api('getSettings', [], { Authorization: '', Cookie: `pgflex_session=${server.token.slice(1)}x` })).status).toBe(401);
    expect((await raw('/api/events')).status).toBe(401);
  });

  it('refuses foreign Host and Origin headers (403), even with the token', async () => {
    expect((await api('getSettings', [], { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await raw('/', { headers: { Host: `rebound.example:${port}` } })).status).toBe(403);
    expect((await api('getSettings', [], { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await api('getSettings', [], { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  });

  it('runs the real openSet through HTTP', async () => {
    const res = await api('openSet', [SAMPLE]);
    expect(res.status).toBe(200);
    const view = JSON.parse(res.body).value as RestoreSetView;
    expect(view.marker?.takenAt).toBe('2024-04-10T10:30:46.230Z');
    expect(view.databases.map((d) => d.name)).toContain('Café Analytics');
  });

  it('answers problems as the renderer reads them, and refuses what is not an operation', async () => {
    const bad = await api('openSet', ['relative/path']);
    expect(bad.status).toBe(400);
    expect(JSON.parse(JSON.parse(bad.body).error)).toMatchObject({ code: 'bad-argument' });
    expect((await api('__proto__', [])).status).toBe(404);
    const extra = await api('openSet', [SAMPLE, 'extra']);
    expect(extra.status).toBe(400);
    expect(JSON.parse(JSON.parse(extra.body).error)).toMatchObject({ code: 'bad-argument', message: 'openSet takes 1 argument; it got 2.' });
    const badEnum = await api('report', ['0b9a6c1e-3a8b-4c1d-9e2f-1a2b3c4d5e6f', 'html']);
    expect(JSON.parse(JSON.parse(badEnum.body).error)).toMatchObject({ message: 'Format must be one of markdown, json.' });
    expect((await raw('/api/getSettings', { method: 'POST', body: '[]', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await raw('/%2e%2e/package.json', { headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(404);
    expect((await api('pickFolder', [])).body).toBe('{"value":null}');
  });

  it('answers an oversized body with 413, not a reset, and an unparsable one with 400', async () => {
    const big = await api('openSet', ['x'.repeat(BODY_LIMIT + 10)]);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error).toMatch(/larger than 1 MB/);
    expect((await raw('/api/getSettings', { method: 'POST', body: '[', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' } })).status).toBe(400);
  });
});

describe('browser bridge in Chromium', () => {
  it('gives the page window.pgflex, built by buildBridge, with every operation and event', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      await page.waitForFunction(() => 'pgflex' in globalThis);
      const result = await page.evaluate(async () => {
        // Runs in the page (this file is compiled without DOM types).
        const w = globalThis as unknown as {
          pgflex: Record<string, (...a: unknown[]) => Promise<unknown>>;
          document: { querySelector(s: string): unknown; documentElement: { outerHTML: string } };
        };
        const view = (await w.pgflex.openSet('/nonexistent-folder-for-test').catch((e: Error) => e.message)) as string;
        return {
          keys: Object.keys(w.pgflex).sort(),
          html: w.document.documentElement.outerHTML,
          error: view,
        };
      });
      expect(result.keys).toEqual([...OPERATION_NAMES, 'onReplayEvents', 'onActivityChanged'].sort());
      expect(result.html).not.toContain(server.token);
      expect(JSON.parse(result.error)).toMatchObject({ code: 'folder-missing' });
      const sample = await page.evaluate(async (folder) => {
        const w = globalThis as unknown as { pgflex: { openSet(f: string): Promise<{ databases: unknown[] }> } };
        return (await w.pgflex.openSet(folder)).databases.length;
      }, SAMPLE);
      expect(sample).toBe(6);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
