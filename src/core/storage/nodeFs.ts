// StorageFs on node:fs (the extension host's local disk). Every write is fsynced: a finished turn must
// survive a power cut, not only a killed process.
import { promises as fsp, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StorageFs } from './fsPort';

const missing = (e: unknown) => (e as { code?: string }).code === 'ENOENT';

async function writeAll(path: string, data: Uint8Array, flags: 'a' | 'w'): Promise<void> {
  const fh = await fsp.open(path, flags);
  try {
    let off = 0;
    while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export const nodeFs: StorageFs = {
  async readFile(path) {
    try { return await fsp.readFile(path); } catch (e) { if (missing(e)) return undefined; throw e; }
  },
  appendFile: (path, data) => writeAll(path, data, 'a'),
  writeFile: (path, data) => writeAll(path, data, 'w'),
  async rename(from, to) {
    await fsp.rename(from, to);
    try {
      const dir = await fsp.open(dirname(to), 'r');
      try { await dir.sync(); } finally { await dir.close(); }
    } catch { /* some file systems cannot sync a folder; the rename itself is still atomic */ }
  },
  truncate: (path, length) => fsp.truncate(path, length),
  async unlink(path) {
    try { await fsp.unlink(path); } catch (e) { if (!missing(e)) throw e; }
  },
  async size(path) {
    try { return (await fsp.stat(path)).size; } catch (e) { if (missing(e)) return undefined; throw e; }
  },
  async mkdir(path) { await fsp.mkdir(path, { recursive: true }); },
  async readdir(path) {
    try { return await fsp.readdir(path); } catch (e) { if (missing(e)) return []; throw e; }
  },
  readFileSync(path) {
    try { return readFileSync(path); } catch (e) { if (missing(e)) return undefined; throw e; }
  },
};
