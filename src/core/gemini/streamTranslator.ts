// Translates the Interactions API's SSE events (the live "steps" schema, and the older "outputs" schema
// defensively) into TurnEvents, and rebuilds the raw wire steps so stateless history can be replayed
// verbatim (signatures and unknown fields included). This module and its siblings in src/core/gemini are
// the only code that knows the wire format.
import type { Citation, InteractionStatus, Media, Part, TurnEvent, Usage } from '../conversation/types';

type Json = Record<string, any>;

/**
 * How far into a step the stream has got, per kind of delta: characters for text-like deltas (text,
 * function arguments, signature fragments), items for the rest. Resuming after a sparse `event_id` replays
 * events the client already applied; comparing the server's position with what was applied skips them.
 */
type Progress = Record<string, number>;

interface StepSlot {
  raw: Json;
  /** Part indices (turn-wide) produced by this step, in order. */
  parts: number[];
  /** What has been applied to `raw` (and told to the listener). */
  applied: Progress;
  /** The server's position in this step: equal to `applied`, except while a resumed stream replays. */
  seen: Progress;
}

interface Hop {
  id: string;
  slots: Map<number, StepSlot>;
  /** Each slot's `seen` at the last event that carried an `event_id` (where a resume starts again). */
  atCursor: Map<number, Progress>;
  /** Slots whose position changed since that event. */
  dirty: Set<number>;
}

export interface TranslatorOptions {
  /** Called for malformed input that was skipped; the stream goes on. */
  warn?: (message: string) => void;
}

export class StreamTranslator {
  private readonly hops: Hop[] = [];
  private nextPart = 0;
  /** JSON `event_id` of the last event seen: the cursor for `get(id, {stream, last_event_id})`. */
  lastEventId: string | undefined;
  /** Status of the last `interaction.completed` (or a fatal error); undefined while the run is open. */
  finalStatus: InteractionStatus | undefined;
  /** The latest interaction status seen from any event. */
  status: InteractionStatus | undefined;
  fatalError: { message: string; code?: string } | undefined;
  /** Summed usage of the earlier hops of this turn (automatic continuation: each hop reports only its own). */
  private usageBefore: Usage | undefined;
  /** Latest usage reported for the current hop. */
  private hopUsage: Usage | undefined;

  constructor(private readonly opts: TranslatorOptions = {}) {}

  /** Id of the current (last) hop's interaction: the one to resume or to chain from. */
  get interactionId(): string | undefined {
    return this.hops[this.hops.length - 1]?.id;
  }

  /** True once a terminal `interaction.completed` (not an intermediate continuation) was seen. */
  get finished(): boolean {
    return this.finalStatus !== undefined && this.finalStatus !== 'requires_continuation';
  }

  /** The rebuilt output steps of every hop, in order, as plain JSON (for stateless replay). */
  steps(): Json[] {
    const out: Json[] = [];
    for (const hop of this.hops) {
      for (const i of [...hop.slots.keys()].sort((a, b) => a - b)) out.push(finalizeRaw(hop.slots.get(i)!.raw));
    }
    return out;
  }

  /** Output steps of the current (last) hop only, e.g. the function calls of a requires_action round. */
  lastHopSteps(): Json[] {
    const hop = this.hops[this.hops.length - 1];
    if (!hop) return [];
    return [...hop.slots.keys()].sort((a, b) => a - b).map((i) => finalizeRaw(hop.slots.get(i)!.raw));
  }

  /**
   * Adds steps the client sent (the function results of a tool round) after the current hop's outputs, so
   * they show in the turn and `steps()` stays the verbatim timeline for stateless replay.
   */
  appendLocalSteps(steps: Json[]): TurnEvent[] {
    const hop = this.hop();
    let next = hop.slots.size ? Math.max(...hop.slots.keys()) + 1 : 0;
    const out: TurnEvent[] = [];
    for (const step of steps) out.push(...this.onStart(next++, step));
    return out;
  }

  /** The next events belong to a new interaction of the same turn (the next tool round). */
  expectNewInteraction(): void {
    this.finalStatus = undefined;
  }

