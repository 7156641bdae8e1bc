// The interaction store and its lifecycle: create (sync or background), get (JSON or SSE replay), cancel, delete,
// previous_interaction_id chains and continuation tokens. Every run's complete SSE event list is computed when the
// interaction is created, so a stream cut by a fault still leaves a finished interaction that GET can replay.
import { randomBytes } from 'node:crypto';
import { Clock } from './clock';
import { HttpError, invalidRequest, notFound } from './errors';
import { stepEvents, type SignaturePlace } from './events';
import type { EventShape } from './faults';
import { checkModel, type ModelRules } from './models';
import { FilesService } from './files';
import type { FileSearchService } from './fileSearchStores';
import { Hop, plan, Plan, ScenarioError, tokens } from './model';
import { isObject, JsonObject, ScenarioSpec, SseEvent, Status, Step, Usage } from './types';
import { contentBlocks, CreateRequest, inputToSteps, validateCreate } from './validate';

export interface InteractionRecord {
  seq: number;
  id: string;
  model?: string;
  agent?: string;
  created: number;
  updated: number;
  store: boolean;
  background: boolean;
  request: CreateRequest;
  inputSteps: Step[];
  outputSteps: Step[];
  status: Status;
  usage: Usage;
  errors?: { code: string; message: string }[];
  continuationToken?: string;
  previousId?: string;
  events: SseEvent[];
  /** Event index of each output step's step.stop (what a snapshot may show while a background run progresses). */
  stopAt: number[];
  progress?: { start: number; durationMs: number; polls: number; pollCount: number; done: boolean };
  deltaSize: number;
  scenario: string;
  nextEventNo: number;
  shape: EventShape;
}

interface TokenEntry {
  ownerId: string;
  store: boolean;
  remaining: Hop[];
  plan: Plan;
}

/** Step types that mark an input as a replayed timeline rather than content. */
const STEP_INPUT_TYPES = new Set(['user_input', 'model_output', 'thought', 'function_call', 'function_result']);

export class InteractionsService {
  private records = new Map<string, InteractionRecord>();
  /** Ids of store:false interactions: distinguishes "not stored" from "never existed" in error messages. */
  private unstored = new Set<string>();
  private tokens = new Map<string, TokenEntry>();
  private scenarios: ScenarioSpec[] = [];
  private seq = 0;

  /**
   * The project's storage default (§8 item 25): live, a body without `store` is stored only while the
   * project keeps Interactions API logging on (the default). Off: such a body is not stored, and
   * `background` needs an explicit `store: true`.
   */
  projectStoreDefault = true;
  /** Every event with an id, usage only at the end, signatures on shells: for tests that need them (§8 item 27). */
  tidyStream = false;
  /**
   * A service without tool search (`refuseToolSearch`): tool search has not been observed live
   * (INTERACTIONS-API.md §3.5) [INF], so whether and how a model refuses it is unknown; this plays the 400 it
   * would most plausibly be, the same wording as any other unknown tool type or field.
   */
  refuseToolSearch = false;
  /** What the retired 2.5 ids get (models.ts). */
  modelRules: ModelRules = { retiredAnswer: 'route' };

  constructor(private clock: Clock, private files: FilesService, private fileSearch?: FileSearchService) {}

  reset(): void {
    this.records.clear();
    this.issuedSignatures.clear();
    this.issuedSteps.clear();
    this.unstored.clear();
    this.tokens.clear();
    this.scenarios = [];
  }

  queueScenario(s: ScenarioSpec | ScenarioSpec[]): void {
    for (const x of Array.isArray(s) ? s : [s]) {
      if (!isObject(x) || typeof x.name !== 'string') throw new Error('A scenario needs a string "name".');
      this.scenarios.push({ ...x });
    }
  }

  queuedScenarios(): ScenarioSpec[] {
    return [...this.scenarios];
  }

  clearScenarios(): void {
    this.scenarios = [];
  }

  ids(): string[] {
    return [...this.records.keys()];
  }

  record(id: string): InteractionRecord | undefined {
    return this.records.get(id);
  }

  // --------------------------------------------------------------------------------------------- create

