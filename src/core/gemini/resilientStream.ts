// One interaction of a turn over the Interactions API, made to survive the network and the service: the stream
// is opened with retries (the waits shown under the turn), with the fallback to the local transcript when the
// server no longer knows the chain, and once more without a thinking level or tool search the model rejects; it is read with
// stall detection, and resumed by last_event_id (or rebuilt with one GET) when it is cut. The loop over a turn's
// tool rounds, and how a turn ends, live in conversation/turnRun.ts.
import { TERMINAL_STATUSES, type Logger, type TurnEvent, type TurnSettings } from '../conversation/types';
import type { Messages } from '../l10n/coreStrings';
import { linkedController } from '../util/abort';
import type { InteractionsApi, WireEvent } from './client';
import { classifyError, isKeyError, isToolSearchRefusal, isUnknownInteraction, isUnsupportedThinkingLevel, refusedInputKind, refusedToolType, type ClassifiedError } from './errors';
import { usesToolSearch, withoutInputKinds, withoutThinkingLevel, withoutToolSearch, withoutTools } from './requests';
import type { LearnedRefusals } from '../models/learnedRefusals';
import { modelCapabilities } from '../models/models';
import { backoff, retryDelay, type RetryLimits } from './retryPolicy';
import type { StreamTranslator } from './stream/streamTranslator';

/** How a round's stream is opened: a create (with the fallback to local history) or a resume by id. */
export interface Opener {
  canFallback: boolean;
  open(fallback: boolean, signal: AbortSignal): Promise<AsyncIterable<WireEvent>>;
  body?(fallback: boolean): Record<string, unknown>;
}

/** The limits a conversation may set (see ConversationDeps); an absent one takes its default. */
export interface StreamLimits extends RetryLimits {
  /** No event for this long = a stalled connection, which is dropped and resumed. */
  stallMs?: number;
  maxResumes?: number;
}

/** The line under the turn while a round is opened and resumed. */
export interface RoundNotice {
  /** Shows a transient text ("Rate limited — retrying in 5 s"). */
  show(text: string): void;
  /** Makes `text` the turn's own notice, which stays with the turn, and shows it. */
  set(text: string): void;
  /** Adds `text` to the turn's own notice and shows it. */
  add(text: string): void;
  /** Shows the turn's own notice again in place of a transient text. */
  restore(): void;
}

