// One indexing run: uploads the planned files to the workspace's File Search store and deletes the documents of
// files that are gone, a few at a time (bounded concurrency, so memory holds at most that many files whatever the
// workspace's size), each retried on a rate limit (waiting what the server asks) or a server error (backing off),
// and recorded in the manifest as soon as it is done, so Cancel, a crash or a closed window loses no finished
// upload and the next run resumes where this one stopped. A changed file's old document is deleted after its new
// one is in, so a failed upload never leaves the index without the file.
import { classifyError, isKeyError, type ClassifiedError } from '../gemini/errors';
import type { FileSearchApi } from '../gemini/fileSearchApi';
import { retryDelay, type RetryLimits } from '../gemini/retryPolicy';
import type { IndexManifest, IndexPlan, ManifestChange } from './indexManifest';

/** A file read for upload: undefined when it is gone or no longer indexable (skipped, not an error). */
export interface ReadFile {
  content: Uint8Array;
  hash: string;
  mimeType: string;
}

export interface IndexRunDeps {
  api: FileSearchApi;
  store: string;
  manifest: IndexManifest;
  read(path: string): Promise<ReadFile | undefined>;
  /** Persists one change (an append to the manifest's journal) before the run goes on. */
  record(change: ManifestChange): Promise<void>;
  signal: AbortSignal;
  /** Uploads in flight at once (default 4). */
  concurrency?: number;
  limits?: RetryLimits;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  onProgress?(p: IndexProgress): void;
  /** A wait before a retry, for the progress line ("rate limited, retrying in 5 s"). */
  onRetry?(path: string, waitMs: number, error: ClassifiedError): void;
}

export interface IndexProgress {
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  path?: string;
}

export interface IndexRunResult {
  uploaded: string[];
  removed: string[];
  /** Files that could not be uploaded after the retries, with the reason. */
  failed: { path: string; message: string }[];
  /** Gone or unreadable when their turn came. */
  skipped: string[];
  /** Stopped by Cancel (what was done is recorded; the rest is left for the next run). */
  cancelled: boolean;
  /** A fatal error (a bad key, an exhausted quota): the run stopped. */
  fatal?: ClassifiedError;
}

/** The metadata of each document: what citations name, and what the next run compares. */
export function documentMetadata(path: string, hash: string): Record<string, string> {
  return { path, sha256: hash };
}

export async function runIndex(plan: IndexPlan, deps: IndexRunDeps): Promise<IndexRunResult> {
  const result: IndexRunResult = { uploaded: [], removed: [], failed: [], skipped: [], cancelled: false };
  const total = plan.upload.length + plan.remove.length;
  const bytesTotal = plan.upload.reduce((n, f) => n + f.size, 0);
  let done = 0;
  let bytesDone = 0;
  const progress = (path?: string) => deps.onProgress?.({ done, total, bytesDone, bytesTotal, ...(path ? { path } : {}) });
  const stop = () => deps.signal.aborted || result.fatal !== undefined;

  /** Runs `op`, retrying what is worth retrying; undefined when it failed for good (the reason is returned). */
  const attempt = async <T>(path: string, op: () => Promise<T>): Promise<{ ok: T } | { error: ClassifiedError }> => {
    let rate = 0;
    let server = 0;
    for (;;) {
      try {
        return { ok: await op() };
      } catch (e) {
        const c = classifyError(e);
        if (c.kind === 'aborted' || deps.signal.aborted) return { error: { kind: 'aborted', message: c.message } };
        const wait = retryDelay(c, rate, server, deps.limits ?? {});
        if (wait === undefined) return { error: c };
        if (c.kind === 'rateLimit') rate++; else server++;
        deps.onRetry?.(path, wait, c);
        await deps.sleep(wait, deps.signal);
        if (deps.signal.aborted) return { error: { kind: 'aborted', message: 'cancelled' } };
      }
    }
  };

  const fatalKinds = (c: ClassifiedError) => isKeyError(c) || c.kind === 'quota' || c.kind === 'permission' || c.kind === 'notFound';

  const uploadOne = async (f: { path: string; size: number }) => {
    const file = await deps.read(f.path).catch(() => undefined);
    if (!file) { result.skipped.push(f.path); return; }
    const before = deps.manifest.files.get(f.path);
    if (before?.hash === file.hash) return; // changed back, or done by an earlier run
    const name = f.path.split('/').pop() || f.path;
    const r = await attempt(f.path, () => deps.api.upload(deps.store, new Blob([file.content as Uint8Array<ArrayBuffer>], { type: file.mimeType }), {
      displayName: f.path.length <= 512 ? f.path : name, mimeType: file.mimeType, metadata: documentMetadata(f.path, file.hash), signal: deps.signal,
    }));
    if ('error' in r) {
      if (r.error.kind === 'aborted') return;
      if (fatalKinds(r.error)) result.fatal ??= r.error;
      else result.failed.push({ path: f.path, message: r.error.message });
      return;
    }
    const change: ManifestChange = { path: f.path, hash: file.hash, document: r.ok.name, size: file.content.length };
    deps.manifest.apply(change);
    await deps.record(change);
    result.uploaded.push(f.path);
    // The old version's document goes once the new one is in (a failure here only leaves a stale duplicate).
    if (before) await attempt(f.path, () => deps.api.deleteDocument(before.document, deps.signal));
  };

  const removeOne = async (f: { path: string; document: string }) => {
    const r = await attempt(f.path, () => deps.api.deleteDocument(f.document, deps.signal));
    if ('error' in r) {
      if (r.error.kind !== 'aborted') result.failed.push({ path: f.path, message: r.error.message });
      return;
    }
    const change: ManifestChange = { path: f.path, removed: true };
    deps.manifest.apply(change);
    await deps.record(change);
    result.removed.push(f.path);
  };

  const queue: (() => Promise<void>)[] = [
    ...plan.remove.map((f) => async () => { await removeOne(f); done++; progress(f.path); }),
    ...plan.upload.map((f) => async () => { await uploadOne(f); done++; bytesDone += f.size; progress(f.path); }),
  ];
  progress();
  const workers = Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 4, queue.length)) }, async () => {
    for (let job = queue.shift(); job && !stop(); job = queue.shift()) await job();
  });
  await Promise.all(workers);
  result.cancelled = deps.signal.aborted;
  return result;
}
