// The workspace's codebase index on Gemini File Search: "Index This Workspace" (after a question that says how many
// files and bytes go where), "Update" (only what changed, by content hash) and "Delete" (the store on Google's side),
// kept current from file events in batches, and handed to chat turns as the `file_search` store. The store's name
// and whether the user agreed live in workspaceState (a repository's settings cannot turn indexing on); the manifest
// (path → hash, document) is a journal in the extension's workspace storage. Never in an untrusted workspace.
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Logger } from '../../core/conversation/types';
import { IndexManifest, planIndexUpdate, planPathsUpdate, type IndexPlan, type ManifestChange } from '../../core/codeIndex/indexManifest';
import { runIndex, type IndexRunResult } from '../../core/codeIndex/indexRun';
import { indexMimeType } from '../../core/codeIndex/indexSelection';
import { classifyError } from '../../core/gemini/errors';
import type { FileSearchApi } from '../../core/gemini/fileSearchApi';
import { abortableSleep } from '../../core/util/abort';
import { formatBytes } from '../../core/util/bytes';
import { indexCandidates, indexPath, readCandidate, type IndexCandidate } from './workspaceFiles';

export const INDEX_STATE_KEY = 'geminiInteractions.codeIndex';

/** What workspaceState keeps: the store and whether the user turned the index on for this workspace. */
interface IndexState {
  store?: string;
  /** Set by the user's "Index" answer, never by settings. */
  enabled?: boolean;
  lastRun?: number;
}

export interface CodeIndexStatus {
  state: 'none' | 'ready' | 'indexing';
  store?: string;
  files: number;
  bytes: number;
  lastRun?: number;
  pending: number;
}

/** How long file events are gathered before one batched update. */
const DEBOUNCE_MS = 2000;
/** From this many changed files on, the update shows a notification with Cancel (a branch switch), not only the status bar. */
const NOTIFY_FROM = 50;

export class CodeIndex implements vscode.Disposable {
  private manifest: IndexManifest | undefined;
  private running: Promise<unknown> | undefined;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly storage: vscode.Uri | undefined,
    private readonly api: () => Promise<FileSearchApi>,
    private readonly log: Logger,
    /** Tests shorten the debounce. */
    private readonly debounceMs = DEBOUNCE_MS,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const touch = (uri: vscode.Uri) => this.touch(uri);
    this.disposables.push(watcher, watcher.onDidChange(touch), watcher.onDidCreate(touch), watcher.onDidDelete(touch), this.changed);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private get info(): IndexState {
    return this.state.get<IndexState>(INDEX_STATE_KEY) ?? {};
  }

  /** The store chat turns search: only when the user built the index here, the workspace is trusted, and it is on. */
  activeStore(): string | undefined {
    const i = this.info;
    return vscode.workspace.isTrusted && i.enabled && i.store ? i.store : undefined;
  }

  async status(): Promise<CodeIndexStatus> {
    const m = await this.loadManifest();
    return { state: this.running ? 'indexing' : this.info.store ? 'ready' : 'none', ...(this.info.store ? { store: this.info.store } : {}), files: m.files.size, bytes: m.bytes(), ...(this.info.lastRun ? { lastRun: this.info.lastRun } : {}), pending: this.pending.size };
  }

  // ── manifest journal ────────────────────────────────────────────────────────────────────────────────────────

  private journalPath(): string | undefined {
    return this.storage ? vscode.Uri.joinPath(this.storage, 'codeIndex', 'manifest.jsonl').fsPath : undefined;
  }

  private async loadManifest(): Promise<IndexManifest> {
    if (this.manifest) return this.manifest;
    const path = this.journalPath();
    let text = '';
    if (path) try { text = await readFile(path, 'utf8'); } catch { /* none yet */ }
    return (this.manifest = IndexManifest.parse(text));
  }

  private async record(change: ManifestChange): Promise<void> {
    const path = this.journalPath();
    if (!path) return;
    await mkdir(vscode.Uri.joinPath(this.storage!, 'codeIndex').fsPath, { recursive: true });
    await appendFile(path, `${JSON.stringify(change)}\n`);
    this.manifest!.lines++;
  }

