// The slash features as commands: Extract Structured Data…, Generate Image…, Start Deep Research….
// Their arguments only pre-fill the questions (a command link cannot start a paid run or send a file):
// the user confirms the schema, the text, the prompt. Under a test runner, `skipQuestion: true` in the
// options takes the arguments as the answers (src/core/util/commandArguments.ts).
import * as vscode from 'vscode';
import { argumentUse, skipRequested } from '../../core/util/commandArguments';
import { editorInput } from '../editor/selection';
import type { ChatPanel } from '../panel/chatPanel';
import { readAgentSettings } from '../settings/settings';
import { generateImage } from './imageGeneration';
import type { Research } from './research';
import { commandSchema, pickSchema, workspaceSchemaFile, type StructuredOutput } from './structuredOutput';

export interface SlashCommandDeps {
  panel: ChatPanel;
  research: Research;
  structured: StructuredOutput;
  reveal(): Promise<void>;
  /** Only under a test runner may an argument answer a question (with `skipQuestion: true`). */
  testMode: boolean;
}

/** Extract Structured Data…'s optional argument. */
interface ExtractArgs {
  /** A schema object (tests, with skipQuestion only). */
  schema?: Record<string, unknown>;
  /** A workspace file: highlighted in the picker (refused when it is outside the workspace). */
  schemaPath?: string;
  label?: string;
  /** The text to extract from: the input box starts with it. */
  input?: string;
  skipQuestion?: boolean;
}

export function registerSlashCommands({ panel, research, structured, reveal, testMode }: SlashCommandDeps): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.extractStructuredData', async (value?: unknown) => {
      const args: ExtractArgs = typeof value === 'object' && value !== null ? value : {};
      const skip = testMode && skipRequested(args);
      // A schema file named by the argument is a file of this workspace (its real path too), or nothing is sent.
      let named: vscode.Uri | undefined;
      if (typeof args.schemaPath === 'string') {
        const file = await workspaceSchemaFile(args.schemaPath);
        if ('problem' in file) {
          void vscode.window.showErrorMessage(file.problem);
          return { ok: false, errors: [file.problem] };
        }
        named = file.uri;
      }
      let schema: Record<string, unknown>;
      let label: string;
      if (skip && (args.schema || named)) {
        const read = args.schema ? { schema: args.schema } : await commandSchema(named!);
        if ('problem' in read) return { ok: false, errors: [read.problem] };
        schema = read.schema;
        label = args.label ?? args.schemaPath ?? 'schema';
      } else {
        const pick = await pickSchema(named);
        if (!pick) return undefined;
        const read = pick.schema ? { schema: pick.schema } : pick.uri ? await commandSchema(pick.uri) : undefined;
        if (!read || 'problem' in read) return read ? { ok: false, errors: [read.problem] } : undefined;
        schema = read.schema;
        label = pick.label;
      }
      const given = argumentUse(typeof args.input === 'string' ? args.input : undefined, testMode, args);
      const box = (prefill?: string) => vscode.window.showInputBox({ title: vscode.l10n.t('Extract Structured Data'), prompt: vscode.l10n.t('Text to extract from (or select text in an editor first)'), value: prefill, ignoreFocusOut: true });
      const input = !given.ask ? given.answer : given.prefill !== undefined ? await box(given.prefill) : editorInput() ?? await box();
      if (!input) return undefined;
      await reveal();
      return structured.extract(schema, label, input);
    }),

    reg('geminiInteractions.generateImage', async (prompt?: unknown, options?: unknown) => {
      const given = argumentUse(typeof prompt === 'string' ? prompt : undefined, testMode, options);
      const text = !given.ask ? given.answer : await vscode.window.showInputBox({
        title: vscode.l10n.t('Generate Image'), prompt: vscode.l10n.t('What should {0} draw?', readAgentSettings().imageModel), value: given.prefill, ignoreFocusOut: true,
      });
      if (!text?.trim()) return undefined;
      await reveal();
      const turn = await generateImage(panel, text.trim());
      return turn?.id;
    }),

    reg('geminiInteractions.startDeepResearch', async (question?: unknown, options?: unknown) => {
      const given = argumentUse(typeof question === 'string' ? question : undefined, testMode, options);
      const text = !given.ask ? given.answer : await vscode.window.showInputBox({
        title: vscode.l10n.t('Start Deep Research'), prompt: vscode.l10n.t('Research question (runs in the background for several minutes; you can keep working)'), value: given.prefill, ignoreFocusOut: true,
      });
      if (!text?.trim()) return undefined;
      await reveal();
      // Do not wait for the whole run: it is followed in the panel and a progress notification.
      void research.start(text.trim());
      return true;
    }),
  ];
}
