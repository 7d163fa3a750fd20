/**
 * Request checks of the browser bridge (development and tests only): it must be reachable only
 * from this machine and only by the page it served. The server binds 127.0.0.1; on top of that,
 * the Host header must name the loopback address and our port (DNS-rebinding defence), an Origin
 * or Sec-Fetch-Site header, when present, must be our own, and API calls need the per-start token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The origins the page may be loaded from. */
export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** True when Host is our loopback address and port. */
export function hostAllowed(headers: IncomingHttpHeaders, port: number): boolean {
  return typeof headers.host === 'string' && allowedOrigins(port).includes(`http://${headers.host.toLowerCase()}`);
}

/** True unless the request says it comes from another site (Origin, Sec-Fetch-Site). */
export function sameOrigin(headers: IncomingHttpHeaders, port: number): boolean {
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin)) return false;
  const site = headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** True when `Authorization: Bearer <token>` carries exactly our token (compared in constant time). */
export function tokenValid(headers: IncomingHttpHeaders, token: string): boolean {
  const auth = headers.authorization;
  if (typeof auth !== 'string' || !auth.startsWith('Bearer ')) return false;
  const given = Buffer.from(auth.slice('Bearer '.length));
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
