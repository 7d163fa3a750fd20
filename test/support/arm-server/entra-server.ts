/**
 * The fake Entra ID on a real https port, for a CLI child process: msal-node reaches it through
 * its own network client (the authority host is `PGFLEX_AUTHORITY_HOST`, the certificate trusted
 * through NODE_EXTRA_CA_CERTS), so the device code flow runs end to end over the wire.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { FakeEntra, type FakeUser } from './fake-entra';

export interface EntraServer {
  entra: FakeEntra;
  /** https://127.0.0.1:<port> — the authority host. */
  origin: string;
  stop(): Promise<void>;
}

/** Starts the fake Entra ID for `user` on a free loopback port with the given certificate. */
export async function startEntraServer(user: FakeUser, clientId: string, tls: { key: Buffer; cert: Buffer }): Promise<EntraServer> {
  let entra: FakeEntra | null = null;
  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = `${entra!.host}${req.url ?? '/'}`;
      const answer = req.method === 'POST'
        ? entra!.sendPostRequestAsync<unknown>(url, { body: Buffer.concat(chunks).toString('utf8') })
        : entra!.sendGetRequestAsync<unknown>(url);
      void answer.then((r) => {
        const body = JSON.stringify(r.body);
        res.writeHead(r.status, { ...r.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      }, () => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  entra = new FakeEntra(user, clientId, origin);
  return {
    entra,
    origin,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
