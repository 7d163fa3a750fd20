/** Reading the plain-text files of an opened restore set, and the roles file made Flexible-safe. */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { RolesPreview, TextFileView } from '../../contract';
import type { ClientTool } from '../../core/binaries/types';
import { UserError } from '../../core/errors';
import type { Inspection } from '../../core/inspect';
import { sanitizeRoles } from '../../core/replay/roles-sanitizer';
import { rolesSanitizeOptions } from '../../core/replay/sanitizer-options';
import { decodeText } from '../../core/restore-set/open-restore-set';
import type { RestoreFile } from '../../core/restore-set/types';
import type { PreflightResult } from '../../core/target/types';
import type { OpenedFolders } from './opened-folders';

/** Bytes shown of a text file; the rest is cut (a schema file can be hundreds of megabytes). */
export const TEXT_VIEW_CAP = 2 * 1024 * 1024;
/** A roles file larger than this is not previewed (real ones are kilobytes). */
export const ROLES_PREVIEW_CAP = 16 * 1024 * 1024;

/** The set's files that may be shown as text: SQL scripts, the marker and unrecognised files (never a dump). */
export function textFile(i: Inspection, file: string): RestoreFile | { file: string; path: string } {
  const s = i.set;
  if (s.marker?.file === file) return { file, path: join(s.folder, file) };
  const found = [s.roles, s.schema, s.tablespaces, ...s.unknown].find((f) => f?.file === file);
  if (found) return found;
  const isDump = s.databases.some((f) => f.file === file);
  throw new UserError('bad-argument',
    isDump ? `"${file}" is a database dump (binary), not a text file.` : `"${file}" is not a file of this restore set.`,
    isDump ? 'Open the database to see its contents instead.' : 'Open the folder again and pick one of its files.');
}

/** The first `cap` bytes of a file, decoded (UTF-8, or UTF-16 by BOM). */
export async function readHead(path: string, cap: number): Promise<{ text: string; size: number; truncated: boolean }> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const buf = Buffer.alloc(Math.min(size, cap));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    let text = decodeText(buf.subarray(0, bytesRead));
    // A cut in the middle of a multi-byte character leaves U+FFFD at the end: drop it.
    if (size > cap) text = text.replace(/\uFFFD+$/, '');
    return { text, size, truncated: size > cap };
  } finally {
    await handle.close();
  }
}

/** A text file of the set, capped; never one whose link leads out of the set's folder. */
export async function readTextView(i: Inspection, file: string, folders: OpenedFolders): Promise<TextFileView> {
  const f = textFile(i, file);
  const path = await folders.checkFile(i.set.folder, f.path);
  const { text, size, truncated } = await readHead(path, TEXT_VIEW_CAP);
  return { file, text, size, truncated };
}

/**
 * The roles file before and after the Flexible-safe transformation, for the given target's facts
 * (its connecting role and version shape the result), or for an unknown admin when there is none.
 */
export async function rolesPreview(i: Inspection, tools: ClientTool[], target: PreflightResult | null): Promise<RolesPreview> {
  const roles = i.set.roles;
  if (!roles) throw new UserError('bad-argument', 'This restore set has no roles file.', 'Nothing to preview: the replay will not create roles.');
  const { text, truncated } = await readHead(roles.path, ROLES_PREVIEW_CAP);
  if (truncated) throw new UserError('bad-argument', `The roles file is larger than ${ROLES_PREVIEW_CAP / 1024 / 1024} MB and is not previewed.`, 'Open it in a text editor instead.');
  const safe = sanitizeRoles(text, rolesSanitizeOptions(tools, target));
  return {
    file: roles.file,
    original: text,
    transformed: safe.sql,
    removed: safe.removed.map((r) => ({ line: r.line, original: r.original, replacement: r.replacement, reason: r.reason })),
  };
}
