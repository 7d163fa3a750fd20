/**
 * Decides, statement by statement, what happens to a pg_dumpall roles script on a Flexible Server:
 * keep it, remove it, or rewrite it (attributes only a superuser may set, `GRANTED BY`, grant
 * options an older target does not know, `CREATE ROLE` made idempotent). Pure; works on the
 * tokens of `roles-sql-lexer`, so quoted names and password strings are never misread.
 */
import { identifierName, isKeyword, quoteLiteral, type SqlStatement, type Token } from './roles-sql-lexer';
import { isPredefinedRole, managedListReason, managedReason } from './roles-managed';

export interface RoleRules {
  connectingRole: string;
  /** Major version of the target server, when known. */
  targetMajor?: number;
  extraManagedRoles: readonly string[];
}

export type StatementVerdict =
  | { action: 'keep'; note?: string }
  | { action: 'remove'; reason: string; roles: string[] }
  | { action: 'replace'; text: string; reason: string; roles: string[]; note?: string };

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Attributes only a superuser may give or take away (PostgreSQL refuses even the NO- forms). */
const SUPERUSER_ONLY_ATTRIBUTES = new Set(['SUPERUSER', 'NOSUPERUSER', 'REPLICATION', 'NOREPLICATION', 'BYPASSRLS', 'NOBYPASSRLS']);
const ROLE_OBJECT = new Set(['ROLE', 'USER', 'GROUP']);

const upper = (t: Token | undefined): string => (t && t.kind === 'word' ? t.text.toUpperCase() : '');

/** Judges one SQL statement of a roles script. */
export function judgeStatement(stmt: SqlStatement, script: string, rules: RoleRules): StatementVerdict {
  const t = stmt.tokens;
  const verb = upper(t[0]);
  if ((verb === 'CREATE' || verb === 'ALTER' || verb === 'DROP') && ROLE_OBJECT.has(upper(t[1]))) {
    if (verb === 'CREATE') return judgeCreateRole(stmt, script, rules);
    if (verb === 'ALTER') return judgeAlterRole(stmt, script, rules);
    return judgeDropRole(stmt, script, rules);
  }
  if (verb === 'COMMENT' && isKeyword(t[1], 'ON') && isKeyword(t[2], 'ROLE') && t[3]) {
    return judgeByRole(identifierName(t[3]), rules);
  }
  if (verb === 'SECURITY' && isKeyword(t[1], 'LABEL')) {
    const on = t.findIndex((tok) => isKeyword(tok, 'ON'));
    if (on > 0 && isKeyword(t[on + 1], 'ROLE') && t[on + 2]) return judgeByRole(identifierName(t[on + 2]), rules);
    return { action: 'keep' };
  }
  if (verb === 'GRANT' || verb === 'REVOKE') return judgeGrant(stmt, script, rules);
  return { action: 'keep' };
}

function judgeByRole(name: string, rules: RoleRules): StatementVerdict {
  const why = managedReason(name, rules.connectingRole, rules.extraManagedRoles);
  return why ? { action: 'remove', reason: why, roles: [name] } : { action: 'keep' };
}

function applyEdits(script: string, stmt: SqlStatement, edits: Edit[]): string {
  let out = script.slice(stmt.start, stmt.end);
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start - stmt.start) + e.text + out.slice(e.end - stmt.start);
  }
  return out;
}

/** Removes a token together with the blank space before it. */
function dropToken(tokens: Token[], index: number): Edit {
  const prevEnd = index > 0 ? tokens[index - 1].end : tokens[index].start;
  return { start: prevEnd, end: tokens[index].end, text: '' };
}

/**
 * Walks role options (`LOGIN`, `PASSWORD '…'`, `VALID UNTIL '…'`, `IN ROLE a, b`, …) from `from`,
 * and returns the superuser-only attributes found and how many options there are in all.
 */
