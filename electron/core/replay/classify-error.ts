/**
 * Sorts an error message from pg_restore or psql into a category that says what it means for
 * the result. Pure. Benign errors leave the restored data complete; the rest do not.
 */
import type { ErrorCategory } from './types';

interface Rule {
  test: RegExp;
  category: ErrorCategory;
  explanation: string;
}

const RULES: Rule[] = [
  { test: /schema "public" already exists/, category: 'benign', explanation: 'The target database already has the public schema; nothing is lost.' },
  { test: /must be owner of (extension plpgsql|schema public)/, category: 'benign', explanation: 'A comment or owner change on a built-in object the target manages itself; nothing is lost.' },
  { test: /role "[^"]*" already exists/, category: 'benign', explanation: 'The role was already on the target; its attributes and memberships are still applied.' },
  { test: /extension "[^"]*" is not allow-listed|is not allow-listed for "azure_pg_admin"|azure\.extensions/, category: 'extension', explanation: 'The extension is not allow-listed on this server: add it to the server parameter azure.extensions, then retry this database.' },
  { test: /could not open extension control file|extension "[^"]*" is not available|extension "[^"]*" does not exist/, category: 'extension', explanation: 'The extension is not installed on the target server; objects that use it were not restored.' },
  { test: /role "[^"]*" does not exist/, category: 'ownership', explanation: 'An owner or grantee role is missing on the target: the object exists but its owner or grant does not. Restore the roles first, or use --no-owner/--no-privileges.' },
  { test: /must be superuser|must be owner of|must be member of role|permission denied|must have admin option|must have CREATEROLE/, category: 'privilege', explanation: 'The target user lacks a privilege this statement needs; the statement did not run.' },
  // The server itself failed: first its disk (COPY's "could not extend file" names the table too, and the restart it causes follows).
  { test: /could not extend file|No space left on device|could not write to file .*space|disk full/i, category: 'server', explanation: 'The target server ran out of disk space: the database is incomplete. Free space on the server (on Azure: raise the storage size, or turn on storage autogrow), then retry this database — a retry drops what this attempt left.' },
  { test: /terminating connection because of crash of another server process|another server process exited abnormally|the database system is (in recovery mode|not yet accepting connections|starting up|shutting down)/, category: 'server', explanation: 'The target server restarted part-way (a server process crashed — an error before this one may say why, often a full disk — or it was restarted): the restore stopped. Check the server and its log, then retry this database.' },
  { test: /could not find block ID|unexpected end of file|could not read (from )?input file|corrupt|invalid compressed data|could not uncompress data|unrecognized data block type/, category: 'data', explanation: 'The archive is damaged or incomplete: data is missing. Download the file again.' },
  { test: /remaining connection slots are reserved|too many clients already|too many connections for (role|database)/, category: 'other', explanation: 'The server had no free connection for every pg_restore worker: restore with fewer jobs (--jobs), or raise max_connections or end idle sessions, then retry.' },
  { test: /a worker process died unexpectedly/, category: 'other', explanation: 'A pg_restore worker stopped; an earlier error says why (with none, the worker was killed, e.g. by the out-of-memory killer).' },
  { test: /server closed the connection unexpectedly|terminating connection/, category: 'other', explanation: 'The server ended pg_restore\'s session without saying why: it crashed (often because its disk or memory ran out), was restarted, or the network dropped the connection. The restore stopped part-way: check the server and its log, then retry this database.' },
  { test: /connection to server .* failed|could not connect to|connection to database .* failed/, category: 'other', explanation: 'pg_restore lost, or could not open, its connection to the target: the restore stopped part-way.' },
  { test: /invalid input syntax|violates|duplicate key|COPY failed|value too long|out of range/, category: 'data', explanation: 'Table data was rejected: the table is missing rows.' },
  { test: /does not exist/, category: 'missing-object', explanation: 'The statement refers to an object that is missing on the target (often because an earlier statement failed).' },
];

/** The category and plain-words meaning of one error message. */
export function classifyError(message: string): { category: ErrorCategory; benign: boolean; explanation: string } {
  const rule = RULES.find((r) => r.test.test(message));
  if (!rule) return { category: 'other', benign: false, explanation: 'The statement failed; see the message and command.' };
  return { category: rule.category, benign: rule.category === 'benign', explanation: rule.explanation };
}
