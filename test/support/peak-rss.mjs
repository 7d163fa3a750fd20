// Preloaded with `node --import` into a child whose peak memory a test asserts: prints the
// kernel's high-water mark of resident memory (VmHWM) to stderr as the process exits.
import { readFileSync, writeSync } from 'node:fs';

process.on('exit', () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  writeSync(2, `\nPEAK_RSS_KB=${m ? m[1] : 'unknown'}\n`);
});
