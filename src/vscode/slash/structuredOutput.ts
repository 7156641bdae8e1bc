// Structured output (`/json` and Extract Structured Data…): the one schema-file reader, the schema picker, and
// the extraction itself: the JSON schema as response_format, the reply validated (Ajv) and opened as JSON.
import * as vscode from 'vscode';
import { answerText } from '../../core/conversation/transcript';
import type { ModelTurn } from '../../core/conversation/types';
import type { ChatPanel } from '../panel/chatPanel';
import { readAgentSettings } from '../settings/settings';

type Schema = Record<string, unknown>;

interface SchemaChoice extends vscode.QuickPickItem {
  schema?: Schema;
  uri?: vscode.Uri;
}

/** Why a schema file gave no schema. */
export type SchemaFileProblem = { kind: 'notObject' } | { kind: 'unreadable'; message: string };

/** Reads a JSON schema file: it must parse as JSON, and hold an object. */
export async function readSchemaFile(uri: vscode.Uri): Promise<{ schema: Schema } | { problem: SchemaFileProblem }> {
  try {
    const value = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
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

/** A schema file picked or named in Extract Structured Data…: what is wrong is shown as an error notification. */
export async function commandSchema(uri: vscode.Uri): Promise<Schema | undefined> {
  const read = await readSchemaFile(uri);
  if ('schema' in read) return read.schema;
  const shownAs = vscode.workspace.asRelativePath(uri, false);
  void vscode.window.showErrorMessage(read.problem.kind === 'notObject'
    ? vscode.l10n.t('{0} is not a JSON schema object.', shownAs)
    : vscode.l10n.t('Cannot read {0}: {1}', shownAs, read.problem.message));
  return undefined;
}

/** Extract Structured Data…'s picker: the saved schemas, then the workspace's JSON files (likely schemas first). */
export async function pickSchema(): Promise<SchemaChoice | undefined> {
  const saved: SchemaChoice[] = readAgentSettings().savedSchemas.map((s) => ({ label: s.name, description: vscode.l10n.t('saved schema'), schema: s.schema }));
  const files = await vscode.workspace.findFiles('**/*.json', '**/node_modules/**', 300);
  // Likely schemas first: *.schema.json, then anything declaring $schema or properties is checked on pick.
  const fileItems: SchemaChoice[] = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri }))
    .sort((a, b) => Number(b.label.endsWith('.schema.json')) - Number(a.label.endsWith('.schema.json')) || a.label.localeCompare(b.label));
  const items: (SchemaChoice | vscode.QuickPickItem)[] = [
    ...(saved.length ? [{ label: vscode.l10n.t('Saved schemas'), kind: vscode.QuickPickItemKind.Separator }, ...saved] : []),
    { label: vscode.l10n.t('Workspace files'), kind: vscode.QuickPickItemKind.Separator },
    ...fileItems,
  ];
  return vscode.window.showQuickPick(items as SchemaChoice[], { title: vscode.l10n.t('Extract Structured Data: pick a JSON schema'), matchOnDescription: true });
}
