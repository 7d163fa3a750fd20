/**
 * Checked targets, by opaque id. The connection (with its password) stays in this process's
 * memory; the renderer only ever holds the id. Each target keeps the facts its check read from the
 * server, per restore set, so editing the plan checks against them without reconnecting; a new
 * check (a new id), a replay on that server or a different set reads them again. The sandbox is
 * started once and shared.
 */
import { randomUUID } from 'node:crypto';
import type { TargetInput, TargetView } from '../../contract';
import type { ClientTool } from '../../core/binaries/types';
import { UserError } from '../../core/errors';
import type { Inspection } from '../../core/inspect';
import { preflightInput } from '../../core/replay/preflight-input';
import { startSandbox, type Sandbox } from '../../core/sandbox/sandbox';
import { factsCover, preflightFromFacts, readTargetFacts, type TargetFacts } from '../../core/target/preflight';
import type { ExpiringPassword } from '../../core/target/expiring-password';
import type { PreflightInput, PreflightResult, TargetConnection } from '../../core/target/types';
import { clientToolsCheck, targetView } from './target-view';

/** Targets kept at once; the oldest is forgotten first. */
const TARGET_LIMIT = 32;

interface Checked {
  conn: TargetConnection;
  /** The check's result, as shown on the Target screen. */
  result: PreflightResult;
  /** Facts read from the server, by restore-set folder ('' for none). */
  facts: Map<string, Promise<TargetFacts>>;
}

/** Every database of the set, system ones included: facts that answer any plan of it. */
const wholeSet = (inspection: Inspection | null): PreflightInput => preflightInput(inspection, { includeSystem: true, rename: {} });

export class TargetRegistry {
  private readonly targets = new Map<string, Checked>();
  private sandbox: Promise<Sandbox> | null = null;

  constructor(private readonly sandboxDir: string | undefined) {}

  /** Connects, runs the pre-flight against this restore set (if any), and remembers the target under a new id. */
  async check(input: TargetInput, inspection: Inspection | null, tools: ClientTool[], expiring?: ExpiringPassword): Promise<TargetView> {
    let conn: TargetConnection;
    let dataDir: string | undefined;
    if (input.kind === 'sandbox') {
      const sandbox = await this.startSandbox();
      conn = { ...sandbox.connection, sslmode: 'disable' };
      dataDir = sandbox.dir;
    } else {
      // A re-check with the password field empty (the renderer forgets it after a check) reuses the one kept here.
      const password = expiring ? undefined : input.password === '' ? this.knownPassword(input.host, input.port, input.user) : input.password;
      conn = { host: input.host, port: input.port, user: input.user, password, expiringPassword: expiring, database: input.database, sslmode: input.sslmode };
    }
    const facts = await readTargetFacts(conn, wholeSet(inspection));
    const result = preflightFromFacts(facts, preflightInput(inspection));
    const targetId = randomUUID();
    this.targets.set(targetId, { conn, result, facts: new Map([[inspection?.set.folder ?? '', Promise.resolve(facts)]]) });
    while (this.targets.size > TARGET_LIMIT) this.targets.delete(this.targets.keys().next().value!);
    return targetView(targetId, input.kind, conn, result, [clientToolsCheck(tools, inspection)], dataDir);
  }

  /** The connection behind an id. */
  connection(targetId: string): TargetConnection {
    return this.get(targetId).conn;
  }

  /** What the check of this target found (the roles preview is shaped by it). */
  result(targetId: string): PreflightResult {
    return this.get(targetId).result;
  }

  /**
   * The pre-flight of this target for a plan of this set, from the facts kept for the set (read
   * once, when first needed); facts that do not answer the plan are read again.
   */
  cachedPreflight(targetId: string, inspection: Inspection): (conn: TargetConnection, input: PreflightInput) => Promise<PreflightResult> {
    const t = this.get(targetId);
    const key = inspection.set.folder;
    return async (conn, input) => {
      const kept = await t.facts.get(key)?.catch(() => null);
      if (kept && factsCover(kept, input)) return preflightFromFacts(kept, input);
      const facts = readTargetFacts(conn, wholeSet(inspection));
      t.facts.set(key, facts);
      facts.catch(() => t.facts.delete(key));
      return preflightFromFacts(await facts, input);
    };
  }

  /** Forgets the facts kept for every target on this server (a replay changed its databases). */
  invalidate(conn: Pick<TargetConnection, 'host' | 'port'>): void {
    for (const t of this.targets.values()) if (t.conn.host === conn.host && t.conn.port === conn.port) t.facts.clear();
  }

  /** Stops the sandbox if this process started it. */
  async close(): Promise<void> {
    this.targets.clear();
    const sandbox = this.sandbox;
    this.sandbox = null;
    if (sandbox) await (await sandbox.catch(() => null))?.stop();
  }

  private get(targetId: string): Checked {
    const t = this.targets.get(targetId);
    if (!t) throw new UserError('bad-argument', 'That target is no longer known.', 'Check the target again on the Target screen.');
    return t;
  }

  /** The password of the latest checked target with this host, port and user, if any. */
  private knownPassword(host: string, port: number, user: string): string {
    const same = [...this.targets.values()].filter((t) => t.conn.host === host && t.conn.port === port && t.conn.user === user);
    return same.at(-1)?.conn.password ?? '';
  }

  private startSandbox(): Promise<Sandbox> {
    if (!this.sandbox) {
      this.sandbox = startSandbox({ dir: this.sandboxDir });
      // A failed start is not cached: the user may fix the cause and try again.
      this.sandbox.catch(() => {
        this.sandbox = null;
      });
    }
    return this.sandbox;
  }
}
