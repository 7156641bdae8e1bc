// Commands of the agentic features: Extract Structured Data…, Generate Image…, Start Deep Research…,
// Set MCP Secret…, Reset Tool Approvals, and internal ones that tests and automation use.
import * as vscode from 'vscode';
import { improveSelection } from './edits/improveSelection';
import { checkRetiredModels } from './models/retiredModels';
import type { ChatController } from './panel/chatController';
import { editorInput } from './panel/chatController';
import type { ChatViewProvider } from './panel/chatView';
import type { ApprovalDecision, WebviewToHost } from '../core/panel/protocol';
import { referencedSecrets } from '../core/tools/mcpConfig';
import { MCP_SECRET_PREFIX, type KnownMcpSecrets } from './tools/mcpSecrets';
import { SECTION, readAgentSettings } from './settings/settings';

interface SchemaChoice extends vscode.QuickPickItem {
  schema?: Record<string, unknown>;
  uri?: vscode.Uri;
}

export function registerAgentCommands(controller: ChatController, view: ChatViewProvider, secrets: vscode.SecretStorage, mcpSecrets: KnownMcpSecrets | undefined, testMode: boolean): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    // Arguments (for automation and tests): {schema, label?, input?}.
    reg('geminiInteractions.extractStructuredData', async (args?: { schema?: Record<string, unknown>; schemaPath?: string; label?: string; input?: string }) => {
      let schema = args?.schema;
      let label = args?.label ?? args?.schemaPath ?? 'schema';
      if (!schema && args?.schemaPath) {
        const folder = vscode.workspace.workspaceFolders?.[0];
        if (folder) schema = await readSchema(vscode.Uri.joinPath(folder.uri, args.schemaPath));
      }
      if (!schema) {
        const pick = await pickSchema();
        if (!pick) return undefined;
        schema = pick.schema ?? (pick.uri ? await readSchema(pick.uri) : undefined);
        label = pick.label;
        if (!schema) return undefined;
      }
      const input = args?.input ?? editorInput() ?? await vscode.window.showInputBox({ title: vscode.l10n.t('Extract Structured Data'), prompt: vscode.l10n.t('Text to extract from (or select text in an editor first)'), ignoreFocusOut: true });
      if (!input) return undefined;
      await view.reveal();
      return controller.extractStructured(schema, label, input);
    }),

    reg('geminiInteractions.generateImage', async (prompt?: unknown) => {
      const text = typeof prompt === 'string' ? prompt : await vscode.window.showInputBox({ title: vscode.l10n.t('Generate Image'), prompt: vscode.l10n.t('What should {0} draw?', readAgentSettings().imageModel), ignoreFocusOut: true });
      if (!text?.trim()) return undefined;
      await view.reveal();
      const turn = await controller.generateImage(text.trim());
      return turn?.id;
    }),

    reg('geminiInteractions.startDeepResearch', async (question?: unknown) => {
      const text = typeof question === 'string' ? question : await vscode.window.showInputBox({
        title: vscode.l10n.t('Start Deep Research'), prompt: vscode.l10n.t('Research question (runs in the background for several minutes; you can keep working)'), ignoreFocusOut: true,
      });
      if (!text?.trim()) return undefined;
      await view.reveal();
      // Do not wait for the whole run: it is followed in the panel and a progress notification.
      void controller.startResearch(text.trim());
      return true;
    }),

    reg('geminiInteractions.setMcpSecret', async (name?: unknown, value?: unknown) => {
      const known = referencedSecrets(vscode.workspace.getConfiguration(SECTION).get('mcpServers'));
      let secretName = typeof name === 'string' ? name : undefined;
      if (!secretName) {
        const other = `$(add) ${vscode.l10n.t('Other…')}`;
        const picked = known.length
          ? await vscode.window.showQuickPick([...known, other], { title: vscode.l10n.t('MCP secret to set'), placeHolder: vscode.l10n.t('Referenced in geminiInteractions.mcpServers as {0}', '${secret:NAME}') })
          : other;
        if (!picked) return;
        secretName = picked === other
          ? await vscode.window.showInputBox({ title: vscode.l10n.t('Secret name'), prompt: vscode.l10n.t('Use it in a header value as {0}', '${secret:NAME}'), validateInput: (v) => (/^[A-Za-z0-9_.-]+$/.test(v) ? undefined : vscode.l10n.t('Letters, digits, _ . - only')) })
          : picked;
      }
      if (!secretName) return;
      // Only tests pass the value; a command link must not replace the user's token with its own.
      const secret = testMode && typeof value === 'string' ? value : await vscode.window.showInputBox({ title: vscode.l10n.t('Value of {0}', secretName), password: true, ignoreFocusOut: true, prompt: vscode.l10n.t('Kept in VS Code\'s secret storage, never in settings.') });
      if (secret === undefined) return;
      mcpSecrets?.remember(MCP_SECRET_PREFIX + secretName, secret); // redacted from the log from now on
      await secrets.store(MCP_SECRET_PREFIX + secretName, secret);
      if (!(testMode && typeof value === 'string')) void vscode.window.showInformationMessage(vscode.l10n.t('MCP secret "{0}" saved in secret storage.', secretName));
    }),

    reg('geminiInteractions.resetToolApprovals', async () => {
      await controller.agent.resetAlwaysAllowed();
      void vscode.window.showInformationMessage(vscode.l10n.t('Gemini will ask again before running any workspace tool.'));
    }),

    // Internal, for the extension-host tests only (ExtensionMode.Test): answer the first (or the given)
    // pending tool approval, list them, send, stop, save an image anywhere. Never in a user's VS Code,
    // where a command link could approve a tool call or write a file.
    ...(testMode ? testHooks(controller, view) : []),
  ];
}

