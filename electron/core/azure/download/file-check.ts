/**
 * Integrity of a downloaded file: the size always, Content-MD5 when the service has one (else the
 * CRC64 of every range, when the service gave them — checked as the ranges arrived), and for a
 * database dump the engine's archive reader (header, TOC and data blocks whole). The MD5 is
 * computed as bytes arrive in order (one stream: no second pass); whatever arrived out of order,
 * or was on disk from an earlier run, is read back once from the file at the end.
 */
import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { readArchive } from '../../archive/read-archive';
import { UserError } from '../../errors';
import type { DownloadItem } from './types';

const READ_BACK = 1024 * 1024;

/** An MD5 that follows the contiguous front of a file being written in any order. */
export class FrontHash {
  private readonly hash: Hash = createHash('md5');
  /** Bytes [0, at) are in the hash. */
  at = 0;

  /** Offers bytes just written at `position`; taken only when they continue the front. */
  offer(position: number, chunk: Buffer): void {
    if (position <= this.at && position + chunk.length > this.at) {
      this.hash.update(chunk.subarray(this.at - position));
      this.at = position + chunk.length;
    }
  }

  /** Reads [at, size) back from the file and returns the base64 digest. */
  async finish(fh: FileHandle, size: number): Promise<string> {
    const buf = Buffer.allocUnsafe(READ_BACK);
    while (this.at < size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(READ_BACK, size - this.at), this.at);
      if (bytesRead === 0) break;
      this.hash.update(buf.subarray(0, bytesRead));
      this.at += bytesRead;
    }
    return this.hash.digest('base64');
  }
}

/** Checks a complete partial file before it is renamed; returns the checks that passed or throws. */
export async function checkFile(item: DownloadItem, path: string, fh: FileHandle, hash: FrontHash | null, crc64Bytes = 0): Promise<string[]> {
  const checks: string[] = [];
  const { size } = await fh.stat();
  if (size !== item.size) {
    throw new UserError('download-incomplete', `${item.file}: ${size} bytes on disk, but the blob has ${item.size}.`, 'Run the download again; the file starts over.', { file: item.file, size, expected: item.size });
  }
  checks.push('size');
  if (item.contentMd5 && hash) {
    const got = await hash.finish(fh, size);
    if (got !== item.contentMd5) {
      throw new UserError(
        'download-incomplete',
        `${item.file}: the downloaded bytes do not match the blob's Content-MD5 (${item.contentMd5}, got ${got}).`,
        'The data changed on the way or on disk. Run the download again; the file starts over. If it keeps failing, the blob\'s stored MD5 may be wrong.',
        { file: item.file, expected: item.contentMd5, got },
      );
    }
    checks.push('content-md5');
  } else if (size > 0 && crc64Bytes >= size) {
    checks.push('crc64'); // every range matched the service's CRC64 when it arrived
  }
  if (item.kind === 'database') {
    await readArchive(path); // throws the engine's archive-truncated / not-an-archive errors
    checks.push('archive');
  }
  return checks;
}
