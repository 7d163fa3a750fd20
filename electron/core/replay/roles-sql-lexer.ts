/**
 * A SQL lexer for psql scripts written by pg_dumpall: it splits a script into statements and psql
 * meta-command lines, and each statement into tokens with their offsets and line numbers. Where a
 * string, identifier or comment starts and ends, it agrees with psql's own lexer
 * (src/fe_utils/psqlscan.l): standard and E'' strings, standard_conforming_strings turned off by a
 * SET (from the next line on, as psql re-reads the setting per line), quoted identifiers, dollar
 * quotes with tags of any length, nested block comments, line comments, `::` casts. What psql reads
 * differently across versions or from its own state (psql variables `:x`, a number glued to a
 * word, NUL bytes, a script ending inside a quote) is a LexError: the caller refuses the file
 * rather than guess where psql would see a backslash command. Pure, no I/O.
 */

/** The script cannot be lexed the way every psql would lex it; `line` is where. */
export class LexError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

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

export interface LexOptions {
  /** standard_conforming_strings at the start (psql takes it from the server; pg_dumpall sets it on). */
  standardStrings?: boolean;
}

/** The value a `SET [SESSION|LOCAL] standard_conforming_strings = v` statement sets: true/false, null when it is not such a SET, 'unknown' for DEFAULT or odd values. */
export function standardStringsSet(tokens: Token[]): boolean | null | 'unknown' {
  let k = 0;
  if (!isKeyword(tokens[k++], 'SET')) return null;
  if (isKeyword(tokens[k], 'SESSION') || isKeyword(tokens[k], 'LOCAL')) k++;
  const name = tokens[k++];
  if (!name || name.kind === 'string' || identifierName(name) !== 'standard_conforming_strings') return null;
  if (!(tokens[k]?.text === '=' || isKeyword(tokens[k], 'TO'))) return 'unknown';
  const v = tokens[k + 1];
  if (!v || tokens.length !== k + 2) return 'unknown';
  const word = (v.kind === 'string' ? v.text.slice(1, -1) : v.text).toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(word)) return true;
  if (['off', 'false', 'no', '0'].includes(word)) return false;
  return 'unknown';
}

const isWordStart = (c: string): boolean => /[A-Za-z_\u0080-\uFFFF]/.test(c);
const isWordPart = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uFFFF]/.test(c);
// psqlscan.l: variable_char, the characters of a psql variable name after ':'.
const isVariableChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_\u0080-\uFFFF]/.test(c);
const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/y;
const NUMBER = /(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/y;

/**
 * Splits a psql script into SQL statements and meta-command lines, in order. Throws LexError
 * when psql might read the script differently (see the file's comment).
 */
export function lexScript(text: string, opts: LexOptions = {}): ScriptItem[] {
  const items: ScriptItem[] = [];
  let i = 0;
  let line = 1;
  let standardStrings = opts.standardStrings ?? true;
  // A SET changes psql's string mode only once the statement has run: from the next line on.
  let pendingMode: boolean | null = null;
  const nul = text.indexOf('\0');
  if (nul >= 0) throw new LexError('the file holds a NUL byte, where psql stops reading the line', lineOf(text, nul));
  let current: Token[] = [];
  let stmtStart = -1;
  let stmtLine = 0;

  const newline = (): void => {
    line++;
    if (pendingMode !== null) {
      standardStrings = pendingMode;
      pendingMode = null;
    }
  };
  const advanceTo = (to: number): void => {
    for (let k = i; k < to; k++) if (text[k] === '\n') newline();
    i = to;
  };
  const unterminated = (what: string, from: number): never => {
    throw new LexError(`the file ends inside ${what} that starts here; psql would read what follows differently`, lineOf(text, from));
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
    const mode = standardStringsSet(current);
    if (mode === true || mode === false) pendingMode = mode;
    current = [];
    stmtStart = -1;
  };

  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '\n') {
      newline();
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
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
      if (depth !== 0) unterminated('a /* comment */', i);
      advanceTo(k);
      continue;
    }
    if (c === ';') {
      endStatement(i + 1, true);
      i++;
      continue;
    }
    if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      // E'' always takes backslash escapes; a plain '' does too when standard_conforming_strings is off.
      // (U&'', B'' and X'' start as a word here: their quotes pair up the same either way.)
      const prefixed = c !== "'";
      // psql lexes B'' and X'' (xb, xh) and U&'' (xus) without escapes in either mode; N'' like a plain ''.
      const prev = current[current.length - 1];
      const before = current[current.length - 2];
      const noEscapes =
        (prev?.end === i && prev.kind === 'word' && /^[bx]$/i.test(prev.text)) ||
        (prev?.end === i && prev.text === '&' && before?.end === i - 1 && /^u$/i.test(before.text));
      const backslashEscapes = prefixed || (!standardStrings && !noEscapes);
      let k = prefixed ? i + 2 : i + 1;
      let closed = false;
      while (k < text.length) {
        if (backslashEscapes && text[k] === '\\') k += 2;
        else if (text[k] === "'" && text[k + 1] === "'") k += 2;
        else if (text[k] === "'") {
          k++;
          closed = true;
          break;
        } else k++;
      }
      if (!closed) unterminated('a string', i);
      push('string', k);
      continue;
    }
    if (c === '"') {
      let k = i + 1;
      for (;;) {
        const q = text.indexOf('"', k);
        if (q < 0) unterminated('a quoted identifier', i);
        if (text[q + 1] === '"') k = q + 2;
        else {
          k = q + 1;
          break;
        }
      }
      push('quoted-ident', k);
      continue;
    }
    if (c === '$') {
      DOLLAR_TAG.lastIndex = i;
      const m = DOLLAR_TAG.exec(text);
      if (m) {
        const tag = m[0];
        const close = text.indexOf(tag, i + tag.length);
        if (close < 0) unterminated(`a dollar-quoted string (${tag})`, i);
        push('dollar-string', close + tag.length);
        continue;
      }
    }
    if (c === ':') {
      if (next === ':') {
        push('punct', i + 2);
        continue;
      }
      // psql replaces :name, :'name', :"name" and :{?name} with its variables' values, then reads them as input.
      if (isVariableChar(next) || next === "'" || next === '"' || (next === '{' && text[i + 2] === '?')) {
        throw new LexError(`"${text.slice(i, i + 20).split('\n')[0]}" is a psql variable reference, whose value psql would read as part of the script`, line);
      }
    }
    if (isWordStart(c)) {
      let k = i + 1;
      while (k < text.length && isWordPart(text[k])) k++;
      push('word', k);
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(next ?? ''))) {
      NUMBER.lastIndex = i;
      const k = i + NUMBER.exec(text)![0].length;
      // psql 15 reads "1e'x'" as 1 then an E'' string; psql 16 as one junk token then a plain string.
      if (k < text.length && (isWordPart(text[k]) || text[k] === '.')) {
        throw new LexError(`"${text.slice(i, k + 1)}": a number glued to a word, which psql versions read differently`, line);
      }
      push('number', k);
      continue;
    }
    push('punct', i + 1);
  }
  endStatement(text.length, false);
  return items;
}

function lineOf(text: string, at: number): number {
  let n = 1;
  for (let k = text.indexOf('\n'); k >= 0 && k < at; k = text.indexOf('\n', k + 1)) n++;
  return n;
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