  feed(event: unknown): TurnEvent[] {
    if (typeof event === 'string') {
      // The SDK yields non-JSON `data:` lines as raw strings; the live 600 s cut writes raw JSON arrays.
      if (event.trim() !== '') this.warn(`skipped a non-JSON stream event: ${truncate(event, 120)}`);
      return [];
    }
    if (Array.isArray(event)) {
      this.warn(`skipped a JSON array in the stream: ${truncate(JSON.stringify(event), 160)}`);
      return [];
    }
    if (!isObject(event)) {
      this.warn(`skipped a stream event that is not an object: ${truncate(String(event), 80)}`);
      return [];
    }
    const out = this.handle(event);
    if (typeof event.event_id === 'string' && event.event_id) this.markCursor(event.event_id);
    // `metadata.total_usage` may accompany any event; on interaction.completed it is the only usage a
    // `store: false` turn gets (there is no stored interaction to GET it from).
    const metaUsage = isObject(event.metadata) ? translateUsage(event.metadata.total_usage) : undefined;
    if (metaUsage) {
      const usage = this.turnUsage(metaUsage);
      const completed = out.find((e): e is Extract<TurnEvent, { type: 'completed' }> => e.type === 'completed');
      if (completed) completed.usage ??= usage;
      else if (usage) out.push({ type: 'usage', usage });
    }
    return out;
  }

  /** The stream dropped and is about to be read again from `lastEventId` (or from the start when there is none). */
  beginResume(): void {
    const hop = this.hops[this.hops.length - 1];
    if (!hop) return;
    for (const [i, slot] of hop.slots) slot.seen = { ...(this.lastEventId ? hop.atCursor.get(i) ?? {} : {}) };
    hop.dirty.clear();
  }

  private markCursor(id: string): void {
    this.lastEventId = id;
    const hop = this.hops[this.hops.length - 1];
    if (!hop) return;
    for (const i of hop.dirty) {
      const slot = hop.slots.get(i);
      if (slot) hop.atCursor.set(i, { ...slot.seen });
    }
    hop.dirty.clear();
  }

  /**
   * Brings the current hop up to date from a unary Interaction (a GET after a cut stream that carried no
   * `event_id`): only what the turn does not have yet is added, so nothing is shown or replayed twice.
   */
  reconcile(interaction: unknown): TurnEvent[] {
    if (!isObject(interaction)) return [];
    const out: TurnEvent[] = [];
    if (typeof interaction.id === 'string' && !this.hops.length) out.push(...this.onCreated({ id: interaction.id, status: 'in_progress' }));
    const hop = this.hop();
    const steps: unknown[] = Array.isArray(interaction.steps) ? interaction.steps : [];
    // GET returns the whole timeline: first this interaction's input (user_input, or the function results
    // of a tool round), then its output steps, which are what the stream indexes from 0.
    let first = 0;
    while (first < steps.length && isObject(steps[first]) && CLIENT_STEP_TYPES.has((steps[first] as Json).type)) first++;
    steps.slice(first).forEach((step, index) => {
      if (!isObject(step) || typeof step.type !== 'string') return;
      const slot = hop.slots.get(index);
      if (!slot || slot.raw.type !== step.type) {
        out.push(...this.onStart(index, step), ...this.onStop(index));
        return;
      }
      out.push(...this.catchUp(slot, index, step), ...this.onStop(index));
    });
    out.push(...this.onCompleted(interaction));
    return out;
  }

  /** The part of a finished step that a partly streamed slot is missing. */
  private catchUp(slot: StepSlot, index: number, step: Json): TurnEvent[] {
    const raw = slot.raw;
    const out: TurnEvent[] = [];
    const sync = () => { slot.seen = { ...slot.applied }; };
    sync(); // what follows is new content, not a replay
    if (step.type === 'model_output') {
      const have: Json[] = raw.content;
      const want: Json[] = Array.isArray(step.content) ? step.content : [];
      want.forEach((block, bi) => {
        const cur = have[bi];
        if (!isObject(block)) return;
        if (!cur) {
          if (block.type === 'text') {
            out.push(...this.onDelta(index, { type: 'text', text: block.text }));
            if (Array.isArray(block.annotations) && block.annotations.length) out.push(...this.onDelta(index, { type: 'text_annotation_delta', annotations: block.annotations }));
          } else out.push(...this.onDelta(index, block));
          sync();
          return;
        }
        if (block.type === 'text' && cur.type === 'text' && typeof block.text === 'string') {
          const got = String(cur.text ?? '');
          if (block.text.length > got.length && block.text.startsWith(got) && bi === have.length - 1) {
            out.push(...this.onDelta(index, { type: 'text', text: block.text.slice(got.length) }));
          }
          const more = Array.isArray(block.annotations) ? block.annotations.slice(Array.isArray(cur.annotations) ? cur.annotations.length : 0) : [];
          if (more.length && bi === have.length - 1) out.push(...this.onDelta(index, { type: 'text_annotation_delta', annotations: more }));
          sync();
        }
      });
      return out;
    }
    if (step.type === 'thought') {
      const got = Array.isArray(raw.summary) ? raw.summary.length : 0;
      for (const c of (Array.isArray(step.summary) ? step.summary : []).slice(got)) out.push(...this.onDelta(index, { type: 'thought_summary', content: c }));
      if (typeof step.signature === 'string' && step.signature) raw.signature = step.signature; // the stored step is complete
      sync();
      return out;
    }
    // Calls and tool payloads: the stored step is authoritative and replaces what was streamed.
    const { type: _t, ...fields } = structuredClone(step);
    if (raw.type === 'function_call') delete raw.__argsText;
    out.push(...this.mergeAndUpdate(slot, fields));
    sync();
    return out;
  }

