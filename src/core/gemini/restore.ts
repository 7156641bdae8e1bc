// Rebuilds a conversation's transcript from the server when the local file is gone but the interaction
// ids are known: GET each interaction with include_input and translate its timeline.
import type { ConversationData, ModelTurn, UserTurn } from '../conversation/types';
import type { IndexEntry } from '../storage/conversationStore';
import { applyTurnEvent, finishTurn, newModelTurn } from '../conversation/transcript';
import type { InteractionsApi } from './client';
import { StreamTranslator } from './stream/streamTranslator';

type Json = Record<string, any>;

/** What the per-workspace index knows about a conversation is enough to rebuild it. */
export type RestoreInput = IndexEntry;

export async function restoreFromServer(api: InteractionsApi, entry: RestoreInput, newId: () => string): Promise<ConversationData> {
  const turns: (UserTurn | ModelTurn)[] = [];
  let current: ModelTurn | undefined;
  for (const id of entry.interactionIds) {
    const interaction = (await api.get(id, { includeInput: true })) as Json;
    const steps: Json[] = Array.isArray(interaction.steps) ? interaction.steps : [];
    const inputs = steps.filter((s) => s?.type === 'user_input');
    const outputs = steps.filter((s) => s?.type !== 'user_input');
    const text = inputs.flatMap((s) => (Array.isArray(s.content) ? s.content : []))
      .filter((c: Json) => c?.type === 'text').map((c: Json) => String(c.text ?? '')).join('\n');
    // An interaction with no user input continues the previous turn (automatic continuation, tool results).
    if (inputs.length || !current) {
      const at = Date.parse(String(interaction.created ?? '')) || entry.createdAt;
      turns.push({ role: 'user', id: newId(), text, at, wire: inputs[0] });
      current = newModelTurn(newId(), String(interaction.model ?? interaction.agent ?? ''), at);
      current.wire = [];
      turns.push(current);
    }
    const translator = new StreamTranslator();
    const offset = current.parts.length;
    for (const ev of translator.translateInteraction({ ...interaction, steps: outputs })) {
      applyTurnEvent(current, 'index' in ev ? { ...ev, index: ev.index + offset } as typeof ev : ev);
    }
    current.wire!.push(...translator.steps());
    finishTurn(current, 'done', Date.parse(String(interaction.updated ?? '')) || entry.updatedAt);
  }
  return {
    id: entry.id,
    title: entry.title,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    turns,
    ...(entry.lastInteractionId ? { lastInteractionId: entry.lastInteractionId } : {}),
  };
}
