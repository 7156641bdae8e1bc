// The composer's `@` picker: workspace files (fuzzy), and beside them the context mentions — @problems
// (workspace or current file), @selection, @folder (tree listing plus picked files), @changes (git, through
// VS Code's Git extension) and @terminal. A mention's text is gathered when it is picked and becomes a
// chip; when there is nothing to read, a message says why and no chip is made. Files whose real place is
// outside the workspace (links that lead out; the search follows them) are not offered, and @folder's
// tree says how many it left out.
import * as vscode from 'vscode';
import {
  changesMention, folderMention, problemsMention, selectionMention, terminalOutputMention, terminalSelectionMention,
  type MentionContent, type Problem, type ProblemSeverity, type RepoChanges,
} from '../../core/mentions/mentions';
import { escapeName } from '../../core/editor/prompts';
import { splitByRealPath } from '../attachments/linkCheck';
import type { AttachmentSource } from '../attachments/readFiles';
import { recentCommands, terminalSelection } from './terminalOutput';

/** The files the pickers offer: what the file picker always offered (files.exclude applies too). */
const FILE_EXCLUDE = '{**/node_modules/**,**/.git/**}';
const MAX_FILES = 5000;

/** The workspace's files the pickers offer, and those left out because they lead outside the workspace. */
export interface MentionFiles {
  inside: vscode.Uri[];
  outside: vscode.Uri[];
  /** The search stopped at its limit. */
  incomplete: boolean;
}

export async function mentionFiles(): Promise<MentionFiles> {
  const found = await vscode.workspace.findFiles('**/*', FILE_EXCLUDE, MAX_FILES);
  return { ...await splitByRealPath(found), incomplete: found.length >= MAX_FILES };
}

type MentionItem = vscode.QuickPickItem & { pick?: () => Promise<AttachmentSource[]>; uri?: vscode.Uri };

const mention = (m: MentionContent | undefined): AttachmentSource[] => (m ? [{ type: 'mention', mention: m }] : []);

const nothing = (message: string): AttachmentSource[] => {
  void vscode.window.showInformationMessage(message);
  return [];
};

