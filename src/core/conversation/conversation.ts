// One conversation: sends a turn, streams it into the transcript, and survives what the network and the
// service do to it — retries with visible waits, resume of cut streams by last_event_id, stall detection,
// and a fallback to the local transcript when the server no longer knows the chain.
import type { ConversationData, FunctionCall, FunctionOutcome, InputPart, Logger, ModelTurn, TurnEvent, TurnSettings, UserAttachment, UserTurn } from './types';
import { applyTurnEvent, finishTurn, newModelTurn } from './transcript';
import type { InteractionsApi } from '../gemini/client';
import { StreamTranslator } from '../gemini/streamTranslator';
import { buildCreateBody, functionResultSteps, pendingFunctionCalls, unsupportedCombinations, userInputStep, withToolChoiceNone } from '../gemini/requests';
import { shapedBody, streamRound, type Opener } from '../gemini/resilientStream';
import { translateUsage } from '../gemini/streamTranslator';
import { englishMessages, type Messages } from '../l10n/coreStrings';
import { classifyError, isKeyError, type ClassifiedError } from '../gemini/errors';
import { abortableSleep, waitUntil } from '../util/abort';
import { randomId } from '../util/ids';

export { deleteInteractions } from '../gemini/deleteInteractions';
export { randomId } from '../util/ids';

export interface TurnListener {
  started(user: UserTurn, model: ModelTurn): void;
  event(turnId: string, ev: TurnEvent): void;
  /** A transient line under the turn ("Rate limited — retrying in 5 s"); undefined clears it. */
  notice(turnId: string, text: string | undefined): void;
  finished(turn: ModelTurn): void;
  /** A failed or stopped answer is replaced by a new attempt (retry); absent: `started` is called instead. */
  retried?(failedTurnId: string, user: UserTurn, model: ModelTurn): void;
  /** A background turn is being re-read from the server (after a reload): its parts were cleared. */
  resumed?(turn: ModelTurn): void;
}

/** Runs the client-side function calls of a `requires_action` round, approval included. */
export interface ToolRunner {
  run(turnId: string, calls: FunctionCall[], signal: AbortSignal): Promise<FunctionOutcome[]>;
}

/** Persists running background interactions so a reloaded window can pick them up again. */
export interface BackgroundTracker {
  started(conversationId: string, turnId: string, interactionId: string): void;
  ended(conversationId: string, turnId: string): void;
}

export interface ConversationDeps {
  api(): Promise<InteractionsApi>;
  settings(): TurnSettings;
  save(data: ConversationData): Promise<void>;
  log: Logger;
  listener: TurnListener;
  /** No event for this long = a stalled connection, which is dropped and resumed. */
  stallMs?: number;
  maxRateLimitRetries?: number;
  maxServerRetries?: number;
  maxResumes?: number;
  /** Base of the exponential backoff for server errors and resumes. */
  backoffMs?: number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  newId?(): string;
  tools?: ToolRunner;
  /** Tool rounds per user message before the loop is stopped (default 8); a function reads it per turn. */
  maxToolRounds?: number | (() => number);
  background?: BackgroundTracker;
  now?(): number;
  /** Removes the secrets the extension knows (API key, MCP secrets) from error text that is stored and shown. */
  redact?(text: string): string;
  /** The user-facing text of errors and notices (the display language); English by default. */
  messages?: Messages;
}

export const toolLimitNotice = (rounds: number, m: Messages = englishMessages) => m.t('toolLimit', rounds, 'geminiInteractions.tools.maxRounds');
export const TOOL_LIMIT_RESULT = 'Not run: the limit of tool rounds for this message was reached. Answer with the information you already have.';

export const INCOMPLETE_NOTICE = englishMessages.t('incomplete', 'geminiInteractions.maxOutputTokens');
export const BUDGET_NOTICE = englishMessages.t('budgetExceeded');
export const FALLBACK_NOTICE = englishMessages.t('fallback');

export class Conversation {
  private controller: AbortController | undefined;

  private readonly m: Messages;

  constructor(readonly data: ConversationData, private readonly deps: ConversationDeps) {
    this.m = deps.messages ?? englishMessages;
  }