  private handle(event: Json): TurnEvent[] {
    const type = event.event_type ?? event.type;
    switch (type) {
      case 'interaction.created':
      case 'interaction.start':
        return this.onCreated(event.interaction);
      case 'interaction.status_update':
      case 'interaction.in_progress':
      case 'interaction.requires_action': {
        // Only the guide-only `interaction.in_progress`/`.requires_action` events carry the status in their name;
        // a status_update without a status (e.g. a bare continuation checkpoint) must not become "status_update".
        const status: string | undefined = event.status ?? event.interaction?.status
          ?? (type === 'interaction.status_update' ? undefined : type.split('.')[1]);
        if (!status) return [];
        this.status = status;
        return [{ type: 'status', status }];
      }
      case 'step.start':
        return this.onStart(event.index, event.step);
      case 'content.start':
        return this.onStart(event.index, legacyBlockToStep(event.content));
      case 'step.delta':
      case 'content.delta':
        return this.onDelta(event.index, event.delta);
      case 'step.stop':
      case 'content.stop':
        return this.onStop(event.index, event.usage);
      case 'interaction.completed':
      case 'interaction.complete':
        return this.onCompleted(event.interaction);
      case 'error': {
        const message: string | undefined = event.error?.message;
        const code = event.error?.code !== undefined ? String(event.error.code) : undefined;
        if (!message && !code) {
          this.warn('the stream sent an empty error event; continuing');
          return [{ type: 'error', message: 'empty error event', fatal: false }];
        }
        this.fatalError = { message: message ?? `error ${code}`, code };
        this.finalStatus = 'failed';
        return [{ type: 'error', message: message ?? `Error ${code}`, code, fatal: true }];
      }
      case 'done':
        return [];
      default:
        this.warn(`ignored an unknown stream event type: ${truncate(String(type), 60)}`);
        return [];
    }
  }

  /** Translates a whole Interaction (unary create/get/cancel) into the same events a stream would give. */
  translateInteraction(interaction: unknown): TurnEvent[] {
    if (!isObject(interaction)) return [];
    const out: TurnEvent[] = [...this.onCreated({ id: interaction.id, status: 'in_progress' })];
    const steps: unknown[] = Array.isArray(interaction.steps) && interaction.steps.length
      ? interaction.steps
      : Array.isArray(interaction.outputs) ? interaction.outputs.map(legacyBlockToStep) : [];
    let index = 0;
    for (const step of steps) {
      if (isObject(step) && step.type === 'user_input') continue;
      out.push(...this.onStart(index, step), ...this.onStop(index));
      index++;
    }
    out.push(...this.onCompleted(interaction));
    return out;
  }

  // ---- event handlers -------------------------------------------------------------------------------

  private onCreated(interaction: unknown): TurnEvent[] {
    const id = isObject(interaction) && typeof interaction.id === 'string' ? interaction.id : '';
    const status: string = (isObject(interaction) && interaction.status) || 'in_progress';
    this.status = status;
    const current = this.hops[this.hops.length - 1];
    // A resumed stream replays `interaction.created` for the same id: keep the hop and its steps.
    if (current && current.id === id) return [{ type: 'status', status }];
    if (current) {
      this.usageBefore = addUsage(this.usageBefore, this.hopUsage);
      this.hopUsage = undefined;
    }
    this.hops.push(newHop(id));
    // An event id names a position in one interaction's stream: the new hop has none yet.
    this.lastEventId = undefined;
    this.finalStatus = undefined;
    return id ? [{ type: 'interaction', id, status }] : [];
  }