  create(raw: unknown, selfHost: string, opts: { apiVersion?: string; shape?: EventShape; apiKey?: string } = {}): InteractionRecord {
    if (this.refuseToolSearch) refuseToolSearch(raw);
    const req = validateCreate(raw);
    const servedModel = checkModel(req, opts.apiVersion ?? 'v1', this.modelRules, opts.apiKey);
    const store = req.store ?? this.projectStoreDefault;
    if (req.background === true && !store) throw invalidRequest('background=true requires store=true (this project does not store interactions by default: send store=true).');
    if (req.agent?.includes('deep-research')) {
      if (req.background !== true) throw invalidRequest('Deep Research agents require background=true.');
      if (req.system_instruction !== undefined) throw invalidRequest('system_instruction is not supported for Deep Research agents; include instructions in the input.');
      // Documented agent input is a string or content; a replayed step timeline is not.
      if (Array.isArray(req.input) && req.input.some((s) => isObject(s) && STEP_INPUT_TYPES.has(String(s.type)))) {
        throw invalidRequest('Deep Research agents take input as a string or content blocks, not steps. Continue with previous_interaction_id, or put the earlier conversation into the input text.');
      }
    }
    this.checkSignatures(req.input);
    this.checkReplayedSteps(req.input);
    const prev = req.previous_interaction_id !== undefined ? this.requirePrevious(req.previous_interaction_id) : undefined;
    const input = inputToSteps(req.input);
    this.checkFiles(input, selfHost);
    this.checkFunctionResults(input, prev);
    this.checkDeferredCalls(req, input, prev);

    let hops: Hop[];
    let p: Plan;
    if (req.continuation_token !== undefined) {
      const entry = this.tokens.get(req.continuation_token);
      if (!entry) throw invalidRequest('Invalid continuation_token.');
      if (store) {
        if (req.previous_interaction_id !== entry.ownerId) {
          throw invalidRequest('continuation_token does not belong to previous_interaction_id: pass the id of the interaction that returned the token.');
        }
        if (req.input !== undefined) throw invalidRequest('input must not be set when continuing with continuation_token and previous_interaction_id.');
      }
      hops = entry.remaining;
      p = entry.plan;
    } else {
      const scenario = this.scenarios.shift();
      try {
        p = plan({ req, history: prev ? this.history(prev) : [], input, scenario, ...(this.fileSearch ? { fileSearch: this.fileSearch } : {}) });
      } catch (e) {
        if (e instanceof ScenarioError) throw invalidRequest(`[emulator] ${e.message}`);
        throw e;
      }
      hops = p.hops;
    }
    const [hop, ...rest] = hops;
    const id = this.newId();
    let continuationToken: string | undefined;
    if (rest.length) {
      continuationToken = `ct_${randomBytes(12).toString('base64url')}`;
      this.tokens.set(continuationToken, { ownerId: id, store, remaining: rest, plan: p });
    }
    const now = this.clock.now();
    const background = req.background === true;
    const history = prev ? this.history(prev) : [];
    const rec: InteractionRecord = {
      seq: ++this.seq,
      id,
      // A routed id is answered, and echoed, as the model that serves it (what live echoes is not
      // documented: the emulator's visible choice, §8 item 23).
      model: servedModel ?? req.model,
      agent: req.agent,
      created: now,
      updated: background ? now + p.background.durationMs : now,
      store,
      background,
      request: req,
      inputSteps: input,
      outputSteps: structuredClone(hop.steps),
      status: hop.status,
      usage: computeUsage(history, input, hop, req.previous_interaction_id !== undefined, toolTokens(req.tools, [...history, ...input])),
      errors: hop.errors,
      continuationToken,
      previousId: req.previous_interaction_id,
      events: [],
      stopAt: [],
      progress: background ? { start: now, durationMs: p.background.durationMs, polls: p.background.polls, pollCount: 0, done: false } : undefined,
      deltaSize: p.deltaSize,
      scenario: p.scenario,
      nextEventNo: 0,
      shape: { ...(this.tidyStream ? { tidy: true } : {}), ...opts.shape },
    };
    this.buildEvents(rec);
    if (rec.store) this.records.set(id, rec);
    else this.unstored.add(id);
    return rec;
  }

