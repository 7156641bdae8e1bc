// What a path is on the disk, not in text: the workspace tools and the instructions file check the real
// path (links resolved) against the real paths of the workspace folders, read only regular files, and
// enforce their size limit while reading (a link to /dev/zero has size 0 and never ends). Node's fs only,
// for `file:` workspaces; no vscode import so unit tests drive it with real links in a temp folder.
import { constants, promises as fs } from 'node:fs';
import { relativeInside } from './workspaceTools';

// User-visible sentences, in one place (to be routed through vscode.l10n.t later).
export const FS_MESSAGES = {
  linkOutside: (shown: string) => `Refused: ${shown} is a link to a place outside the workspace.`,
  notFound: (shown: string) => `${shown} does not exist.`,
  notRegular: (shown: string) => `Refused: ${shown} is not a regular file (a device, pipe or socket).`,
  tooLarge: (shown: string, max: number) => `${shown} is too large (over ${max} bytes); read a range of a smaller file.`,
};

export type RealCheck =
  | { ok: true; real: string; linked: boolean }
  /** `real`: where the path really leads (links resolved), for a question or a card that names it. */
  | { ok: false; message: string; reason: 'outside'; real: string }
  | { ok: false; message: string; reason: 'missing' | 'error' };

/** The real paths of the workspace folders (a folder that is itself a link counts as where it points). */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const r of roots) {
    try {
      out.push(await fs.realpath(r));
    } catch {
      // A folder that is gone has nothing inside it.
    }
  }
  return out;
}

/**
 * Resolves every link of `path` and checks that the result is inside one of `roots` (real paths).
 * `shown` is how the path is named in messages (what the model wrote).
 */
export async function checkRealPath(path: string, roots: readonly string[], shown: string, windows = process.platform === 'win32'): Promise<RealCheck> {
  let real: string;
  try {
    real = await fs.realpath(path);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, message: missing ? FS_MESSAGES.notFound(shown) : String((e as Error).message), reason: missing ? 'missing' : 'error' };
  }
  if (!roots.some((r) => relativeInside(r, real, windows) !== undefined)) return { ok: false, message: FS_MESSAGES.linkOutside(shown), reason: 'outside', real };
  return { ok: true, real, linked: !samePath(real, path, windows) };
}

/**
 * checkRealPath for many paths (the `@` picker's thousands of files), a few at a time so the thread pool
 * is not flooded; results in the order of `paths`.
 */
export async function checkRealPaths(paths: readonly string[], roots: readonly string[], windows = process.platform === 'win32'): Promise<RealCheck[]> {
  const out: RealCheck[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) out[i] = await checkRealPath(paths[i]!, roots, paths[i]!, windows);
  };
  await Promise.all(Array.from({ length: Math.min(16, paths.length) }, worker));
  return out;
}

function samePath(a: string, b: string, windows: boolean): boolean {
  const t = (p: string) => p.replace(/[\\/]+$/, '');
  return windows ? t(a).toLowerCase() === t(b).toLowerCase() : t(a) === t(b);
}

export class FileReadError extends Error {}

/**
 * Reads a regular file, at most `maxBytes`: more is an error ('refuse') or cut ('truncate'). The limit holds
 * while reading (a file that grows, or lies about its size, stops at maxBytes + 1 bytes). Opened
 * non-blocking so a FIFO cannot hang the open, and checked again on the open handle (the path may change).
 */
export async function readRegularFile(path: string, maxBytes: number, shown: string, mode: 'refuse' | 'truncate' = 'refuse'): Promise<{ data: Buffer; truncated: boolean }> {
  const before = await fs.stat(path);
  if (!before.isFile()) throw new FileReadError(before.isDirectory() ? `${shown} is a folder; use list_directory.` : FS_MESSAGES.notRegular(shown));
  if (before.size > maxBytes && mode === 'refuse') throw new FileReadError(FS_MESSAGES.tooLarge(shown, maxBytes));
  const fh = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await fh.stat()).isFile()) throw new FileReadError(FS_MESSAGES.notRegular(shown));
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(before.size + 1, 64 * 1024)));
    let chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(buf.length, maxBytes + 1 - total);
      if (want <= 0) break;
      const { bytesRead } = await fh.read(buf, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
      total += bytesRead;
    }
    const data = Buffer.concat(chunks, total);
    chunks = [];
    if (total > maxBytes) {
      if (mode === 'refuse') throw new FileReadError(FS_MESSAGES.tooLarge(shown, maxBytes));
      return { data: data.subarray(0, maxBytes), truncated: true };
    }
    return { data, truncated: false };
  } finally {
    await fh.close();
  }
}
