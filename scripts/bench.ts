/**
 * `npm run bench`: every performance target, each as a ratio against a baseline measured in the
 * same run. BENCH_SCALE (default 1) sizes the replay set; BENCH_ROUNDS (default 1) repeats it.
 */
import { benchArchive } from './bench-archive';
import { benchDownload } from './bench-download';
import { benchLog } from './bench-log';
import { benchReplay } from './bench-replay';
import { benchVerify } from './bench-verify';

console.log('== Replay: engine vs the seed procedure and a hand-tuned script ==');
await benchReplay();
console.log('\n== Archive reader vs pg_restore -l on a catalog of 20,000 tables ==');
await benchArchive();

console.log('\n== Replay log: 300,000 lines into the renderer\'s log ring ==');
benchLog();

console.log('\n== Container download vs one plain GET per blob (curl) and AzCopy, in Azurite ==');
await benchDownload();

console.log('\n== Verification: what it adds to the replay, and the row counter\'s throughput ==');
await benchVerify();
