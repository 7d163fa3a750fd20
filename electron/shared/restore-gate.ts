/**
 * Whether "Review + restore" may send the request: every prerequisite passed (a warning counts as
 * passed, it only informs), or each unknown one overridden by the user knowingly. A failed check
 * can never be overridden here: the user fixes it (or the CLI's `--skip-checks`, said out loud).
 * One rule for the Restore parameters screen and main, which checks again before sending.
 */

/** What the gate needs of a check (the core's `PrerequisiteCheck` has more). */
export interface GateCheck {
  id: string;
  status: 'passed' | 'failed' | 'unknown' | 'warning';
}

/** The gate's answer, with the check ids that hold it shut. */
export interface RestoreGate {
  canSend: boolean;
  failed: string[];
  unknownNotOverridden: string[];
}

/** Decides the gate; an empty checklist is shut (the checks have not run). */
export function restoreGate(checks: readonly GateCheck[], overriddenUnknown: ReadonlySet<string>): RestoreGate {
  const failed = checks.filter((c) => c.status === 'failed').map((c) => c.id);
  const unknownNotOverridden = checks.filter((c) => c.status === 'unknown' && !overriddenUnknown.has(c.id)).map((c) => c.id);
  return { canSend: checks.length > 0 && failed.length === 0 && unknownNotOverridden.length === 0, failed, unknownNotOverridden };
}
