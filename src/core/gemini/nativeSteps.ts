// Native chat messages as Interactions input steps (the wire format stays in src/core/gemini).
import type { NativeMessage } from '../native/nativeChat';
import { inputContent } from './requests';
import type { InputPart } from '../conversation/types';

type Json = Record<string, unknown>;

/**
 * Steps for `messages`. User text and media become a `user_input` step, tool results `function_result`
 * steps (before it), assistant text a `model_output` step, and assistant tool calls `function_call`
 * steps with their signature. A call without a known signature (made by another provider's model) is
 * replayed as text, with its result, because the API rejects an unsigned `function_call`.
 * `context` holds earlier messages whose calls name the results in `messages`.
 */
export function nativeSteps(messages: readonly NativeMessage[], signatures: ReadonlyMap<string, string>, context: readonly NativeMessage[] = []): Json[] {
  const names = new Map<string, string>();
  const unsigned = new Set<string>();
  for (const m of [...context, ...messages]) {
    for (const p of m.parts) {
      if (p.kind !== 'toolCall') continue;
      names.set(p.callId, p.name);
      if (!signatures.has(p.callId)) unsigned.add(p.callId);
    }
  }
  const steps: Json[] = [];
  for (const m of messages) {
    if (m.role === 'assistant') {
      let text: Json[] = [];
      const flush = () => { if (text.length) steps.push({ type: 'model_output', content: text }); text = []; };
      for (const p of m.parts) {
        if (p.kind === 'text' && p.text) text.push({ type: 'text', text: p.text });
        else if (p.kind === 'toolCall') {
          const signature = signatures.get(p.callId);
          if (signature) {
            flush();
            steps.push({ type: 'function_call', id: p.callId, name: p.name, arguments: p.input, signature });
          } else {
            text.push({ type: 'text', text: `(Called the tool ${p.name} with ${JSON.stringify(p.input)}.)` });
          }
        }
      }
      flush();
      continue;
    }
    const results: Json[] = [];
    const parts: InputPart[] = [];
    for (const p of m.parts) {
      if (p.kind === 'text' && p.text) parts.push({ kind: 'text', text: p.text });
      else if (p.kind === 'media') parts.push({ kind: 'media', media: p.media });
      else if (p.kind === 'toolResult') {
        const name = names.get(p.callId);
        // The result of a call replayed as text goes as text too: a function_result needs its call.
        if (unsigned.has(p.callId)) {
          parts.push({ kind: 'text', text: `(Result of the tool ${name ?? p.callId}${p.isError ? ', an error' : ''}: ${p.text})` });
        } else {
          results.push({ type: 'function_result', call_id: p.callId, ...(name ? { name } : {}), result: p.text, ...(p.isError ? { is_error: true } : {}) });
        }
      }
    }
    steps.push(...results);
    if (parts.length) steps.push({ type: 'user_input', content: inputContent(parts) });
  }
  return steps;
}

/** The signatures of an answer's `function_call` steps, by call id, for the marker. */
export function callSignatures(steps: readonly unknown[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of steps ?? []) {
    const o = s as Json;
    if (o && o.type === 'function_call' && typeof o.id === 'string' && typeof o.signature === 'string' && o.signature) out[o.id] = o.signature;
  }
  return out;
}