function scanRoleOptions(t: Token[], from: number): { forbidden: number[]; total: number } {
  const forbidden: number[] = [];
  let total = 0;
  let k = from;
  const skipList = (at: number): number => {
    let j = at + 1;
    while (t[j]?.kind === 'punct' && t[j].text === ',') j += 2;
    return j;
  };
  while (k < t.length) {
    const w = upper(t[k]);
    total++;
    if (SUPERUSER_ONLY_ATTRIBUTES.has(w)) {
      forbidden.push(k);
      k++;
    } else if (w === 'ENCRYPTED' || w === 'UNENCRYPTED') {
      total--;
      k++;
    } else if (w === 'PASSWORD' || w === 'SYSID') k += 2;
    else if (w === 'VALID') k += 3;
    else if (w === 'CONNECTION') k += t[k + 2]?.text === '-' ? 4 : 3;
    else if (w === 'IN') k = skipList(k + 2);
    else if (w === 'ROLE' || w === 'ADMIN' || w === 'USER') k = skipList(k + 1);
    else k++;
  }
  return { forbidden, total };
}

function attributeEdits(t: Token[], from: number): { edits: Edit[]; dropped: string[]; left: number } {
  const { forbidden, total } = scanRoleOptions(t, from);
  return {
    edits: forbidden.map((i) => dropToken(t, i)),
    dropped: forbidden.map((i) => t[i].text.toUpperCase()),
    left: total - forbidden.length,
  };
}

const attributesReason = (dropped: string[]): string =>
  `dropped ${dropped.join(', ')}: only a superuser may set these attributes, even to turn them off`;

/** A dollar-quote tag that occurs nowhere in `parts`, in any letter case (a name's folded form included). */
export function doTag(...parts: string[]): string {
  const text = parts.join('\n').toLowerCase();
  for (let n = 0; ; n++) {
    const tag = n === 0 ? '$pgflex$' : `$pgflex${n}$`;
    if (!text.includes(tag)) return tag;
  }
}

function judgeCreateRole(stmt: SqlStatement, script: string, rules: RoleRules): StatementVerdict {
  const t = stmt.tokens;
  if (!t[2]) return { action: 'keep' };
  const name = identifierName(t[2]);
  const managed = judgeByRole(name, rules);
  if (managed.action === 'remove') return managed;
  const from = isKeyword(t[3], 'WITH') ? 4 : 3;
  const { edits, dropped, left } = attributeEdits(t, from);
  // `CREATE ROLE x WITH SUPERUSER` must not become `CREATE ROLE x WITH`.
  if (left === 0 && from === 4) edits.push(dropToken(t, 3));
  const create = applyEdits(script, stmt, edits).replace(/;\s*$/, '');
  const tag = doTag(create, name, quoteLiteral(name));
  const text =
    `DO ${tag} BEGIN ${create}; EXCEPTION WHEN duplicate_object THEN ` +
    `RAISE NOTICE 'role % already exists, kept as it is', ${quoteLiteral(name)}; END ${tag};`;
  const reasons = ['made idempotent: a role that already exists is kept (a notice, not an error)'];
  if (dropped.length) reasons.push(attributesReason(dropped));
  return { action: 'replace', text, reason: reasons.join('; '), roles: [] };
}

function judgeAlterRole(stmt: SqlStatement, script: string, rules: RoleRules): StatementVerdict {
  const t = stmt.tokens;
  if (!t[2] || (t[2].kind === 'word' && upper(t[2]) === 'ALL')) return { action: 'keep' };
  const name = identifierName(t[2]);
  const managed = judgeByRole(name, rules);
  if (managed.action === 'remove') return managed;
  // SET / RESET / IN DATABASE / RENAME TO / (ALTER GROUP) ADD|DROP USER carry no attributes.
  if (['SET', 'RESET', 'IN', 'RENAME', 'ADD', 'DROP'].includes(upper(t[3]))) return { action: 'keep' };
  const from = isKeyword(t[3], 'WITH') ? 4 : 3;
  const { edits, dropped, left } = attributeEdits(t, from);
  if (!dropped.length) return { action: 'keep' };
  if (left === 0) {
    return { action: 'remove', reason: `${attributesReason(dropped)}; nothing else to apply`, roles: [] };
  }
  return { action: 'replace', text: applyEdits(script, stmt, edits), reason: attributesReason(dropped), roles: [] };
}

