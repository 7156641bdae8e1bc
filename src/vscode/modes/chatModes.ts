// The composer's mode on the host: remembered per workspace (workspaceState), with the default from
// `geminiInteractions.chat.defaultMode`; the panel reads it for every turn's settings and the view state. Also
// "Carry out this plan" on a Plan turn's card: the mode becomes Agent and the checklist, as the user edited it,
// is sent as the next turn's instruction in the same conversation (the same server-side chain).
import * as vscode from 'vscode';
import { DEFAULT_CHAT_MODE, isChatMode, type ChatMode } from '../../core/modes/chatModes';
import { carryOutInstruction, MAX_ITEM_CHARS, MAX_ITEMS, type PlanItem } from '../../core/modes/planChecklist';
import type { Logger } from '../../core/conversation/types';
import type { ChatPanel } from '../panel/chatPanel';
import type { CommandHandlers } from '../panel/router';
import { SECTION } from '../settings/settings';

const MODE_KEY = 'geminiInteractions.chatMode';

export class ChatModes {
  private readonly changed = new vscode.EventEmitter<ChatMode>();
  /** The mode changed (the composer, or Carry out this plan): the panel redraws its state. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly workspaceState: vscode.Memento) {}

  /** This workspace's mode, else the setting's default, else Agent (today's behaviour). */
  current(): ChatMode {
    const chosen = this.workspaceState.get<unknown>(MODE_KEY);
    if (isChatMode(chosen)) return chosen;
    const configured = vscode.workspace.getConfiguration(SECTION).get<unknown>('chat.defaultMode');
    return isChatMode(configured) ? configured : DEFAULT_CHAT_MODE;
  }

  /** Remembers `mode` for this workspace; undefined forgets the choice (the setting's default applies again). */
  async set(mode: ChatMode | undefined): Promise<void> {
    if (mode !== undefined && !isChatMode(mode)) return;
    await this.workspaceState.update(MODE_KEY, mode);
    this.changed.fire(this.current());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The checklist from the webview, checked: text items only, bounded in number and length. */
export function checkedItems(items: unknown): PlanItem[] {
  if (!Array.isArray(items)) return [];
  return items.slice(0, MAX_ITEMS)
    .filter((i): i is { text: string; done?: unknown } => !!i && typeof (i as { text?: unknown }).text === 'string')
    .map((i) => ({ text: i.text.slice(0, MAX_ITEM_CHARS), done: i.done === true }))
    .filter((i) => i.text.trim());
}

/** The mode control and the plan card's Carry out this plan. */
export function modeHandlers(modes: ChatModes, panel: ChatPanel, log: Logger): Pick<CommandHandlers, 'setMode' | 'carryOutPlan'> {
  return {
    setMode: (m) => (isChatMode(m.mode) ? modes.set(m.mode) : undefined),
    carryOutPlan: async (m) => {
      const plan = panel.modelTurn(m.turnId);
      if (!plan || plan.id !== m.turnId || plan.mode !== 'plan') {
        log.warn('carry out: the plan is not a Plan turn of the conversation shown; nothing sent');
        return;
      }
      const items = checkedItems(m.items);
      if (!items.length) {
        panel.post({ type: 'error', message: vscode.l10n.t('The plan has no steps to carry out. Add a step, or write your message.') });
        return;
      }
      // Checked here too (sendParts says the same): a plan that is not sent must not switch the mode either.
      if (panel.conversation?.busy) {
        panel.post({ type: 'error', message: vscode.l10n.t('Gemini is still answering. Stop it first or wait for the answer.') });
        return;
      }
      await modes.set('agent');
      // Shown as the user's message and sent as the instruction: the plan's answer is already in the chain's
      // history, this says which plan (as the user left it) is carried out.
      const text = carryOutInstruction(items, vscode.l10n.t('Carry out this plan, as I edited it. Work through the steps in order:'));
      await panel.sendParts([{ kind: 'text', text }], { text, overrides: { mode: 'agent' } });
    },
  };
}
