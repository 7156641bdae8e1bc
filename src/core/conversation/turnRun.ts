// One turn of a conversation, from its first request to its end: the rounds (each opened, read and resumed by
// gemini/resilientStream.ts), the client-side tool rounds between them, and the end of the turn (finished,
// stopped or failed; saved; announced once the conversation is free again). Starting a turn (send, retry,
// resume after a reload) stays in conversation.ts.
import type { ConversationData, FunctionCall, FunctionOutcome, ModelTurn, TurnEvent, TurnSettings } from './types';
import type { ConversationDeps } from './conversationDeps';
import { applyTurnEvent, finishTurn } from './transcript';
import type { InteractionsApi } from '../gemini/client';
import { classifyError, isCloudCredentialsError, isKeyError, type ClassifiedError } from '../gemini/errors';
import { buildCreateBody, functionResultSteps, pendingFunctionCalls, withToolChoiceNone } from '../gemini/requests';
import { leftOutNotes, shapedBody, streamRound, type Opener } from '../gemini/resilientStream';
import { StreamTranslator } from '../gemini/stream/streamTranslator';
import { translateUsage } from '../gemini/stream/usage';
import { englishMessages, type Messages } from '../l10n/coreStrings';
import { abortableSleep } from '../util/abort';
import type { LearnedRefusals } from '../models/learnedRefusals';
import { splitUndeclared, undeclaredToolResult } from '../modes/undeclaredCalls';

export const toolLimitNotice = (rounds: number, m: Messages = englishMessages) => m.t('toolLimit', rounds, 'geminiInteractions.tools.maxRounds');
export const TOOL_LIMIT_RESULT = 'Not run: the limit of tool rounds for this message was reached. Answer with the information you already have.';

/** A background run in progress: Stop cancels it on the server once the stream has named its interaction. */
export interface RunningBackground {
  api: InteractionsApi;
  interactionId?: string;
  emit: (ev: TurnEvent) => void;
}

/** The conversation's running turn: `busy` and `stop()` read it, runTurn sets and clears it. */
export interface RunState {
  controller: AbortController | undefined;
  runningBackground: RunningBackground | undefined;
  /** A turn that finished inside runTurn, announced to the listener once runTurn has released the conversation. */
  endedTurn: ModelTurn | undefined;
}

/** What a turn runs with: its conversation's data, deps and run state. */
export interface TurnContext {
  readonly data: ConversationData;
  readonly deps: ConversationDeps;
  readonly messages: Messages;
  readonly state: RunState;
  /** Thinking levels the API refused per model (gemini/resilientStream.ts learns them and retries without). */
  readonly refusals: LearnedRefusals;
  now(): number;
}