  private newId(): string {
    // Opaque, ~40 chars, like the live `v1_ChdPU0F4...` ids.
    return `v1_${Buffer.from(`emu:${this.seq + 1}:${randomBytes(12).toString('hex')}`).toString('base64url')}`;
  }

  private requirePrevious(id: string): InteractionRecord {
    const rec = this.records.get(id);
    if (!rec) {
      if (this.unstored.has(id)) throw invalidRequest(`Interaction ${id} was created with store=false and cannot be used as previous_interaction_id.`);
      throw notFound(`Interaction ${id} not found.`);
    }
    if (this.visible(rec) < rec.events.length) throw invalidRequest(`Previous interaction ${id} is still in progress.`);
    return rec;
  }

  /** Steps of the whole previous_interaction_id chain, oldest first. */
  history(rec: InteractionRecord): Step[] {
    const out: Step[] = [];
    const seen = new Set<string>();
    let r: InteractionRecord | undefined = rec;
    while (r && !seen.has(r.id)) {
      seen.add(r.id);
      out.unshift(...r.inputSteps, ...r.outputSteps);
      r = r.previousId ? this.records.get(r.previousId) : undefined;
    }
    return out;
  }

  private checkFiles(input: Step[], selfHost: string): void {
    for (const c of contentBlocks(input)) {
      if (typeof c.uri !== 'string') continue;
      const hit = this.files.lookupUri(c.uri, selfHost);
      if (!hit) continue;
      if (!hit.file) throw invalidRequest(`You do not have permission to access the File ${hit.id} or it may not exist.`);
      const state = this.files.state(hit.file);
      if (state !== 'ACTIVE') throw invalidRequest(`The File ${hit.id} is not in an ACTIVE state and usage is not allowed.`);
    }
  }

  private checkFunctionResults(input: Step[], prev: InteractionRecord | undefined): void {
    if (!input.some((s) => s.type === 'function_result')) return;
    const pending = new Set<string>();
    if (prev?.status === 'requires_action') for (const s of prev.outputSteps) if (s.type === 'function_call') pending.add(s.id as string);
    for (const s of input) {
      if (s.type === 'function_call') pending.add(s.id as string);
      if (s.type === 'function_result') {
        if (!pending.delete(s.call_id as string)) {
          throw invalidRequest(`function_result call_id '${String(s.call_id)}' does not match any pending function call.`);
        }
      }
    }
  }

  // --------------------------------------------------------------------------------------------- events

  private eventId(rec: InteractionRecord): string {
    return `evt_${Buffer.from(`${rec.seq}:${rec.nextEventNo++}`).toString('base64url')}`;
  }

  private push(rec: InteractionRecord, ev: SseEvent): void {
    // Live streams carry event_id on only some events (§5.6): by default every third one; sparse_event_ids /
    // no_event_ids choose another spacing, the tidy stream puts one on every event.
    const every = rec.shape.idEvery ?? (rec.shape.tidy ? 1 : REALISTIC_ID_EVERY);
    const n = rec.events.length + 1;
    if (every > 0 && n % every === 0) ev.event_id = this.eventId(rec);
    rec.events.push(ev);
  }

  /** Every signature this emulator has issued, to tell a replayed signature from a truncated one. */
  private issuedSignatures = new Set<string>();
  /** Issued steps of the types checked on replay (tool search, future steps), by type and id / call_id. */
  private issuedSteps = new Map<string, Step>();

  private remember(steps: Step[]): void {
    for (const s of steps) {
      if (typeof s.signature === 'string' && s.signature) this.issuedSignatures.add(s.signature);
      const key = replayKey(s);
      if (key) this.issuedSteps.set(key, structuredClone(s));
    }
  }