function testHooks(controller: ChatController, view: ChatViewProvider): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.internal.answerApproval', (decision: ApprovalDecision, callId?: string) => controller.agent.answer(callId, decision)),
    reg('geminiInteractions.internal.pendingApprovals', () => controller.agent.pendingApprovals()),
    reg('geminiInteractions.internal.lastModelTurn', () => controller.modelTurn()),
    reg('geminiInteractions.internal.saveImage', async (index: number, target: string) => {
      const turn = controller.modelTurn();
      return turn ? (await controller.agent.saveImage(turn, index, vscode.Uri.parse(target)))?.toString() : undefined;
    }),
    reg('geminiInteractions.internal.backgroundRuns', () => controller.agent.backgroundRuns()),
    reg('geminiInteractions.internal.send', (text: string) => controller.send(text)),
    reg('geminiInteractions.internal.apply', (msg: Extract<WebviewToHost, { type: 'applyCode' }>) => controller.apply.apply({ ...msg, type: 'applyCode' })),
    reg('geminiInteractions.internal.improveSelection', (instruction: string) => improveSelection(controller, view, vscode.window.activeTextEditor, instruction)),
    reg('geminiInteractions.internal.exportConversation', (format: 'markdown' | 'json', target: string) => controller.exportConversation(undefined, { format, target: vscode.Uri.parse(target) }).then((u) => u?.toString())),
    // The retired-model notice, answered by the test: what it said, and what was done.
    reg('geminiInteractions.internal.checkRetiredModels', async (accept: boolean) => {
      let said: string | undefined;
      const result = await checkRetiredModels(controller.globalState(), { info() {} }, (m, a) => { said = m; return Promise.resolve(accept ? a : undefined); });
      return { result, said };
    }),
    reg('geminiInteractions.internal.startPlannedResearch', () => controller.startPlannedResearch()),
    reg('geminiInteractions.internal.undoTurnChanges', (turnId: string, confirm: boolean) => controller.undoTurnChanges(turnId, confirm)),
    reg('geminiInteractions.internal.applyStatus', (applyId: string) => controller.apply.statuses.get(applyId)),
    reg('geminiInteractions.internal.stop', () => controller.handle({ type: 'stop' })),
  ];
}

async function pickSchema(): Promise<SchemaChoice | undefined> {
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

async function readSchema(uri: vscode.Uri): Promise<Record<string, unknown> | undefined> {
  try {
    const v = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a JSON schema object.', vscode.workspace.asRelativePath(uri, false)));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read {0}: {1}', vscode.workspace.asRelativePath(uri, false), (e as Error).message));
  }
  return undefined;
}
