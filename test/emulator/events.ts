// Turns finished steps into the SSE event sequence of §5.5: a shell on step.start, the payload in deltas, step.stop.
// Streaming and GET replay both write these stored events, so a client rebuilding steps from the stream
// (§5.4) must arrive at exactly the steps a unary GET returns — the fidelity suite checks that.
import { isObject, JsonObject, SseEvent, Step } from './types';

function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  const cps = Array.from(s); // never split a surrogate pair
  for (let i = 0; i < cps.length; i += size) out.push(cps.slice(i, i + size).join(''));
  return out.length ? out : [''];
}

/** Fields that identify a step and travel in its step.start shell; the rest goes into one typed delta. */
const SHELL_KEYS = new Set(['type', 'id', 'call_id', 'name', 'server_name', 'search_type']);

/** Where a streamed function_call carries its signature (§5.3: not settled live, so each is used somewhere). */
export type SignaturePlace = 'shell' | 'thought_signature' | 'function_call';

export function stepEvents(step: Step, index: number, deltaSize: number, signatureAt: SignaturePlace = 'shell'): SseEvent[] {
  const ev: SseEvent[] = [];
  const start = (shell: JsonObject) => ev.push({ event_type: 'step.start', index, step: shell });
  const delta = (d: JsonObject) => ev.push({ event_type: 'step.delta', index, delta: d });
  switch (step.type) {
    case 'model_output':
      start({ type: 'model_output' });
      for (const c of (Array.isArray(step.content) ? step.content : []) as JsonObject[]) {
        if (c.type === 'text') {
          for (const t of chunks(String(c.text), deltaSize)) delta({ type: 'text', text: t });
          // Citations follow the text they annotate, on the same index.
          if (Array.isArray(c.annotations) && c.annotations.length) delta({ type: 'text_annotation_delta', annotations: c.annotations });
        } else {
          delta({ ...c }); // media arrive whole, one delta per block
        }
      }
      break;
    case 'thought':
      start({ type: 'thought' });
      for (const s of (Array.isArray(step.summary) ? step.summary : []) as JsonObject[]) delta({ type: 'thought_summary', content: s });
      if (typeof step.signature === 'string') delta({ type: 'thought_signature', signature: step.signature });
      break;
    case 'function_call': {
      // The shell carries id, name, empty arguments and (tidy) the signature; arguments stream as JSON fragments.
      // The realistic stream puts the signature in a delta at the call's index in some steps instead.
      const shell: JsonObject = { type: 'function_call', id: step.id, name: step.name, arguments: {} };
      if (signatureAt === 'shell' && step.signature !== undefined) shell.signature = step.signature;
      start(shell);
      const json = JSON.stringify(step.arguments ?? {});
      for (const part of chunks(json, Math.max(4, Math.floor(deltaSize / 3)))) delta({ type: 'arguments_delta', arguments: part });
      if (signatureAt === 'thought_signature' && typeof step.signature === 'string') delta({ type: 'thought_signature', signature: step.signature });
      if (signatureAt === 'function_call' && typeof step.signature === 'string') delta({ type: 'function_call', signature: step.signature });
      break;
    }
    case 'tool_call':
      start({ ...step }); // complete on step.start, no delta (as observed live for MCP)
      break;
    default: {
      const shell: JsonObject = {};
      const rest: JsonObject = { type: step.type };
      for (const [k, v] of Object.entries(step)) (SHELL_KEYS.has(k) ? shell : rest)[k] = v;
      start(shell);
      if (Object.keys(rest).length > 1) delta(rest);
    }
  }
  ev.push({ event_type: 'step.stop', index });
  return ev;
}

/** Applies stream events to rebuild steps (the client algorithm of §5.4). Exported for tests and tools. */
export function rebuildSteps(events: unknown[]): { hops: { id?: string; status?: string; steps: Step[]; usage?: unknown; continuation_token?: string }[] } {
  const hops: { id?: string; status?: string; steps: Step[]; usage?: unknown; continuation_token?: string }[] = [];
  let cur: (typeof hops)[number] | undefined;
  const args = new Map<number, string>();
  for (const e of events) {
    if (!isObject(e)) continue;
    switch (e.event_type) {
      case 'interaction.created':
        cur = { id: (e.interaction as JsonObject).id as string, steps: [] };
        hops.push(cur);
        args.clear();
        break;
      case 'step.start': {
        const s = structuredClone(e.step) as Step;
        if (s.type === 'model_output' && !s.content) s.content = [];
        cur!.steps[e.index as number] = s;
        break;
      }
      case 'step.delta': {
        const s = cur!.steps[e.index as number];
        const d = e.delta as JsonObject;
        if (d.type === 'text') {
          const content = s.content as JsonObject[];
          const last = content[content.length - 1];
          if (last?.type === 'text') last.text = String(last.text) + String(d.text);
          else content.push({ type: 'text', text: d.text });
        } else if (d.type === 'text_annotation_delta') {
          const content = s.content as JsonObject[];
          const last = [...content].reverse().find((c) => c.type === 'text')!;
          last.annotations = [...((last.annotations as unknown[]) ?? []), ...(d.annotations as unknown[])];
        } else if (['image', 'audio', 'video', 'document'].includes(d.type as string)) {
          (s.content as JsonObject[]).push({ ...d });
        } else if (d.type === 'thought_summary') {
          s.summary = [...((s.summary as unknown[]) ?? []), d.content];
        } else if (d.type === 'thought_signature') {
          s.signature = d.signature;
        } else if (d.type === 'arguments_delta') {
          args.set(e.index as number, (args.get(e.index as number) ?? '') + String(d.arguments));
        } else {
          const { type: _t, ...rest } = d;
          Object.assign(s, rest);
        }
        break;
      }
      case 'step.stop': {
        const raw = args.get(e.index as number);
        if (raw !== undefined) cur!.steps[e.index as number].arguments = JSON.parse(raw);
        break;
      }
      case 'interaction.status_update':
        if (cur) cur.status = e.status as string;
        break;
      case 'interaction.completed': {
        const i = e.interaction as JsonObject;
        cur!.status = i.status as string;
        cur!.usage = i.usage;
        if (i.continuation_token) cur!.continuation_token = i.continuation_token as string;
        break;
      }
    }
  }
  return { hops };
}