  /**
   * Steps replayed in stateless history must be the steps the service returned (§3.3, §5.3): a tool search step
   * keeps its signature, and a step of a type no SDK declares (future_tool_call) keeps everything its deltas
   * carried, payload and signature included. Live rejects a replay without the signature [OBS for function_call];
   * the same rule is applied to these steps (§8 item 29).
   */
  private checkReplayedSteps(input: unknown): void {
    if (!Array.isArray(input)) return;
    input.forEach((s, i) => {
      if (!isObject(s)) return;
      const key = replayKey(s as Step);
      const issued = key ? this.issuedSteps.get(key) : undefined;
      if (!issued) return;
      if (typeof issued.signature === 'string' && issued.signature && s.signature !== issued.signature) {
        throw invalidRequest(`Step '${String(s.type)}' at 'input[${i}]' is missing its signature. Replay the steps exactly as returned by the API (including 'signature').`);
      }
      if (s.type === 'future_tool_call' && JSON.stringify(sortKeys(s)) !== JSON.stringify(sortKeys(issued))) {
        throw invalidRequest(`Step 'future_tool_call' at 'input[${i}]' differs from the step the API returned. Replay steps of unknown types verbatim, with every field their deltas carried.`);
      }
    });
  }

  /**
   * A replayed `function_call` of a deferred function (defer_loading) needs the `tool_search_result` that loaded
   * it earlier in the conversation: the model could not have called it otherwise, so history that lost the
   * tool search steps is refused (§3.5, §8 item 28).
   */
  private checkDeferredCalls(req: CreateRequest, input: Step[], prev: InteractionRecord | undefined): void {
    const deferred = new Set((req.tools ?? []).filter((t) => t.type === 'function' && t.defer_loading === true).map((t) => String(t.name)));
    if (!deferred.size) return;
    const loaded = new Set<string>();
    const note = (s: Step) => {
      if (s.type === 'tool_search_result' && Array.isArray(s.result)) for (const f of s.result) if (isObject(f) && typeof f.name === 'string') loaded.add(f.name);
    };
    for (const s of prev ? this.history(prev) : []) note(s);
    input.forEach((s, i) => {
      note(s);
      if (s.type === 'function_call' && deferred.has(String(s.name)) && !loaded.has(String(s.name))) {
        throw invalidRequest(`Function call '${String(s.name)}' at 'input[${i}]' calls a deferred function (defer_loading) that no earlier tool_search_result loaded. Replay the tool_search_call and tool_search_result steps too.`);
      }
    });
  }

  /** A replayed signature that is only a piece of one we issued was cut by the client (e.g. one of several deltas). */
  private checkSignatures(input: unknown): void {
    if (!Array.isArray(input)) return;
    input.forEach((s, i) => {
      if (!isObject(s) || typeof s.signature !== 'string' || s.signature.length < 8 || this.issuedSignatures.has(s.signature)) return;
      for (const full of this.issuedSignatures) {
        if (full.includes(s.signature)) {
          throw invalidRequest(`Invalid signature at 'input[${i}].signature': it is incomplete. Replay signatures exactly as returned (the concatenation of all thought_signature deltas).`);
        }
      }
    });
  }

  /** A thought_signature delta split into fragments with empty ones between them, as live streams send it. */
  private splitSignature(ev: SseEvent, parts: number): SseEvent[] {
    const d = ev.delta as JsonObject | undefined;
    if (ev.event_type !== 'step.delta' || d?.type !== 'thought_signature' || typeof d.signature !== 'string') return [ev];
    const sig = d.signature;
    const size = Math.ceil(sig.length / parts) || 1;
    const out: SseEvent[] = [{ ...ev, delta: { type: 'thought_signature', signature: '' } }];
    for (let i = 0; i < sig.length; i += size) {
      out.push({ ...ev, delta: { type: 'thought_signature', signature: sig.slice(i, i + size) } });
      out.push({ ...ev, delta: { type: 'thought_signature', signature: '' } });
    }
    return out;
  }

  private head(rec: InteractionRecord): JsonObject {
    const h: JsonObject = { id: rec.id, object: 'interaction' };
    if (rec.model !== undefined) h.model = rec.model;
    if (rec.agent !== undefined) h.agent = rec.agent;
    return h;
  }

