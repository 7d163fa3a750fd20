import type { RestoreFile } from './types';

/** What a file name says about a file of an Azure Backup "restore as files" folder. */
export type Classification = Pick<RestoreFile, 'kind' | 'database' | 'prefix' | 'note'>;

/*
 * Naming rules (match by suffix, never by the file prefix the user asked Azure for):
 *
 * 1. The name is NFC-normalised (macOS file systems hand back NFD), and percent-escapes are decoded
 *    when the whole name is valid percent-encoding (a download tool may have kept `%20`); a note
 *    says so. The database name read from a file name is for display and matching only: the
 *    archive's own database name (read from its header) is authoritative when they disagree.
 * 2. Marker: `backupstarttimestamp`, case-insensitive, optionally behind a prefix and with a short
 *    extension (`.txt`, `.json`), unless the name also holds `_database_` (a database may bear that name).
 * 3. Azure form: `<guid>_database_<db>.sql` and `<guid>_roles|_schema|_schemas|_tablespaces[.sql]`,
 *    with anything in front of the GUID kept as part of the prefix. The GUID is the reliable anchor:
 *    the split is right after the first `<guid>_database_`, so the database name may itself contain
 *    `_database_` and the prefix may too (as long as it sits before the GUID).
 * 4. Seed form without a GUID: `<prefix>_database_<db>.sql` splits at the FIRST `_database_`. Database
 *    names come from the customer's server and must survive intact, while the prefix is the one this
 *    app sends in the restore request (and can refuse `_database_` in). When the name holds more than
 *    one `_database_` the reading is ambiguous and a note says how it was read.
 * 5. Database files need `.sql` (a `.sql.part` download is not a database); globals may omit it.
 *    A database test runs before the globals test, so `<guid>_database_x_roles.sql` is database `x_roles`.
 * 6. Unfinished downloads (`.part`, `.crdownload`, `.download`, `.partial`, `.tmp`) are 'unknown' with a note.
 * 7. A name whose percent-decoding yields a path separator or a control character (`a%2F..%2F..%2Fetc`,
 *    `%00`) is 'unknown', refused by name: a database name read from it could point anywhere.
 * 8. Everything else is 'unknown' — shown, never guessed at.
 */

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MARKER_RE = /^(.*?)[_.-]?backupstarttimestamp(?:\.[a-z0-9]{1,5})?$/i;
const GUID_DATABASE_RE = new RegExp(`^(.*?${GUID})_database_(.+)\\.sql$`, 'i');
const GUID_GLOBALS_RE = new RegExp(`^(.*?${GUID})_(roles|schemas?|tablespaces)(?:\\.sql)?$`, 'i');
const DATABASE_RE = /^(.*?)_database_(.+)\.sql$/i;
const GLOBALS_RE = /^(.*)_(roles|schemas?|tablespaces)(?:\.sql)?$/i;
const PARTIAL_RE = /\.(part|crdownload|download|partial|tmp)$/i;

/** Classifies one file name (no folder part). Pure; never throws. */
export function classifyFileName(name: string): Classification {
  const { text, decoded } = readName(name);
  if (decoded && /[/\\\u0000-\u001f\u007f]/.test(text)) {
    return { kind: 'unknown', note: `The name percent-decodes to ${JSON.stringify(text)}, which holds a path separator or a control character; refused by name.` };
  }
  const partial = PARTIAL_RE.exec(text);
  if (partial) {
    const inner = classifyDecoded(text.slice(0, partial.index));
    const what = inner.kind === 'unknown' ? 'a file' : describe(inner);
    return { kind: 'unknown', note: `Looks like an unfinished download of ${what} (ends in .${partial[1]}).` };
  }
  const result = classifyDecoded(text);
  if (decoded && result.kind !== 'unknown') {
    const note = `Name was percent-decoded from "${name}".`;
    result.note = result.note ? `${note} ${result.note}` : note;
  }
  return result;
}

function classifyDecoded(text: string): Classification {
  const guidDb = GUID_DATABASE_RE.exec(text);
  if (guidDb) return withPrefix({ kind: 'database', database: guidDb[2] }, guidDb[1]);

  const guidGlobals = GUID_GLOBALS_RE.exec(text);
  if (guidGlobals) return withPrefix({ kind: globalsKind(guidGlobals[2]) }, guidGlobals[1]);

  // After the GUID forms and never across `_database_`: a database may be called "backupstarttimestamp".
  const marker = /_database_/i.test(text) ? null : MARKER_RE.exec(text);
  if (marker) return withPrefix({ kind: 'marker' }, marker[1]);

  const db = DATABASE_RE.exec(text);
  if (db) {
    const result = withPrefix({ kind: 'database', database: db[2] }, db[1]);
    if (db[2].toLowerCase().includes('_database_')) {
      result.note =
        `Ambiguous name: "_database_" appears more than once; read as database "${db[2]}"` +
        (db[1] ? ` with prefix "${db[1]}".` : '.') +
        ' The archive header names the database for certain.';
    }
    return result;
  }

  const globals = GLOBALS_RE.exec(text);
  if (globals) return withPrefix({ kind: globalsKind(globals[2]) }, globals[1]);

  return { kind: 'unknown' };
}

function globalsKind(word: string): 'roles' | 'schema' | 'tablespaces' {
  const w = word.toLowerCase();
  if (w === 'roles') return 'roles';
  if (w === 'tablespaces') return 'tablespaces';
  return 'schema';
}

function withPrefix(result: Classification, prefix: string | undefined): Classification {
  if (prefix) result.prefix = prefix;
  return result;
}

function describe(c: Classification): string {
  if (c.kind === 'database') return `the dump of database "${c.database}"`;
  return `the ${c.kind} file`;
}

/** NFC-normalises and, when the whole name is valid percent-encoding, decodes it. */
function readName(name: string): { text: string; decoded: boolean } {
  const nfc = name.normalize('NFC');
  if (!/%[0-9a-f]{2}/i.test(nfc)) return { text: nfc, decoded: false };
  try {
    const text = decodeURIComponent(nfc).normalize('NFC');
    return { text, decoded: text !== nfc };
  } catch {
    return { text: nfc, decoded: false };
  }
}
