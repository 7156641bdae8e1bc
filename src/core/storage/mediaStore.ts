// The content-addressed media folder: `media/<sha256>` holds the raw bytes (not base64). Written once
// (temporary file, fsync, rename), so a file under its hash is always complete.
import { joinPath, type StorageFs } from './fsPort';
import { sha256Hex } from './mediaRefs';

export class MediaStore {
  constructor(private readonly fs: StorageFs, readonly dir: string) {}

  async put(sha: string, bytes: Uint8Array): Promise<void> {
    const path = joinPath(this.dir, sha);
    if ((await this.fs.size(path)) === bytes.length) return;
    await this.fs.mkdir(this.dir);
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await this.fs.writeFile(tmp, bytes);
      await this.fs.rename(tmp, path);
    } catch (e) {
      await this.fs.unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  /** The bytes as base64, or undefined when missing or not matching their hash. */
  async getBase64(sha: string): Promise<string | undefined> {
    const bytes = await this.fs.readFile(joinPath(this.dir, sha));
    if (!bytes || sha256Hex(bytes) !== sha) return undefined;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }

  /** Like getBase64, synchronously (for media read when used); undefined without a sync read. */
  getBase64Sync(sha: string): string | undefined {
    const bytes = this.fs.readFileSync?.(joinPath(this.dir, sha));
    if (!bytes || sha256Hex(bytes) !== sha) return undefined;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  }

  /** Whether the file under the hash is there with `n` bytes (without reading it). */
  async has(sha: string, n: number): Promise<boolean> {
    return (await this.fs.size(joinPath(this.dir, sha))) === n;
  }

  /** Deletes media no journal refers to any more (and temporary files a crash left behind). */
  async collect(referenced: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    for (const name of await this.fs.readdir(this.dir)) {
      if (referenced.has(name)) continue;
      await this.fs.unlink(joinPath(this.dir, name));
      removed++;
    }
    return removed;
  }
}