  private buildEvents(rec: InteractionRecord): void {
    const iso = this.clock.iso(rec.created);
    this.push(rec, { event_type: 'interaction.created', interaction: { ...this.head(rec), status: 'in_progress', created: iso, updated: iso } });
    const tidy = rec.shape.tidy === true;
    // The realistic stream (§8 item 27, §4.7): running usage on step.stop (+ step_usage), on the last delta of
    // some steps (metadata.total_usage) and on some status updates; the complete usage stays on interaction.completed.
    const input = rec.usage.total_input_tokens ?? 0;
    let output = 0;
    const running = (): Usage => ({ total_input_tokens: input, total_output_tokens: output, total_tokens: input + output });
    this.push(rec, { event_type: 'interaction.status_update', interaction_id: rec.id, status: 'in_progress', ...(tidy ? {} : { usage: running() }) });
    this.remember(rec.outputSteps);
    rec.outputSteps.forEach((step, i) => {
      const stepTokens = step.type === 'model_output' || step.type === 'function_call' ? countTokens([step]).text : 0;
      const events = stepEvents(step, i, rec.deltaSize, tidy ? 'shell' : signaturePlace(i));
      output += stepTokens;
      if (!tidy) {
        const lastDelta = events.map((e) => e.event_type).lastIndexOf('step.delta');
        if (lastDelta >= 0 && i % 2 === 0) events[lastDelta] = { ...events[lastDelta], metadata: { total_usage: running() } };
        const stop = events[events.length - 1];
        events[events.length - 1] = { ...stop, usage: running(), step_usage: { total_output_tokens: stepTokens } };
      }
      for (const e of events) {
        for (const ev of rec.shape.signatureParts ? this.splitSignature(e, rec.shape.signatureParts) : [e]) this.push(rec, ev);
      }
      rec.stopAt[i] = rec.events.length - 1;
    });
    for (const e of rec.errors ?? []) this.push(rec, { event_type: 'error', error: { ...e } });
    // A checkpoint before the end of a non-final hop: a client cut off here can resume with the token.
    if (rec.continuationToken) this.push(rec, { event_type: 'interaction.status_update', interaction_id: rec.id, status: 'in_progress', continuation_token: rec.continuationToken, ...(tidy ? {} : { usage: running() }) });
    const snapshot = this.terminalSnapshot(rec);
    if (rec.shape.usageInMetadata) {
      delete snapshot.usage;
      this.push(rec, { event_type: 'interaction.completed', interaction: snapshot, metadata: { total_usage: rec.usage } });
    } else this.push(rec, { event_type: 'interaction.completed', interaction: snapshot });
  }

  private terminalSnapshot(rec: InteractionRecord): JsonObject {
    const snap: JsonObject = { ...this.head(rec), status: rec.status, created: this.clock.iso(rec.created), updated: this.clock.iso(rec.updated), usage: rec.usage };
    if (rec.continuationToken) snap.continuation_token = rec.continuationToken;
    return snap;
  }

  /** Events visible now. Background runs reveal theirs over GET polls or (emulator clock) time, whichever is faster. */
  visible(rec: InteractionRecord): number {
    const p = rec.progress;
    if (!p || p.done) return rec.events.length;
    const fraction = Math.max(p.polls > 0 ? p.pollCount / p.polls : 0, p.durationMs > 0 ? (this.clock.now() - p.start) / p.durationMs : 1);
    if (fraction >= 1) {
      p.done = true;
      return rec.events.length;
    }
    // created + status_update at once; never the completed event before the end.
    return Math.min(rec.events.length - 1, 2 + Math.floor(fraction * (rec.events.length - 2)));
  }

