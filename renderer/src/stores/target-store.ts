/** The target form and its pre-flight result. The password leaves the renderer once, in `checkTarget`. */
import { create } from 'zustand';
import type { SslMode, TargetInput, TargetView } from '../../../electron/contract';
import { bridge } from '../lib/bridge';
import { toProblem, type Problem } from '../lib/problem';
import { useRestoreSet } from './restore-set-store';

export interface TargetForm {
  kind: 'server' | 'sandbox';
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
  edit(patch: Partial<TargetForm>): void;
  check(): Promise<boolean>;
  /** Forgets the last check (another set was opened: its checks were made for the old one). */
  forget(): void;
}

/** Validates the form and builds the contract's input, or says what is wrong. */
export function toTargetInput(form: TargetForm): TargetInput | Problem {
  if (form.kind === 'sandbox') return { kind: 'sandbox' };
  const port = Number(form.port);
  if (!form.host.trim()) return { code: 'bad-argument', message: 'Host is empty.', hint: 'Type the server name, e.g. myserver.postgres.database.azure.com or 127.0.0.1.' };
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { code: 'bad-argument', message: `Port "${form.port}" is not a port number.`, hint: 'PostgreSQL listens on 5432 unless configured otherwise.' };
  if (!form.user.trim()) return { code: 'bad-argument', message: 'User is empty.', hint: 'Use the server admin login (on Flexible Server, the admin you created with the server).' };
  return {
    kind: 'server', host: form.host.trim(), port, user: form.user.trim(), password: form.password,
    database: form.database.trim() || 'postgres', sslmode: form.sslmode,
  };
}

const isProblem = (v: TargetInput | Problem): v is Problem => 'message' in v;

/** The target store: edits invalidate the last check, so a plan is never made against a stale one. */
export const useTarget = create<TargetState>()((set, get) => ({
  form: { kind: 'server', host: '', port: '5432', user: '', password: '', database: 'postgres', sslmode: 'prefer' },
  checking: false,
  target: null,
  problem: null,
  edit: (patch) => set((s) => ({ form: { ...s.form, ...patch }, target: null, problem: null })),
  forget: () => set({ target: null, problem: null }),
  check: async () => {
    const input = toTargetInput(get().form);
    if (isProblem(input)) {
      set({ problem: input, target: null });
      return false;
    }
    set({ checking: true, problem: null, target: null });
    try {
      // Checked against the open restore set (its databases' names, owners and extensions), if any.
      const target = await bridge().checkTarget(useRestoreSet.getState().view?.folder ?? null, input);
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