  /** A turn that finished inside run(), announced to the listener once run() has released the conversation. */
  private endedTurn: ModelTurn | undefined;

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
    const bg = this.runningBackground;
    // Stopped right after the create, before the stream named the interaction: wait briefly for its id,
    // or the run would go on unseen on the server.
    if (bg && !bg.interactionId) await waitUntil(() => bg.interactionId !== undefined || this.controller !== controller, 5_000);
    if (bg?.interactionId) {
      this.runningBackground = undefined;
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
    return this.runningBackground?.interactionId;
  }

  async send(parts: InputPart[], options: { text?: string; attachments?: UserAttachment[]; source?: string; overrides?: Partial<TurnSettings> } = {}): Promise<ModelTurn> {
    if (this.busy) throw new Error('A response is still streaming in this conversation.');
    const base = this.deps.settings();
    const settings: TurnSettings = { ...base, ...options.overrides, tools: { ...base.tools, ...options.overrides?.tools } };
    // Background runs need storage; agents always run in the background.
    if (settings.agent) settings.background = true;
    if (settings.background) settings.store = true;
    const now = this.now();
    const text = options.text ?? parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text).join('\n');
    const user: UserTurn = {
      role: 'user', id: this.newId(), text, at: now,
      ...(options.attachments?.length ? { attachments: options.attachments } : {}),
      ...(options.source ? { source: options.source } : {}),
      wire: userInputStep(parts),
    };
    const model = newModelTurn(this.newId(), settings.agent?.id ?? settings.model, now);
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

