/**
 * Worker-thread entry: counts the rows of an archive's data blocks off the main thread and posts
 * each count as it is done ({type:'count'}), then {type:'done'} or {type:'error'}. A cancel
 * terminates the thread (archive-rows.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countBlocks, type BlockRef } from './count-blocks';

const port = parentPort!;
const { path, blocks } = workerData as { path: string; blocks: BlockRef[] };

countBlocks(path, blocks, (count) => port.postMessage({ type: 'count', count }))
  .then(() => port.postMessage({ type: 'done' }))
  .catch((err: unknown) => port.postMessage({ type: 'error', message: (err as Error).message }))
  .finally(() => port.close());