/** Runs one turn to its end; the conversation is busy (`state.controller` set) until it returns. */
export async function runTurn(
  conv: TurnContext,
  turn: ModelTurn,
  settings: TurnSettings,
  makeBody: (fallback: boolean) => Record<string, unknown>,
  ctx: { history: unknown[]; userWire: unknown },
  opts: { resumeId?: string } = {},
): Promise<void> {
  const controller = new AbortController();
  conv.state.controller = controller;
  const { signal } = controller;
  // Told once the conversation is busy, so a refreshed view offers Stop for the resumed run.
  if (opts.resumeId) conv.deps.listener.resumed?.(turn);
  const translator = new StreamTranslator({ warn: (m) => conv.deps.log.warn(`[stream] ${m}`) });
  const background = !!settings.background;
  const shaped = (body: Record<string, unknown>) => shapedBody(conv.refusals, settings, body);
  const emit = (raw: TurnEvent) => {
    // A server's error text can echo a request header: it is stored in the conversation, so no secret in it.
    const ev: TurnEvent = raw.type === 'error' && conv.deps.redact ? { ...raw, message: conv.deps.redact(raw.message) } : raw;
    applyTurnEvent(turn, ev);
    conv.deps.listener.event(turn.id, ev);
    if (background && ev.type === 'interaction' && conv.state.runningBackground) {
      conv.state.runningBackground.interactionId = ev.id;
      conv.deps.background?.started(conv.data.id, turn.id, ev.id);
    }
  };
  try {
    let api: InteractionsApi;
    try {
      api = await conv.deps.api();
    } catch (e) {
      // No client (no key, an endpoint the user declined, the SDK failing to load): the turn fails visibly.
      return fail(conv, turn, classifyError(e, conv.messages), translator);
    }
    if (background) conv.state.runningBackground = { api, emit, ...(opts.resumeId ? { interactionId: opts.resumeId } : {}) };
    if (!opts.resumeId) {
      // Said on each turn where a refusal learned earlier changes the request, not only the first.
      const built = makeBody(false);
      const notes = leftOutNotes(conv.refusals, settings.model, built, shaped(built), conv.messages);
      if (notes.length) {
        turn.notice = [turn.notice, ...notes].filter(Boolean).join(' ');
        conv.deps.listener.notice(turn.id, turn.notice);
      }
    }
    let open: Opener = opts.resumeId
      ? { canFallback: false, open: (_f, s) => api.resumeStream(opts.resumeId!, undefined, s) }
      : { canFallback: true, open: (f, s) => api.createStream(shaped(makeBody(f)), s), body: (f) => shaped(makeBody(f)) };
    const maxRounds = (typeof conv.deps.maxToolRounds === 'function' ? conv.deps.maxToolRounds() : conv.deps.maxToolRounds) ?? 8;
    for (let round = 0; ; round++) {
      const end = await streamRound({
        api, opener: open, translator, emit, signal, settings, log: conv.deps.log, messages: conv.messages, limits: conv.deps,
        notice: {
          show: (text) => conv.deps.listener.notice(turn.id, text),
          set: (text) => { turn.notice = text; conv.deps.listener.notice(turn.id, turn.notice); },
          add: (text) => { turn.notice = [turn.notice, text].filter(Boolean).join(' '); conv.deps.listener.notice(turn.id, turn.notice); },
          restore: () => conv.deps.listener.notice(turn.id, turn.notice),
        },
        refusals: conv.refusals,
        sleep: (ms, s) => sleep(conv, ms, s),
      });
      if (end === 'stopped') { await finish(conv, turn, 'stopped', translator, settings); return; }
      if (end !== 'continue') { await fail(conv, turn, end.failed, translator); return; }
      if (translator.finalStatus !== 'requires_action' || !conv.deps.tools) break;
      const calls = pendingFunctionCalls(translator.lastHopSteps());
      if (!calls.length) break;
      // A tool round: ask, run, answer with function_result steps, and let the model go on.
      const limited = round >= maxRounds;
      const outcomes: FunctionOutcome[] = limited
        ? calls.map(() => ({ result: TOOL_LIMIT_RESULT, isError: true }))
        : await runDeclared(conv, turn.id, calls, settings, signal);
      if (signal.aborted) return finish(conv, turn, 'stopped', translator, settings);
      const steps = functionResultSteps(calls.map((c, i) => ({ callId: c.id, name: c.name, ...(outcomes[i] ?? { result: 'No result.', isError: true }) })));
      for (const ev of translator.appendLocalSteps(steps)) emit(ev);
      if (limited) {
        turn.notice = toolLimitNotice(maxRounds, conv.messages);
        conv.deps.listener.notice(turn.id, turn.notice);
      }
      const previous = translator.interactionId;
      translator.expectNewInteraction();
      const body = () => {
        const b = settings.store && previous
          ? buildCreateBody({ settings, input: steps, previousInteractionId: previous })
          : buildCreateBody({ settings, input: [], history: [...ctx.history, ...(ctx.userWire ? [ctx.userWire] : []), ...translator.steps()] });
        return shaped(limited ? withToolChoiceNone(b) : b);
      };
      open = { canFallback: false, open: (_f, s) => api.createStream(body(), s), body };
    }
    conv.deps.listener.notice(turn.id, turn.notice);
    if (translator.fatalError) return fail(conv, turn, { kind: 'server', message: translator.fatalError.message }, translator);
    return finish(conv, turn, 'done', translator, settings);
  } finally {
    if (conv.state.controller === controller) conv.state.controller = undefined;
    if (background) {
      conv.state.runningBackground = undefined;
      // A stopped or finished run is no longer something to pick up after a reload; a run cut by the window
      // closing never gets here (the process is gone), so its id stays stored.
      conv.deps.background?.ended(conv.data.id, turn.id);
    }
    // Listeners hear of the end only now, when the conversation is no longer busy: a view state built
    // in `finished` must offer Send, not Stop.
    const ended = conv.state.endedTurn;
    conv.state.endedTurn = undefined;
    if (ended) conv.deps.listener.finished(ended);
  }
}

/**
 * Runs the calls of a tool round that name a function this turn's request declared (approval included); a call to
 * any other (write_file in Plan mode, an edit tool the settings turned off) is refused without asking.
 */
