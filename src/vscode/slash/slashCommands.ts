// The slash features as commands: Extract Structured Data…, Generate Image…, Start Deep Research….
// Arguments are for automation and tests; without them the user is asked.
import * as vscode from 'vscode';
import { editorInput } from '../editor/selection';
import type { ChatPanel } from '../panel/chatPanel';
import { readAgentSettings } from '../settings/settings';
import { generateImage } from './imageGeneration';
import type { Research } from './research';
import { commandSchema, pickSchema, type StructuredOutput } from './structuredOutput';

export interface SlashCommandDeps {
  panel: ChatPanel;
  research: Research;
  structured: StructuredOutput;
  reveal(): Promise<void>;
}

export function registerSlashCommands({ panel, research, structured, reveal }: SlashCommandDeps): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    // Arguments (for automation and tests): {schema, label?, input?}.
    reg('geminiInteractions.extractStructuredData', async (args?: { schema?: Record<string, unknown>; schemaPath?: string; label?: string; input?: string }) => {
      let schema = args?.schema;
      let label = args?.label ?? args?.schemaPath ?? 'schema';
      if (!schema && args?.schemaPath) {
        const folder = vscode.workspace.workspaceFolders?.[0];
        if (folder) schema = await commandSchema(vscode.Uri.joinPath(folder.uri, args.schemaPath));
      }
      if (!schema) {
        const pick = await pickSchema();
        if (!pick) return undefined;
        schema = pick.schema ?? (pick.uri ? await commandSchema(pick.uri) : undefined);
        label = pick.label;
        if (!schema) return undefined;
      }
      const input = args?.input ?? editorInput() ?? await vscode.window.showInputBox({ title: vscode.l10n.t('Extract Structured Data'), prompt: vscode.l10n.t('Text to extract from (or select text in an editor first)'), ignoreFocusOut: true });
      if (!input) return undefined;
      await reveal();
      return structured.extract(schema, label, input);
    }),

    reg('geminiInteractions.generateImage', async (prompt?: unknown) => {
      const text = typeof prompt === 'string' ? prompt : await vscode.window.showInputBox({ title: vscode.l10n.t('Generate Image'), prompt: vscode.l10n.t('What should {0} draw?', readAgentSettings().imageModel), ignoreFocusOut: true });
      if (!text?.trim()) return undefined;
      await reveal();
      const turn = await generateImage(panel, text.trim());
      return turn?.id;
    }),

    reg('geminiInteractions.startDeepResearch', async (question?: unknown) => {
      const text = typeof question === 'string' ? question : await vscode.window.showInputBox({
        title: vscode.l10n.t('Start Deep Research'), prompt: vscode.l10n.t('Research question (runs in the background for several minutes; you can keep working)'), ignoreFocusOut: true,
      });
      if (!text?.trim()) return undefined;
      await reveal();
      // Do not wait for the whole run: it is followed in the panel and a progress notification.
      void research.start(text.trim());
      return true;
    }),
  ];
}
