/**
 * Request checks of the browser bridge (development and tests only): it must be reachable only
 * from this machine and only by the page it served. The server binds 127.0.0.1; on top of that,
 * the Host header must name the loopback address and our port (DNS-rebinding defence), an Origin
 * or Sec-Fetch-Site header, when present, must be our own, and every request needs the session
 * that only the one-time start URL hands out.
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

/** The session cookie the one-time start URL sets (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'pgflex_session';

const sameSecret = (given: string, want: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * True when the request carries our session: the cookie the start URL set, or (for tests and
 * scripts calling the API directly) `Authorization: Bearer <session>`. Compared in constant time.
 */
export function sessionValid(headers: IncomingHttpHeaders, session: string): boolean {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return sameSecret(auth.slice('Bearer '.length), session);
  const cookies = (headers.cookie ?? '').split(';').map((c) => c.trim());
  const ours = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return ours !== undefined && sameSecret(ours.slice(SESSION_COOKIE.length + 1), session);
}