  private onCompleted(interaction: unknown): TurnEvent[] {
    if (!isObject(interaction)) return [];
    const status: string = interaction.status ?? 'completed';
    const id: string = typeof interaction.id === 'string' ? interaction.id : this.interactionId ?? '';
    if (!this.hops.length) this.hops.push(newHop(id));
    this.finalStatus = status;
    this.status = status;
    const usage = this.turnUsage(translateUsage(interaction.usage));
    const out: TurnEvent[] = [{ type: 'completed', id, status, ...(usage ? { usage } : {}) }];
    const errs = Array.isArray(interaction.errors) ? interaction.errors : [];
    if (status === 'failed') {
      const msg = interaction.error?.message ?? errs.map((e: Json) => e?.message).filter(Boolean).join('; ');
      out.push({ type: 'error', message: msg || 'The interaction failed.', fatal: true });
    }
    return out;
  }

  private hop(): Hop {
    if (!this.hops.length) this.hops.push(newHop(''));
    return this.hops[this.hops.length - 1];
  }

  private onStart(index: unknown, step: unknown): TurnEvent[] {
    if (typeof index !== 'number' || !isObject(step) || typeof step.type !== 'string') {
      this.warn('skipped a step.start without index or step type');
      return [];
    }
    const hop = this.hop();
    const existing = hop.slots.get(index);
    // A resumed stream may repeat step.start for a step that is already open: the deltas after the resume
    // cursor continue it, so keep what was accumulated instead of resetting it to the shell.
    if (existing && existing.raw.type === step.type) return [];
    const raw: Json = structuredClone(step);
    if (raw.type === 'model_output' && !Array.isArray(raw.content)) raw.content = [];
    const slot: StepSlot = { raw, parts: [], applied: {}, seen: {} };
    hop.slots.set(index, slot);
    hop.dirty.add(index);
    const parts = partsOfStep(raw);
    const out: TurnEvent[] = [];
    parts.forEach((part, i) => {
      const pi = existing?.parts[i] ?? this.nextPart++;
      slot.parts.push(pi);
      out.push({ type: 'part', index: pi, part });
    });
    return out;
  }

  private slotFor(index: number, deltaType: string): StepSlot {
    const hop = this.hop();
    let slot = hop.slots.get(index);
    if (!slot) {
      // Missed step.start (e.g. resumed mid-step): make a shell from the delta type.
      const type = shellTypeForDelta(deltaType);
      slot = { raw: type === 'model_output' ? { type, content: [] } : { type }, parts: [], applied: {}, seen: {} };
      hop.slots.set(index, slot);
    }
    return slot;
  }

