/**
 * `npm run bench`: every performance target, each as a ratio against a baseline measured in the
 * same run. BENCH_SCALE (default 1) sizes the replay set; BENCH_ROUNDS (default 1) repeats it.
 */
import { benchArchive } from './bench-archive';
import { benchLog } from './bench-log';
import { benchReplay } from './bench-replay';

console.log('== Replay: engine vs the seed procedure and a hand-tuned script ==');
await benchReplay();
console.log('\n== Archive reader vs pg_restore -l on a catalog of 20,000 tables ==');
await benchArchive();

console.log('\n== Replay log: 300,000 lines into the renderer\'s log ring ==');
benchLog();
