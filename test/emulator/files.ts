// Files API (§7): resumable upload, get/list/delete, PROCESSING → ACTIVE.
// Uploads are hashed as they stream in; bytes are kept only up to `keepBytesLimit`, so a multi-hundred-MB
// upload costs memory for one chunk at a time, not the whole file.
import { createHash, Hash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Clock } from './clock';
import { rpcError } from './errors';
import { isObject } from './types';

export interface FilesConfig {
  /** The Nth `files.get` of a file sees ACTIVE (default 2: the first get still says PROCESSING). 0 = ACTIVE at once. */
  activeAfterGets: number;
  /** A file is ACTIVE this long after its upload finished, whatever the gets (default 2000 ms, emulator clock). */
  activeAfterMs: number;
  /** Uploaded bytes are kept (for `fileBytes()`) only while the file is at most this big (default 1 MiB). */
  keepBytesLimit: number;
}

export interface StoredFile {
  id: string;
  displayName?: string;
  mimeType: string;
  sizeBytes: number;
  sha256Hex: string;
  created: number;
  gets: number;
  failed: boolean;
  bytes?: Buffer;
  /** Origin + prefix the file was uploaded through, for its `uri`. */
  base: string;
  version: string;
}

interface UploadSession {
  fileId: string;
  declaredSize?: number;
  mimeType: string;
  displayName?: string;
  received: number;
  hash: Hash;
  chunks: Buffer[] | undefined;
  base: string;
  version: string;
}

const FILE_ID = /^[a-z0-9-]{1,40}$/;

export class FilesService {
  private files = new Map<string, StoredFile>();
  private sessions = new Map<string, UploadSession>();

  constructor(private clock: Clock, public config: FilesConfig) {}

  reset(): void {
    this.files.clear();
    this.sessions.clear();
  }

