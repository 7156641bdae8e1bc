// What the codebase index holds: per workspace-relative path, the content hash uploaded and the document it
// became. Kept as an append-only journal of changes (one JSON line per upload or removal) so that a run
// interrupted at any point resumes where it stopped, and a change costs one short append whatever the size of
// the workspace; the journal is compacted when it has grown well past the entries it holds.

export interface IndexedFile {
  /** SHA-256 (hex) of the content uploaded. */
  hash: string;
  /** `fileSearchStores/…/documents/…` */
  document: string;
  size: number;
}

/** One journal line: a file uploaded (with its document) or removed. */
export type ManifestChange = { path: string; hash: string; document: string; size: number } | { path: string; removed: true };

export class IndexManifest {
  readonly files = new Map<string, IndexedFile>();
  /** Journal lines read or appended since the last compaction. */
  lines = 0;

  /** Applies the journal's lines in order; a torn last line (a crash mid-append) is ignored. */
  static parse(text: string): IndexManifest {
    const m = new IndexManifest();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let c: unknown;
      try { c = JSON.parse(line); } catch { continue; }
      if (isChange(c)) { m.apply(c); m.lines++; }
    }
    return m;
  }

  apply(c: ManifestChange): void {
    if ('removed' in c) this.files.delete(c.path);
    else this.files.set(c.path, { hash: c.hash, document: c.document, size: c.size });
  }

  /** The journal that replaces the current one: one line per file held. */
  compacted(): string {
    return [...this.files].map(([path, f]) => `${JSON.stringify({ path, ...f })}\n`).join('');
  }

  /** Worth compacting: the journal holds twice as many lines as files, and more than a few. */
  needsCompaction(): boolean {
    return this.lines > 64 && this.lines > 2 * this.files.size;
  }

  bytes(): number {
    let n = 0;
    for (const f of this.files.values()) n += f.size;
    return n;
  }
}

function isChange(c: unknown): c is ManifestChange {
  if (!c || typeof c !== 'object') return false;
  const o = c as Record<string, unknown>;
  if (typeof o.path !== 'string') return false;
  return o.removed === true || (typeof o.hash === 'string' && typeof o.document === 'string' && typeof o.size === 'number');
}

/** What the workspace has now: per path its content hash and size (hashes computed by streaming each file). */
export type WorkspaceSnapshot = ReadonlyMap<string, { hash: string; size: number }>;

export interface IndexPlan {
  /** New or changed files (by content hash), with their sizes. */
  upload: { path: string; size: number }[];
  /** Files gone from the workspace (or now excluded): their documents are deleted. */
  remove: { path: string; document: string }[];
  unchanged: number;
}

/** Only what changed: a file whose hash is the one indexed is not uploaded again. */
export function planIndexUpdate(manifest: IndexManifest, now: WorkspaceSnapshot): IndexPlan {
  const upload: IndexPlan['upload'] = [];
  let unchanged = 0;
  for (const [path, f] of now) {
    if (manifest.files.get(path)?.hash === f.hash) unchanged++;
    else upload.push({ path, size: f.size });
  }
  const remove = [...manifest.files].filter(([path]) => !now.has(path)).map(([path, f]) => ({ path, document: f.document }));
  upload.sort((a, b) => a.path.localeCompare(b.path));
  return { upload, remove, unchanged };
}

/**
 * Only these paths (saved, created, deleted or renamed since the last run): `undefined` for a path that is gone or
 * no longer indexable. A whole-workspace snapshot is not needed for a change of a few files.
 */
export function planPathsUpdate(manifest: IndexManifest, changes: ReadonlyMap<string, { hash: string; size: number } | undefined>): IndexPlan {
  const upload: IndexPlan['upload'] = [];
  const remove: IndexPlan['remove'] = [];
  let unchanged = 0;
  for (const [path, f] of changes) {
    const held = manifest.files.get(path);
    if (!f) { if (held) remove.push({ path, document: held.document }); continue; }
    if (held?.hash === f.hash) unchanged++;
    else upload.push({ path, size: f.size });
  }
  return { upload, remove, unchanged };
}