  private onDelta(index: unknown, wireDelta: unknown): TurnEvent[] {
    if (typeof index !== 'number' || !isObject(wireDelta) || typeof wireDelta.type !== 'string') {
      if (isObject(wireDelta) && Object.keys(wireDelta).length === 0) return [];
      this.warn('skipped a step.delta without index or delta type');
      return [];
    }
    if (!KNOWN_DELTA_TYPES.has(wireDelta.type) && !KNOWN_STEP_TYPES.has(wireDelta.type)) {
      // Checked before slotFor: an unknown delta for a missed step.start must not leave a phantom
      // `{type: <delta type>}` step behind, which steps() would then replay to the API.
      this.warn(`ignored an unknown delta type: ${truncate(wireDelta.type, 40)}`);
      return [];
    }
    const slot = this.slotFor(index, wireDelta.type);
    this.hop().dirty.add(index);
    const delta = freshPart(slot, wireDelta);
    if (!delta) return [];
    const raw = slot.raw;
    switch (delta.type) {
      case 'text': {
        if (typeof delta.text !== 'string' || delta.text === '') return [];
        if (raw.type !== 'model_output') return this.mergeAndUpdate(slot, { text: (raw.text ?? '') + delta.text });
        const content: Json[] = raw.content;
        const last = content[content.length - 1];
        let out: TurnEvent[];
        if (last && last.type === 'text') {
          last.text += delta.text;
          out = [{ type: 'text', index: slot.parts[content.length - 1], text: delta.text }];
        } else {
          content.push({ type: 'text', text: delta.text });
          out = this.pushPart(slot, { kind: 'text', text: delta.text });
        }
        // SDK 1.33–1.47 (legacy schema) carried annotations inside the text delta itself.
        if (Array.isArray(delta.annotations) && delta.annotations.length) {
          out.push(...this.onDelta(index, { type: 'text_annotation', annotations: delta.annotations }));
        }
        return out;
      }
      case 'text_annotation_delta':
      case 'text_annotation': {
        const content: Json[] = Array.isArray(raw.content) ? raw.content : [];
        let bi = content.length - 1;
        while (bi >= 0 && content[bi].type !== 'text') bi--;
        if (bi < 0 || !Array.isArray(delta.annotations)) return [];
        const block = content[bi];
        (block.annotations ??= []).push(...delta.annotations);
        const citations = translateAnnotations(delta.annotations, block.text);
        return citations.length ? [{ type: 'citations', index: slot.parts[bi], citations }] : [];
      }
      case 'image': case 'audio': case 'video': case 'document': {
        const { type, ...fields } = delta;
        const block = { type, ...fields };
        if (raw.type === 'model_output') raw.content.push(block);
        const media = translateMedia(block);
        return media ? this.pushPart(slot, { kind: 'media', media }) : [];
      }
      case 'thought_summary': {
        const c = delta.content;
        if (!isObject(c)) return [];
        (raw.summary ??= []).push(structuredClone(c));
        const text = c.type === 'text' && typeof c.text === 'string' ? c.text : c.type === 'image' ? '[image]' : '';
        if (!text) return [];
        // Separate summary items the way the API's own UI does: as paragraphs.
        const sep = raw.summary.length > 1 ? '\n\n' : '';
        if (!slot.parts.length) return this.pushPart(slot, { kind: 'thought', text });
        return [{ type: 'thought', index: slot.parts[0], text: sep + text }];
      }
      case 'thought_signature':
        // Live streams split a signature over several deltas (some empty): the fragments concatenate.
        if (typeof delta.signature === 'string' && delta.signature) raw.signature = (raw.signature ?? '') + delta.signature;
        return slot.parts.length ? [] : this.pushPart(slot, { kind: 'thought', text: '' });
      case 'arguments_delta': {
        const fragment = typeof delta.arguments === 'string' ? delta.arguments
          : typeof delta.partial_arguments === 'string' ? delta.partial_arguments : '';
        if (!fragment) return [];
        raw.__argsText = (raw.__argsText ?? '') + fragment;
        if (!slot.parts.length) return this.pushPart(slot, partsOfStep(raw)[0]);
        return [{ type: 'args', index: slot.parts[0], text: fragment }];
      }
      default: {
        // Typed tool payload deltas (code_execution_call, google_search_result, function_call in the old
        // schema, ...) carry fields to merge into the step. Unknown delta types were dropped above.
        const { type: _t, ...fields } = delta;
        return this.mergeAndUpdate(slot, fields);
      }
    }
  }

  private mergeAndUpdate(slot: StepSlot, fields: Json): TurnEvent[] {
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'signature' && !v) continue;
      slot.raw[k] = v;
    }
    const [part] = partsOfStep(slot.raw);
    if (!part) return [];
    if (!slot.parts.length) return this.pushPart(slot, part);
    return [{ type: 'update', index: slot.parts[0], part }];
  }

  private pushPart(slot: StepSlot, part: Part): TurnEvent[] {
    const pi = this.nextPart++;
    slot.parts.push(pi);
    return [{ type: 'part', index: pi, part }];
  }

  private onStop(index: unknown, usage?: unknown): TurnEvent[] {
    if (typeof index !== 'number') return [];
    const slot = this.hop().slots.get(index);
    const out: TurnEvent[] = [];
    if (slot && slot.raw.type === 'function_call' && typeof slot.raw.__argsText === 'string') {
      const part = partsOfStep(slot.raw)[0];
      if (part && part.kind === 'functionCall') {
        const parsed = safeParse(slot.raw.__argsText);
        if (parsed.ok && isObject(parsed.value)) {
          slot.raw.arguments = parsed.value;
          delete slot.raw.__argsText;
          out.push({ type: 'update', index: slot.parts[0], part: partsOfStep(slot.raw)[0] });
        } else {
          this.warn(`function call ${slot.raw.name ?? ''} has arguments that are not valid JSON`);
          out.push({ type: 'update', index: slot.parts[0], part: { ...part, argsInvalid: true } });
        }
      }
    }
    const u = this.turnUsage(translateUsage(usage));
    if (u) out.push({ type: 'usage', usage: u });
    return out;
  }

  /** The turn's usage given the current hop's: earlier hops are added, as the SDK does for merged unary results. */
  private turnUsage(hop: Usage | undefined): Usage | undefined {
    if (!hop) return undefined;
    this.hopUsage = hop;
    const turn = addUsage(this.usageBefore, hop);
    // Only after several hops does the last request's input differ from the summed one (see Usage.context).
    // A copy: `turn` may be `hop` itself, which is later summed into the earlier hops.
    return turn && hop.input !== undefined && turn.input !== hop.input ? { ...turn, context: hop.input } : turn;
  }

  private warn(message: string): void {
    this.opts.warn?.(message);
  }
}