  /** `POST /upload/{v}/files` with `x-goog-upload-command: start`. Returns the upload URL path+query. */
  start(headers: IncomingMessage['headers'], body: unknown, base: string, version: string, prefix: string): { uploadPath: string } {
    if (String(headers['x-goog-upload-protocol'] ?? '') !== 'resumable') throw rpcError(400, 'Only the resumable upload protocol is supported (x-goog-upload-protocol: resumable).');
    const meta = isObject(body) && isObject(body.file) ? body.file : {};
    let id = randomBytes(6).toString('hex');
    if (typeof meta.name === 'string') {
      id = meta.name.replace(/^files\//, '');
      if (!FILE_ID.test(id)) throw rpcError(400, `Invalid file name '${meta.name}': must match files/[a-z0-9-]{1,40}.`);
      if (this.files.has(id)) throw rpcError(409, `File files/${id} already exists.`);
    }
    const sizeHeader = headers['x-goog-upload-header-content-length'];
    const declared = sizeHeader !== undefined ? Number(sizeHeader) : typeof meta.sizeBytes === 'string' ? Number(meta.sizeBytes) : undefined;
    const mimeType = String(headers['x-goog-upload-header-content-type'] ?? meta.mimeType ?? '');
    if (!mimeType) throw rpcError(400, 'Missing mime type for the upload.');
    const uploadId = randomBytes(12).toString('base64url');
    this.sessions.set(uploadId, {
      fileId: id, declaredSize: declared, mimeType, displayName: typeof meta.displayName === 'string' ? meta.displayName : undefined,
      received: 0, hash: createHash('sha256'), chunks: [], base, version,
    });
    return { uploadPath: `${prefix}/upload/${version}/files?upload_id=${uploadId}&upload_protocol=resumable` };
  }

  /** A chunk POST. Streams the body into the hash. Returns the upload status and, when final, the File. */
  async chunk(req: IncomingMessage, uploadId: string): Promise<{ status: 'active' | 'final' | 'cancelled'; file?: unknown; received: number; bytes: number }> {
    const s = this.sessions.get(uploadId);
    if (!s) {
      req.resume();
      throw rpcError(404, 'Upload session not found or expired.');
    }
    const command = String(req.headers['x-goog-upload-command'] ?? '').split(',').map((c) => c.trim());
    if (command.includes('cancel')) {
      req.resume();
      this.sessions.delete(uploadId);
      return { status: 'cancelled', received: s.received, bytes: 0 };
    }
    if (command.includes('query')) {
      req.resume();
      return { status: 'active', received: s.received, bytes: 0 };
    }
    if (!command.includes('upload')) {
      req.resume();
      throw rpcError(400, `Unsupported x-goog-upload-command '${String(req.headers['x-goog-upload-command'])}'.`);
    }
    const offset = Number(req.headers['x-goog-upload-offset']);
    if (!Number.isInteger(offset) || offset !== s.received) {
      req.resume();
      throw rpcError(400, `Invalid x-goog-upload-offset ${String(req.headers['x-goog-upload-offset'])}: ${s.received} bytes were received so far.`);
    }
    let bytes = 0;
    for await (const c of req as AsyncIterable<Buffer>) {
      bytes += c.length;
      s.hash.update(c);
      if (s.chunks) {
        if (s.received + bytes <= this.config.keepBytesLimit) s.chunks.push(c);
        else s.chunks = undefined; // too big to keep: hash and size only
      }
    }
    s.received += bytes;
    if (!command.includes('finalize')) return { status: 'active', received: s.received, bytes };
    if (s.declaredSize !== undefined && s.declaredSize !== s.received) {
      throw rpcError(400, `Upload size mismatch: declared ${s.declaredSize} bytes, received ${s.received}.`);
    }
    this.sessions.delete(uploadId);
    const file: StoredFile = {
      id: s.fileId, displayName: s.displayName, mimeType: s.mimeType, sizeBytes: s.received, sha256Hex: s.hash.digest('hex'),
      created: this.clock.now(), gets: 0, failed: /#fail/.test(s.displayName ?? ''), bytes: s.chunks ? Buffer.concat(s.chunks) : undefined,
      base: s.base, version: s.version,
    };
    this.files.set(file.id, file);
    return { status: 'final', file: this.resource(file), received: s.received, bytes };
  }

  state(f: StoredFile): 'PROCESSING' | 'ACTIVE' | 'FAILED' {
    if (f.failed) return 'FAILED';
    const byGets = f.gets >= this.config.activeAfterGets;
    const byTime = this.clock.now() - f.created >= this.config.activeAfterMs;
    return byGets || byTime ? 'ACTIVE' : 'PROCESSING';
  }

  resource(f: StoredFile): Record<string, unknown> {
    const state = this.state(f);
    const r: Record<string, unknown> = {
      name: `files/${f.id}`,
      mimeType: f.mimeType,
      sizeBytes: String(f.sizeBytes),
      createTime: new Date(f.created).toISOString(),
      updateTime: new Date(f.created).toISOString(),
      expirationTime: new Date(f.created + 48 * 3600_000).toISOString(),
      // Like the live service: base64 of the hex digest.
      sha256Hash: Buffer.from(f.sha256Hex).toString('base64'),
      uri: this.uri(f),
      state,
      source: 'UPLOADED',
    };
    if (f.displayName !== undefined) r.displayName = f.displayName;
    if (state === 'FAILED') r.error = { code: 400, message: 'File processing failed (emulated: display name contains #fail).' };
    return r;
  }

  uri(f: StoredFile): string {
    return `${f.base}/v1beta/files/${f.id}`;
  }

  get(id: string): Record<string, unknown> {
    const f = this.files.get(id);
    if (!f) throw rpcError(403, `You do not have permission to access the File ${id} or it may not exist.`);
    f.gets++;
    return this.resource(f);
  }

  delete(id: string): void {
    if (!this.files.delete(id)) throw rpcError(403, `You do not have permission to access the File ${id} or it may not exist.`);
  }

  list(pageSize: number, pageToken: string | undefined): { files?: unknown[]; nextPageToken?: string } {
    const all = [...this.files.values()].sort((a, b) => b.created - a.created);
    const start = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString()) || 0 : 0;
    const size = Math.min(Math.max(1, pageSize || 10), 100);
    const page = all.slice(start, start + size);
    const out: { files?: unknown[]; nextPageToken?: string } = {};
    if (page.length) out.files = page.map((f) => this.resource(f));
    if (start + size < all.length) out.nextPageToken = Buffer.from(String(start + size)).toString('base64url');
    return out;
  }

  /** Finds the file a content-block `uri` names, if it is a Files API URI. `undefined` for ordinary web URLs. */
  lookupUri(uri: string, selfHost: string): { id: string; file?: StoredFile } | undefined {
    const m = /^https?:\/\/[^/]+(?:\/.*)?\/v1(?:beta)?\/files\/([^/?#]+)$/.exec(uri);
    if (!m) return undefined;
    const host = new URL(uri).host;
    const ours = host === selfHost || host === 'generativelanguage.googleapis.com' || [...this.files.values()].some((f) => new URL(f.base).host === host);
    if (!ours) return undefined;
    return { id: m[1], file: this.files.get(m[1]) };
  }

  /** Test access to what was uploaded. */
  info(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** Internal: apply state without counting as a get. */
  stateOf(id: string): string | undefined {
    const f = this.files.get(id);
    return f ? this.state(f) : undefined;
  }
}