  private async compact(): Promise<void> {
    const path = this.journalPath();
    if (!path || !this.manifest?.needsCompaction()) return;
    await writeFile(`${path}.tmp`, this.manifest.compacted());
    await rename(`${path}.tmp`, path);
    this.manifest.lines = this.manifest.files.size;
  }

  private async resetManifest(): Promise<void> {
    this.manifest = new IndexManifest();
    const path = this.journalPath();
    if (path) try { await writeFile(path, ''); } catch { /* no storage folder yet */ }
  }

  // ── commands ────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * "Gemini: Index This Workspace…": scans, says what will be uploaded and asks (the first time, and whenever a
   * run would upload files), then uploads with progress and Cancel. `confirm` (tests) answers the question.
   */
  async indexWorkspace(confirm?: boolean): Promise<IndexRunResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The codebase index is not available in Restricted Mode: indexing uploads the workspace\'s files. Trust the workspace first.'));
      return undefined;
    }
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder to index it.'));
      return undefined;
    }
    if (this.running) { void vscode.window.showInformationMessage(vscode.l10n.t('The codebase index is already being updated.')); return undefined; }
    const manifest = await this.loadManifest();
    const scan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Gemini: looking for files to index…'), cancellable: true },
      (_p, token) => this.snapshot(token));
    if (!scan) return undefined;
    const plan = planIndexUpdate(manifest, scan.snapshot);
    const bytes = plan.upload.reduce((n, f) => n + f.size, 0);
    if (!plan.upload.length && !plan.remove.length && this.info.store) {
      await this.state.update(INDEX_STATE_KEY, { ...this.info, enabled: true });
      this.changed.fire();
      void vscode.window.showInformationMessage(vscode.l10n.t('The codebase index is up to date ({0} files).', manifest.files.size));
      return { uploaded: [], removed: [], failed: [], skipped: [], cancelled: false };
    }
    if (confirm === undefined) {
      const go = vscode.l10n.t('Index {0} Files', plan.upload.length);
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Upload {0} files of this workspace ({1}) to a Gemini File Search store?', plan.upload.length, formatBytes(bytes)),
        {
          modal: true,
          detail: [
            vscode.l10n.t('They are stored in your Gemini API project, under your API key, until you run "Gemini: Delete Codebase Index". Google bills indexing by the tokens uploaded (about {0} tokens here) at its embedding price; see https://ai.google.dev/gemini-api/docs/pricing.', Math.ceil(bytes / 4).toLocaleString()),
            vscode.l10n.t('Left out: files your .gitignore, files.exclude, search.exclude or geminiInteractions.index.exclude exclude, files that look like secrets ({0}), binaries, lock files and files over 1 MB.', scan.excluded.secret),
          ].join('\n\n'),
        },
        go,
      );
      if (answer !== go) return undefined;
    } else if (!confirm) return undefined;
    await this.state.update(INDEX_STATE_KEY, { ...this.info, enabled: true });
    return this.run((m) => planIndexUpdate(m, scan.snapshot), scan.contents, true);
  }

  /** "Gemini: Update Codebase Index": the whole workspace compared by hash, only what changed sent. */
  async updateIndex(): Promise<IndexRunResult | undefined> {
    if (!this.info.store || !this.info.enabled) return this.indexWorkspace();
    if (!vscode.workspace.isTrusted || this.running) return undefined;
    const scan = await this.snapshot();
    if (!scan) return undefined;
    return this.run((m) => planIndexUpdate(m, scan.snapshot), scan.contents, true);
  }

  /** "Gemini: Delete Codebase Index": the store and its documents on Google's side, then the local record. */
  async deleteIndex(confirm?: boolean): Promise<boolean> {
    const store = this.info.store;
    if (!store) { void vscode.window.showInformationMessage(vscode.l10n.t('This workspace has no codebase index.')); return false; }
    if (confirm === undefined) {
      const del = vscode.l10n.t('Delete Index');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('Delete this workspace\'s codebase index ({0} files) from Google\'s servers?', (await this.loadManifest()).files.size),
        { modal: true, detail: vscode.l10n.t('Your files stay as they are; only the uploaded copies in the File Search store {0} are deleted.', store) }, del);
      if (answer !== del) return false;
    } else if (!confirm) return false;
    try {
      await (await this.api()).deleteStore(store);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not delete the codebase index: {0}', classifyError(e).message));
      return false;
    }
    this.log.info(`codebase index: deleted ${store}`);
    await this.state.update(INDEX_STATE_KEY, undefined);
    await this.resetManifest();
    this.changed.fire();
    return true;
  }

  // ── the work ────────────────────────────────────────────────────────────────────────────────────────────────

  /** Every indexable file with its hash; the contents are not kept (re-read at upload time). */
  private async snapshot(token?: vscode.CancellationToken): Promise<{ snapshot: Map<string, { hash: string; size: number }>; contents: Map<string, IndexCandidate>; excluded: { secret: number } } | undefined> {
    const candidates = await indexCandidates(token);
    const snapshot = new Map<string, { hash: string; size: number }>();
    const contents = new Map<string, IndexCandidate>();
    let secret = 0;
    for (const c of candidates) {
      if (token?.isCancellationRequested) return undefined;
      const r = await readCandidate(c);
      if ('excluded' in r) { if (r.excluded === 'secret') secret++; continue; }
      snapshot.set(r.path, { hash: r.hash, size: r.size });
      contents.set(r.path, c);
    }
    return { snapshot, contents, excluded: { secret } };
  }

  /** `planFor` plans against the manifest once the store is known (a store found gone starts from nothing). */
  private async run(planFor: (manifest: IndexManifest) => IndexPlan, files: ReadonlyMap<string, IndexCandidate>, notify: boolean): Promise<IndexRunResult | undefined> {
    const work = (async () => {
      let api: FileSearchApi;
      try {
        api = await this.api();
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not index the workspace: {0}', classifyError(e).message));
        return undefined;
      }
      const store = await this.ensureStore(api);
      if (!store) return undefined;
      const manifest = await this.loadManifest();
      const effective = planFor(manifest);
      const started = Date.now();
      const go = async (progress?: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken) => {
        const ctl = new AbortController();
        token?.onCancellationRequested(() => ctl.abort());
        let last = 0;
        const result = await runIndex(effective, {
          api, store, manifest, signal: ctl.signal, concurrency: 4,
          read: async (path) => {
            const c = files.get(path);
            if (!c) return undefined;
            const r = await readCandidate(c);
            return 'excluded' in r ? undefined : { content: r.content, hash: r.hash, mimeType: indexMimeType(path) };
          },
          record: (c) => this.record(c),
          sleep: abortableSleep,
          onProgress: (p) => {
            if (!progress || !p.total) return;
            const pct = (p.done / p.total) * 100;
            const elapsed = Date.now() - started;
            const left = p.done ? Math.round(((elapsed / p.done) * (p.total - p.done)) / 1000) : undefined;
            progress.report({
              increment: pct - last,
              message: [vscode.l10n.t('{0} of {1} files', p.done, p.total), vscode.l10n.t('{0} of {1}', formatBytes(p.bytesDone), formatBytes(p.bytesTotal)), left !== undefined && p.done < p.total ? vscode.l10n.t('about {0} s left', left) : ''].filter(Boolean).join(' · '),
            });
            last = pct;
          },
          onRetry: (path, ms, c) => this.log.warn(`codebase index: ${path}: ${c.message} (retrying in ${Math.round(ms / 1000)} s)`),
        });
        await this.compact();
        return result;
      };
      const total = effective.upload.length + effective.remove.length;
      const result = notify || total >= NOTIFY_FROM
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Gemini: indexing the workspace'), cancellable: true }, go)
        : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Gemini: updating the codebase index') }, (p) => go(p));
      await this.state.update(INDEX_STATE_KEY, { ...this.info, lastRun: Date.now() });
      this.log.info(`codebase index: ${result.uploaded.length} uploaded, ${result.removed.length} removed, ${result.failed.length} failed${result.cancelled ? ', cancelled' : ''}${result.fatal ? `, stopped: ${result.fatal.message}` : ''}`);
      if (result.fatal) void vscode.window.showErrorMessage(vscode.l10n.t('Indexing stopped: {0}', result.fatal.message));
      else if (result.failed.length) void vscode.window.showWarningMessage(vscode.l10n.t('Indexed {0} files; {1} could not be indexed (first: {2}: {3}). They are tried again on the next update.', result.uploaded.length, result.failed.length, result.failed[0]!.path, result.failed[0]!.message));
      else if (notify && !result.cancelled) void vscode.window.showInformationMessage(vscode.l10n.t('The codebase index is ready: {0} files. Gemini searches it when File Search is on.', manifest.files.size));
      else if (result.cancelled) void vscode.window.showInformationMessage(vscode.l10n.t('Indexing cancelled after {0} files; "Gemini: Update Codebase Index" goes on from there.', result.uploaded.length));
      return result;
    })();
    this.running = work;
    this.changed.fire();
    try {
      return await work;
    } finally {
      this.running = undefined;
      this.changed.fire();
    }
  }

  /** The workspace's store: the one kept (if it still exists on Google's side), else a new one named for the workspace. */
  private async ensureStore(api: FileSearchApi): Promise<string | undefined> {
    const kept = this.info.store;
    try {
      if (kept && await api.getStore(kept)) return kept;
      if (kept) { this.log.warn(`codebase index: ${kept} no longer exists; a new store is created and every file uploaded again`); await this.resetManifest(); }
      const name = `${vscode.workspace.name ?? 'workspace'} (VS Code)`.slice(0, 120);
      const store = (await api.createStore(name)).name;
      await this.state.update(INDEX_STATE_KEY, { ...this.info, store });
      this.log.info(`codebase index: created ${store}`);
      return store;
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not index the workspace: {0}', classifyError(e).message));
      return undefined;
    }
  }

  // ── keeping it current ──────────────────────────────────────────────────────────────────────────────────────

  /** A file event: gathered, then one batched update of just those paths. */
  private touch(uri: vscode.Uri): void {
    if (!this.activeStore() || uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return;
    if (this.storage && uri.fsPath.startsWith(this.storage.fsPath)) return;
    this.pending.add(uri.toString());
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.debounceMs);
  }

  /** Uploads or deletes what the gathered events changed (tests call it to skip the wait). */
  async flush(): Promise<IndexRunResult | undefined> {
    clearTimeout(this.timer);
    if (this.running) { await this.running.catch(() => undefined); }
    if (!this.pending.size || !this.activeStore()) return undefined;
    const uris = [...this.pending].map((u) => vscode.Uri.parse(u));
    this.pending.clear();
    const allowed = new Set((await indexCandidates()).map((c) => c.path));
    const changes = new Map<string, { hash: string; size: number } | undefined>();
    const files = new Map<string, IndexCandidate>();
    for (const uri of uris) {
      const path = indexPath(uri);
      if (!allowed.has(path)) { changes.set(path, undefined); continue; }
      const c = { uri, path };
      const r = await readCandidate(c);
      if ('excluded' in r) changes.set(path, undefined);
      else { changes.set(path, { hash: r.hash, size: r.size }); files.set(path, c); }
    }
    const plan = planPathsUpdate(await this.loadManifest(), changes);
    if (!plan.upload.length && !plan.remove.length) return undefined;
    return this.run((m) => planPathsUpdate(m, changes), files, false);
  }
}

export function registerCodeIndexCommands(index: CodeIndex): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('geminiInteractions.indexWorkspace', () => index.indexWorkspace()),
    vscode.commands.registerCommand('geminiInteractions.updateIndex', () => index.updateIndex()),
    vscode.commands.registerCommand('geminiInteractions.deleteIndex', () => index.deleteIndex()),
  ];
}
