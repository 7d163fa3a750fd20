/** A real small disk for tests of a full disk: a tmpfs, so they need root (CI has it) and are skipped, visibly, elsewhere. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mounts a tmpfs of `megabytes` (writable by anyone, as /tmp is); null when this is not root or may not mount. */
export function mountSmallDisk(megabytes: number): string | null {
  if (process.getuid?.() !== 0) return null;
  const disk = mkdtempSync(join(tmpdir(), 'pgflex-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', disk], { stdio: 'ignore' });
    chmodSync(disk, 0o1777);
    return disk;
  } catch {
    rmSync(disk, { recursive: true, force: true });
    return null;
  }
}

/** Unmounts and removes a disk of {@link mountSmallDisk}. */
export function unmountSmallDisk(disk: string | null): void {
  if (!disk) return;
  execFileSync('umount', ['-l', disk]);
  rmSync(disk, { recursive: true, force: true });
}