    const problems = [...(base.notices ?? []), ...unsupportedCombinations({ ...settings, store: base.store })];
    if (problems.length) {
      model.notice = problems.join(' ');
      this.deps.listener.notice(model.id, model.notice);
    }
    // A stateless conversation (store off) has no chain; a background turn in it still starts from the history.
    const previous = base.store ? this.data.lastInteractionId : undefined;
    await this.run(model, settings, (fallback) => buildCreateBody({
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
    const base = this.deps.settings();
    const settings: TurnSettings = { ...base, ...req.overrides, tools: { ...base.tools, ...req.overrides?.tools } };
    if (settings.agent) settings.background = true;
    if (settings.background) settings.store = true;
    const now = this.now();
    const user: UserTurn = { role: 'user', id: this.newId(), text: req.text, at: now };
    const model = newModelTurn(this.newId(), settings.agent?.id ?? settings.model, now);
    this.data.turns.push(user, model);
    this.data.updatedAt = now;
    this.deps.listener.started(user, model);
    const problems = unsupportedCombinations({ ...settings, store: base.store });
    if (problems.length) {
      model.notice = problems.join(' ');
      this.deps.listener.notice(model.id, model.notice);
    }
    const previous = base.store || settings.background ? req.previousInteractionId : undefined;
    await this.run(model, settings, (fallback) => previous && !fallback
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
    await this.run(turn, settings, () => ({}), { history: [], userWire: undefined }, { resumeId: interactionId });
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
    const settings = this.deps.settings();
    const now = this.now();
    const model = newModelTurn(this.newId(), settings.model, now);
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
    const step = user.wire as { content?: Record<string, unknown>[] };
    const previous = settings.store ? this.data.lastInteractionId : undefined;
    await this.run(model, settings, (fallback) => previous && !fallback
      ? buildCreateBody({ settings, input: step.content ?? [], previousInteractionId: previous })
      : history.length ? buildCreateBody({ settings, input: [step], history }) : buildCreateBody({ settings, input: step.content ?? [] }),
    { history, userWire: user.wire });
    return model;
  }

  // ---- one turn -------------------------------------------------------------------------------------

  private runningBackground: { api: InteractionsApi; interactionId?: string; emit: (ev: TurnEvent) => void } | undefined;

  /** Models that answered 400 "not a supported thinking level": later requests leave the level out. */
  private readonly thinkingLevelRejected = new Set<string>();

  /** The request as sent: without a thinking level the model has already rejected in this conversation. */
  private shaped(settings: TurnSettings, body: Record<string, unknown>): Record<string, unknown> {
    return shapedBody(this.thinkingLevelRejected, settings, body);
  }

  private async run(
    turn: ModelTurn,
    settings: TurnSettings,
    makeBody: (fallback: boolean) => Record<string, unknown>,
    ctx: { history: unknown[]; userWire: unknown },
    opts: { resumeId?: string } = {},
  ): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    // Told once the conversation is busy, so a refreshed view offers Stop for the resumed run.
    if (opts.resumeId) this.deps.listener.resumed?.(turn);
    const translator = new StreamTranslator({ warn: (m) => this.deps.log.warn(`[stream] ${m}`) });
    const background = !!settings.background;
    const emit = (raw: TurnEvent) => {
      // A server's error text can echo a request header: it is stored in the conversation, so no secret in it.
      const ev: TurnEvent = raw.type === 'error' && this.deps.redact ? { ...raw, message: this.deps.redact(raw.message) } : raw;
      applyTurnEvent(turn, ev);
      this.deps.listener.event(turn.id, ev);
      if (background && ev.type === 'interaction' && this.runningBackground) {
        this.runningBackground.interactionId = ev.id;
        this.deps.background?.started(this.data.id, turn.id, ev.id);
      }
    };
    try {
      let api: InteractionsApi;
      try {
        api = await this.deps.api();
      } catch (e) {
        // No client (no key, an endpoint the user declined, the SDK failing to load): the turn fails visibly.
        return this.fail(turn, classifyError(e, this.m), translator);
      }
      if (background) this.runningBackground = { api, emit, ...(opts.resumeId ? { interactionId: opts.resumeId } : {}) };
      let open: Opener = opts.resumeId
        ? { canFallback: false, open: (_f, s) => api.resumeStream(opts.resumeId!, undefined, s) }
        : { canFallback: true, open: (f, s) => api.createStream(this.shaped(settings, makeBody(f)), s), body: (f) => this.shaped(settings, makeBody(f)) };
      const maxRounds = (typeof this.deps.maxToolRounds === 'function' ? this.deps.maxToolRounds() : this.deps.maxToolRounds) ?? 8;
      for (let round = 0; ; round++) {
        const end = await streamRound({
          api, opener: open, translator, emit, signal, settings, log: this.deps.log, messages: this.m, limits: this.deps,
          notice: {
            show: (text) => this.deps.listener.notice(turn.id, text),
            set: (text) => { turn.notice = text; this.deps.listener.notice(turn.id, turn.notice); },
            restore: () => this.deps.listener.notice(turn.id, turn.notice),
          },
          thinkingLevelRejected: this.thinkingLevelRejected,
          sleep: (ms, s) => this.sleep(ms, s),
        });
        if (end === 'stopped') { await this.finish(turn, 'stopped', translator, settings); return; }
        if (end !== 'continue') { await this.fail(turn, end.failed, translator); return; }
        if (translator.finalStatus !== 'requires_action' || !this.deps.tools) break;
        const calls = pendingFunctionCalls(translator.lastHopSteps());
        if (!calls.length) break;
        // 3. A tool round: ask, run, answer with function_result steps, and let the model go on.
        const limited = round >= maxRounds;
        const outcomes: FunctionOutcome[] = limited
          ? calls.map(() => ({ result: TOOL_LIMIT_RESULT, isError: true }))
          : await this.deps.tools.run(turn.id, calls, signal);
        if (signal.aborted) return this.finish(turn, 'stopped', translator, settings);
        const steps = functionResultSteps(calls.map((c, i) => ({ callId: c.id, name: c.name, ...(outcomes[i] ?? { result: 'No result.', isError: true }) })));
        for (const ev of translator.appendLocalSteps(steps)) emit(ev);
        if (limited) {
          turn.notice = toolLimitNotice(maxRounds, this.m);
          this.deps.listener.notice(turn.id, turn.notice);
        }
        const previous = translator.interactionId;
        translator.expectNewInteraction();
        const body = () => {
          const b = settings.store && previous
            ? buildCreateBody({ settings, input: steps, previousInteractionId: previous })
            : buildCreateBody({ settings, input: [], history: [...ctx.history, ...(ctx.userWire ? [ctx.userWire] : []), ...translator.steps()] });
          return this.shaped(settings, limited ? withToolChoiceNone(b) : b);
        };
        open = { canFallback: false, open: (_f, s) => api.createStream(body(), s), body };
      }
      this.deps.listener.notice(turn.id, turn.notice);
      if (translator.fatalError) return this.fail(turn, { kind: 'server', message: translator.fatalError.message }, translator);
      return this.finish(turn, 'done', translator, settings);
    } finally {
      if (this.controller === controller) this.controller = undefined;
      if (background) {
        this.runningBackground = undefined;
        // A stopped or finished run is no longer something to pick up after a reload; a run cut by the window
        // closing never gets here (the process is gone), so its id stays stored.
        this.deps.background?.ended(this.data.id, turn.id);
      }
      // Listeners hear of the end only now, when the conversation is no longer busy: a view state built
      // in `finished` must offer Send, not Stop.
      const ended = this.endedTurn;
      this.endedTurn = undefined;
      if (ended) this.deps.listener.finished(ended);
    }
  }

  private async finish(turn: ModelTurn, state: 'done' | 'stopped' | 'error', translator?: StreamTranslator, settings?: TurnSettings): Promise<void> {
    // A run cancelled on the server (Stop on a background run) reads as stopped, not as an answer.
    if (state === 'done' && turn.status === 'cancelled') state = 'stopped';
    if (state === 'done' && (turn.status === 'incomplete' || turn.status === 'budget_exceeded')) {
      turn.notice = [turn.notice, turn.status === 'incomplete' ? this.m.t('incomplete', 'geminiInteractions.maxOutputTokens') : this.m.t('budgetExceeded')].filter(Boolean).join(' ');
      this.deps.listener.notice(turn.id, turn.notice);
    }
    if (translator) {
      turn.wire = translator.steps();
      // Chain the next turn from the last interaction of this one, if the server keeps it.
      if (state === 'done' && settings?.store && translator.interactionId) this.data.lastInteractionId = translator.interactionId;
      if (state === 'done' && !settings?.store) this.data.lastInteractionId = undefined;
      if (state === 'done' && settings?.store && !turn.usage && translator.interactionId) await this.fetchUsage(turn, translator.interactionId);
    }
    finishTurn(turn, state, this.now());
    this.data.updatedAt = this.now();
    try {
      await this.deps.save(this.data);
    } catch (e) {
      this.deps.log.error(`could not save the conversation: ${(e as Error).message}`);
    }
    if (this.controller) this.endedTurn = turn; // told when run() lets go (see its finally)
    else this.deps.listener.finished(turn);
  }

  /** `interaction.completed` came without usage: the stored interaction has it (one GET, best effort). */
  private async fetchUsage(turn: ModelTurn, id: string): Promise<void> {
    try {
      const api = await this.deps.api();
      const usage = translateUsage((await api.get(id)).usage);
      if (!usage) return;
      const ev: TurnEvent = { type: 'usage', usage };
      applyTurnEvent(turn, ev);
      this.deps.listener.event(turn.id, ev);
    } catch (e) {
      this.deps.log.warn(`could not fetch the usage of ${id}: ${(e as Error).message}`);
    }
  }

  private async fail(turn: ModelTurn, c: ClassifiedError, translator?: StreamTranslator): Promise<void> {
    this.deps.log.error(`turn failed: ${c.message}${c.serverMessage && !c.message.includes(c.serverMessage) ? ` (${c.serverMessage})` : ''}`);
    turn.error = {
      message: this.deps.redact ? this.deps.redact(c.message) : c.message,
      ...(c.kind === 'keyInvalid' || c.kind === 'keyBlocked' ? { manageKeys: true } : {}),
      ...(isKeyError(c) ? { action: 'setApiKey' as const } : c.kind === 'quota' || c.kind === 'badRequest' || c.kind === 'permission' || c.kind === 'modelNotFound' ? {} : { action: 'retry' as const }),
      ...(c.status ? { code: String(c.status) } : {}),
    };
    // Clears transient notices ("retrying…") but keeps the turn's own (e.g. an unsupported tool combination).
    this.deps.listener.notice(turn.id, turn.notice);
    await this.finish(turn, 'error', translator);
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

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.deps.sleep) return this.deps.sleep(ms, signal);
    return abortableSleep(ms, signal);
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