// ---- wire → parts ---------------------------------------------------------------------------------

const KNOWN_DELTA_TYPES = new Set([
  'text', 'text_annotation_delta', 'text_annotation', 'image', 'audio', 'video', 'document', 'thought_summary',
  'thought_signature', 'arguments_delta',
]);

const KNOWN_STEP_TYPES = new Set([
  'model_output', 'thought', 'function_call', 'function_result', 'code_execution_call', 'code_execution_result',
  'url_context_call', 'url_context_result', 'google_search_call', 'google_search_result', 'google_maps_call',
  'google_maps_result', 'file_search_call', 'file_search_result', 'mcp_server_tool_call', 'mcp_server_tool_result',
  'retrieval_call', 'retrieval_result', 'processing_call', 'processing_result', 'tool_call', 'tool_result',
]);

/** Steps the client itself sends: they lead a GET timeline, before the interaction's outputs. */
const CLIENT_STEP_TYPES = new Set(['user_input', 'function_result']);

function newHop(id: string): Hop {
  return { id, slots: new Map(), atCursor: new Map(), dirty: new Set() };
}

/** Which progress counter a delta advances, and by how much (characters or items). */
function measure(delta: Json): { key: string; size: number } {
  switch (delta.type) {
    case 'text': return { key: 'text', size: typeof delta.text === 'string' ? delta.text.length : 0 };
    case 'arguments_delta': {
      const f = typeof delta.arguments === 'string' ? delta.arguments : typeof delta.partial_arguments === 'string' ? delta.partial_arguments : '';
      return { key: 'args', size: f.length };
    }
    case 'thought_signature': return { key: 'sig', size: typeof delta.signature === 'string' ? delta.signature.length : 0 };
    case 'text_annotation_delta': case 'text_annotation':
      return { key: 'annotations', size: Array.isArray(delta.annotations) ? delta.annotations.length : 0 };
    case 'image': case 'audio': case 'video': case 'document': return { key: 'media', size: 1 };
    case 'thought_summary': return { key: 'summary', size: 1 };
    default: return { key: `other:${String(delta.type)}`, size: 1 };
  }
}

/**
 * The part of a delta not applied yet: all of it normally; nothing, or only the tail, when a resumed
 * stream replays what was received before the cut. Advances the slot's counters.
 */
function freshPart(slot: StepSlot, delta: Json): Json | undefined {
  const { key, size } = measure(delta);
  const seen = slot.seen[key] ?? 0;
  const applied = slot.applied[key] ?? 0;
  const skip = Math.min(Math.max(applied - seen, 0), size);
  slot.seen[key] = seen + size;
  slot.applied[key] = Math.max(applied, seen + size);
  if (size === 0) return delta;
  if (skip === size) return undefined;
  if (skip === 0) return delta;
  switch (key) {
    case 'text': return { ...delta, text: delta.text.slice(skip) };
    case 'args': return typeof delta.arguments === 'string' ? { ...delta, arguments: delta.arguments.slice(skip) } : { ...delta, partial_arguments: delta.partial_arguments.slice(skip) };
    case 'sig': return { ...delta, signature: delta.signature.slice(skip) };
    case 'annotations': return { ...delta, annotations: delta.annotations.slice(skip) };
    default: return delta;
  }
}

function shellTypeForDelta(deltaType: string): string {
  if (['text', 'text_annotation_delta', 'text_annotation', 'image', 'audio', 'video', 'document'].includes(deltaType)) return 'model_output';
  if (deltaType.startsWith('thought_')) return 'thought';
  if (deltaType === 'arguments_delta') return 'function_call';
  return deltaType;
}

