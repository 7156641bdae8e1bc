// Structured output (`/json` and Extract Structured Data…): the one schema-file reader, the schema picker, and
// the extraction itself: the JSON schema as response_format, the reply validated (Ajv) and opened as JSON.
import * as vscode from 'vscode';
import { answerText } from '../../core/conversation/transcript';
import type { ModelTurn } from '../../core/conversation/types';
import { checkRealPath, readRegularFile, realRoots } from '../../core/tools/fsGuard';
import { resolveWorkspacePath } from '../../core/tools/workspaceTools';
import type { ChatPanel } from '../panel/chatPanel';
import { readAgentSettings } from '../settings/settings';

type Schema = Record<string, unknown>;

interface SchemaChoice extends vscode.QuickPickItem {
  schema?: Schema;
  uri?: vscode.Uri;
}

/** Why a schema file gave no schema. */
export type SchemaFileProblem = { kind: 'notObject' } | { kind: 'unreadable'; message: string };

/** A schema file larger than this is not read (a schema is a few kilobytes). */
const SCHEMA_MAX_BYTES = 1024 * 1024;

/** Reads a JSON schema file: it must parse as JSON, and hold an object. */
export async function readSchemaFile(uri: vscode.Uri, read: (uri: vscode.Uri) => Thenable<Uint8Array> = (u) => vscode.workspace.fs.readFile(u)): Promise<{ schema: Schema } | { problem: SchemaFileProblem }> {
  try {
    const value = JSON.parse(new TextDecoder().decode(await read(uri)));
    if (value && typeof value === 'object' && !Array.isArray(value)) return { schema: value };
    return { problem: { kind: 'notObject' } };
  } catch (e) {
    return { problem: { kind: 'unreadable', message: (e as Error).message } };
  }
}

export class StructuredOutput {
  constructor(private readonly panel: ChatPanel) {}

  /**
   * The schema of `/json <path>`: a workspace-relative (or absolute) file, else a saved schema of that name.
   * What is wrong is shown in the panel, as the command's error.
   */
  async slashSchema(path: string): Promise<Schema | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = path.startsWith('/') || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
    const read = await readSchemaFile(uri);
    if ('schema' in read) return read.schema;
    if (read.problem.kind === 'notObject') {
      this.panel.post({ type: 'error', message: vscode.l10n.t('{0} is not a JSON schema object.', path) });
      return undefined;
    }
    const saved = readAgentSettings().savedSchemas.find((s) => s.name === path);
    if (saved) return saved.schema;
    this.panel.post({ type: 'error', message: vscode.l10n.t('Cannot read the schema {0}: {1}', path, read.problem.message) });
    return undefined;
  }

  /**
   * Structured output: sends with the JSON schema as response_format, validates the reply (Ajv) and opens it
   * in a new JSON editor. Validation errors are listed precisely (turn notice and a warning).
   */
  async extract(schema: Schema, label: string, input: string, shown?: string): Promise<{ ok: boolean; errors: string[]; document?: string; turn?: ModelTurn }> {
    // Ajv is loaded on first use, not at activation.
    const { schemaProblem, validateJsonReply } = await import('../../core/slash/structured');
    const problem = schemaProblem(schema);
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', label, problem));
      return { ok: false, errors: [problem] };
    }
    // The input is in the message: no workspace tools (and no approvals) for an extraction.
    const prompt = `Extract structured data from the input below. Reply with JSON only, following the JSON schema "${label}".\n\nInput:\n${input}`;
    const turn = await this.panel.sendParts([{ kind: 'text', text: prompt }], { text: shown ?? `/json ${label}`, overrides: { output: { kind: 'json', schema }, tools: { functions: undefined } } });
    if (!turn || turn.state !== 'done') return { ok: false, errors: [turn?.error?.message ?? vscode.l10n.t('The request did not finish.')], turn };
    const text = answerText(turn);
    const check = validateJsonReply(schema, text);
    const content = check.value !== undefined ? JSON.stringify(check.value, null, 2) : text;
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
    await vscode.window.showTextDocument(doc, { preview: false });
    if (!check.ok) {
      const message = vscode.l10n.t('The reply does not match the schema {0}: {1}', label, check.errors.join('; '));
      this.panel.post({ type: 'notice', turnId: turn.id, text: message });
      void vscode.window.showWarningMessage(message);
    }
    return { ok: check.ok, errors: check.ok ? [] : check.errors, document: doc.getText(), turn };
  }
}