/** The `@` picker's file entries: name, and the folder as its description. */
export function fileItems(files: MentionFiles): (vscode.QuickPickItem & { uri: vscode.Uri })[] {
  return files.inside
    .map((uri) => {
      const rel = vscode.workspace.asRelativePath(uri, false);
      const slash = rel.lastIndexOf('/');
      return { label: rel.slice(slash + 1), description: slash > 0 ? rel.slice(0, slash) : '', uri };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The `@` picker: context mentions first, then the workspace's files. */
export async function pickMention(): Promise<AttachmentSource[]> {
  const files = await mentionFiles();
  const items: MentionItem[] = [
    { kind: vscode.QuickPickItemKind.Separator, label: vscode.l10n.t('Context') },
    ...contextItems(files),
    {
      kind: vscode.QuickPickItemKind.Separator,
      label: files.outside.length ? vscode.l10n.t('Files ({0} not listed: links to places outside the workspace)', files.outside.length) : vscode.l10n.t('Files'),
    },
    ...fileItems(files),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Attach a file or context'),
    placeHolder: vscode.l10n.t('Type to search files by name or folder, or problems, selection, folder, changes, terminal'),
    matchOnDescription: true,
  });
  if (!picked) return [];
  if (picked.uri) return [{ type: 'uri', uri: picked.uri }];
  return picked.pick ? picked.pick() : [];
}

function contextItems(files: MentionFiles): MentionItem[] {
  const item = (icon: string, name: string, description: string, pick: () => Promise<AttachmentSource[]>): MentionItem =>
    ({ label: `$(${icon}) @${name}`, description, pick });
  const all = workspaceProblems();
  const editor = vscode.window.activeTextEditor;
  const items: MentionItem[] = [item('warning', 'problems', vscode.l10n.t('Problems in the workspace ({0})', all.length), async () => problemsInWorkspace())];
  if (editor && !editor.document.isUntitled) {
    const file = vscode.workspace.asRelativePath(editor.document.uri, false);
    const name = `problems:${chipName(file)}`;
    const count = all.filter((p) => p.path === file).length;
    items.push(item('warning', name, vscode.l10n.t('Problems in the current file, {0} ({1})', file, count), async () => problemsInFile(editor.document.uri, name)));
  }
  items.push(
    item('selection', 'selection', editor ? vscode.l10n.t('The selection in {0}', pathOf(editor.document)) : vscode.l10n.t('The selection in the active editor'), async () => selectionSource()),
    item('folder', 'folder', vscode.l10n.t('A folder: its tree, and the files you pick from it'), () => pickFolder(files)),
    item('git-compare', 'changes', vscode.l10n.t('Git changes, staged and unstaged'), () => changesSource()),
    item('terminal', 'terminal', vscode.l10n.t('The active terminal: its selection or recent output'), () => terminalSource()),
  );
  return items;
}

// ---- @problems ----------------------------------------------------------------------------------------

const SEVERITY: Record<vscode.DiagnosticSeverity, ProblemSeverity> = {
  [vscode.DiagnosticSeverity.Error]: 'error', [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info', [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function toProblems(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): Problem[] {
  const path = pathOfUri(uri);
  return diagnostics
    // Hints are editor decorations (faded unused code): the Problems view does not list them either.
    .filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint)
    .map((d) => {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      return {
        path, line: d.range.start.line + 1, col: d.range.start.character + 1, severity: SEVERITY[d.severity], message: d.message,
        ...(d.source ? { source: d.source } : {}), ...(code !== undefined && code !== '' ? { code: String(code) } : {}),
      };
    });
}

/** The problems of the workspace's files (and untitled documents), as the Problems view lists them. */
function workspaceProblems(): Problem[] {
  return vscode.languages.getDiagnostics()
    .filter(([uri]) => uri.scheme === 'untitled' || !!vscode.workspace.getWorkspaceFolder(uri))
    .flatMap(([uri, list]) => toProblems(uri, list));
}

function problemsInWorkspace(): AttachmentSource[] {
  const problems = workspaceProblems();
  if (!problems.length) return nothing(vscode.l10n.t('There are no problems in the workspace: @problems has nothing to send.'));
  return mention(problemsMention(problems, { name: 'problems', detail: vscode.l10n.t('Problems in the workspace ({0})', problems.length) }));
}

function problemsInFile(uri: vscode.Uri, name: string): AttachmentSource[] {
  const problems = toProblems(uri, vscode.languages.getDiagnostics(uri));
  const file = pathOfUri(uri);
  if (!problems.length) return nothing(vscode.l10n.t('There are no problems in {0}: @problems has nothing to send.', file));
  return mention(problemsMention(problems, { file, name, detail: vscode.l10n.t('Problems in {0} ({1})', file, problems.length) }));
}

// ---- @selection ---------------------------------------------------------------------------------------

function selectionSource(): AttachmentSource[] {
  const editor = vscode.window.activeTextEditor;
  const sel = editor && [editor.selection, ...editor.selections].find((s) => !s.isEmpty);
  if (!editor || !sel) return nothing(vscode.l10n.t('Select some text in an editor first: @selection has nothing to send.'));
  const doc = editor.document;
  // A selection that ends at the start of a line (whole lines selected) does not include that line.
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line : sel.end.line + 1;
  const startLine = sel.start.line + 1;
  const path = pathOf(doc);
  const range = startLine === endLine ? vscode.l10n.t('line {0}', startLine) : vscode.l10n.t('lines {0}-{1}', startLine, endLine);
  return mention(selectionMention({
    path, languageId: doc.languageId, startLine, endLine, text: doc.getText(sel),
    name: `selection:${chipName(path)}:${startLine === endLine ? startLine : `${startLine}-${endLine}`}`,
    detail: vscode.l10n.t('Selection in {0}, {1}', path, range),
  }));
}

// ---- @folder ------------------------------------------------------------------------------------------

/** The folders @folder offers: every folder that holds a file really inside the workspace. */
export function folderItems(files: MentionFiles): { label: string; description?: string; folder: string }[] {
  const folders = new Set<string>();
  for (const u of files.inside) {
    const r = vscode.workspace.asRelativePath(u, false);
    for (let i = r.indexOf('/'); i > 0; i = r.indexOf('/', i + 1)) folders.add(r.slice(0, i));
  }
  return [{ label: './', description: vscode.l10n.t('the workspace root'), folder: '' },
    ...[...folders].sort((a, b) => a.localeCompare(b)).map((f) => ({ label: `${f}/`, folder: f }))];
}

/**
 * A folder's tree (`folder`: workspace-relative, '' for the root) and its files: only files really inside
 * the workspace; the tree counts the links out it left out. No tree when the folder has no such file.
 */
export function folderContent(folder: string, files: MentionFiles): { tree?: MentionContent; files: { uri: vscode.Uri; rel: string }[] } {
  const label = folder ? `${folder}/` : './';
  const prefix = folder ? `${folder}/` : '';
  const under = (uris: vscode.Uri[]) => uris.map((uri) => ({ uri, rel: vscode.workspace.asRelativePath(uri, false) })).filter((f) => f.rel.startsWith(prefix));
  const inside = under(files.inside);
  if (!inside.length) return { files: [] };
  const tree = folderMention(folder, inside.map((f) => f.rel), {
    name: escapeName(label), incomplete: files.incomplete, linksOut: under(files.outside).length,
    detail: vscode.l10n.t('Tree of {0} ({1} files)', label, inside.length),
  });
  return { tree, files: inside };
}

async function pickFolder(files: MentionFiles): Promise<AttachmentSource[]> {
  const chosen = await vscode.window.showQuickPick(folderItems(files), { title: vscode.l10n.t('Attach a folder'), placeHolder: vscode.l10n.t('Type to search folders') });
  if (!chosen) return [];
  const prefix = chosen.folder ? `${chosen.folder}/` : '';
  const { tree, files: inside } = folderContent(chosen.folder, files);
  if (!tree) return nothing(vscode.l10n.t('There are no files in {0}: @folder has nothing to send.', chosen.label));
  const picked = await vscode.window.showQuickPick(inside.map((f) => ({ label: f.rel.slice(prefix.length), uri: f.uri })), {
    title: vscode.l10n.t('Files of {0} to attach with its tree', chosen.label),
    placeHolder: vscode.l10n.t('Pick files to send with the tree, or press Enter to send only the tree'),
    canPickMany: true,
  });
  if (!picked) return [];
  return [...mention(tree), ...picked.map((p): AttachmentSource => ({ type: 'uri', uri: p.uri }))];
}

// ---- @changes -----------------------------------------------------------------------------------------

/** The small part of the Git extension's API (extensions/git/src/api/git.d.ts, version 1) used here. */
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly GitRepository[];
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly workingTreeChanges: readonly GitChange[]; readonly untrackedChanges?: readonly GitChange[] };
  diff(cached?: boolean): Promise<string>;
}
interface GitChange { readonly uri: vscode.Uri; readonly status: number }
/** Status.UNTRACKED in the Git extension's API. */
const GIT_UNTRACKED = 7;

