/** The target form and its pre-flight result. The password leaves the renderer once, in `checkTarget`. */
import { create } from 'zustand';
import type { AzureTargetRequest, FlexibleServerView, SslMode, TargetInput, TargetView } from '../../../electron/contract';
import { bridge } from '../lib/bridge';
import { toProblem, type Problem } from '../lib/problem';
import { useRestoreSet } from './restore-set-store';

export interface TargetForm {
  kind: 'server' | 'sandbox' | 'azure';
  /** Azure: the flexible server picked from the subscription, and how to sign in to it. */
  serverId: string;
  auth: 'entra' | 'password';
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
  sslmode: SslMode;
}

interface TargetState {
  form: TargetForm;
  checking: boolean;
  target: TargetView | null;
  problem: Problem | null;
  /** The subscription's flexible servers (Azure kind). */
  servers: FlexibleServerView[];
  edit(patch: Partial<TargetForm>): void;
  loadServers(subscriptionId: string): Promise<void>;
  /** Picks a flexible server: host and user come from it (the admin, or the signed-in user with Entra). */
  pickServer(id: string, entraUser: string | null): void;
  check(): Promise<boolean>;
  /** Azure: sets azure.extensions to the change the check showed, then shows the new check. */
  allowExtensions(): Promise<boolean>;
  /** Forgets the last check (another set was opened: its checks were made for the old one). */
  forget(): void;
}

/** Validates the form and builds the contract's input, or says what is wrong. */
export function toTargetInput(form: TargetForm): TargetInput | Problem {
  if (form.kind === 'sandbox') return { kind: 'sandbox' };
  if (form.kind === 'azure') return { code: 'bad-argument', message: 'A flexible server is checked with toAzureTarget.', hint: 'This is a bug in the app.' };
  const port = Number(form.port);
  if (!form.host.trim()) return { code: 'bad-argument', message: 'Host is empty.', hint: 'Type the server name, e.g. myserver.postgres.database.azure.com or 127.0.0.1.' };
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { code: 'bad-argument', message: `Port "${form.port}" is not a port number.`, hint: 'PostgreSQL listens on 5432 unless configured otherwise.' };
  if (!form.user.trim()) return { code: 'bad-argument', message: 'User is empty.', hint: 'Use the server admin login (on Flexible Server, the admin you created with the server).' };
  return {
    kind: 'server', host: form.host.trim(), port, user: form.user.trim(), password: form.password,
    database: form.database.trim() || 'postgres', sslmode: form.sslmode,
  };
}

/** The Azure kind's request: the password only with 'password' (main gets the Entra token itself). */
export function toAzureTarget(form: TargetForm): AzureTargetRequest | Problem {
  const port = Number(form.port);
  if (!form.serverId) return { code: 'bad-argument', message: 'No flexible server is chosen.', hint: 'Pick one of the subscription\'s servers.' };
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { code: 'bad-argument', message: `Port "${form.port}" is not a port number.`, hint: 'Flexible servers listen on 5432 (6432 for PgBouncer).' };
  if (!form.user.trim()) return { code: 'bad-argument', message: 'User is empty.', hint: form.auth === 'entra' ? 'Use your Entra user name (as signed in).' : 'Use the server admin login.' };
  return { serverId: form.serverId, auth: form.auth, user: form.user.trim(), password: form.auth === 'password' ? form.password : '', port, database: form.database.trim() || 'postgres', sslmode: form.sslmode };
}

const isProblem = (v: object): v is Problem => 'message' in v;

/** The target store: edits invalidate the last check, so a plan is never made against a stale one. */
export const useTarget = create<TargetState>()((set, get) => ({
  form: { kind: 'server', host: '', port: '5432', user: '', password: '', database: 'postgres', sslmode: 'prefer', serverId: '', auth: 'entra' },
  checking: false,
  target: null,
  problem: null,
  servers: [],
  edit: (patch) => set((s) => ({ form: { ...s.form, ...patch }, target: null, problem: null })),
  loadServers: async (subscriptionId) => {
    try {
      set({ servers: await bridge().azureFlexibleServers(subscriptionId) });
    } catch (error) {
      set({ problem: toProblem(error) });
    }
  },
  pickServer: (id, entraUser) => {
    const server = get().servers.find((x) => x.id === id);
    if (!server) return;
    const auth = server.entraAuth && entraUser ? get().form.auth : 'password';
    get().edit({ serverId: id, host: server.host, auth, user: auth === 'entra' ? entraUser ?? '' : server.adminLogin ?? '', sslmode: 'require', port: '5432' });
  },
  forget: () => set({ target: null, problem: null }),
  allowExtensions: async () => {
    const change = get().target?.parameterChange;
    const input = toAzureTarget(get().form);
    if (!change || isProblem(input)) return false;
    set({ checking: true, problem: null });
    try {
      const folder = useRestoreSet.getState().view?.folder ?? null;
      set({ target: await bridge().azureAllowExtensions(folder, input, change.to), checking: false });
      return true;
    } catch (error) {
      set({ checking: false, problem: toProblem(error) });
      return false;
    }
  },
  check: async () => {
    const input = get().form.kind === 'azure' ? toAzureTarget(get().form) : toTargetInput(get().form);
    if (isProblem(input)) {
      set({ problem: input, target: null });
      return false;
    }
    set({ checking: true, problem: null, target: null });
    try {
      // Checked against the open restore set (its databases' names, owners and extensions), if any.
      const folder = useRestoreSet.getState().view?.folder ?? null;
      const target = 'serverId' in input ? await bridge().azureCheckTarget(folder, input) : await bridge().checkTarget(folder, input);
      // Main keeps the password under the target's id; the renderer forgets it at once.
      set({ target, checking: false, form: { ...get().form, password: '' } });
      return true;
    } catch (error) {
      set({ checking: false, problem: toProblem(error) });
      return false;
    }
  },
}));

/** True when a check passed without a failing item. */
export function targetReady(target: TargetView | null): boolean {
  return Boolean(target && !target.checks.some((c) => c.status === 'fail'));
}
