// One conversation: starts its turns (send, sendSteps, retry, resumeBackground after a reload), stops them, and
// keeps the wire history that stateless requests and the fallback send. Running one turn (its tool rounds and
// its end) lives in turnRun.ts; retries, stall detection and resume of cut streams in gemini/resilientStream.ts.
import type { ConversationData, InputPart, ModelTurn, TurnSettings, UserAttachment, UserTurn } from './types';
import type { ConversationDeps } from './conversationDeps';
import { newModelTurn } from './transcript';
import { runTurn, type RunState, type TurnContext } from './turnRun';
import { buildCreateBody, unsupportedCombinations, userInputContent, userInputStep } from '../gemini/requests';
import { englishMessages, type Messages } from '../l10n/coreStrings';
import { classifyError } from '../gemini/errors';
import { waitUntil } from '../util/abort';
import { randomId } from '../util/ids';
import { LearnedRefusals } from '../models/learnedRefusals';
import { toolsForMode } from '../modes/modeTools';
import { withModeInstruction } from '../modes/modeInstruction';

export const INCOMPLETE_NOTICE = englishMessages.t('incomplete', 'geminiInteractions.maxOutputTokens');
export const BUDGET_NOTICE = englishMessages.t('budgetExceeded');
export const FALLBACK_NOTICE = englishMessages.t('fallback');

export class Conversation {
  private readonly m: Messages;

  /** The running turn, if any: set and cleared by runTurn. */
  private readonly state: RunState = { controller: undefined, runningBackground: undefined, endedTurn: undefined };

  /** What each turn of this conversation runs with. */
  private readonly turnContext: TurnContext;

  constructor(readonly data: ConversationData, private readonly deps: ConversationDeps) {
    this.m = deps.messages ?? englishMessages;
    this.turnContext = {
      data, deps, messages: this.m, state: this.state,
      // Thinking levels the API refused per model: later requests leave them out (shared when the host gives one).
      refusals: deps.refusals ?? new LearnedRefusals(),
      now: () => this.now(),
    };
  }

  /** The running turn's controller; test/api/agentic.test.ts aborts it to play a closed window. */
  private get controller(): AbortController | undefined {
    return this.state.controller;
  }

  get busy(): boolean {
    return this.controller !== undefined;
  }

