/**
 * `npm run web [-- --port 5180 --user-data DIR]`: the renderer in a browser at
 * http://127.0.0.1:<port> with the real services behind a loopback-only, token-protected bridge.
 * For development and the end-to-end tests only; the packaged app never contains it.
 * Environment: PORT, PGFLEX_WEB_USER_DATA (default .tmp/web-user-data), PGFLEX_EXPORT_DIR.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startWebServer } from './web/server';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'user-data': { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 5180);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Not a port: ${values.port ?? process.env.PORT}`);
  process.exit(2);
}
const userDataDir = values['user-data'] ?? process.env.PGFLEX_WEB_USER_DATA ?? fileURLToPath(new URL('../.tmp/web-user-data', import.meta.url));

const server = await startWebServer({ port, userDataDir });
console.log(`PG Flex Restore (browser bridge): open ${server.url}`);
console.log('That link works once and gives the browser its session; a request without the session gets nothing.');
console.log(`User data: ${userDataDir}${process.env.PGFLEX_EXPORT_DIR ? `; reports export to ${process.env.PGFLEX_EXPORT_DIR}` : ''}`);
console.log('Press Ctrl+C to stop.');

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void server.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