async function gitApi(): Promise<GitApi | undefined> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return undefined;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports?.enabled) return undefined;
    const api = exports.getAPI(1);
    if (api.state !== 'initialized') {
      // The first scan for repositories is still going (just after the window opened).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { sub.dispose(); resolve(); }, 10_000);
        const sub = api.onDidChangeState((s) => { if (s === 'initialized') { clearTimeout(timer); sub.dispose(); resolve(); } });
      });
    }
    return api;
  } catch {
    return undefined;
  }
}

async function changesSource(): Promise<AttachmentSource[]> {
  const api = await gitApi();
  if (!api) return nothing(vscode.l10n.t('Git is not available (the Git extension is disabled or git is not installed): @changes cannot read the changes.'));
  // Repositories in the workspace, and one the workspace is inside (opened from a parent folder).
  const repos = api.repositories.filter((r) => !!vscode.workspace.getWorkspaceFolder(r.rootUri)
    || (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === r.rootUri.scheme && f.uri.path.startsWith(`${r.rootUri.path.replace(/\/$/, '')}/`)));
  if (!repos.length) return nothing(vscode.l10n.t('This workspace is not in a Git repository: @changes has nothing to send.'));
  const changes: RepoChanges[] = [];
  for (const r of repos) {
    const untracked = [...r.state.workingTreeChanges, ...(r.state.untrackedChanges ?? [])].filter((c) => c.status === GIT_UNTRACKED);
    changes.push({
      root: vscode.workspace.asRelativePath(r.rootUri, false).replace(/^\/.*$/, '.'),
      staged: await r.diff(true), unstaged: await r.diff(false),
      untracked: [...new Set(untracked.map((c) => vscode.workspace.asRelativePath(c.uri, false)))],
    });
  }
  const m = changesMention(changes, { name: 'changes', detail: vscode.l10n.t('Git changes, staged and unstaged') });
  if (!m) return nothing(vscode.l10n.t('There are no changes: the working tree and the index match the last commit.'));
  return mention(m);
}

// ---- @terminal ----------------------------------------------------------------------------------------

async function terminalSource(): Promise<AttachmentSource[]> {
  const terminal = vscode.window.activeTerminal;
  if (!terminal) return nothing(vscode.l10n.t('No terminal is open: @terminal has nothing to send.'));
  const selected = await terminalSelection();
  if (selected.trim()) {
    return mention(terminalSelectionMention(terminal.name, selected, { name: 'terminal', detail: vscode.l10n.t('Text selected in the terminal {0}', terminal.name) }));
  }
  const output = terminalOutputMention(terminal.name, await recentCommands(terminal), { name: 'terminal', detail: vscode.l10n.t('Recent output of the terminal {0}', terminal.name) });
  if (output) return mention(output);
  return nothing(vscode.l10n.t('Nothing can be read from the terminal {0}: select text in it first. Its output can be read only with shell integration, for commands run since the window opened.', terminal.name));
}

// ---- paths --------------------------------------------------------------------------------------------

function pathOfUri(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

function pathOf(doc: vscode.TextDocument): string {
  return pathOfUri(doc.uri);
}

/**
 * A file's name for a chip and the `@name` typed into the message: control and bidi characters escaped. The
 * path is a URI path, so only `/` separates (core's baseName also splits at `\\`, for file-system paths).
 */
function chipName(path: string): string {
  return escapeName(path.slice(path.lastIndexOf('/') + 1) || path);
}
