/**
 * The table of contents, as WriteToc/ReadToc in src/bin/pg_dump/pg_backup_archiver.c lay each entry out:
 * dumpId, hadDumper, tableoid (>= 1.8), oid, tag, desc, section (>= 1.11), defn, dropStmt,
 * copyStmt, namespace, tablespace (>= 1.10), tableam (>= 1.14), relkind int (>= 1.16), owner,
 * "with oids" (>= 1.9), dependency ids as strings ended by NULL, then the custom format's extra
 * TOC data (pg_backup_custom.c _ReadExtraToc): one offset with its flag.
 */
import type { Section, TocEntry } from './types';
import { FormatError, OutOfBytes, type ByteCursor } from './byte-reader';
import { EndOfFile, type FileCursor } from './file-window';
import { K_VERS_1_8, K_VERS_1_9, K_VERS_1_10, K_VERS_1_11, K_VERS_1_14, K_VERS_1_16 } from './read-header';

/** The TOC as read: entries in file order, and each entry's offset flag and recorded offset by index. */
export interface Toc {
  entries: TocEntry[];
  /** OFFSET_NOT_SET, OFFSET_SET or OFFSET_NO_DATA, per entry. */
  offsetFlags: number[];
  /** The recorded data offset per entry (meaningful when the flag is OFFSET_SET). */
  offsets: number[];
  /** Absolute position just past the TOC: where the data blocks start. */
  end: number;
}

const SECTIONS: Record<number, Section> = { 1: 'none', 2: 'pre-data', 3: 'data', 4: 'post-data' };

/** Sections for archives before 1.11, by the rule ReadToc applies to them. */
function inferSection(desc: string): Section {
  if (desc === 'COMMENT' || desc === 'ACL' || desc === 'ACL LANGUAGE') return 'none';
  if (desc === 'TABLE DATA' || desc === 'BLOBS' || desc === 'BLOB COMMENTS') return 'data';
  if (['CONSTRAINT', 'CHECK CONSTRAINT', 'FK CONSTRAINT', 'INDEX', 'RULE', 'TRIGGER'].includes(desc)) return 'post-data';
  return 'pre-data';
}

/** WHATWG decoder labels for server encodings pg_dump may write names in; others read as UTF-8. */
const DECODER_LABELS: Record<string, string> = {
  LATIN2: 'iso-8859-2', LATIN9: 'iso-8859-15', WIN1250: 'windows-1250', WIN1251: 'windows-1251',
  WIN1252: 'windows-1252', KOI8R: 'koi8-r', EUC_JP: 'euc-jp', SJIS: 'shift_jis', GBK: 'gbk', BIG5: 'big5',
};

/** Server encodings by the names pg_encoding_to_char gives them (what pg_dump writes in ENCODING). */
const ENCODINGS = new Set([
  'SQL_ASCII', 'EUC_JP', 'EUC_CN', 'EUC_KR', 'EUC_TW', 'EUC_JIS_2004', 'UTF8', 'MULE_INTERNAL', 'LATIN1', 'LATIN2', 'LATIN3',
  'LATIN4', 'LATIN5', 'LATIN6', 'LATIN7', 'LATIN8', 'LATIN9', 'LATIN10', 'WIN1256', 'WIN1258', 'WIN866', 'WIN874', 'KOI8R',
  'WIN1251', 'WIN1252', 'ISO_8859_5', 'ISO_8859_6', 'ISO_8859_7', 'ISO_8859_8', 'WIN1250', 'WIN1253', 'WIN1254', 'WIN1255',
  'WIN1257', 'KOI8U', 'SJIS', 'BIG5', 'GBK', 'UHC', 'GB18030', 'JOHAB', 'SHIFT_JIS_2004',
]);

/** pg_restore's processEncodingEntry: the definition must quote a known encoding, else it stops. Returns the definition. */
function checkEncoding(defn: string, at: number): string {
  const name = /'([^']*)'/.exec(defn)?.[1];
  if (name === undefined || !ENCODINGS.has(name.toUpperCase())) throw new FormatError(`the ENCODING entry is damaged (${JSON.stringify(defn.slice(0, 60))})`, at);
  return defn;
}

/** pg_restore's processStdStringsEntry: the definition must say 'on' or 'off' after its first quote. */
function checkStdStrings(defn: string, at: number): void {
  const q = defn.indexOf("'");
  if (q < 0 || !(defn.startsWith("'on'", q) || defn.startsWith("'off'", q))) throw new FormatError(`the STDSTRINGS entry is damaged (${JSON.stringify(defn.slice(0, 60))})`, at);
}

/** Makes the cursor decode strings in the encoding named by an ENCODING entry ("SET client_encoding = 'X';"). */
function applyEncoding(c: ByteCursor, defn: string): void {
  const name = /'([^']+)'/.exec(defn)?.[1]?.toUpperCase() ?? 'UTF8';
  if (name === 'LATIN1') {
    // ISO-8859-1 proper (the WHATWG "latin1" label means windows-1252).
    c.decode = (buf, start, end) => buf.toString('latin1', start, end);
    return;
  }
  const label = DECODER_LABELS[name];
  if (!label) return;
  try {
    const td = new TextDecoder(label);
    c.decode = (buf, start, end) => td.decode(buf.subarray(start, end));
  } catch {
    // This Node has no such decoder: keep UTF-8, names with non-ASCII letters may read oddly.
  }
}

