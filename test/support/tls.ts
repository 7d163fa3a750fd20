/** A self-signed certificate for 127.0.0.1, for test servers that must speak https (bearer tokens and msal go over TLS only). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes a key and certificate in a fresh temp folder; `certFile` is what a child trusts through NODE_EXTRA_CA_CERTS. */
export function selfSigned(): { key: Buffer; cert: Buffer; certFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pgflex-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'),
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')), certFile: join(dir, 'c.pem'), dir };
}
