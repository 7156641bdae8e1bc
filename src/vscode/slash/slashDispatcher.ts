// What typed text becomes: `/image`, `/json` or `/research` run their feature, a reply to a waiting research
// plan revises it, and anything else is sent as it is. Every text the user or a command sends goes through here.
import * as vscode from 'vscode';
import { parseSlash } from '../../core/slash/parseSlash';
import { editorInput } from '../editor/selection';
import { hostMessages } from '../l10n/coreStrings';
import type { ChatPanel } from '../panel/chatPanel';
import type { CommandHandlers, Msg } from '../panel/router';
import { generateImage } from './imageGeneration';
import type { Research } from './research';
import type { StructuredOutput } from './structuredOutput';

export class SlashDispatcher {
  constructor(
    private readonly panel: ChatPanel,
    private readonly research: Research,
    private readonly structured: StructuredOutput,
  ) {}

  /** Sends typed text in the current conversation (from the webview or a command); resolves false when nothing was sent. */
  async send(text: string, opts: { source?: string } = {}): Promise<boolean> {
    if (!text.trim()) return false;
    const slash = parseSlash(text, hostMessages);
    if (slash?.kind === 'invalid') {
      this.panel.post({ type: 'error', message: slash.message });
      return false;
    }
    if (slash?.kind === 'image') return (await generateImage(this.panel, slash.prompt, text)) !== undefined;
    // A reply to a research plan revises it: the agent answers with a new plan.
    const plan = !slash ? this.research.pendingPlan() : undefined;
    if (plan) return (await this.research.revisePlan(plan, text)) !== undefined;
    if (slash?.kind === 'research') return (await this.research.start(slash.question, text)) !== undefined;
    if (slash?.kind === 'json') {
      const schema = await this.structured.slashSchema(slash.schemaPath);
      if (!schema) return false;
      const input = slash.input || editorInput();
      if (!input) {
        this.panel.post({ type: 'error', message: vscode.l10n.t('/json needs text to extract from: add it after the schema file, or select text (or open a file) in the editor.') });
        return false;
      }
      return (await this.structured.extract(schema, slash.schemaPath, input, text)).turn !== undefined;
    }
    return (await this.panel.sendParts([{ kind: 'text', text }], { text, ...(opts.source ? { source: opts.source } : {}) })) !== undefined;
  }
}

/**
 * The composer's messages: Send (a message with attachments goes to the attachments, which send it once
 * read), and Continue after an answer cut at max output tokens.
 */
export function slashHandlers(dispatcher: SlashDispatcher, sendWithAttachments: (m: Msg<'send'>) => Promise<void>): Pick<CommandHandlers, 'send' | 'continue'> {
  return {
    send: async (m) => {
      if (m.attachments?.length) return sendWithAttachments(m);
      await dispatcher.send(m.text);
    },
    continue: async () => { await dispatcher.send(vscode.l10n.t('Continue exactly where you stopped.')); },
  };
}
