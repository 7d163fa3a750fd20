/**
 * What `azure login` remembered: cloud, tenant, client id and account (a small 0600 JSON file
 * beside the token cache; no secrets). Apart from the sign-in code, so a command can ask "is
 * anyone signed in?" without loading msal.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CloudName } from '../../core/azure/clouds';

/** What `azure login` remembers (no secrets: those are in the token cache). */
export interface SessionFile {
  cloud: CloudName;
  /** An Entra ID host other than the cloud's (`--authority-host`). */
  authorityHost?: string;
  tenantId?: string;
  clientId?: string;
  homeAccountId?: string;
  username?: string;
}

/** Where the CLI keeps its Azure files: PGFLEX_CONFIG_DIR, else $XDG_CONFIG_HOME/pgflex-restore, else ~/.config/pgflex-restore. */
export function configDir(env = process.env): string {
  return env.PGFLEX_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'pgflex-restore');
}

/** The remembered session, or a default one. */
export function readSession(env = process.env): SessionFile {
  try {
    const s = JSON.parse(readFileSync(join(configDir(env), 'azure-session.json'), 'utf8')) as SessionFile;
    return { cloud: s.cloud ?? 'public', authorityHost: s.authorityHost, tenantId: s.tenantId, clientId: s.clientId, homeAccountId: s.homeAccountId, username: s.username };
  } catch {
    return { cloud: 'public' };
  }
}

/** Saves the session (0600, as the cache beside it). */
export function writeSession(s: SessionFile, env = process.env): void {
  mkdirSync(configDir(env), { recursive: true, mode: 0o700 });
  writeFileSync(join(configDir(env), 'azure-session.json'), JSON.stringify(s, null, 2), { mode: 0o600 });
}