/** What a round works with; the turn builds it for each of its rounds. */
export interface RoundContext {
  api: InteractionsApi;
  opener: Opener;
  translator: StreamTranslator;
  /** Applies an event to the turn and tells the listener. */
  emit: (ev: TurnEvent) => void;
  /** The turn's signal (Stop). */
  signal: AbortSignal;
  settings: TurnSettings;
  log: Logger;
  notice: RoundNotice;
  messages: Messages;
  limits: StreamLimits;
  /** Thinking levels and tool search the API refused per model, shared by the panel and the native chat (see shapedBody). */
  refusals: LearnedRefusals;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * How a round ended: 'continue' when its stream was read to the end (the translator tells how the interaction
 * ended: finished, a fatal error, or function calls to answer); 'stopped' by the user; or failed, after the
 * retries and resumes that were worth trying. The turn is finished (or failed) by the caller.
 */
export type RoundEnd = 'continue' | 'stopped' | { failed: ClassifiedError };

class StallError extends Error {
  override name = 'StallError';
}

/** What replaces an attachment of a kind the model refuses (sent to the model, so in English). */
export const leftOutNote = (kind: string): string => `[An attachment (${kind}) was left out of this message: the model does not take ${kind} input.]`;

/**
 * The request as sent: without a thinking level, tool search, a tool type or an input kind that the API has
 * refused for this model (learned, still in force).
 */
export function shapedBody(refusals: LearnedRefusals, settings: TurnSettings, body: Record<string, unknown>): Record<string, unknown> {
  if (body.agent !== undefined) return body; // an agent's request is not the model's: its refusals do not apply
  const level = (body.generation_config as Record<string, unknown> | undefined)?.thinking_level;
  const leveled = typeof level === 'string' && refusals.refused(settings.model, level) ? withoutThinkingLevel(body) : body;
  const searched = usesToolSearch(leveled) && refusals.refusedToolSearch(settings.model) ? withoutToolSearch(leveled) : leveled;
  const tooled = withoutTools(searched, refusals.refusedOf(settings.model, 'tool').map((r) => r.level));
  return withoutInputKinds(tooled, refusals.refusedOf(settings.model, 'inputKind').map((r) => r.level), leftOutNote);
}

/**
 * What shapedBody left out of a request because of refusals learned earlier (`before` is the body as built,
 * `after` as sent), as sentences for the turn: the user is told on every turn it happens, not only the first.
 */
export function leftOutNotes(refusals: LearnedRefusals, model: string, before: Record<string, unknown>, after: Record<string, unknown>, m: Messages): string[] {
  const day = (r: { at: number } | undefined) => (r ? new Date(r.at).toISOString().slice(0, 10) : '');
  const out: string[] = [];
  const level = (before.generation_config as Record<string, unknown> | undefined)?.thinking_level;
  if (typeof level === 'string' && (after.generation_config as Record<string, unknown> | undefined)?.thinking_level === undefined) {
    out.push(m.t('levelRefusedEarlier', model, level, day(refusals.refused(model, level))));
  }
  if (usesToolSearch(before) && !usesToolSearch(after)) out.push(m.t('toolSearchRefusedEarlier', model, day(refusals.refusedToolSearch(model))));
  const types = (b: Record<string, unknown>) => new Set((Array.isArray(b.tools) ? b.tools : []).map((t) => String((t as { type?: unknown })?.type)));
  const sentTypes = types(after);
  for (const type of types(before)) {
    if (!sentTypes.has(type)) out.push(m.t('toolRefusedEarlier', model, toolLabel(type), day(refusals.refused(model, type, 'tool'))));
  }
  const input = (b: Record<string, unknown>) => JSON.stringify(b.input ?? '');
  for (const r of refusals.refusedOf(model, 'inputKind')) {
    const tag = `"type":"${r.level}"`;
    if (input(before).includes(tag) && !input(after).includes(tag)) out.push(m.t('inputKindRefusedEarlier', model, r.level, day(r)));
  }
  return out;
}

/** A refusal that is learned and retried once per round: what the 400 refused, if it is one of these. */
function learnableRefusal(c: ClassifiedError, sent: Record<string, unknown> | undefined): { kind: 'tool' | 'inputKind'; what: string } | undefined {
  if (!sent) return undefined;
  const tool = refusedToolType(c);
  if (tool && Array.isArray(sent.tools) && sent.tools.some((t) => (t as { type?: unknown })?.type === tool)) return { kind: 'tool', what: tool };
  const input = refusedInputKind(c);
  if (input && JSON.stringify(sent.input ?? '').includes(`"type":"${input}"`)) return { kind: 'inputKind', what: input };
  return undefined;
}

/** A built-in tool's product name for notices ("Google Maps"); an unknown type as the API wrote it. */
export function toolLabel(type: string): string {
  const labels: Record<string, string> = {
    google_search: 'Google Search', google_maps: 'Google Maps', url_context: 'URL context', code_execution: 'code execution', file_search: 'File Search', computer_use: 'computer use',
  };
  return Object.prototype.hasOwnProperty.call(labels, type) ? labels[type]! : type;
}

/** One interaction of a turn: open (with retries and fallback), read, resume when cut. */
export async function streamRound(ctx: RoundContext): Promise<RoundEnd> {
  const { api, opener, translator, emit, signal, settings, log, notice, messages: m } = ctx;
  let fallback = false;
  let rateRetries = 0;
  let serverRetries = 0;
  let levelRetried = false;
  let toolSearchRetried = false;
  // Each tool type or input kind refused is learned and retried once (a request can carry several).
  const learnedNow = new Set<string>();
  // 1. Open the stream, retrying what is worth retrying.
  let stream: AsyncIterable<WireEvent> | undefined;
  let connection: AbortController | undefined;
  while (!stream) {
    connection = linkedController(signal);
    try {
      const body = opener.body?.(fallback);
      if (body) log.info(`create: ${settings.agent ? `agent=${settings.agent.id}` : `model=${settings.model}${modelCapabilities(settings.model).known ? '' : ' (unknown model: no facts, so no limits, price or defaults are assumed)'}`} store=${settings.store}${settings.background ? ' background' : ''} ${body.previous_interaction_id ? 'previous_interaction_id' : `history=${Array.isArray(body.input) ? body.input.length : 1}`}`);
      stream = await opener.open(fallback, connection.signal);
    } catch (e) {
      const c = classifyError(e, m);
      if (c.kind === 'aborted' || signal.aborted) return 'stopped';
      const level = (opener.body?.(fallback).generation_config as Record<string, unknown> | undefined)?.thinking_level;
      if (level !== undefined && isUnsupportedThinkingLevel(c) && !levelRetried) {
        // Retried once without the level (the model's default applies); remembered, so later requests, here
        // and in the other chat, leave it out until the memory expires.
        levelRetried = true;
        await ctx.refusals.learn(settings.model, String(level), c.serverMessage);
        log.warn(`${settings.model} rejected thinking_level "${String(level)}" (${c.serverMessage}); sending the request again without it, and leaving it out for ${ctx.refusals.ttlDays} days`);
        notice.add(m.t('levelRefusedNow', settings.model, String(level), ctx.refusals.ttlDays));
        continue;
      }
      const sent = opener.body?.(fallback);
      if (sent && usesToolSearch(sent) && isToolSearchRefusal(c) && !toolSearchRetried) {
        // Retried once with every tool sent loaded (no tool_search, no defer_loading); remembered, so later
        // requests to this model, here and in the other chat, go without it until the memory expires.
        toolSearchRetried = true;
        await ctx.refusals.learnToolSearch(settings.model, c.serverMessage);
        log.warn(`${settings.model} rejected tool search (${c.serverMessage}); sending the request again with every tool loaded, and without tool search for ${ctx.refusals.ttlDays} days`);
        notice.add(m.t('toolSearchRefusedNow', settings.model, ctx.refusals.ttlDays));
        continue;
      }
      const refused = learnableRefusal(c, sent);
      if (refused && !learnedNow.has(`${refused.kind}:${refused.what}`)) {
        // Retried without it (a tool left out, or each attachment of that kind replaced by a note), and
        // remembered for this model, here and in the other chat, until the memory expires.
        learnedNow.add(`${refused.kind}:${refused.what}`);
        await ctx.refusals.learn(settings.model, refused.what, c.serverMessage, refused.kind);
        log.warn(`${settings.model} rejected ${refused.kind === 'tool' ? 'tool' : 'input kind'} "${refused.what}" (${c.serverMessage}); sending the request again without it, and leaving it out for ${ctx.refusals.ttlDays} days`);
        notice.add(m.t(refused.kind === 'tool' ? 'toolRefusedNow' : 'inputKindRefusedNow', settings.model, refused.kind === 'tool' ? toolLabel(refused.what) : refused.what, ctx.refusals.ttlDays));
        continue;
      }
      if (opener.canFallback && !fallback && opener.body?.(false).previous_interaction_id && isUnknownInteraction(c)) {
        log.warn(`previous interaction unknown to the server (${c.serverMessage ?? c.status}); falling back to the local transcript`);
        fallback = true;
        notice.set(m.t('fallback'));
        continue;
      }
      const wait = retryDelay(c, rateRetries, serverRetries, ctx.limits);
      if (wait === undefined) return { failed: c };
      if (c.kind === 'rateLimit') rateRetries++; else serverRetries++;
      const seconds = Math.max(1, Math.round(wait / 1000));
      log.warn(`${c.message} retrying in ${seconds} s`);
      notice.show(m.t(c.kind === 'rateLimit' ? 'rateLimitedRetrying' : 'serverErrorRetrying', seconds));
      await ctx.sleep(wait, signal);
      if (signal.aborted) return 'stopped';
    }
  }
  if (fallback) notice.show(m.t('fallback'));
  else notice.restore();

  // 2. Read it; when it is cut before the terminal event, resume from the last event id. Background runs
  //    are long (minutes) and stored, so they resume for as long as each attempt makes progress.
  const maxResumes = settings.background ? 20 : (ctx.limits.maxResumes ?? 3);
  let resumes = 0;
  for (;;) {
    const before = translator.lastEventId;
    await consume(stream, translator, emit, connection!, ctx.limits, log);
    if (signal.aborted) return 'stopped';
    if (translator.finished || translator.fatalError) break;
    if (settings.background && translator.lastEventId !== before) resumes = 0;
    const id = translator.interactionId;
    if (!settings.store || !id || resumes >= maxResumes) return { failed: { kind: 'network', message: m.t('connectionLost') } };
    resumes++;
    log.warn(`stream ended before completion; resuming ${id} after event ${translator.lastEventId ?? '(start)'} (${resumes})`);
    if (!settings.background) notice.show(m.t('resuming'));
    await ctx.sleep(Math.min(backoff(resumes - 1, ctx.limits), 30_000), signal);
    connection = linkedController(signal);
    if (!translator.lastEventId && await rebuildFromServer(api, id, translator, emit, connection.signal, log)) {
      stream = emptyStream();
      continue;
    }
    // Events after the cursor that were already applied (sparse ids) are skipped by the translator.
    translator.beginResume();
    try {
      stream = await api.resumeStream(id, translator.lastEventId, connection.signal);
    } catch (e) {
      const c = classifyError(e, m);
      if (c.kind === 'aborted' || signal.aborted) return 'stopped';
      if (c.kind === 'notFound' || isKeyError(c) || c.kind === 'badRequest') return { failed: c };
      stream = emptyStream();
    }
  }
  return 'continue';
}

/**
 * A cut stream that carried no `event_id` at all: a replay would start from the beginning, so the
 * finished interaction is read with one GET and only what the turn lacks is added. False when the
 * interaction is not finished yet (or the GET failed): then the stream is replayed, idempotently.
 */
async function rebuildFromServer(api: InteractionsApi, id: string, translator: StreamTranslator, emit: (ev: TurnEvent) => void, signal: AbortSignal, log: Logger): Promise<boolean> {
  try {
    const interaction = await api.get(id, { signal });
    if (!TERMINAL_STATUSES.has(String(interaction.status))) return false;
    log.info(`no event id was received; rebuilt ${id} from the stored interaction`);
    for (const ev of translator.reconcile(interaction)) emit(ev);
    return true;
  } catch (e) {
    log.warn(`could not read ${id} to rebuild the cut stream: ${classifyError(e).message}`);
    return false;
  }
}

async function consume(
  stream: AsyncIterable<WireEvent>, translator: StreamTranslator, emit: (ev: TurnEvent) => void, connection: AbortController, limits: StreamLimits, log: Logger,
): Promise<void> {
  const stallMs = limits.stallMs ?? 120_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => connection.abort(new StallError(`no data for ${stallMs} ms`)), stallMs);
  };
  arm();
  // Stop (or a stall) ends the read at once, even if the stream has not noticed its aborted socket yet:
  // the next chunk is raced against the abort, and the iterator is closed in the background.
  const iterator = stream[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (connection.signal.aborted) resolve('aborted');
    else connection.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next === 'aborted') {
        void Promise.resolve(iterator.return?.()).catch(() => {});
        throw connection.signal.reason ?? new DOMException('aborted', 'AbortError');
      }
      if (next.done) break;
      arm();
      for (const out of translator.feed(next.value)) emit(out);
      if (translator.finished) { void Promise.resolve(iterator.return?.()).catch(() => {}); break; } // do not wait for [DONE] or the socket to close
    }
  } catch (e) {
    if (connection.signal.reason instanceof StallError) log.warn(`stream stalled: ${connection.signal.reason.message}`);
    else if (classifyError(e).kind !== 'aborted') log.warn(`stream interrupted: ${(e as Error)?.message ?? e}`);
  } finally {
    clearTimeout(timer);
    if (onAbort) connection.signal.removeEventListener('abort', onAbort);
  }
}

async function* emptyStream(): AsyncIterable<WireEvent> { /* a failed resume attempt: try again */ }
