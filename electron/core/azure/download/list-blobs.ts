/**
 * Lists a restore container and decides what each blob becomes locally. Kinds come from the
 * engine's restore-set rules on the file name (by suffix, never by the prefix asked for). Blob
 * names are hostile input: only a plain last segment becomes a file name, and a name that would
 * escape the folder, clash with another or hide as a dot-file is skipped with the reason.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { classifyFileName } from '../../restore-set/classify';
import type { DownloadItem, SkippedBlob } from './types';

/** The local name a blob becomes, or why it has none. Pure. */
export function localNameFor(blob: string): { file: string } | { reason: string } {
  if (blob.endsWith('/')) return { reason: 'a folder placeholder, not a file' };
  const file = blob.split('/').at(-1)!.normalize('NFC');
  if (/[\\\x00-\x1f]/.test(file)) return { reason: 'its name holds a backslash or a control character' };
  if (file === '' || file === '.' || file === '..') return { reason: 'its name is not a file name' };
  if (file.startsWith('.')) return { reason: 'dot-files are not part of a restore set (and this app keeps its partial downloads as dot-files)' };
  if (Buffer.byteLength(file) > 255) return { reason: 'its name is longer than a file name may be (255 bytes)' };
  return { file };
}

/** An ETag without quotes: listings give `0x8D…`, response headers `"0x8D…"` — the same version. */
export function plainEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** Every blob of the container as download items, plus the blobs left out. */
export async function listRestoreBlobs(client: ContainerClient): Promise<{ items: DownloadItem[]; skipped: SkippedBlob[] }> {
  const items: DownloadItem[] = [];
  const skipped: SkippedBlob[] = [];
  const taken = new Map<string, string>();
  for await (const b of client.listBlobsFlat()) {
    const local = localNameFor(b.name);
    if ('reason' in local) {
      skipped.push({ blob: b.name, reason: local.reason });
      continue;
    }
    const key = local.file.toLowerCase(); // case-insensitive file systems (macOS, Windows) would clash
    const first = taken.get(key);
    if (first) {
      skipped.push({ blob: b.name, reason: `its file name "${local.file}" is already taken by blob "${first}"` });
      continue;
    }
    taken.set(key, b.name);
    const size = b.properties.contentLength ?? 0;
    const md5 = b.properties.contentMD5;
    const c = classifyFileName(local.file);
    items.push({
      blob: b.name, file: local.file, size, etag: plainEtag(b.properties.etag),
      ...(md5 && md5.length ? { contentMd5: Buffer.from(md5).toString('base64') } : {}),
      kind: c.kind,
      ...(c.database !== undefined ? { database: c.database } : {}),
      ...(c.note ? { note: c.note } : {}),
    });
  }
  return { items: downloadOrder(items), skipped };
}

/** Kinds fetched before the rest whatever their size: what a replay needs first, and the backup's time. */
const FIRST: Partial<Record<DownloadItem['kind'], number>> = { marker: 0, roles: 1 };

/**
 * The order files are fetched in: the marker and the roles file first, then smallest first — so
 * the first database dump is complete and checked early and can replay while the biggest, last,
 * still downloads. Pure; the input is left as it is.
 */
export function downloadOrder(items: readonly DownloadItem[]): DownloadItem[] {
  const rank = (i: DownloadItem) => FIRST[i.kind] ?? 2;
  return [...items].sort((a, b) => rank(a) - rank(b) || a.size - b.size || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