const outsideWorkspace = (shownAs: string) => vscode.l10n.t('Not sent: the schema {0} is outside the workspace. Extract Structured Data reads schemas only from the files of this workspace.', shownAs);

/**
 * Where a workspace file really is, for reading it: its real path (links resolved) when that is inside a
 * workspace folder, or `outside` when it is not. Other file systems have no local links: no real path.
 */
async function realPathInside(uri: vscode.Uri): Promise<{ outside: true } | { outside: false; real?: string }> {
  if (uri.scheme !== 'file') return { outside: false };
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const check = await checkRealPath(uri.fsPath, await realRoots(folders.map((f) => f.uri.fsPath)), uri.fsPath);
  if (check.ok) return { outside: false, real: check.real };
  // A missing or unreadable file is read as it is, and says why it cannot be.
  return check.reason === 'outside' ? { outside: true } : { outside: false };
}

/**
 * The schema file a command's argument names: a path inside the workspace as written (no `..` out, no other
 * root) and on the disk (no link out). Otherwise a sentence saying it was refused.
 */
export async function workspaceSchemaFile(path: string): Promise<{ uri: vscode.Uri } | { problem: string }> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const check = resolveWorkspacePath(folders.map((f) => f.uri.path), path, { windows: process.platform === 'win32' });
  if (!check.ok) return { problem: outsideWorkspace(path) };
  const folder = folders.find((f) => f.uri.path === check.root)!;
  const uri = check.relative ? vscode.Uri.joinPath(folder.uri, ...check.relative.split('/')) : folder.uri;
  return (await realPathInside(uri)).outside ? { problem: outsideWorkspace(path) } : { uri };
}

/**
 * A schema file picked or named in Extract Structured Data…, read only where it really is inside the
 * workspace (regular files, at most 1 MiB). What is wrong is shown as an error notification and returned.
 */
export async function commandSchema(uri: vscode.Uri): Promise<{ schema: Schema } | { problem: string }> {
  const shownAs = vscode.workspace.asRelativePath(uri, false);
  const where = await realPathInside(uri);
  const real = where.outside ? undefined : where.real;
  const read = where.outside ? undefined
    : await readSchemaFile(uri, real === undefined ? undefined : async () => (await readRegularFile(real, SCHEMA_MAX_BYTES, shownAs)).data);
  if (read && 'schema' in read) return read;
  const problem = !read ? outsideWorkspace(shownAs) : read.problem.kind === 'notObject'
    ? vscode.l10n.t('{0} is not a JSON schema object.', shownAs)
    : vscode.l10n.t('Cannot read {0}: {1}', shownAs, read.problem.message);
  void vscode.window.showErrorMessage(problem);
  return { problem };
}

/**
 * Extract Structured Data…'s picker: the saved schemas, then the workspace's JSON files (likely schemas
 * first). `preselect` (a file a command's argument named) is the highlighted item: Enter takes it.
 */
export async function pickSchema(preselect?: vscode.Uri): Promise<SchemaChoice | undefined> {
  const saved: SchemaChoice[] = readAgentSettings().savedSchemas.map((s) => ({ label: s.name, description: vscode.l10n.t('saved schema'), schema: s.schema }));
  const files = await vscode.workspace.findFiles('**/*.json', '**/node_modules/**', 300);
  // Likely schemas first: *.schema.json, then anything declaring $schema or properties is checked on pick.
  const fileItems: SchemaChoice[] = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri }))
    .sort((a, b) => Number(b.label.endsWith('.schema.json')) - Number(a.label.endsWith('.schema.json')) || a.label.localeCompare(b.label));
  let active = preselect && fileItems.find((i) => i.uri?.toString() === preselect.toString());
  if (preselect && !active) fileItems.unshift(active = { label: vscode.workspace.asRelativePath(preselect, false), uri: preselect });
  const items: SchemaChoice[] = [
    ...(saved.length ? [{ label: vscode.l10n.t('Saved schemas'), kind: vscode.QuickPickItemKind.Separator }, ...saved] : []),
    { label: vscode.l10n.t('Workspace files'), kind: vscode.QuickPickItemKind.Separator },
    ...fileItems,
  ];
  const pick = vscode.window.createQuickPick<SchemaChoice>();
  pick.title = vscode.l10n.t('Extract Structured Data: pick a JSON schema');
  pick.matchOnDescription = true;
  pick.items = items;
  if (active) pick.activeItems = [active];
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0] ?? pick.activeItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
