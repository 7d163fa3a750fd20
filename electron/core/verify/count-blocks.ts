/**
 * Counts the rows of an archive's data blocks, one after another, on whatever thread calls it
 * (the row-count worker, or the caller when no worker can start).
 */
import { FileCursor, FileWindow } from '../archive/file-window';
import { parseHeader } from '../archive/read-header';
import { countBlock, type BlockCount } from './block-rows';

/** A data block to count: the entry that owns it and where it starts. */
export interface BlockRef {
  dumpId: number;
  offset: number;
  /** Its size in the file, for the throughput figure. */
  bytes: number;
}

/** Counts each block of the archive at `path`, calling `onCount` as each one is done. */
export async function countBlocks(path: string, blocks: BlockRef[], onCount: (c: BlockCount) => void, shouldStop: () => boolean = () => false): Promise<void> {
  const file = await FileWindow.open(path);
  try {
    const header = await (await FileCursor.at(file, 0, 4096)).step((c) => parseHeader(c));
    // Blocks in file order: one sequential pass over the disk.
    for (const b of [...blocks].sort((x, y) => x.offset - y.offset)) {
      if (shouldStop()) return;
      onCount(await countBlock(file, { intSize: header.intSize, compression: header.compression }, b.offset, b.dumpId, b.bytes));
    }
  } finally {
    await file.close();
  }
}
