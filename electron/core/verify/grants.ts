/**
 * Privileges compared by content: what an archive's ACL entry grants (pg_dump's GRANT and REVOKE
 * statements, applied to the object's default privileges, as pg_restore applies them) against
 * what the target's ACL holds, grantee by grantee. Pure.
 *
 * pg_dump writes an ACL entry as the difference from the default (acldefault, or an object's
 * initial privileges): `REVOKE ALL ON FUNCTION f() FROM PUBLIC;`, `GRANT SELECT ON TABLE t TO
 * PUBLIC;`, `GRANT SELECT(c) ON TABLE t TO r WITH GRANT OPTION;`, wrapped in
 * `SET SESSION AUTHORIZATION` when the grantor is not the owner (grantors are not compared).
 */

/** acldefault's object types compared: relation, sequence, column, function, schema, type, large object. */
export type AclType = 'r' | 's' | 'c' | 'f' | 'n' | 'T' | 'L';

/** One privilege held: grantee is 'PUBLIC', a role, or OWNER for the object's owner. */
export interface Grant {
  grantee: string;
  privilege: string;
  grantable: boolean;
}

/** The grantee name standing for an object's owner, whoever that is on each side (--no-owner changes it). */
export const OWNER = '(owner)';

/** The default privileges of each type (acldefault, owner as OWNER), read from the target. */
export type AclDefaults = Record<AclType, Grant[]>;

/** A column's privileges when granted as ALL (acldefault gives a column none). */
const COLUMN_ALL = ['SELECT', 'INSERT', 'UPDATE', 'REFERENCES'];

/** ACL entry tags by their first words (pg_dump's keywords; views and matviews are "TABLE"), longest first. */
const TAG_TYPES: [string, AclType][] = [
  ['LARGE OBJECT ', 'L'], ['SEQUENCE ', 's'], ['TABLE ', 'r'], ['COLUMN ', 'c'], ['SCHEMA ', 'n'],
  ['FUNCTION ', 'f'], ['PROCEDURE ', 'f'], ['AGGREGATE ', 'f'], ['TYPE ', 'T'], ['DOMAIN ', 'T'],
];

/** The acldefault type of an ACL entry's tag, or null for kinds not compared (languages, servers…). */
export function aclTypeOfTag(tag: string): AclType | null {
  return TAG_TYPES.find(([word]) => tag.startsWith(word))?.[1] ?? null;
}

/** One GRANT or REVOKE. */
export interface AclOp {
  grant: boolean;
  /** REVOKE GRANT OPTION FOR: the privilege stays, its grant option goes. */
  optionOnly: boolean;
  /** Privilege names, upper case; 'ALL' for every privilege of the type. */
  privileges: string[];
  grantee: string;
  withGrantOption: boolean;
}

/** Splits `text` at `sep` where it stands outside quotes and parentheses. */
function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A role name as pg_dump quotes it (fmtId), unquoted; PUBLIC stays PUBLIC. */
function unquote(name: string): string {
  const n = name.trim().replace(/^GROUP /, '');
  return n.startsWith('"') && n.endsWith('"') ? n.slice(1, -1).replace(/""/g, '"') : n;
}

/** The GRANT and REVOKE statements of an ACL entry's definition; null when one does not read as such. */
export function parseAclStatements(defn: string): AclOp[] | null {
  const ops: AclOp[] = [];
  for (const raw of splitTop(defn, ';')) {
    const s = raw.trim();
    if (!s || /^(SET|RESET) SESSION AUTHORIZATION/.test(s)) continue;
    const m = /^(GRANT|REVOKE) (GRANT OPTION FOR )?/.exec(s);
    if (!m) return null;
    const grant = m[1] === 'GRANT';
    const on = splitTop(s.slice(m[0].length), ' ON ');
    if (on.length < 2) return null;
    let rest = on.slice(1).join(' ON ');
    const withGrantOption = grant && rest.endsWith(' WITH GRANT OPTION');
    if (withGrantOption) rest = rest.slice(0, -' WITH GRANT OPTION'.length);
    const to = splitTop(rest, grant ? ' TO ' : ' FROM ');
    if (to.length < 2) return null;
    const privileges = splitTop(on[0], ',').map((p) => p.trim().replace(/\(.*\)$/s, '').trim().toUpperCase()).map((p) => (p === 'ALL PRIVILEGES' ? 'ALL' : p));
    ops.push({ grant, optionOnly: Boolean(m[2]), privileges, grantee: unquote(to[to.length - 1]), withGrantOption });
  }
  return ops;
}

const keyOf = (g: Pick<Grant, 'grantee' | 'privilege'>) => `${g.grantee}\u0000${g.privilege}`;

/** The privileges after the statements run on `base`; `owner` is the archive's owner of the object. */
export function applyAcl(base: Grant[], ops: AclOp[], type: AclType, owner: string, defaults: AclDefaults): Grant[] {
  const all = type === 'c' ? COLUMN_ALL : defaults[type].filter((g) => g.grantee === OWNER).map((g) => g.privilege);
  const held = new Map(base.map((g) => [keyOf(g), g]));
  for (const op of ops) {
    const grantee = op.grantee === owner ? OWNER : op.grantee;
    for (const privilege of op.privileges.flatMap((p) => (p === 'ALL' ? all : [p]))) {
      const k = keyOf({ grantee, privilege });
      if (op.grant) held.set(k, { grantee, privilege, grantable: op.withGrantOption || (held.get(k)?.grantable ?? false) });
      else if (op.optionOnly) {
        const g = held.get(k);
        if (g) held.set(k, { ...g, grantable: false });
      } else held.delete(k);
    }
  }
  return [...held.values()];
}

/** "SELECT to PUBLIC", "INSERT to alice with grant option". */
function describe(g: Grant): string {
  return `${g.privilege} to ${g.grantee}${g.grantable ? ' with grant option' : ''}`;
}

/** What differs between the privileges wanted and those held ('' when they are the same). */
export function grantsDiffer(wanted: Grant[], held: Grant[]): string {
  const has = new Map(held.map((g) => [keyOf(g), g]));
  const had = new Map(wanted.map((g) => [keyOf(g), g]));
  const missing = wanted.filter((g) => has.get(keyOf(g))?.grantable !== g.grantable).map(describe);
  const extra = held.filter((g) => had.get(keyOf(g))?.grantable !== g.grantable).map(describe);
  return [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `not in the backup ${extra.join(', ')}` : ''].filter(Boolean).join('; ');
}
