// Host side of the rules files: reads the files `geminiInteractions.instructionFiles` lists from the first
// workspace folder (only in a trusted workspace, only real files of the workspace, not links out of it),
// merges them (src/core/rules/rulesFiles.ts), says what the panel shows, and tells when they or the setting change.
import * as vscode from 'vscode';
import type { Logger } from '../../core/conversation/types';
import type { RulesInfo } from '../../core/panel/protocol';
import { INSTRUCTION_FILE_MAX_BYTES, INSTRUCTIONS_TOTAL_MAX_BYTES, instructionPaths, mergeRules, type RulesFileRead } from '../../core/rules/rulesFiles';
import { checkRealPath, readRegularFile, realRoots } from '../../core/tools/fsGuard';
import { SECTION } from '../settings/settings';
import type { CommandHandlers } from '../panel/router';
import { looksLikeSecretFile } from '../../core/util/secretFiles';

const SETTING = 'instructionFiles';

/** The rules files the setting lists (workspace-relative, cleaned; the defaults when it is not set). */
export function configuredRulesFiles(): string[] {
  return instructionPaths(vscode.workspace.getConfiguration(SECTION).get<unknown>(SETTING));
}

export class RulesFiles implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a listed file is created, changed or deleted, the setting changes, or the workspace is trusted. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private watchers: vscode.Disposable[] = [];
  /** The same cut is logged once until the files change. */
  private readonly logged = new Set<string>();
  private info: Promise<RulesInfo> | undefined;

  constructor(private readonly log: Logger) {
    this.watch();
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(`${SECTION}.${SETTING}`)) return;
        this.watch();
        this.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.fire()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => { this.watch(); this.fire(); }),
    );
  }

  paths(): string[] {
    return configuredRulesFiles();
  }

  /** The merged text of the files and the paths used; nothing in an untrusted workspace. */
  async read(): Promise<{ text?: string; used: string[] }> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root || !vscode.workspace.isTrusted) return { used: [] };
    const files: RulesFileRead[] = [];
    for (const p of this.paths()) {
      const f = await this.readOne(root, p);
      if (f) files.push(f);
    }
    const merged = mergeRules(files, INSTRUCTION_FILE_MAX_BYTES, INSTRUCTIONS_TOTAL_MAX_BYTES);
    for (const c of merged.cuts) {
      const line = c.reason === 'file'
        ? vscode.l10n.t('Rules file {0} is larger than {1} KiB: only its first {1} KiB are sent.', c.path, INSTRUCTION_FILE_MAX_BYTES / 1024)
        : vscode.l10n.t('Rules files are limited to {0} KiB together: {1} was cut short or left out.', INSTRUCTIONS_TOTAL_MAX_BYTES / 1024, c.path);
      this.warnOnce(line);
    }
    return merged;
  }

  /** What the panel shows under its header (kept until the files, the setting or the trust change). */
  panelInfo(): Promise<RulesInfo> {
    this.info ??= vscode.workspace.isTrusted
      ? this.read().then((r) => ({ files: r.used }), () => ({ files: [] }))
      : Promise.resolve(this.paths().length ? { files: [], untrusted: true } : { files: [] });
    return this.info;
  }

  /** Opens a rules file in an editor; only a path the panel shows (what the webview sends is not trusted). */
  async open(path: string): Promise<void> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root || !vscode.workspace.isTrusted || typeof path !== 'string' || !this.paths().includes(path)) {
      this.log.warn(`Not opening ${String(path).slice(0, 80)}: not a rules file of this workspace.`);
      return;
    }
    try {
      await vscode.window.showTextDocument(vscode.Uri.joinPath(root, ...path.split('/')), { preview: true });
    } catch (e) {
      // Deleted since the line was drawn (the watcher will update it), or not text.
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the rules file {0}: {1}', path, String((e as Error)?.message ?? e)));
    }
  }

  private async readOne(root: vscode.Uri, path: string): Promise<RulesFileRead | undefined> {
    const uri = vscode.Uri.joinPath(root, ...path.split('/'));
    const ignored = vscode.l10n.t('Rules file {0} was not used.', path);
    // A repository could name its .env or a key as a rules file: it would go into every request.
    const secret = () => { this.warnOnce(vscode.l10n.t('Rules file {0} looks like a file of secrets (an environment file, a key or credentials): it is never sent.', path)); return undefined; };
    if (looksLikeSecretFile(path)) return secret();
    try {
      if (uri.scheme === 'file') {
        const check = await checkRealPath(uri.fsPath, await realRoots([root.fsPath]), path);
        if (!check.ok) {
          if (check.reason !== 'missing') this.warnOnce(`${check.message} ${ignored}`);
          return undefined;
        }
        if (looksLikeSecretFile(check.real)) return secret();
        const { data, truncated } = await readRegularFile(check.real, INSTRUCTION_FILE_MAX_BYTES, path, 'truncate');
        return { path, bytes: data, cut: truncated };
      }
      const all = await vscode.workspace.fs.readFile(uri);
      return { path, bytes: all.subarray(0, INSTRUCTION_FILE_MAX_BYTES + 1) };
    } catch (e) {
      const missing = (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') || (e as NodeJS.ErrnoException)?.code === 'ENOENT';
      if (!missing) this.warnOnce(`${String((e as Error)?.message ?? e)} ${ignored}`);
      return undefined;
    }
  }

  private warnOnce(line: string): void {
    if (this.logged.has(line)) return;
    this.logged.add(line);
    this.log.warn(line);
  }

  private fire(): void {
    this.logged.clear();
    this.info = undefined;
    this.changed.fire();
  }

  /** One watcher per listed path, in the first workspace folder. */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return;
    for (const p of this.paths()) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, p));
      w.onDidCreate(() => this.fire());
      w.onDidChange(() => this.fire());
      w.onDidDelete(() => this.fire());
      this.watchers.push(w);
    }
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** A rules file listed under the panel's header: opened in an editor. */
export function rulesHandlers(rules: Pick<RulesFiles, 'open'>): Pick<CommandHandlers, 'openRulesFile'> {
  return { openRulesFile: (m) => rules.open(m.path) };
}