function judgeDropRole(stmt: SqlStatement, script: string, rules: RoleRules): StatementVerdict {
  const t = stmt.tokens;
  let k = 2;
  if (isKeyword(t[k], 'IF') && isKeyword(t[k + 1], 'EXISTS')) k += 2;
  const list = parseRoleList(t, k, new Set(['CASCADE', 'RESTRICT']));
  const part = partitionList(list.items, 'target', rules, script);
  if (!part.removed.length) return { action: 'keep' };
  if (!part.kept.length) return { action: 'remove', reason: part.reason, roles: part.removed };
  const text = applyEdits(script, stmt, [listEdit(list.items, part.kept)]);
  return { action: 'replace', text, reason: part.reason, roles: part.removed };
}

interface ListItem {
  name: string;
  /** Offsets of the item in the script, a `GROUP` prefix included. */
  start: number;
  end: number;
}

/** Reads `a, GROUP b, "c"` from index `from` up to a token in `stop` (or the end). */
function parseRoleList(t: Token[], from: number, stop: Set<string>): { items: ListItem[]; next: number } {
  const items: ListItem[] = [];
  let k = from;
  while (k < t.length && !stop.has(upper(t[k]))) {
    const first = t[k];
    if (isKeyword(first, 'GROUP') && t[k + 1] && t[k + 1].text !== ',') k++;
    const tok = t[k];
    items.push({ name: identifierName(tok), start: first.start, end: tok.end });
    k++;
    if (t[k]?.kind === 'punct' && t[k].text === ',') k++;
    else break;
  }
  return { items, next: k };
}

/**
 * Splits a role list into the roles to keep and the managed ones to drop. `position` says what
 * the list holds: roles granted, members receiving them, or roles to drop (`target`).
 */
function partitionList(
  items: ListItem[],
  position: 'granted' | 'member' | 'target',
  rules: RoleRules,
  script: string,
): { kept: string[]; removed: string[]; reason: string } {
  const kept: string[] = [];
  const removed: string[] = [];
  const reasons: string[] = [];
  for (const item of items) {
    const why =
      position === 'target'
        ? managedReason(item.name, rules.connectingRole, rules.extraManagedRoles)
        : managedListReason(item.name, position, rules.connectingRole, rules.extraManagedRoles);
    if (why) {
      removed.push(item.name);
      reasons.push(why);
    } else kept.push(script.slice(item.start, item.end));
  }
  return { kept, removed, reason: reasons.join('; ') };
}

function listEdit(items: ListItem[], kept: string[]): Edit {
  return { start: items[0].start, end: items[items.length - 1].end, text: kept.join(', ') };
}

const GRANT_LIST_END = new Set(['WITH', 'GRANTED', 'CASCADE', 'RESTRICT']);

