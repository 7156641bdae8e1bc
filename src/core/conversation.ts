// One conversation: sends a turn, streams it into the transcript, and survives what the network and the
// service do to it — retries with visible waits, resume of cut streams by last_event_id, stall detection,
// and a fallback to the local transcript when the server no longer knows the chain.
import type { ConversationData, InputPart, Logger, ModelTurn, TurnEvent, TurnSettings, UserAttachment, UserTurn } from './model';
import { applyTurnEvent, finishTurn, newModelTurn } from './transcript';
import type { InteractionsApi, WireEvent } from './gemini/client';
import { StreamTranslator } from './gemini/stream';
import { buildCreateBody, userInputStep } from './gemini/requests';
import { translateUsage } from './gemini/stream';
import { classifyError, isUnknownInteraction, type ClassifiedError } from './gemini/errors';

export interface TurnListener {
  started(user: UserTurn, model: ModelTurn): void;
  event(turnId: string, ev: TurnEvent): void;
  /** A transient line under the turn ("Rate limited — retrying in 5 s"); undefined clears it. */
  notice(turnId: string, text: string | undefined): void;
  finished(turn: ModelTurn): void;
  /** A failed or stopped answer is replaced by a new attempt (retry); absent: `started` is called instead. */
  retried?(failedTurnId: string, user: UserTurn, model: ModelTurn): void;
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
  now?(): number;
}

export const FALLBACK_NOTICE =
  'The server no longer has the earlier part of this conversation (expired or deleted), so it was sent again from the local transcript.';

class StallError extends Error {
  override name = 'StallError';
}

export class Conversation {
  private controller: AbortController | undefined;

  constructor(readonly data: ConversationData, private readonly deps: ConversationDeps) {}

  get busy(): boolean {
    return this.controller !== undefined;
  }

  /** Stops the running turn at once; the partial answer stays, marked as stopped. */
  stop(): void {
    this.controller?.abort();
  }

  async send(parts: InputPart[], options: { text?: string; attachments?: UserAttachment[] } = {}): Promise<ModelTurn> {
    if (this.busy) throw new Error('A response is still streaming in this conversation.');
    const settings = this.deps.settings();
    const now = this.now();
    const text = options.text ?? parts.filter((p) => p.kind === 'text').map((p) => (p as { text: string }).text).join('\n');
    const user: UserTurn = {
      role: 'user', id: this.newId(), text, at: now,
      ...(options.attachments?.length ? { attachments: options.attachments } : {}),
      wire: userInputStep(parts),
    };
    const model = newModelTurn(this.newId(), settings.model, now);
    const history = this.historyBefore();
    this.data.turns.push(user, model);
    if (!this.data.title) this.data.title = titleFrom(text);
    this.data.updatedAt = now;
    await this.deps.save(this.data); // what the user wrote is on disk before anything can fail
    this.deps.listener.started(user, model);

    const previous = settings.store ? this.data.lastInteractionId : undefined;
    await this.run(model, settings, (fallback) => buildCreateBody({
      settings,
      input: parts,
      ...(previous && !fallback ? { previousInteractionId: previous } : { history }),
    }));
    return model;
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
    this.data.updatedAt = now;
    await this.deps.save(this.data);
    if (this.deps.listener.retried) this.deps.listener.retried(failed.id, user, model);
    else this.deps.listener.started(user, model);
    const step = user.wire as { content?: Record<string, unknown>[] };
    const previous = settings.store ? this.data.lastInteractionId : undefined;
    await this.run(model, settings, (fallback) => previous && !fallback
      ? buildCreateBody({ settings, input: step.content ?? [], previousInteractionId: previous })
      : history.length ? buildCreateBody({ settings, input: [step], history }) : buildCreateBody({ settings, input: step.content ?? [] }));
    return model;
  }

  // ---- one turn -------------------------------------------------------------------------------------

