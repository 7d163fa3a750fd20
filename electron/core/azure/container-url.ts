/**
 * A container URL, parsed the way the storage account's primary blob endpoint will be matched:
 * `https://<account>.blob.<suffix>/<container>` and path-style emulator URLs
 * `http://127.0.0.1:<port>/<account>/<container>` alike. SAS query strings are dropped here.
 */
import { UserError } from '../errors';

/** A parsed container URL. */
export interface ContainerUrl {
  /** The URL without query or fragment, no trailing slash. */
  url: string;
  /** The blob endpoint it lives under, with a trailing slash (as ARM's primaryEndpoints.blob). */
  endpoint: string;
  container: string;
}

/** Container names: 3–63 lower-case letters, digits and single hyphens. */
export const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** Parses and checks a container URL. */
export function parseContainerUrl(raw: string): ContainerUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UserError('bad-argument', `"${raw.split('?')[0]}" is not a URL.`, 'Give the container URL, e.g. https://<account>.blob.core.windows.net/<container>.');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UserError('bad-argument', `${u.protocol} is not a storage URL scheme.`, 'Use https://<account>.blob.core.windows.net/<container>.');
  const segments = u.pathname.split('/').filter(Boolean);
  const container = segments.at(-1) ?? '';
  if (!CONTAINER_NAME.test(container)) {
    throw new UserError('bad-argument', `"${container}" is not a valid container name in ${u.origin}${u.pathname}.`, 'Container names are 3–63 lower-case letters, digits and hyphens, e.g. pgflex-restore-20240410.');
  }
  const base = `${u.origin}/${segments.slice(0, -1).map((s) => s + '/').join('')}`;
  return { url: `${base}${container}`, endpoint: base, container };
}

/** A fresh container name per restore: two restores into one container collide (the marker has no prefix). */
export function freshContainerName(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15).toLowerCase();
  return `pgflex-restore-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}
