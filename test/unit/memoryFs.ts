// An in-memory StorageFs for tests and benchmarks, with the faults real disks have: a full disk (ENOSPC)
// after a number of bytes, and a crash that leaves only part of a write behind.
import type { StorageFs } from '../../src/core/storage/fsPort';

export class MemoryFs implements StorageFs {
  readonly files = new Map<string, Buffer>();
  readonly dirs = new Set<string>();
  /** Bytes written by append/write (what a save costs the disk). */
  written = 0;
  ops: string[] = [];
  /** Once set, writes fail with ENOSPC after this many more bytes (the part that fits is written). */
  spaceLeft: number | undefined;

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const f = this.files.get(path);
    return f && Buffer.from(f);
  }
  async appendFile(path: string, data: Uint8Array): Promise<void> {
    this.ops.push(`append:${base(path)}`);
    const fits = this.take(data.length);
    this.files.set(path, Buffer.concat([this.files.get(path) ?? Buffer.alloc(0), Buffer.from(data.subarray(0, fits))]));
    if (fits < data.length) throw enospc();
  }
  async writeFile(path: string, data: Uint8Array): Promise<void> {
    this.ops.push(`write:${base(path)}`);
    const fits = this.take(data.length);
    this.files.set(path, Buffer.from(data.subarray(0, fits)));
    if (fits < data.length) throw enospc();
  }
  async rename(from: string, to: string): Promise<void> {
    this.ops.push(`rename:${base(from)}->${base(to)}`);
    const f = this.files.get(from);
    if (!f) throw Object.assign(new Error(`ENOENT: ${from}`), { code: 'ENOENT' });
    this.files.set(to, f);
    this.files.delete(from);
  }
  async truncate(path: string, length: number): Promise<void> {
    const f = this.files.get(path);
    if (f) this.files.set(path, f.subarray(0, length));
  }
  async unlink(path: string): Promise<void> {
    this.files.delete(path);
  }
  async size(path: string): Promise<number | undefined> {
    return this.files.get(path)?.length;
  }
  async mkdir(path: string): Promise<void> {
    this.dirs.add(path);
  }
  async readdir(path: string): Promise<string[]> {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const names = new Set<string>();
    for (const p of this.files.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    return [...names];
  }
  private take(n: number): number {
    this.written += n;
    if (this.spaceLeft === undefined) return n;
    const fits = Math.min(n, this.spaceLeft);
    this.spaceLeft -= fits;
    return fits;
  }
}

function base(p: string): string {
  return p.split('/').pop()!;
}

function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}
