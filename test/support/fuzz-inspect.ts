/**
 * Child process of the archive fuzz test: inspects each folder named on stdin (one per line), as
 * `inspect` does, and prints one JSON line per folder — accepted, refused with its UserError, or
 * crashed with the stack. Run under test/support/peak-rss.mjs, so the parent also learns its peak
 * memory; a native abort ends this process, which the parent sees.
 */
import { createInterface } from 'node:readline';
import { findClientTools } from '../../electron/core/binaries/find';
import { inspectFolder } from '../../electron/core/inspect';
import { UserError } from '../../electron/core/errors';

const tools = await findClientTools();
const lines = createInterface({ input: process.stdin });
for await (const folder of lines) {
  if (!folder) continue;
  const started = Date.now();
  try {
    const i = await inspectFolder(folder, tools);
    const [problem] = [...i.problems.values()];
    const out = problem
      ? { folder, refused: problem.toJSON() }
      : i.set.databases.length === 1 && i.archives.size === 1
        ? { folder, accepted: true }
        : { folder, crash: `the dump was neither read nor refused (${i.set.databases.length} databases, ${i.set.unknown.map((f) => f.note).join('; ')})` };
    process.stdout.write(JSON.stringify({ ...out, ms: Date.now() - started }) + '\n');
  } catch (err) {
    const crash = err instanceof UserError ? `a UserError escaped inspect: ${err.message}` : String((err as Error).stack ?? err);
    process.stdout.write(JSON.stringify({ folder, crash, ms: Date.now() - started }) + '\n');
  }
}
