// Files API uploads for attachments: upload (streamed from disk when the source is a local path), wait
// until the file is ACTIVE, and reuse an upload of the same content while the server still keeps it
// (48 h), so asking twice about a file uploads it once.
import type { InteractionsApi, UploadedFile } from '../gemini/client';

export interface UploadCacheEntry {
  name: string;
  uri: string;
  mimeType: string;
  /** Epoch ms after which the server deletes the file. */
  expiresAt: number;
}

/** Where cache entries live (VS Code's globalState in the extension; a Map in tests). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const CACHE_KEY = 'geminiInteractions.uploads';
/** The Files API keeps uploads this long. */
export const FILE_LIFETIME_MS = 48 * 3600_000;
/** A cached upload is reused only if it outlives a long conversation by this margin. */
const REUSE_MARGIN_MS = 3600_000;

export class UploadCache {
  constructor(private readonly store: KeyValueStore, private readonly now: () => number = Date.now) {}

  private all(): Record<string, UploadCacheEntry> {
    return this.store.get<Record<string, UploadCacheEntry>>(CACHE_KEY) ?? {};
  }

  get(key: string): UploadCacheEntry | undefined {
    const e = this.all()[key];
    return e && e.expiresAt - REUSE_MARGIN_MS > this.now() ? e : undefined;
  }

  async set(key: string, entry: UploadCacheEntry): Promise<void> {
    const now = this.now();
    // Expired entries are dropped on every write, so the map stays as small as the live uploads.
    const live = Object.fromEntries(Object.entries(this.all()).filter(([, e]) => e.expiresAt > now));
    await this.store.update(CACHE_KEY, { ...live, [key]: entry });
  }

  async delete(key: string): Promise<void> {
    const { [key]: _gone, ...rest } = this.all();
    await this.store.update(CACHE_KEY, rest);
  }
}

export interface UploadRequest {
  /** A local path (streamed by the SDK in 8 MiB chunks) or the bytes of a file from another file system. */
  source: string | Blob;
  mimeType: string;
  displayName: string;
  /** SHA-256 (hex) of the content: the cache key together with the scope. */
  sha256: string;
  /** Which API project the upload belongs to (a hash of endpoint and key): uploads are per project. */
  scope: string;
  signal: AbortSignal;
  /** Progress for the notification: 'uploading', 'processing', 'reused'. */
  onStage?(stage: 'uploading' | 'processing' | 'reused'): void;
}

export class UploadError extends Error {
  override name = 'UploadError';
  constructor(message: string, readonly cancelled = false) {
    super(message);
  }
}

export interface UploadOptions {
  pollMs?: number;
  /** Give up waiting for ACTIVE after this long. */
  timeoutMs?: number;
  now?(): number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

/** Uploads (or reuses) a file and resolves once it is ACTIVE, with the `uri` to reference it by. */
export async function uploadForUse(api: InteractionsApi, cache: UploadCache, req: UploadRequest, opts: UploadOptions = {}): Promise<UploadCacheEntry> {
  const now = opts.now ?? Date.now;
  const key = `${req.scope}:${req.sha256}:${req.mimeType}`;
  const cached = cache.get(key);
  if (cached) {
    // The server may have deleted it early; one cheap get tells.
    const f = await api.getFile(cached.name, req.signal).catch(() => undefined);
    if (f?.state === 'ACTIVE') {
      req.onStage?.('reused');
      return cached;
    }
    await cache.delete(key);
  }
  if (req.signal.aborted) throw new UploadError('The upload was cancelled.', true);
  req.onStage?.('uploading');
  let file: UploadedFile;
  try {
    file = await api.uploadFile(req.source, { mimeType: req.mimeType, displayName: req.displayName, signal: req.signal });
  } catch (e) {
    if (req.signal.aborted) throw new UploadError('The upload was cancelled.', true);
    throw new UploadError(`Uploading ${req.displayName} failed: ${errorText(e)}`);
  }
  req.onStage?.('processing');
  file = await waitUntilActive(api, file, req, opts);
  const expiresAt = file.expirationTime ? Date.parse(file.expirationTime) : now() + FILE_LIFETIME_MS;
  const entry: UploadCacheEntry = { name: file.name, uri: file.uri, mimeType: file.mimeType || req.mimeType, expiresAt: Number.isFinite(expiresAt) ? expiresAt : now() + FILE_LIFETIME_MS };
  await cache.set(key, entry);
  return entry;
}

async function waitUntilActive(api: InteractionsApi, file: UploadedFile, req: UploadRequest, opts: UploadOptions): Promise<UploadedFile> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const deadline = now() + (opts.timeoutMs ?? 10 * 60_000);
  let f = file;
  while (f.state !== 'ACTIVE') {
    if (f.state === 'FAILED') throw new UploadError(`Gemini could not process ${req.displayName}${f.error ? `: ${f.error}` : ''}.`);
    if (now() > deadline) throw new UploadError(`${req.displayName} was still processing after ${Math.round((opts.timeoutMs ?? 600_000) / 60_000)} minutes.`);
    await sleep(opts.pollMs ?? 1000, req.signal);
    if (req.signal.aborted) throw new UploadError('The upload was cancelled.', true);
    try {
      f = await api.getFile(f.name, req.signal);
    } catch (e) {
      if (req.signal.aborted) throw new UploadError('The upload was cancelled.', true);
      throw new UploadError(`Checking the upload of ${req.displayName} failed: ${errorText(e)}`);
    }
  }
  return f;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  // Files API errors carry the raw JSON body as the message.
  try {
    const j = JSON.parse(m.slice(m.indexOf('{')));
    if (j?.error?.message) return String(j.error.message);
  } catch { /* not JSON */ }
  return m;
}