  private async run(turn: ModelTurn, settings: TurnSettings, makeBody: (fallback: boolean) => Record<string, unknown>): Promise<void> {
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    const translator = new StreamTranslator({ warn: (m) => this.deps.log.warn(`[stream] ${m}`) });
    const emit = (ev: TurnEvent) => {
      applyTurnEvent(turn, ev);
      this.deps.listener.event(turn.id, ev);
    };
    let fallback = false;
    let rateRetries = 0;
    let serverRetries = 0;
    try {
      const api = await this.deps.api();
      // 1. Open the stream, retrying what is worth retrying.
      let stream: AsyncIterable<WireEvent> | undefined;
      let connection: AbortController | undefined;
      while (!stream) {
        connection = linkedController(signal);
        try {
          const body = makeBody(fallback);
          this.deps.log.info(`create: model=${settings.model} store=${settings.store} ${body.previous_interaction_id ? 'previous_interaction_id' : `history=${Array.isArray(body.input) ? body.input.length : 1}`}`);
          stream = await api.createStream(body, connection.signal);
        } catch (e) {
          const c = classifyError(e);
          if (c.kind === 'aborted' || signal.aborted) return this.finish(turn, 'stopped');
          if (!fallback && makeBody(false).previous_interaction_id && isUnknownInteraction(c)) {
            this.deps.log.warn(`previous interaction unknown to the server (${c.serverMessage ?? c.status}); falling back to the local transcript`);
            fallback = true;
            turn.notice = FALLBACK_NOTICE;
            this.deps.listener.notice(turn.id, FALLBACK_NOTICE);
            continue;
          }
          const wait = this.retryDelay(c, rateRetries, serverRetries);
          if (wait === undefined) return this.fail(turn, c);
          if (c.kind === 'rateLimit') rateRetries++; else serverRetries++;
          const seconds = Math.max(1, Math.round(wait / 1000));
          this.deps.log.warn(`${c.message} retrying in ${seconds} s`);
          this.deps.listener.notice(turn.id, `${c.kind === 'rateLimit' ? 'Rate limited' : 'Server error'} — retrying in ${seconds} s`);
          await this.sleep(wait, signal);
          if (signal.aborted) return this.finish(turn, 'stopped');
        }
      }
      this.deps.listener.notice(turn.id, fallback ? FALLBACK_NOTICE : undefined);

      // 2. Read it; when it is cut before the terminal event, resume from the last event id.
      let resumes = 0;
      for (;;) {
        await this.consume(stream, translator, emit, connection!);
        if (signal.aborted) return this.finish(turn, 'stopped', translator, settings);
        if (translator.finished || translator.fatalError) break;
        const id = translator.interactionId;
        if (!settings.store || !id || resumes >= (this.deps.maxResumes ?? 3)) {
          return this.fail(turn, { kind: 'network', message: 'The connection was lost before the answer finished.' }, translator);
        }
        resumes++;
        this.deps.log.warn(`stream ended before completion; resuming ${id} after event ${translator.lastEventId ?? '(start)'} (${resumes})`);
        this.deps.listener.notice(turn.id, 'Connection lost — resuming…');
        await this.sleep(this.backoff(resumes - 1), signal);
        connection = linkedController(signal);
        try {
          stream = await api.resumeStream(id, translator.lastEventId, connection.signal);
        } catch (e) {
          const c = classifyError(e);
          if (c.kind === 'aborted' || signal.aborted) return this.finish(turn, 'stopped', translator, settings);
          if (c.kind === 'notFound' || c.kind === 'auth' || c.kind === 'badRequest') return this.fail(turn, c, translator);
          stream = emptyStream();
        }
      }
      this.deps.listener.notice(turn.id, turn.notice);
      if (translator.fatalError) return this.fail(turn, { kind: 'server', message: translator.fatalError.message }, translator);
      return this.finish(turn, 'done', translator, settings);
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  private async consume(stream: AsyncIterable<WireEvent>, translator: StreamTranslator, emit: (ev: TurnEvent) => void, connection: AbortController): Promise<void> {
    const stallMs = this.deps.stallMs ?? 120_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => connection.abort(new StallError(`no data for ${stallMs} ms`)), stallMs);
    };
    arm();
    try {
      for await (const ev of stream) {
        arm();
        for (const out of translator.feed(ev)) emit(out);
        if (translator.finished) break; // do not wait for [DONE] or the socket to close
      }
    } catch (e) {
      if (connection.signal.reason instanceof StallError) this.deps.log.warn(`stream stalled: ${connection.signal.reason.message}`);
      else if (classifyError(e).kind !== 'aborted') this.deps.log.warn(`stream interrupted: ${(e as Error)?.message ?? e}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private retryDelay(c: ClassifiedError, rateRetries: number, serverRetries: number): number | undefined {
    if (c.kind === 'rateLimit' && rateRetries < (this.deps.maxRateLimitRetries ?? 5)) {
      return Math.min(c.retryAfterMs ?? this.backoff(rateRetries + 2), 120_000);
    }
    if ((c.kind === 'server' || c.kind === 'network') && serverRetries < (this.deps.maxServerRetries ?? 3)) {
      return this.backoff(serverRetries);
    }
    return undefined;
  }

  private backoff(n: number): number {
    return (this.deps.backoffMs ?? 1000) * 2 ** n;
  }

  private async finish(turn: ModelTurn, state: 'done' | 'stopped' | 'error', translator?: StreamTranslator, settings?: TurnSettings): Promise<void> {
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
    this.deps.listener.finished(turn);
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
      message: c.message,
      ...(c.kind === 'auth' ? { action: 'setApiKey' as const } : c.kind === 'quota' || c.kind === 'badRequest' || c.kind === 'permission' ? {} : { action: 'retry' as const }),
      ...(c.status ? { code: String(c.status) } : {}),
    };
    this.deps.listener.notice(turn.id, undefined);
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
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
      signal.addEventListener('abort', done, { once: true });
    });
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

export function randomId(): string {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}

function linkedController(parent: AbortSignal): AbortController {
  const c = new AbortController();
  if (parent.aborted) c.abort(parent.reason);
  else parent.addEventListener('abort', () => c.abort(parent.reason), { once: true });
  return c;
}

async function* emptyStream(): AsyncIterable<WireEvent> { /* a failed resume attempt: try again */ }

/** Deletes a conversation's interactions on the server, best effort; returns what could not be deleted. */
export async function deleteInteractions(api: InteractionsApi, ids: readonly string[]): Promise<{ id: string; message: string }[]> {
  const failed: { id: string; message: string }[] = [];
  for (const id of ids) {
    try {
      await api.delete(id);
    } catch (e) {
      const c = classifyError(e);
      // Already gone is what we wanted.
      if (c.kind !== 'notFound') failed.push({ id, message: c.message });
    }
  }
  return failed;
}