  /** The Interaction resource. `timeline`: GET view with the input steps; otherwise POST view (output steps only). */
  view(rec: InteractionRecord, opts: { timeline: boolean; includeInput?: boolean; omitUsage?: boolean }): JsonObject {
    const k = this.visible(rec);
    const finished = k >= rec.events.length;
    const out: JsonObject = { ...this.head(rec), status: finished ? rec.status : 'in_progress' };
    out.created = this.clock.iso(rec.created);
    out.updated = this.clock.iso(finished ? rec.updated : this.clock.now());
    const steps = rec.outputSteps.filter((_, i) => rec.stopAt[i] < k);
    out.steps = structuredClone(opts.timeline ? [...rec.inputSteps, ...steps] : steps);
    if (finished && !opts.omitUsage) out.usage = rec.usage;
    if (rec.previousId) out.previous_interaction_id = rec.previousId;
    out.service_tier = (rec.request.service_tier as string | undefined) ?? 'standard';
    if (finished && rec.continuationToken) out.continuation_token = rec.continuationToken;
    if (finished && rec.errors) out.errors = rec.errors;
    if (opts.includeInput && rec.request.input !== undefined) out.input = structuredClone(rec.request.input) as JsonObject;
    return out;
  }

  // --------------------------------------------------------------------------------------------- get / cancel / delete

  get(id: string): InteractionRecord {
    const rec = this.records.get(id);
    if (!rec) throw notFound(`Interaction ${id} not found.`);
    return rec;
  }

  /** A JSON GET counts as one poll of a background run. */
  poll(rec: InteractionRecord): void {
    if (rec.progress && !rec.progress.done) rec.progress.pollCount++;
  }

  /** Index to resume from after `lastEventId` (strictly after it). */
  resumeIndex(rec: InteractionRecord, lastEventId: string | undefined): number {
    if (lastEventId === undefined || lastEventId === '') return 0;
    const i = rec.events.findIndex((e) => e.event_id === lastEventId);
    if (i < 0) throw invalidRequest(`Invalid last_event_id '${lastEventId}': no such event in interaction ${rec.id}.`);
    return i + 1;
  }

  cancel(id: string): InteractionRecord {
    const rec = this.get(id);
    if (!rec.background) throw invalidRequest('Only background interactions can be cancelled.');
    let k = this.visible(rec);
    if (k >= rec.events.length) throw invalidRequest(`Interaction ${id} is already ${rec.status} and cannot be cancelled.`);
    // Let a step that has started finish, so the stored steps stay well-formed.
    const open = rec.stopAt.findIndex((stop) => stop >= k);
    if (open >= 0) {
      const startIdx = rec.events.findIndex((e) => e.event_type === 'step.start' && e.index === open);
      if (startIdx >= 0 && startIdx < k) k = rec.stopAt[open] + 1;
    }
    const kept = rec.outputSteps.filter((_, i) => rec.stopAt[i] < k);
    rec.events = rec.events.slice(0, k);
    rec.outputSteps = kept;
    rec.stopAt = rec.stopAt.slice(0, kept.length);
    rec.status = 'cancelled';
    rec.errors = undefined;
    rec.continuationToken = undefined;
    rec.updated = this.clock.now();
    rec.usage = computeUsage([], rec.inputSteps, { steps: kept, status: 'cancelled', toolUseTokens: 0, groundingSearches: 0 }, false);
    this.push(rec, { event_type: 'interaction.status_update', interaction_id: rec.id, status: 'cancelled' });
    this.push(rec, { event_type: 'interaction.completed', interaction: this.terminalSnapshot(rec) });
    rec.progress!.done = true;
    return rec;
  }

  delete(id: string): void {
    if (!this.records.delete(id)) throw notFound(`Interaction ${id} not found.`);
  }
}

// --------------------------------------------------------------------------------------------- usage

function countTokens(steps: Step[]): { text: number; image: number } {
  let text = 0;
  let image = 0;
  for (const s of steps) {
    const blocks = [s.content, s.summary, s.result].flatMap((l) => (Array.isArray(l) ? l : []));
    for (const c of blocks) {
      if (!isObject(c)) continue;
      if (c.type === 'text') text += tokens(String(c.text));
      else image += 258;
    }
    if (s.type === 'function_call') text += tokens(JSON.stringify(s.arguments ?? {}));
    if (s.type === 'function_result' && typeof s.result !== 'object') text += tokens(String(s.result));
    if (s.type === 'function_result' && isObject(s.result)) text += tokens(JSON.stringify(s.result));
  }
  return { text, image };
}

/** The realistic default stream puts an event_id on every third event (live: only on some, §5.6). */
const REALISTIC_ID_EVERY = 3;