/** Reused between entries: the dependency ids of the entry being read. */
const scratch: number[] = [];
/** The dependency list of every entry without one (a frozen array shared by all of them). */
const NO_DEPENDENCIES = Object.freeze([]) as unknown as number[];

/**
 * Parses one TOC entry at the cursor into the shared shape (data offset and size still null);
 * its offset flag and offset are left in c.offsetFlag / c.offsetValue. Throws OutOfBytes when
 * the window ends inside it.
 */
export function parseTocEntry(c: ByteCursor, version: number): TocEntry {
  const start = c.pos;
  const dumpId = c.int();
  if (dumpId <= 0) throw new FormatError(`entry id ${dumpId} out of range`, start);
  const hadDumper = c.int() !== 0;
  if (version >= K_VERS_1_8) c.decimalStr(); // catalog id: tableoid
  c.decimalStr(); // catalog id: oid
  const tag = c.str() ?? '';
  const desc = c.internedStr() ?? '';
  if (desc === '') throw new FormatError('entry without a kind', start);
  const sectionAt = c.pos;
  let section: Section;
  if (version >= K_VERS_1_11) {
    const code = c.int();
    // pg_restore stops on any other code ("unexpected section code").
    if (!SECTIONS[code]) throw new FormatError(`entry ${dumpId} has section code ${code} (1 to 4 expected)`, sectionAt);
    section = SECTIONS[code];
  } else section = inferSection(desc);
  const defnAt = c.pos;
  // Definitions are skipped, but for the short ones verification compares (sequence values, comments, grants).
  let defn: string | undefined;
  if (desc === 'ENCODING') applyEncoding(c, checkEncoding(c.str() ?? '', defnAt));
  else if (desc === 'STDSTRINGS') checkStdStrings(c.str() ?? '', defnAt);
  else if (desc === 'SEQUENCE SET' || desc === 'COMMENT' || desc === 'ACL') defn = c.str() ?? '';
  else c.skipStr(); // defn
  c.skipStr(); // dropStmt
  // copyStmt (>= 1.3): empty when the data is INSERT statements (pg_dump --inserts).
  const copyLength = c.skipStr();
  const copy = desc === 'TABLE DATA' ? copyLength > 0 : undefined;
  const schema = c.internedStr() ?? ''; // namespace (>= 1.6)
  if (version >= K_VERS_1_10) c.skipStr(); // tablespace
  if (version >= K_VERS_1_14) c.skipStr(); // tableam
  if (version >= K_VERS_1_16) c.int(); // relkind
  const owner = c.internedStr() ?? '';
  if (version >= K_VERS_1_9) c.skipStr(); // "with oids", always "false" since PostgreSQL 12
  // Most entries have one or two dependencies: collect them in a scratch list and keep an exact
  // copy, since an array grown by push reserves room for 17 (about 150 bytes per entry).
  scratch.length = 0;
  for (let dep = c.decimalStr(); dep !== null; dep = c.decimalStr()) {
    if (dep <= 0 || dep >= 2 ** 31) throw new FormatError(`entry ${dumpId} depends on impossible entry id ${dep}`, c.pos);
    scratch.push(dep);
  }
  const dependencies = scratch.length === 0 ? NO_DEPENDENCIES : scratch.slice();
  c.offset(); // the custom format's extra TOC data
  const entry: TocEntry = { dumpId, desc, tag, schema, owner, section, hadDumper, dependencies, dataOffset: null, dataSize: null };
  if (defn !== undefined) entry.defn = defn;
  if (copy !== undefined) entry.copy = copy;
  return entry;
}

/** Where reading the TOC stopped because the file ended. */
export class TocCut extends Error {
  constructor(
    /** Entries read completely before the cut. */
    readonly entries: TocEntry[],
    readonly expected: number,
    readonly fileSize: number,
  ) {
    super(`file ends inside the table of contents after ${entries.length} of ${expected} entries`);
  }
}

/**
 * Reads the entry count and every entry from the cursor's position. Parsing is synchronous over
 * the loaded window; the file is read again only when an entry crosses the window's end.
 */
export async function readToc(fc: FileCursor, version: number): Promise<Toc> {
  const entries: TocEntry[] = [];
  const offsetFlags: number[] = [];
  const offsets: number[] = [];
  const countAt = fc.c.pos;
  const count = await fc.step((c) => c.int()).catch((err: unknown) => {
    throw err instanceof EndOfFile ? new TocCut(entries, 0, fc.file.size) : err;
  });
  // An entry takes at least a few dozen bytes: a count the rest of the file cannot hold is damage, not a cut.
  if (count < 0 || count > (fc.file.size - countAt) / 16) throw new FormatError(`entry count ${count} is not plausible for a file of ${fc.file.size} bytes`, countAt);
  const c = fc.c;
  const seen = new Set<number>();
  while (entries.length < count) {
    const mark = c.pos;
    try {
      const e = parseTocEntry(c, version);
      if (seen.has(e.dumpId)) throw new FormatError(`entry id ${e.dumpId} appears twice`, mark);
      seen.add(e.dumpId);
      entries.push(e);
      offsetFlags.push(c.offsetFlag);
      offsets.push(c.offsetValue);
    } catch (err) {
      if (!(err instanceof OutOfBytes)) throw err;
      if (err.needed > fc.file.size) throw new TocCut(entries, count, fc.file.size);
      await fc.reload(mark, err);
    }
  }
  return { entries, offsetFlags, offsets, end: c.pos };
}