/** The display parts of one wire step. `model_output` yields one part per content block. */
export function partsOfStep(step: Json): Part[] {
  switch (step.type) {
    case 'model_output': {
      const content: unknown[] = Array.isArray(step.content) ? step.content : [];
      return content.map(contentToPart);
    }
    case 'thought': {
      const summary: unknown[] = Array.isArray(step.summary) ? step.summary : [];
      const text = summary.map((c) => (isObject(c) && c.type === 'text' ? String(c.text ?? '') : '[image]')).join('\n\n');
      return [{ kind: 'thought', text }];
    }
    case 'function_call': {
      const argsText = typeof step.__argsText === 'string' ? step.__argsText
        : isObject(step.arguments) && Object.keys(step.arguments).length ? JSON.stringify(step.arguments) : '';
      return [{ kind: 'functionCall', id: str(step.id), name: str(step.name), argsText,
        ...(step.__argsText === undefined && isObject(step.arguments) ? { args: step.arguments } : {}) }];
    }
    case 'function_result':
      return [{ kind: 'functionResult', callId: str(step.call_id), name: step.name, result: resultText(step.result),
        ...(step.is_error ? { isError: true } : {}) }];
    case 'code_execution_call':
      return [{ kind: 'codeCall', id: str(step.id), language: step.arguments?.language ? String(step.arguments.language).toLowerCase() : undefined,
        code: str(step.arguments?.code) }];
    case 'code_execution_result':
      return [{ kind: 'codeResult', callId: str(step.call_id), output: resultText(step.result), ...(step.is_error ? { isError: true } : {}) }];
    case 'url_context_call':
      return [{ kind: 'urlContextCall', id: str(step.id), urls: strings(step.arguments?.urls) }];
    case 'url_context_result': {
      const items = Array.isArray(step.result) ? step.result : isObject(step.result) ? [step.result] : [];
      return [{ kind: 'urlContextResult', callId: str(step.call_id),
        results: items.filter(isObject).map((r: Json) => ({ url: r.url, status: normaliseUrlStatus(r.status) })),
        ...(step.is_error ? { isError: true } : {}) }];
    }
    case 'google_search_call':
      return [{ kind: 'searchCall', id: str(step.id), queries: strings(step.arguments?.queries) }];
    case 'google_search_result': {
      const items = Array.isArray(step.result) ? step.result : isObject(step.result) ? [step.result] : [];
      const html = items.filter(isObject).map((r: Json) => r.search_suggestions ?? r.rendered_content).filter((h: unknown) => typeof h === 'string');
      if (typeof step.rendered_content === 'string') html.push(step.rendered_content);
      return [{ kind: 'searchResult', callId: str(step.call_id), suggestionsHtml: html, ...(step.is_error ? { isError: true } : {}) }];
    }
    case 'tool_call': case 'mcp_server_tool_call': case 'google_maps_call': case 'file_search_call':
    case 'retrieval_call': case 'processing_call':
      return [{ kind: 'toolCall', tool: toolName(step.type), id: str(step.id), name: step.name, server: step.server_name,
        argsText: step.arguments !== undefined ? JSON.stringify(step.arguments) : undefined }];
    case 'tool_result': case 'mcp_server_tool_result': case 'google_maps_result': case 'file_search_result':
    case 'retrieval_result': case 'processing_result':
      return [{ kind: 'toolResult', tool: toolName(step.type), callId: str(step.call_id), name: step.name, server: step.server_name,
        result: step.result === undefined ? '' : resultText(step.result), ...(step.is_error ? { isError: true } : {}) }];
    default:
      return [{ kind: 'unsupported', wireType: str(step.type), preview: truncate(JSON.stringify(step), 400) }];
  }
}

function contentToPart(block: unknown): Part {
  if (!isObject(block)) return { kind: 'unsupported', wireType: typeof block, preview: truncate(String(block), 200) };
  if (block.type === 'text') {
    const citations = Array.isArray(block.annotations) ? translateAnnotations(block.annotations, str(block.text)) : [];
    return { kind: 'text', text: str(block.text), ...(citations.length ? { citations } : {}) };
  }
  const media = translateMedia(block);
  if (media) return { kind: 'media', media };
  return { kind: 'unsupported', wireType: `content:${str(block.type)}`, preview: truncate(JSON.stringify(block), 400) };
}