  /**
   * Stops the running turn; the partial answer stays, marked as stopped. A background run (Deep Research)
   * is also cancelled on the server, or it would go on (and be billed) after the user said stop.
   */
  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    const bg = this.state.runningBackground;
    // Stopped right after the create, before the stream named the interaction: wait briefly for its id,
    // or the run would go on unseen on the server.
    if (bg && !bg.interactionId) await waitUntil(() => bg.interactionId !== undefined || this.controller !== controller, 5_000);
    if (bg?.interactionId) {
      this.state.runningBackground = undefined;
      try {
        await bg.api.cancel(bg.interactionId);
        bg.emit({ type: 'status', status: 'cancelled' });
        this.deps.log.info(`cancelled background interaction ${bg.interactionId}`);
      } catch (e) {
        const c = classifyError(e);
        this.deps.log.warn(`could not cancel ${bg.interactionId} on the server: ${c.message}`);
      }
    }
    controller.abort();
  }

  /** True while a background (agent) run is streaming in this conversation. */
  get backgroundInteractionId(): string | undefined {
    return this.state.runningBackground?.interactionId;
  }

  async send(parts: InputPart[], options: { text?: string; attachments?: UserAttachment[]; source?: string; overrides?: Partial<TurnSettings> } = {}): Promise<ModelTurn> {
    if (this.busy) throw new Error('A response is still streaming in this conversation.');
    const { base, settings } = this.turnSettings(options.overrides);
    const now = this.now();
    const text = options.text ?? parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text).join('\n');
    const user: UserTurn = {
      role: 'user', id: this.newId(), text, at: now,
      ...(options.attachments?.length ? { attachments: options.attachments } : {}),
      ...(options.source ? { source: options.source } : {}),
      wire: userInputStep(parts),
    };
    const model = newModelTurn(this.newId(), settings.agent?.id ?? settings.model, now);
    if (settings.mode) model.mode = settings.mode;
    const history = this.historyBefore();
    const before = { title: this.data.title, updatedAt: this.data.updatedAt };
    this.data.turns.push(user, model);
    if (!this.data.title) this.data.title = titleFrom(text);
    this.data.updatedAt = now;
    try {
      await this.deps.save(this.data); // what the user wrote is on disk before anything can fail
    } catch (e) {
      // Not saved (a full disk): nothing is sent, and the conversation stays as it is on disk.
      this.data.turns.splice(this.data.turns.length - 2, 2);
      Object.assign(this.data, before);
      throw e;
    }
    this.deps.listener.started(user, model);

    this.startNotice(model, base, settings, base.notices);
    // A stateless conversation (store off) has no chain; a background turn in it still starts from the history.
    const previous = base.store ? this.data.lastInteractionId : undefined;
    await runTurn(this.turnContext, model, settings, (fallback) => buildCreateBody({
      settings,
      input: parts,
      ...(previous && !fallback ? { previousInteractionId: previous } : { history }),
    }), { history, userWire: user.wire });
    return model;
  }

  /**
   * A turn whose input comes from a history kept elsewhere (VS Code's native chat owns its messages):
   * `steps` are the new input steps, chained to `previousInteractionId` when given; `history` is the
   * whole conversation as steps (new input included), sent without a chain or when the server has
   * forgotten the chained id. Same streaming, retries, resume and fallback as `send`.
   */
  async sendSteps(req: { steps: Record<string, unknown>[]; history: Record<string, unknown>[]; previousInteractionId?: string; text: string; overrides?: Partial<TurnSettings> }): Promise<ModelTurn> {
    if (this.busy) throw new Error('A response is still streaming in this conversation.');
    const { base, settings } = this.turnSettings(req.overrides);
    const now = this.now();
    const user: UserTurn = { role: 'user', id: this.newId(), text: req.text, at: now };
    const model = newModelTurn(this.newId(), settings.agent?.id ?? settings.model, now);
    if (settings.mode) model.mode = settings.mode;
    this.data.turns.push(user, model);
    this.data.updatedAt = now;
    this.deps.listener.started(user, model);
    this.startNotice(model, base, settings);
    const previous = base.store || settings.background ? req.previousInteractionId : undefined;
    await runTurn(this.turnContext, model, settings, (fallback) => previous && !fallback
      ? buildCreateBody({ settings, input: req.steps, previousInteractionId: previous })
      : buildCreateBody({ settings, input: [], history: req.history }), { history: [], userWire: undefined });
    return model;
  }

  /**
   * Picks up a background run after a window reload: the turn is rebuilt from the server's complete event
   * list (GET ?stream=true replays everything) and followed until a terminal status.
   */
  async resumeBackground(turnId: string, interactionId: string): Promise<ModelTurn | undefined> {
    if (this.busy) return undefined;
    const turn = this.data.turns.find((t): t is ModelTurn => t.role === 'model' && t.id === turnId);
    if (!turn) return undefined;
    turn.parts = [];
    turn.interactionIds = [];
    turn.state = 'streaming';
    turn.error = undefined;
    turn.finishedAt = undefined;
    const settings: TurnSettings = { ...this.deps.settings(), store: true, background: true };
    await runTurn(this.turnContext, turn, settings, () => ({}), { history: [], userWire: undefined }, { resumeId: interactionId });
    return turn;
  }

  /**
   * Sends the last user message again after its answer failed or was stopped. The failed attempt is
   * replaced by the new one (the user turn stays), so the transcript never shows two answers to one message.
   */
  async retry(): Promise<ModelTurn | undefined> {
    if (this.busy) throw new Error('A response is still streaming in this conversation.');
    const turns = this.data.turns;
    const failed = turns[turns.length - 1];
    const user = turns[turns.length - 2];
    if (!failed || failed.role !== 'model' || (failed.state !== 'error' && failed.state !== 'stopped')) return undefined;
    if (!user || user.role !== 'user' || !user.wire) return undefined;
    // The new attempt runs in the failed one's mode (the same tools), whatever the composer shows now.
    const { settings } = this.turnSettings(failed.mode ? { mode: failed.mode } : undefined);
    const now = this.now();
    const model = newModelTurn(this.newId(), settings.model, now);
    if (settings.mode) model.mode = settings.mode;
    turns[turns.length - 1] = model;
    const history = this.historyBefore();
    const updatedAt = this.data.updatedAt;
    this.data.updatedAt = now;
    try {
      await this.deps.save(this.data);
    } catch (e) {
      turns[turns.length - 1] = failed; // not saved: the failed answer stays, so Retry is offered again
      this.data.updatedAt = updatedAt;
      throw e;
    }
    if (this.deps.listener.retried) this.deps.listener.retried(failed.id, user, model);
    else this.deps.listener.started(user, model);
    const step = user.wire as Record<string, unknown>; // opaque here: only src/core/gemini reads a step
    const previous = settings.store ? this.data.lastInteractionId : undefined;
    await runTurn(this.turnContext, model, settings, (fallback) => previous && !fallback
      ? buildCreateBody({ settings, input: userInputContent(step), previousInteractionId: previous })
      : history.length ? buildCreateBody({ settings, input: [step], history }) : buildCreateBody({ settings, input: userInputContent(step) }),
    { history, userWire: user.wire });
    return model;
  }

  /** The settings of a new turn: the configured ones (`base`) with the overrides, tools merged key by key. */
  private turnSettings(overrides: Partial<TurnSettings> | undefined): { base: TurnSettings; settings: TurnSettings } {
    const base = this.deps.settings();
    const settings: TurnSettings = { ...base, ...overrides, tools: { ...base.tools, ...overrides?.tools } };
    // Background runs need storage; agents always run in the background.
    if (settings.agent) settings.background = true;
    if (settings.background) settings.store = true;
    // An agent run (Deep Research) has its own tools: a composer mode does not apply to it.
    if (settings.agent) delete settings.mode;
    // The mode decides which of the extension's tools are declared, and Plan asks for a checklist.
    if (settings.mode) {
      if (settings.tools.functions) settings.tools = { ...settings.tools, functions: toolsForMode(settings.mode, settings.tools.functions) };
      const instruction = withModeInstruction(settings.mode, settings.systemInstruction);
      if (instruction !== undefined) settings.systemInstruction = instruction;
    }
    return { base, settings };
  }

  /**
   * The notice a turn starts with: `notices` from the settings, then the tool and option combinations the API
   * documents as unsupported (judged with the configured storage, not the one a background run forces).
   */
  private startNotice(model: ModelTurn, base: TurnSettings, settings: TurnSettings, notices: readonly string[] = []): void {
    // What learned refusals leave out is said by runTurn, which sees the request as sent.
    const problems = [...notices, ...unsupportedCombinations({ ...settings, store: base.store })];
    if (problems.length) {
      model.notice = problems.join(' ');
      this.deps.listener.notice(model.id, model.notice);
    }
  }

  /** Wire history of the finished turns, for stateless requests and the fallback. */
  private historyBefore(): unknown[] {
    const out: unknown[] = [];
    const turns = this.data.turns;
    for (let i = 0; i < turns.length; i++) {
      const t = turns[i];
      if (t.role !== 'user') continue;
      const answer = turns[i + 1];
      // Only exchanges that completed: a stopped or failed answer was never part of the model's context.
      if (!answer || answer.role !== 'model' || answer.state !== 'done' || !answer.wire || !t.wire) continue;
      out.push(t.wire, ...answer.wire);
    }
    return out;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  private newId(): string {
    return this.deps.newId?.() ?? randomId();
  }
}

export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0].replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New chat';
}