async function runDeclared(conv: TurnContext, turnId: string, calls: FunctionCall[], settings: TurnSettings, signal: AbortSignal): Promise<FunctionOutcome[]> {
  const names = (settings.tools.functions ?? []).map((f) => f.name);
  const declared = new Set(names);
  const split = splitUndeclared(calls, declared);
  const ran = split.declared.length ? await conv.deps.tools!.run(turnId, split.declared, signal) : [];
  let next = 0;
  return calls.map((c) => {
    if (declared.has(c.name)) return ran[next++] ?? { result: 'No result.', isError: true };
    conv.deps.log.warn(`refused a call to ${JSON.stringify(c.name).slice(0, 80)}: not declared in this turn${settings.mode ? ` (${settings.mode} mode)` : ''}`);
    return { result: undeclaredToolResult(c.name, settings.mode, names), isError: true };
  });
}

/** Ends the turn: its final state and notice, the chain for the next turn, saved, and told to the listener. */
async function finish(conv: TurnContext, turn: ModelTurn, state: 'done' | 'stopped' | 'error', translator?: StreamTranslator, settings?: TurnSettings): Promise<void> {
  // A run cancelled on the server (Stop on a background run) reads as stopped, not as an answer.
  if (state === 'done' && turn.status === 'cancelled') state = 'stopped';
  if (state === 'done' && (turn.status === 'incomplete' || turn.status === 'budget_exceeded')) {
    turn.notice = [turn.notice, turn.status === 'incomplete' ? conv.messages.t('incomplete', 'geminiInteractions.maxOutputTokens') : conv.messages.t('budgetExceeded')].filter(Boolean).join(' ');
    conv.deps.listener.notice(turn.id, turn.notice);
  }
  if (translator) {
    turn.wire = translator.steps();
    // Chain the next turn from the last interaction of this one, if the server keeps it.
    if (state === 'done' && settings?.store && translator.interactionId) conv.data.lastInteractionId = translator.interactionId;
    if (state === 'done' && !settings?.store) conv.data.lastInteractionId = undefined;
    // Running totals mid-stream are not the turn's usage: fetched when the end came without one.
    if (state === 'done' && settings?.store && !translator.completedWithUsage && translator.interactionId) await fetchUsage(conv, turn, translator.interactionId);
  }
  finishTurn(turn, state, conv.now());
  conv.data.updatedAt = conv.now();
  try {
    await conv.deps.save(conv.data);
  } catch (e) {
    conv.deps.log.error(`could not save the conversation: ${(e as Error).message}`);
  }
  if (conv.state.controller) conv.state.endedTurn = turn; // told when runTurn lets go (see its finally)
  else conv.deps.listener.finished(turn);
}

/** `interaction.completed` came without usage: the stored interaction has it (one GET, best effort). */
async function fetchUsage(conv: TurnContext, turn: ModelTurn, id: string): Promise<void> {
  try {
    const api = await conv.deps.api();
    const usage = translateUsage((await api.get(id)).usage);
    if (!usage) return;
    const ev: TurnEvent = { type: 'usage', usage };
    applyTurnEvent(turn, ev);
    conv.deps.listener.event(turn.id, ev);
  } catch (e) {
    conv.deps.log.warn(`could not fetch the usage of ${id}: ${(e as Error).message}`);
  }
}

/** Ends the turn with an error the user sees, with the action that may fix it (a new key, Retry). */
async function fail(conv: TurnContext, turn: ModelTurn, c: ClassifiedError, translator?: StreamTranslator): Promise<void> {
  conv.deps.log.error(`turn failed: ${c.message}${c.serverMessage && !c.message.includes(c.serverMessage) ? ` (${c.serverMessage})` : ''}`);
  turn.error = {
    message: conv.deps.redact ? conv.deps.redact(c.message) : c.message,
    ...(c.kind === 'keyInvalid' || c.kind === 'keyBlocked' ? { manageKeys: true } : {}),
    ...(isKeyError(c) ? { action: 'setApiKey' as const } : isCloudCredentialsError(c) ? { action: 'signInGoogleCloud' as const }
      : c.kind === 'cloudProject' || c.kind === 'cloudModelRegion' || c.kind === 'cloudPermission' ? { action: 'openSettings' as const } : c.kind === 'quota' || c.kind === 'badRequest' || c.kind === 'permission' || c.kind === 'modelNotFound' ? {} : { action: 'retry' as const }),
    ...(c.status ? { code: String(c.status) } : {}),
  };
  // Clears transient notices ("retrying…") but keeps the turn's own (e.g. an unsupported tool combination).
  conv.deps.listener.notice(turn.id, turn.notice);
  await finish(conv, turn, 'error', translator);
}

/** The deps' sleep (tests pass a fake one), or a real one that ends early on abort. */
function sleep(conv: TurnContext, ms: number, signal: AbortSignal): Promise<void> {
  if (conv.deps.sleep) return conv.deps.sleep(ms, signal);
  return abortableSleep(ms, signal);
}