function translateMedia(block: Json): Media | undefined {
  if (!['image', 'audio', 'video', 'document'].includes(block.type)) return undefined;
  return {
    type: block.type,
    ...(block.mime_type ? { mimeType: String(block.mime_type) } : {}),
    ...(typeof block.data === 'string' ? { data: block.data } : {}),
    ...(typeof block.uri === 'string' ? { uri: block.uri } : {}),
    ...(typeof block.name === 'string' ? { name: block.name } : {}),
  };
}

function translateAnnotations(annotations: unknown[], text: string): Citation[] {
  const out: Citation[] = [];
  for (const a of annotations) {
    if (!isObject(a)) continue;
    const kind: Citation['kind'] = a.type === 'url_citation' ? 'url' : a.type === 'file_citation' ? 'file'
      : a.type === 'place_citation' ? 'place' : 'other';
    if (kind === 'other' && !a.url && !a.source) continue;
    out.push({
      kind,
      url: a.url ?? a.document_uri ?? (typeof a.source === 'string' && /^https?:/.test(a.source) ? a.source : undefined),
      title: a.title ?? a.file_name ?? a.name ?? a.source,
      ...(typeof a.start_index === 'number' ? { start: utf8OffsetToUtf16(text, a.start_index) } : {}),
      ...(typeof a.end_index === 'number' ? { end: utf8OffsetToUtf16(text, a.end_index) } : {}),
    });
  }
  return out;
}

/** Converts a UTF-8 byte offset (what the API gives) into a JS string index. */
export function utf8OffsetToUtf16(text: string, byteOffset: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    if (bytes >= byteOffset) return i;
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { bytes += 4; i++; }
    else bytes += 3;
  }
  return text.length;
}

export function translateUsage(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  const pick = (k: string, legacy?: string) => (typeof u[k] === 'number' ? u[k] : legacy && typeof u[legacy] === 'number' ? u[legacy] : undefined);
  const usage: Usage = {};
  const set = (key: keyof Usage, v: number | undefined) => { if (v !== undefined) usage[key] = v; };
  set('input', pick('total_input_tokens', 'prompt_tokens'));
  set('output', pick('total_output_tokens', 'completion_tokens'));
  set('thought', pick('total_thought_tokens'));
  set('cached', pick('total_cached_tokens'));
  set('toolUse', pick('total_tool_use_tokens'));
  set('total', pick('total_tokens'));
  return Object.keys(usage).length ? usage : undefined;
}

function addUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a || !b) return a ?? b;
  const out: Usage = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof Usage, number][]) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Legacy `outputs` blocks → steps: media/text become a model_output step, the rest keep their type. */
export function legacyBlockToStep(block: unknown): Json {
  if (!isObject(block)) return { type: 'unknown' };
  if (['text', 'image', 'audio', 'video', 'document'].includes(block.type)) {
    // content.start usually carries a stub (`{"type":"image"}`) and the payload follows in a delta, which
    // pushes its own block: keeping the stub would add an empty media part before the real one.
    const stub = block.type === 'text' ? block.text === undefined : block.data === undefined && block.uri === undefined;
    const content = stub ? [] : [structuredClone(block)];
    return { type: 'model_output', content };
  }
  return structuredClone(block);
}

function finalizeRaw(raw: Json): Json {
  const copy = structuredClone(raw);
  if ('__argsText' in copy) {
    const parsed = safeParse(copy.__argsText);
    if (parsed.ok && isObject(parsed.value)) copy.arguments = parsed.value;
    delete copy.__argsText;
  }
  return copy;
}

function normaliseUrlStatus(s: unknown): string | undefined {
  if (typeof s !== 'string') return undefined;
  return s.replace(/^URL_RETRIEVAL_STATUS_/, '').toLowerCase();
}

function toolName(stepType: string): string {
  if (stepType === 'tool_call' || stepType === 'tool_result' || stepType.startsWith('mcp_')) return 'mcp';
  return stepType.replace(/_(call|result)$/, '');
}

function resultText(result: unknown): string {
  if (typeof result === 'string') return result;
  if (Array.isArray(result)) {
    return result.map((c) => (isObject(c) && c.type === 'text' ? str(c.text) : isObject(c) ? `[${str(c.type)}]` : String(c))).join('\n');
  }
  return result === undefined ? '' : JSON.stringify(result, null, 2);
}

function safeParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try { return { ok: true, value: JSON.parse(text) }; } catch { return { ok: false }; }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
