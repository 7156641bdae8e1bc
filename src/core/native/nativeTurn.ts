// One answer for VS Code's native chat (the language model provider and the @gemini participant), run
// by the same Conversation as the panel: streaming, retries, resume, the fallback when the server has
// forgotten the chain. The history comes from the caller; what the answer produces goes out as
// NativeOutput, ending with the marker that lets the next request continue the chain.
import { Conversation } from '../conversation/conversation';
import type { LearnedRefusals } from '../models/learnedRefusals';
import { randomId } from '../util/ids';
import type { InteractionsApi } from '../gemini/client';
import { callSignatures, nativeSteps } from '../gemini/nativeSteps';
import type { Logger, Media, ModelTurn, Part, TurnEvent, TurnSettings } from '../conversation/types';
import { finishTurn, newModelTurn } from '../conversation/transcript';
import { knownSignatures, planNativeRequest, type ChainMarker, type NativeMessage, type NativePlan } from './nativeChat';

export type NativeOutput =
  | { kind: 'text'; text: string }
  | { kind: 'toolCall'; callId: string; name: string; input: Record<string, unknown> }
  | { kind: 'media'; media: Media }
  /** Thoughts, tool activity and transient notices ("retrying in 5 s"): progress, not answer text. */
  | { kind: 'progress'; text: string }
  | { kind: 'marker'; marker: ChainMarker };

export interface NativeTurnDeps {
  api(): Promise<InteractionsApi>;
  /** The settings of this request (model, tools, store, …). */
  settings: TurnSettings;
  log: Logger;
  /**
   * Continue a chain whichever model made it (the @gemini participant, like the panel: one conversation
   * across /image, /research and model switches). Off for the provider: another model's chain is not ours.
   */
  chainAcrossModels?: boolean;
  /**
   * Removes the known secrets (API key, MCP secrets) from error text, as the panel's conversation does: the
   * native chat keeps that text in its history (a server's error can echo a request header).
   */
  redact?(text: string): string;
  /**
   * Thinking levels the API refused per model. Each native request builds a new Conversation, so without a
   * shared memory every request would pay the 400 and a second request again.
   */
  refusals?: LearnedRefusals;
}

export interface NativeTurnResult {
  turn: ModelTurn;
  plan: NativePlan;
}

export async function runNativeTurn(
  messages: readonly NativeMessage[],
  deps: NativeTurnDeps,
  emit: (out: NativeOutput) => void,
  signal?: AbortSignal,
): Promise<NativeTurnResult> {
  const settings = deps.settings;
  const chainModel = settings.agent?.id ?? settings.model;
  // Agent runs are stored whatever the setting says (background needs it), so they always chain.
  const plan = planNativeRequest(messages, chainModel, { store: settings.store || !!settings.agent, anyModel: deps.chainAcrossModels });
  if (plan.reason !== 'marker') deps.log.info(`native chat: sending the whole history (${plan.reason}, ${plan.all.length} messages)`);
  const signatures = knownSignatures(messages);
  const steps = nativeSteps(plan.tail, signatures, messages.slice(0, messages.length - plan.tail.length));
  const history = nativeSteps(plan.all, signatures);
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const text = lastUser?.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('\n') ?? '';

  const now = Date.now();
  let lastNotice: string | undefined;
  const conversation = new Conversation({ id: randomId(), title: '', createdAt: now, updatedAt: now, turns: [] }, {
    api: deps.api,
    settings: () => settings,
    ...(deps.refusals ? { refusals: deps.refusals } : {}),
    // The native chat keeps the history; nothing is stored here.
    save: async () => undefined,
    log: deps.log,
    ...(deps.redact ? { redact: deps.redact } : {}),
    listener: {
      started() {},
      event: (_turnId, ev) => forward(ev, emit),
      // The conversation repeats a turn's notice when it clears transient ones: say each once.
      notice: (_turnId, notice) => {
        if (notice && notice !== lastNotice) emit({ kind: 'progress', text: notice });
        lastNotice = notice;
      },
      finished() {},
    },
  });
  if (signal?.aborted) {
    // Cancelled before it started: nothing goes out.
    const turn = newModelTurn(randomId(), chainModel);
    finishTurn(turn, 'stopped');
    return { turn, plan };
  }
  const stop = () => void conversation.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const turn = await conversation.sendSteps({ steps, history, ...(plan.previousInteractionId ? { previousInteractionId: plan.previousInteractionId } : {}), text });
    for (const p of turn.parts) {
      if (p.kind === 'functionCall') emit({ kind: 'toolCall', callId: p.id, name: p.name, input: callInput(p) });
      else if (p.kind === 'media') emit({ kind: 'media', media: p.media });
    }
    const interactionId = turn.interactionIds.at(-1);
    if (turn.state === 'done' && interactionId && (settings.store || settings.agent)) {
      const sigs = callSignatures(turn.wire);
      emit({ kind: 'marker', marker: { model: chainModel, interactionId, ...(Object.keys(sigs).length ? { signatures: sigs } : {}) } });
    }
    return { turn, plan };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** Per event, work proportional to the event: text deltas go out as they arrive. */
function forward(ev: TurnEvent, emit: (out: NativeOutput) => void): void {
  if (ev.type === 'text' && ev.text) emit({ kind: 'text', text: ev.text });
  else if (ev.type === 'thought' && ev.text.trim()) emit({ kind: 'progress', text: firstLine(ev.text) });
  else if (ev.type === 'part') {
    if (ev.part.kind === 'text' && ev.part.text) emit({ kind: 'text', text: ev.part.text });
    const activity = activityOf(ev.part);
    if (activity) emit({ kind: 'progress', text: activity });
  } else if (ev.type === 'update') {
    const activity = activityOf(ev.part);
    if (activity) emit({ kind: 'progress', text: activity });
  }
}

/** One line for a server tool step (Deep Research searches and reads while it works). */
function activityOf(part: Part): string | undefined {
  switch (part.kind) {
    case 'searchCall': return part.queries.length ? `Searching: ${part.queries.join('; ')}` : undefined;
    case 'urlContextCall': return part.urls.length ? `Reading ${part.urls.join(', ')}` : undefined;
    case 'codeCall': return part.code ? 'Running code' : undefined;
    case 'thought': return part.text.trim() ? firstLine(part.text) : undefined;
    default: return undefined;
  }
}

function callInput(p: Extract<Part, { kind: 'functionCall' }>): Record<string, unknown> {
  if (p.args && typeof p.args === 'object' && !Array.isArray(p.args)) return p.args as Record<string, unknown>;
  try {
    const v = JSON.parse(p.argsText || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

/** Thought summaries start with a bold heading line; that line is the progress message. */
function firstLine(text: string): string {
  const line = text.trim().split('\n')[0].replace(/\*\*/g, '');
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