function judgeGrant(stmt: SqlStatement, script: string, rules: RoleRules): StatementVerdict {
  const t = stmt.tokens;
  const isGrant = upper(t[0]) === 'GRANT';
  const linkWord = isGrant ? 'TO' : 'FROM';
  let depth = 0;
  let link = -1;
  let on = -1;
  for (let k = 1; k < t.length && link < 0; k++) {
    if (t[k].text === '(') depth++;
    else if (t[k].text === ')') depth--;
    else if (depth === 0 && isKeyword(t[k], 'ON')) on = k;
    else if (depth === 0 && isKeyword(t[k], linkWord)) link = k;
  }
  if (link < 0) return { action: 'keep' };
  const membership = on < 0;
  const edits: Edit[] = [];
  const reasons: string[] = [];
  const roles: string[] = [];
  let note: string | undefined;

  const members = parseRoleList(t, link + 1, GRANT_LIST_END);
  const memberPart = partitionList(members.items, 'member', rules, script);
  if (members.items.length && !memberPart.kept.length) {
    return { action: 'remove', reason: memberPart.reason, roles: memberPart.removed };
  }

  if (membership) {
    let from = 1;
    // REVOKE ADMIN OPTION FOR / INHERIT OPTION FOR / SET OPTION FOR
    if (!isGrant && isKeyword(t[from + 1], 'OPTION') && isKeyword(t[from + 2], 'FOR')) from += 3;
    const granted = parseRoleList(t, from, new Set([linkWord]));
    const part = partitionList(granted.items, 'granted', rules, script);
    if (granted.items.length && !part.kept.length) return { action: 'remove', reason: part.reason, roles: part.removed };
    if (part.removed.length) {
      edits.push(listEdit(granted.items, part.kept));
      reasons.push(part.reason);
      roles.push(...part.removed);
    }
    const predefined = granted.items.map((i) => i.name).filter((n) => isPredefinedRole(n));
    if (isGrant && predefined.length) {
      note =
        `granting ${predefined.join(', ')} needs ADMIN OPTION on it from PostgreSQL 16 on; ` +
        'without it this line fails and is reported, the rest of the file still applies';
    }
    if (isGrant && rules.targetMajor !== undefined && rules.targetMajor < 16) {
      const opt = grantOptionsEdit(t, members.next, rules.targetMajor);
      if (opt) {
        edits.push(opt.edit);
        reasons.push(opt.reason);
      }
    }
  }
  if (memberPart.removed.length) {
    edits.push(listEdit(members.items, memberPart.kept));
    reasons.push(memberPart.reason);
    roles.push(...memberPart.removed);
  }

  // GRANTED BY: only a superuser may name another grantor; the grant itself stays.
  const grantedBy = t.findIndex((tok, k) => k > link && isKeyword(tok, 'GRANTED') && isKeyword(t[k + 1], 'BY'));
  if (grantedBy > 0 && t[grantedBy + 2]) {
    const grantor = identifierName(t[grantedBy + 2]);
    edits.push({ start: t[grantedBy - 1].end, end: t[grantedBy + 2].end, text: '' });
    reasons.push(
      `dropped GRANTED BY ${grantor}: only a superuser may name another grantor; ` +
        `the ${membership ? 'membership' : 'privilege'} is kept, granted by you`,
    );
  }
  if (!edits.length) return note ? { action: 'keep', note } : { action: 'keep' };
  return { action: 'replace', text: applyEdits(script, stmt, edits), reason: reasons.join('; '), roles, note };
}

/**
 * PostgreSQL 16 writes `WITH ADMIN OPTION, INHERIT TRUE` / `WITH INHERIT FALSE, SET FALSE`; a 15
 * or older server only knows `WITH ADMIN OPTION`. Keeps the admin option, drops the rest.
 */
function grantOptionsEdit(t: Token[], from: number, targetMajor: number): { edit: Edit; reason: string } | null {
  if (!isKeyword(t[from], 'WITH')) return null;
  let k = from + 1;
  let admin = false;
  const dropped: string[] = [];
  while (k < t.length && !isKeyword(t[k], 'GRANTED')) {
    const name = upper(t[k]);
    const value = upper(t[k + 1]);
    if (name === 'ADMIN') admin = value === 'OPTION' || value === 'TRUE';
    else dropped.push(`${name} ${value}`);
    k += 2;
    if (t[k]?.text === ',') k++;
  }
  if (!dropped.length) return null;
  return {
    edit: { start: t[from - 1].end, end: t[k - 1].end, text: admin ? ' WITH ADMIN OPTION' : '' },
    reason: `dropped ${dropped.join(', ')}: grant options of PostgreSQL 16+, unknown to the target (${targetMajor})`,
  };
}
