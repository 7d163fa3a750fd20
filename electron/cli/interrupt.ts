/**
 * What stops a long-running command cleanly: Ctrl+C (SIGINT), a service stop (SIGTERM), a closed
 * terminal (SIGHUP), and a reader of its output that went away (print.ts `outputGone`). `stop`
 * runs once; the returned function removes the listeners (call it when the command ends).
 */
import { outputGone } from './print';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function onInterrupt(stop: () => void): () => void {
  let stopped = false;
  const once = (): void => {
    if (stopped) return;
    stopped = true;
    stop();
  };
  for (const sig of SIGNALS) process.on(sig, once);
  outputGone.addEventListener('abort', once);
  if (outputGone.aborted) once();
  return () => {
    for (const sig of SIGNALS) process.off(sig, once);
    outputGone.removeEventListener('abort', once);
  };
}
