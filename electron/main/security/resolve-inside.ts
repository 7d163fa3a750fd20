/** A URL path resolved to a file inside `dir`, or null when it would leave it (`..`, encoded or not). */
import { relative, resolve, sep } from 'node:path';

export function resolveInside(dir: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const root = resolve(dir);
  const file = resolve(root, `.${path.startsWith('/') ? path : `/${path}`}`);
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') && !rel.split(sep).includes('..') ? file : null;
}
