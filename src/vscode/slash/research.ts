// Deep Research from the panel: the research agent runs in the background with a cancellable notification,
// with plan review on its plan waits for "Start research" or a revision, and a run that was going when the
// window closed is followed again after the reload.
import * as vscode from 'vscode';
import type { Logger, ModelTurn } from '../../core/conversation/types';
import type { ApiAccess } from '../gemini/geminiAccess';
import type { StoredConversations } from '../history/storedConversations';
import type { ChatPanel } from '../panel/chatPanel';
import type { CommandHandlers } from '../panel/router';
import { readAgentSettings } from '../settings/settings';
import type { BackgroundRuns } from './backgroundRuns';

/** What "Start research" on a reviewed plan sends, and what the user's turn shows. */
const RESEARCH_TEXT = {
  get startPrompt() { return vscode.l10n.t('The plan is fine. Start the research now, following this plan.'); },
  get startShown() { return vscode.l10n.t('Start research'); },
};

export class Research {
  constructor(
    private readonly panel: ChatPanel,
    private readonly runs: BackgroundRuns,
    private readonly stored: Pick<StoredConversations, 'open'>,
    private readonly access: Pick<ApiAccess, 'configurationProblem'>,
    private readonly log: Logger,
  ) {}

  /** `/research` and "Gemini: Start Deep Research…": the agent in the background, with a cancellable notification. */
  async start(question: string, shown = `/research ${question}`, planning = readAgentSettings().reviewResearchPlan): Promise<ModelTurn | undefined> {
    const { researchAgent } = readAgentSettings();
    const turn = await this.panel.sendParts([{ kind: 'text', text: question }], {
      text: shown, overrides: { agent: { id: researchAgent, thinkingSummaries: true, ...(planning ? { collaborativePlanning: true } : {}) } },
      started: (conversation, turnId) => this.runs.showProgress(conversation, turnId, vscode.l10n.t('Deep Research: {0}', shown.replace(/^\/research\s+/, '').slice(0, 60))),
    });
    // With plan review on, the agent answered with a plan: it waits for Start Research or a revision.
    if (turn && planning && turn.state === 'done') {
      turn.researchPlan = true;
      this.panel.post({ type: 'researchPlan', turnId: turn.id });
      await this.panel.saveCurrent().catch(() => {});
    }
    return turn;
  }

  /** The last turn is a research plan waiting for the user: a reply revises it, Start Research runs it. */
  pendingPlan(): ModelTurn | undefined {
    const last = this.panel.conversation?.data.turns.at(-1);
    return last?.role === 'model' && last.researchPlan ? last : undefined;
  }

  /** A reply to the plan `plan`: the agent answers with a new plan. */
  revisePlan(plan: ModelTurn, text: string): Promise<ModelTurn | undefined> {
    this.planAnswered(plan);
    return this.start(text, text, true);
  }

  /** "Start research" on a plan: the agent runs it (the same chain, no more planning). */
  async startPlanned(): Promise<ModelTurn | undefined> {
    const plan = this.pendingPlan();
    if (!plan) return undefined;
    this.planAnswered(plan);
    return this.start(RESEARCH_TEXT.startPrompt, RESEARCH_TEXT.startShown, false);
  }

  /** After a window reload: follows the background run this workspace had going, until it ends. */
  async resumeBackgroundRuns(): Promise<void> {
    const run = this.runs.list()[0];
    if (!run || (this.panel.conversation?.busy ?? false) || await this.access.configurationProblem()) return;
    const data = await this.stored.open(run.conversationId);
    if (!data) {
      this.runs.tracker().ended(run.conversationId, run.turnId);
      return;
    }
    // The conversation shown now is not stopped: it is not busy, and it may be the one resumed.
    const conversation = this.panel.conversation?.data.id === data.id ? this.panel.conversation : await this.panel.open(data, { stopCurrent: false });
    this.log.info(`resuming background interaction ${run.interactionId}`);
    this.runs.showProgress(conversation, run.turnId, vscode.l10n.t('Deep Research (resumed)'));
    await conversation.resumeBackground(run.turnId, run.interactionId);
  }

  private planAnswered(plan: ModelTurn): void {
    plan.researchPlan = false;
    this.panel.post({ type: 'researchPlan', turnId: plan.id, done: true });
  }
}

export function researchHandlers(research: Research): Pick<CommandHandlers, 'startPlannedResearch'> {
  return { startPlannedResearch: async () => { await research.startPlanned(); } };
}
