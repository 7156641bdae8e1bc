// SHA-256 of a local file, read into one reused 1 MiB buffer: the upload cache key without holding the
// file and without leaving a trail of chunk buffers for the garbage collector.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fh = await fs.open(path, 'r');
  try {
    for (let pos = 0; ;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}
