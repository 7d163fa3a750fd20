/**
 * Checked targets, by opaque id. The connection (with its password) stays in this process's
 * memory; the renderer only ever holds the id. The sandbox is started once and shared.
 */
import { randomUUID } from 'node:crypto';
import type { TargetInput, TargetView } from '../../contract';
import type { ClientTool } from '../../core/binaries/types';
import { UserError } from '../../core/errors';
import type { Inspection } from '../../core/inspect';
import { startSandbox, type Sandbox } from '../../core/sandbox/sandbox';
import { preflight } from '../../core/target/preflight';
import type { PreflightResult, TargetConnection } from '../../core/target/types';
import { preflightInput } from '../../core/replay/preflight-input';
import { clientToolsCheck, targetView } from './views';

/** Targets kept at once; the oldest is forgotten first. */
const TARGET_LIMIT = 32;

interface Checked {
  conn: TargetConnection;
  result: PreflightResult;
}

export class TargetRegistry {
  private readonly targets = new Map<string, Checked>();
  private sandbox: Promise<Sandbox> | null = null;

  constructor(private readonly sandboxDir: string | undefined) {}

  /** Connects, runs the pre-flight against the last opened set, and remembers the target. */
  async check(input: TargetInput, inspection: Inspection | null, tools: ClientTool[]): Promise<TargetView> {
    let conn: TargetConnection;
    let dataDir: string | undefined;
    if (input.kind === 'sandbox') {
      const sandbox = await this.startSandbox();
      conn = { ...sandbox.connection, sslmode: 'disable' };
      dataDir = sandbox.dir;
    } else {
      // A re-check with the password field empty (the renderer forgets it after a check) reuses the one kept here.
      const password = input.password === '' ? this.knownPassword(input.host, input.port, input.user) : input.password;
      conn = { host: input.host, port: input.port, user: input.user, password, database: input.database, sslmode: input.sslmode };
    }
    const result = await preflight(conn, preflightInput(inspection));
    const targetId = randomUUID();
    this.targets.set(targetId, { conn, result });
    while (this.targets.size > TARGET_LIMIT) this.targets.delete(this.targets.keys().next().value!);
    return targetView(targetId, input.kind, conn, result, [clientToolsCheck(tools, inspection)], dataDir);
  }

  /** The connection behind an id. */
  connection(targetId: string): TargetConnection {
    const t = this.targets.get(targetId);
    if (!t) throw new UserError('bad-argument', 'That target is no longer known.', 'Check the target again on the Target screen.');
    return t.conn;
  }

  /** The password of the latest checked target with this host, port and user, if any. */
  private knownPassword(host: string, port: number, user: string): string {
    const same = [...this.targets.values()].filter((t) => t.conn.host === host && t.conn.port === port && t.conn.user === user);
    return same.at(-1)?.conn.password ?? '';
  }

  /** The facts of the most recently checked target, for the roles preview. */
  latest(): PreflightResult | null {
    return [...this.targets.values()].at(-1)?.result ?? null;
  }

  /** Stops the sandbox if this process started it. */
  async close(): Promise<void> {
    this.targets.clear();
    const sandbox = this.sandbox;
    this.sandbox = null;
    if (sandbox) await (await sandbox.catch(() => null))?.stop();
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
