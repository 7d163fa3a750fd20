/**
 * A small SQL lexer for psql scripts written by pg_dumpall: it splits a script into statements
 * and psql meta-command lines, and each statement into tokens with their offsets and line
 * numbers. It knows exactly what the roles sanitizer needs to be safe: quoted identifiers
 * ("a ""b"""), standard and E'' strings, dollar quotes, nested block comments and line comments,
 * so that a role name or a password hash is never mistaken for a keyword. Pure, no I/O.
 */

export type TokenKind = 'word' | 'quoted-ident' | 'string' | 'dollar-string' | 'number' | 'punct';

export interface Token {
  kind: TokenKind;
  /** The token exactly as written. */
  text: string;
  /** Offsets into the whole script, end exclusive. */
  start: number;
  end: number;
  /** 1-based line of the token's first character. */
  line: number;
}

export interface SqlStatement {
  kind: 'sql';
  /** Offsets of the statement text, from its first token to its terminating `;` (inclusive). */
  start: number;
  end: number;
  line: number;
  /** Significant tokens (no whitespace, no comments), the final `;` excluded. */
  tokens: Token[];
  /** False when the script ended before the `;`. */
  terminated: boolean;
}

export interface MetaCommand {
  kind: 'meta';
  start: number;
  /** End of the line, newline excluded. */
  end: number;
  line: number;
  /** The command name without the backslash, e.g. `restrict`. */
  name: string;
  /** The rest of the line after the name, trimmed. */
  argument: string;
}

export type ScriptItem = SqlStatement | MetaCommand;

const isWordStart = (c: string): boolean => /[A-Za-z_\u0080-\uFFFF]/.test(c);
const isWordPart = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uFFFF]/.test(c);

/** Splits a psql script into SQL statements and meta-command lines, in order. */
export function lexScript(text: string): ScriptItem[] {
  const items: ScriptItem[] = [];
  let i = 0;
  let line = 1;
  let current: Token[] = [];
  let stmtStart = -1;
  let stmtLine = 0;

  const advanceTo = (to: number): void => {
    for (let k = i; k < to; k++) if (text[k] === '\n') line++;
    i = to;
  };
  const push = (kind: TokenKind, end: number): void => {
    if (stmtStart < 0) {
      stmtStart = i;
      stmtLine = line;
    }
    current.push({ kind, text: text.slice(i, end), start: i, end, line });
    advanceTo(end);
  };
  const endStatement = (end: number, terminated: boolean): void => {
    if (stmtStart >= 0) items.push({ kind: 'sql', start: stmtStart, end, line: stmtLine, tokens: current, terminated });
    current = [];
    stmtStart = -1;
  };

  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    // psql runs a backslash command wherever it appears outside quotes, even inside a statement,
    // and it runs to the end of the line. Dumps only put them on lines of their own.
    if (c === '\\') {
      let eol = text.indexOf('\n', i);
      if (eol < 0) eol = text.length;
      const body = text.slice(i + 1, eol).replace(/\r$/, '');
      const m = /^([A-Za-z_!?.][A-Za-z0-9_+]*|\S)?\s*(.*)$/s.exec(body);
      items.push({ kind: 'meta', start: i, end: eol, line, name: m?.[1] ?? '', argument: (m?.[2] ?? '').trim() });
      i = eol;
      continue;
    }
    if (c === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 0;
      let k = i;
      while (k < text.length) {
        if (text[k] === '/' && text[k + 1] === '*') {
          depth++;
          k += 2;
        } else if (text[k] === '*' && text[k + 1] === '/') {
          depth--;
          k += 2;
          if (depth === 0) break;
        } else k++;
      }
      advanceTo(Math.min(k, text.length));
      continue;
    }
    if (c === ';') {
      endStatement(i + 1, true);
      i++;
      continue;
    }
    if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const backslashEscapes = c !== "'";
      let k = backslashEscapes ? i + 2 : i + 1;
      while (k < text.length) {
        if (backslashEscapes && text[k] === '\\') k += 2;
        else if (text[k] === "'" && text[k + 1] === "'") k += 2;
        else if (text[k] === "'") {
          k++;
          break;
        } else k++;
      }
      push('string', Math.min(k, text.length));
      continue;
    }
    if (c === '"') {
      let k = i + 1;
      while (k < text.length) {
        if (text[k] === '"' && text[k + 1] === '"') k += 2;
        else if (text[k] === '"') {
          k++;
          break;
        } else k++;
      }
      push('quoted-ident', Math.min(k, text.length));
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/.exec(text.slice(i, i + 200));
      if (m) {
        const tag = m[0];
        const close = text.indexOf(tag, i + tag.length);
        push('dollar-string', close < 0 ? text.length : close + tag.length);
        continue;
      }
    }
    if (isWordStart(c)) {
      let k = i + 1;
      while (k < text.length && isWordPart(text[k])) k++;
      push('word', k);
      continue;
    }
    if (/[0-9]/.test(c)) {
      let k = i + 1;
      while (k < text.length && /[0-9.eE]/.test(text[k])) k++;
      push('number', k);
      continue;
    }
    push('punct', i + 1);
  }
  endStatement(text.length, false);
  return items;
}

/** True when a token is the given keyword (case-insensitive, unquoted). */
export function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === keyword;
}

/**
 * The name a token stands for, as PostgreSQL resolves it: quoted identifiers lose their quotes
 * and doubled quotes, unquoted ones are folded to lower case (ASCII only, as in a UTF-8 database).
 */
export function identifierName(token: Token): string {
  if (token.kind === 'quoted-ident') return token.text.slice(1, -1).replace(/""/g, '"');
  return token.text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/** A SQL string literal for any text. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