/** Where the realistic stream puts a function call's signature: the shell, or a delta at the call's index (§5.3). */
function signaturePlace(index: number): SignaturePlace {
  return (['shell', 'thought_signature', 'function_call'] as const)[index % 3];
}

/** The key under which an issued step is checked on replay (types whose replay the emulator checks). */
function replayKey(s: Step): string | undefined {
  if (s.type === 'tool_search_call' || s.type === 'future_tool_call') return typeof s.id === 'string' ? `${s.type}:${s.id}` : undefined;
  if (s.type === 'tool_search_result') return typeof s.call_id === 'string' ? `${s.type}:${s.call_id}` : undefined;
  return undefined;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
}

/**
 * Input tokens the tool declarations cost (≈ UTF-8 bytes / 4, like the rest). A deferred tool (defer_loading) costs
 * only its name and short description until a tool_search_result in the conversation loaded its definition.
 */
export function toolTokens(tools: JsonObject[] | undefined, conversation: Step[]): number {
  if (!tools?.length) return 0;
  const loaded = new Set<string>();
  for (const s of conversation) {
    if (s.type === 'tool_search_result' && Array.isArray(s.result)) for (const f of s.result) if (isObject(f) && typeof f.name === 'string') loaded.add(f.name);
  }
  let n = 0;
  for (const t of tools) {
    const deferred = t.defer_loading === true && !(t.type === 'function' && loaded.has(String(t.name)));
    n += tokens(JSON.stringify(deferred ? { type: t.type, name: t.name, short_description: t.short_description } : t));
  }
  return n;
}

export function computeUsage(history: Step[], input: Step[], hop: Hop, cached: boolean, toolInputTokens = 0): Usage {
  const hist = countTokens(history);
  const inp = countTokens(input);
  const outputs = hop.steps.filter((s) => s.type === 'model_output' || s.type === 'function_call');
  const out = countTokens(outputs);
  const thoughts = hop.steps.filter((s) => s.type === 'thought');
  const thoughtTokens = thoughts.length ? countTokens(thoughts).text + 64 * thoughts.length : 0;
  const inText = hist.text + inp.text + 4 + toolInputTokens;
  const inImage = hist.image + inp.image;
  const outImage = out.image ? out.image * 5 : 0; // generated images cost ~1290 tokens each
  const u: Usage = {
    total_input_tokens: inText + inImage,
    total_output_tokens: out.text + outImage,
    total_tokens: 0,
    input_tokens_by_modality: [{ modality: 'text', tokens: inText }],
    output_tokens_by_modality: [{ modality: 'text', tokens: out.text }],
  };
  if (inImage) u.input_tokens_by_modality!.push({ modality: 'image', tokens: inImage });
  if (outImage) u.output_tokens_by_modality!.push({ modality: 'image', tokens: outImage });
  if (thoughtTokens) u.total_thought_tokens = thoughtTokens;
  if (hop.toolUseTokens) u.total_tool_use_tokens = hop.toolUseTokens;
  if (cached && hist.text) u.total_cached_tokens = hist.text;
  if (hop.groundingSearches) u.grounding_tool_count = [{ type: 'google_search', count: hop.groundingSearches }];
  u.total_tokens = u.total_input_tokens! + u.total_output_tokens! + (u.total_thought_tokens ?? 0) + (u.total_tool_use_tokens ?? 0);
  return u;
}

export { HttpError };

/** `refuseToolSearch`: a `tool_search` tool is an unknown tool type, a `defer_loading` an unknown field [INF]. */
function refuseToolSearch(raw: unknown): void {
  const tools = isObject(raw) && Array.isArray(raw.tools) ? raw.tools : [];
  tools.forEach((t, i) => {
    if (!isObject(t)) return;
    if (t.type === 'tool_search') throw invalidRequest(`Unknown tool type 'tool_search' at 'tools[${i}].type'.`);
    if ('defer_loading' in t) throw invalidRequest(`Invalid JSON payload received. Unknown name "defer_loading" at 'tools[${i}]': Cannot find field.`);
  });
}
