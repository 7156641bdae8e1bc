// Where a write would really land. A file to edit, create or delete is resolved on the disk (links followed;
// for a file that does not exist yet, its nearest existing parent plus the rest), and a write through any link
// is refused: the approval card names the path the model wrote, and that must be the file that changes.
// Node's fs only (file: workspaces); unit-tested with real links in a temp folder.
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { relativeInside } from '../tools/workspaceTools';

export type WriteTarget =
  | { ok: true; realRelative: string }
  /** The real place is outside the workspace folder. */
  | { ok: false; reason: 'outside'; real: string }
  /** Inside, but reached through a link: `real` is where the write would land, workspace-relative. */
  | { ok: false; reason: 'link'; real: string };

/** Resolves `path` (absolute, inside `root` as written) to where a write would land. */
export async function resolveWriteTarget(path: string, root: string, windows = process.platform === 'win32'): Promise<WriteTarget> {
  const realRoot = await fs.realpath(root).catch(() => root);
  let probe = path;
  const rest: string[] = [];
  let real: string;
  for (;;) {
    try {
      real = await fs.realpath(probe);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const parent = dirname(probe);
      if (parent === probe) return { ok: false, reason: 'outside', real: path };
      rest.unshift(basename(probe));
      probe = parent;
    }
  }
  // A dangling link is not ENOENT to lstat: a missing name that is still a link is a link.
  if (rest.length) {
    const first = join(probe, rest[0]);
    if (await fs.lstat(first).then((s) => s.isSymbolicLink(), () => false)) return { ok: false, reason: 'link', real: rest.join('/') };
  }
  const full = join(real, ...rest);
  const realRelative = relativeInside(realRoot, full, windows);
  if (realRelative === undefined) return { ok: false, reason: 'outside', real: full };
  const written = relativeInside(root, path, windows) ?? '';
  const same = windows ? realRelative.toLowerCase() === written.toLowerCase() : realRelative === written;
  if (!same) return { ok: false, reason: 'link', real: realRelative };
  return { ok: true, realRelative };
}
