// Translates the Interactions API's SSE events (the live "steps" schema, and the older "outputs" schema
// defensively) into TurnEvents, and rebuilds the raw wire steps so stateless history can be replayed
// verbatim (signatures and unknown fields included). This folder and the rest of src/core/gemini are
// the only code that knows the wire format.
// The step → Part table lives in wireParts.ts, usage in usage.ts, the JSON guards in wireJson.ts and the step slots
// with their progress counters in stepProgress.ts; this file keeps the translator and its resume bookkeeping.
import type { InteractionStatus, Part, TurnEvent, Usage } from '../../conversation/types';
import { freshPart, newHop, type Hop, type StepSlot } from './stepProgress';
import { addUsage, translateUsage } from './usage';
import { isObject, safeParse, truncate, type Json } from './wireJson';
import { CLIENT_STEP_TYPES, KNOWN_DELTA_TYPES, KNOWN_STEP_TYPES, legacyBlockToStep, partsOfStep, shellTypeForDelta, translateAnnotations, translateMedia } from './wireParts';

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
  /**
   * True once the last hop's `interaction.completed` carried its usage. Running totals (step.stop, step.delta
   * metadata, status updates) give a usage before that, which is not the turn's complete one.
   */
  completedWithUsage = false;

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
      if (completed) {
        completed.usage ??= usage;
        if (usage) this.completedWithUsage = true;
      }
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
        // SDK 3.6.1: a status update may carry the running usage (§4.7).
        const usage = this.turnUsage(translateUsage(event.usage));
        const withUsage: TurnEvent[] = usage ? [{ type: 'usage', usage }] : [];
        if (!status) return withUsage;
        this.status = status;
        return [{ type: 'status', status }, ...withUsage];
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
    const out: TurnEvent[] = [...this.onCreated({ id: interaction.id, status: 'in_progress', model: interaction.model })];
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
    this.completedWithUsage = false;
    // The model the API says answers: a routed id is answered as the model serving it (INTERACTIONS-API.md §3.1a).
    const model = isObject(interaction) && typeof interaction.model === 'string' && interaction.model ? interaction.model : undefined;
    return id ? [{ type: 'interaction', id, status, ...(model ? { model } : {}) }] : [];
  }

  private onCompleted(interaction: unknown): TurnEvent[] {
    if (!isObject(interaction)) return [];
    const status: string = interaction.status ?? 'completed';
    const id: string = typeof interaction.id === 'string' ? interaction.id : this.interactionId ?? '';
    if (!this.hops.length) this.hops.push(newHop(id));
    this.finalStatus = status;
    this.status = status;
    const usage = this.turnUsage(translateUsage(interaction.usage));
    this.completedWithUsage = usage !== undefined;
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
    // A delta typed like its open step belongs to it whatever that type is (a future tool step the translator
    // does not know yet): its fields, signature included, are merged so stateless replay sends the whole step.
    const sameTypeAsOpen = this.hop().slots.get(index)?.raw.type === wireDelta.type;
    if (!sameTypeAsOpen && !KNOWN_DELTA_TYPES.has(wireDelta.type) && !KNOWN_STEP_TYPES.has(wireDelta.type)) {
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
        // Typed tool payload deltas (code_execution_call, google_search_result, tool_search_call, function_call
        // in the old schema or carrying a streamed signature, a future step's own type, ...) carry fields to
        // merge into the step. Other unknown delta types were dropped above.
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

function finalizeRaw(raw: Json): Json {
  const copy = structuredClone(raw);
  if ('__argsText' in copy) {
    const parsed = safeParse(copy.__argsText);
    if (parsed.ok && isObject(parsed.value)) copy.arguments = parsed.value;
    delete copy.__argsText;
  }
  return copy;
}
