// Builds Interactions API request bodies from the extension's own types.
import type { InputPart, McpServer, TurnSettings } from '../conversation/types';
import { modelCapabilities, type BuiltInTool } from '../models/models';

type Json = Record<string, unknown>;

/** Wire content blocks for one user message. */
export function inputContent(parts: InputPart[]): Json[] {
  return parts.map((p) => {
    if (p.kind === 'text') return { type: 'text', text: p.text };
    const m = p.media;
    return {
      type: m.type,
      ...(m.data !== undefined ? { data: m.data } : {}),
      ...(m.uri !== undefined ? { uri: m.uri } : {}),
      ...(m.mimeType ? { mime_type: m.mimeType } : {}),
    };
  });
}

/** The `user_input` step that records a user message in stateless history. */
export function userInputStep(parts: InputPart[]): Json {
  return { type: 'user_input', content: inputContent(parts) };
}

/** The content of a recorded `user_input` step, which Retry sends again as the new input. */
export function userInputContent(step: unknown): Json[] {
  return (step as { content?: Json[] }).content ?? [];
}

export interface BuildRequest {
  settings: TurnSettings;
  /** The new user message (absent when the input is `steps`, e.g. function results). */
  input: InputPart[] | Json[];
  /** Continue a stored server-side chain. */
  previousInteractionId?: string;
  /** Stateless: earlier wire steps (user_input steps and output steps, verbatim). */
  history?: unknown[];
}

export function buildCreateBody(req: BuildRequest): Json {
  const { settings } = req;
  if (settings.agent) return buildAgentBody(req);
  const isInputParts = req.input.length > 0 && 'kind' in (req.input[0] as object);
  const newSteps: unknown[] = isInputParts ? [userInputStep(req.input as InputPart[])] : req.input;
  let input: unknown;
  if (req.history?.length) input = [...req.history, ...newSteps];
  else if (isInputParts) input = inputContent(req.input as InputPart[]);
  else input = req.input;

  const body: Json = { model: settings.model, input };
  if (req.previousInteractionId && !req.history) body.previous_interaction_id = req.previousInteractionId;
  // Always explicit: since 2026-10-26 a project can turn the storage default off, and chains, resume and
  // background runs need a stored interaction (INTERACTIONS-API.md §3.1).
  body.store = !!(settings.store || settings.background);
  if (settings.background) body.background = true;
  if (settings.systemInstruction?.trim()) body.system_instruction = settings.systemInstruction;
  const tools = buildTools(settings, Array.isArray(input) ? calledWithoutSearch(input) : new Set());
  if (tools.length) body.tools = tools;
  const gen = buildGenerationConfig(settings);
  if (gen) body.generation_config = gen;
  const format = buildResponseFormat(settings);
  if (format) body.response_format = format;
  return body;
}

/**
 * Agent interactions (Deep Research): `background: true` is required (and so is `store`), thought
 * summaries and `visualization` come from `agent_config`, and neither `generation_config` nor
 * `system_instruction` is accepted (the instruction is prepended to the input instead). The user's File
 * Search stores and MCP servers (the same, consented, list as the panel's turns) go in `tools`, as the agent
 * documents; without them `tools` stays unset so the agent keeps its defaults.
 */
function buildAgentBody(req: BuildRequest): Json {
  const { settings } = req;
  const agent = settings.agent!;
  // Documented agent input is a string or content blocks, never a replayed step timeline: without a
  // server-side chain (store off, or the chain was lost) the earlier conversation becomes one text block.
  const content: Json[] = [];
  const instruction = settings.systemInstruction?.trim();
  if (instruction) content.push({ type: 'text', text: instruction });
  const earlier = req.history?.length ? transcriptText(req.history) : '';
  if (earlier) content.push({ type: 'text', text: `The conversation so far:\n\n${earlier}\n\nThe new request follows.` });
  content.push(...newContent(req.input));
  // Background runs need storage: sent explicitly, whatever the project's default is.
  const body: Json = { agent: agent.id, input: content, background: true, store: true };
  if (req.previousInteractionId && !req.history) body.previous_interaction_id = req.previousInteractionId;
  body.agent_config = {
    type: 'deep-research', thinking_summaries: agent.thinkingSummaries === false ? 'none' : 'auto',
    ...(settings.research?.visualization ? { visualization: settings.research.visualization } : {}),
    ...(agent.collaborativePlanning ? { collaborative_planning: true } : {}),
  };
  const tools = agentTools(settings);
  if (tools.length) body.tools = tools;
  return body;
}

/**
 * Deep Research's tools: the user's File Search stores and MCP servers (INTERACTIONS-API.md §3.2). Whether a
 * `tools` list replaces the agent's defaults or adds to them is not documented, so the defaults (Google
 * Search, URL context, code execution) are listed too whenever anything is sent.
 */
function agentTools(settings: TurnSettings): Json[] {
  const stores = settings.tools.fileSearchStores?.filter((s) => s.trim()) ?? [];
  const servers = settings.tools.mcpServers ?? [];
  if (!stores.length && !servers.length) return [];
  return [
    { type: 'google_search' }, { type: 'url_context' }, { type: 'code_execution' },
    ...(stores.length ? [{ type: 'file_search', file_search_store_names: stores }] : []),
    ...servers.map(mcpTool),
  ];
}

function mcpTool(m: McpServer): Json {
  return {
    type: 'mcp_server', name: m.name, url: m.url,
    ...(m.headers && Object.keys(m.headers).length ? { headers: m.headers } : {}),
    ...(m.allowedTools?.length ? { allowed_tools: [{ tools: m.allowedTools }] } : {}),
  };
}

/** The new message as content blocks, whether it came as input parts or as a `user_input` step (retry). */
function newContent(input: InputPart[] | Json[]): Json[] {
  if (!input.length) return [];
  if ('kind' in (input[0] as object)) return inputContent(input as InputPart[]);
  return (input as Json[]).flatMap((s) => (s.type === 'user_input' && Array.isArray(s.content) ? s.content as Json[] : s.type === 'function_result' ? [] : [s]));
}

/** Earlier turns as plain text ("User: …" / "Gemini: …"); thoughts, tool steps and media are left out. */
function transcriptText(history: unknown[]): string {
  const lines: string[] = [];
  for (const s of history) {
    if (!isJson(s) || !Array.isArray(s.content)) continue;
    const text = (s.content as unknown[]).filter((c): c is Json => isJson(c) && c.type === 'text').map((c) => String(c.text ?? '')).join('\n').trim();
    if (!text) continue;
    if (s.type === 'user_input') lines.push(`User: ${text}`);
    else if (s.type === 'model_output') lines.push(`Gemini: ${text}`);
  }
  return lines.join('\n\n');
}

/** The function-result turn of a tool round (stateful: sent with previous_interaction_id). */
export function functionResultSteps(results: { callId: string; name: string; result: string; isError?: boolean }[]): Json[] {
  return results.map((r) => ({
    type: 'function_result', call_id: r.callId, name: r.name, result: r.result, ...(r.isError ? { is_error: true } : {}),
  }));
}

/** Pending client calls of a `requires_action` interaction: its `function_call` steps without a result. */
export function pendingFunctionCalls(steps: unknown[]): { id: string; name: string; args: Record<string, unknown> }[] {
  const answered = new Set<string>();
  for (const s of steps) if (isJson(s) && s.type === 'function_result' && typeof s.call_id === 'string') answered.add(s.call_id);
  const out: { id: string; name: string; args: Record<string, unknown> }[] = [];
  for (const s of steps) {
    if (!isJson(s) || s.type !== 'function_call' || typeof s.id !== 'string' || answered.has(s.id)) continue;
    out.push({ id: s.id, name: String(s.name ?? ''), args: isJson(s.arguments) ? s.arguments : {} });
  }
  return out;
}

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Tool and option combinations the API documents as unsupported (INTERACTIONS-API.md §3.5, §3.9, §6 #29),
 * as sentences for the user. The request is still sent: the API has contradicted its own docs before.
 */
export function unsupportedCombinations(settings: TurnSettings): string[] {
  const out: string[] = [];
  const t = settings.tools;
  const builtIn = [t.codeExecution && 'code execution', t.urlContext && 'URL context', t.googleSearch && 'Google Search', t.googleMaps && 'Google Maps',
    t.fileSearchStores?.length && 'File Search'].filter(Boolean) as string[];
  if (!settings.agent && t.mcpServers?.length && (t.functions?.length || builtIn.length)) {
    const others = [...(t.functions?.length ? ['the workspace function tools'] : []), ...builtIn].join(', ');
    out.push(`The Interactions API documents that remote MCP servers cannot be combined with function calling or built-in tools in one request (here: ${others}). If the request fails, turn those off or remove the MCP servers.`);
  }
  for (const s of t.mcpServers ?? []) {
    if (s.name.includes('-')) out.push(`MCP server name "${s.name}" contains "-", which the API rejects. Rename it in geminiInteractions.mcpServers.`);
  }
  if (settings.output?.kind === 'image' && (t.functions?.length || t.mcpServers?.length)) {
    out.push('Image output is not combined with function or MCP tools; those tools were left out of this request.');
  }
  if (!settings.agent) out.push(...leftOutForModel(settings));
  if ((settings.background || settings.agent) && !settings.store) {
    out.push('Background runs need server-side storage (store: true), so this run is stored even though geminiInteractions.store is off.');
  }
  return out;
}

/** What buildTools / buildGenerationConfig leave out because the model does not take it, as one sentence. */
function leftOutForModel(settings: TurnSettings): string[] {
  const caps = modelCapabilities(settings.model);
  const t = settings.tools;
  const tools = ([
    [t.codeExecution, 'code_execution', 'code execution'], [t.urlContext, 'url_context', 'URL context'], [t.googleSearch, 'google_search', 'Google Search'],
    [t.googleMaps, 'google_maps', 'Google Maps'], [!!t.fileSearchStores?.length, 'file_search', 'File Search'],
  ] as const).filter(([on, wire]) => on && !caps.builtInTools.includes(wire)).map(([, , label]) => label);
  const level = settings.generation?.thinkingLevel;
  const what = [...tools, ...(level && !caps.thinkingLevels.includes(level) ? [`thinking level "${level}"`] : [])];
  return what.length ? [`${settings.model} does not take ${what.join(', ')}, so ${what.length > 1 ? 'they were' : 'it was'} left out of this request.`] : [];
}

/**
 * From this many client-declared tools on (function tools plus MCP servers), their schemas are deferred behind
 * `tool_search` (INTERACTIONS-API.md §3.5): the model sees each function's name and short description and loads a
 * definition when it needs it, instead of every schema on every turn. The workspace and edit tools alone are 9
 * (about 4 KB of schemas, worth sending); one MCP server more, whose tool list can be long, and tool search pays.
 */
export const TOOL_SEARCH_MIN_TOOLS = 10;

/** The short description of a deferred function: its description's first sentence, at most 120 characters. */
export function shortDescription(description: string): string {
  const first = /^[\s\S]*?[.!?](?=\s|$)/.exec(description.trim())?.[0] ?? description.trim();
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

/**
 * Functions the input replays a call of without the tool search that loaded it (VS Code's native chat keeps
 * the calls, not the search steps): they are sent loaded, or the replayed call would name an unloaded tool.
 */
function calledWithoutSearch(input: unknown[]): Set<string> {
  const loaded = new Set<string>();
  const out = new Set<string>();
  for (const s of input) {
    if (!isJson(s)) continue;
    if (s.type === 'tool_search_result' && Array.isArray(s.result)) for (const f of s.result) if (isJson(f) && typeof f.name === 'string') loaded.add(f.name);
    if (s.type === 'function_call' && typeof s.name === 'string' && !loaded.has(s.name)) out.add(s.name);
  }
  return out;
}

function buildTools(settings: TurnSettings, keepLoaded: ReadonlySet<string> = new Set()): Json[] {
  const tools: Json[] = [];
  // Only the built-in tools the model takes (image models take few or none; the live API rejects the rest).
  const caps = modelCapabilities(settings.model);
  const builtIn = (t: BuiltInTool) => caps.builtInTools.includes(t);
  if (settings.tools.codeExecution && builtIn('code_execution')) tools.push({ type: 'code_execution' });
  if (settings.tools.urlContext && builtIn('url_context')) tools.push({ type: 'url_context' });
  if (settings.tools.googleSearch && builtIn('google_search')) tools.push({ type: 'google_search' });
  if (settings.tools.googleMaps && builtIn('google_maps')) tools.push({ type: 'google_maps' });
  const stores = settings.tools.fileSearchStores?.filter((s) => s.trim()) ?? [];
  if (stores.length && builtIn('file_search')) tools.push({ type: 'file_search', file_search_store_names: stores });
  // Image models do not take client or MCP tools (see unsupportedCombinations).
  if (settings.output?.kind === 'image' || !caps.functionTools) return tools;
  const functions = settings.tools.functions ?? [];
  const servers = settings.tools.mcpServers ?? [];
  const search = settings.tools.toolSearch !== false && caps.known && functions.length + servers.length >= TOOL_SEARCH_MIN_TOOLS;
  if (search) tools.push({ type: 'tool_search' });
  for (const f of functions) {
    const defer = search && !keepLoaded.has(f.name);
    tools.push({
      type: 'function', name: f.name, description: f.description, parameters: f.parameters,
      ...(defer ? { defer_loading: true, short_description: shortDescription(f.description) } : {}),
    });
  }
  for (const m of servers) tools.push({ ...mcpTool(m), ...(search ? { defer_loading: true } : {}) });
  return tools;
}

function buildResponseFormat(settings: TurnSettings): Json | undefined {
  const o = settings.output;
  if (!o) return undefined;
  if (o.kind === 'json') return { type: 'text', mime_type: 'application/json', schema: o.schema };
  // Live, only inline image/jpeg is accepted (no `delivery`).
  return { type: 'image', mime_type: 'image/jpeg', ...(o.aspectRatio ? { aspect_ratio: o.aspectRatio } : {}), ...(o.imageSize ? { image_size: o.imageSize } : {}) };
}

function buildGenerationConfig(settings: TurnSettings): Json | undefined {
  const g = settings.generation;
  if (!g) return undefined;
  const caps = modelCapabilities(settings.model);
  const out: Json = {};
  // temperature/top_p are deprecated and Gemini 3 is tuned for its default: only what the user set is sent.
  if (g.temperature !== undefined) out.temperature = g.temperature;
  if (g.maxOutputTokens !== undefined) out.max_output_tokens = g.maxOutputTokens;
  // Never a level the model does not take (live: 400 "'minimal' is not a supported thinking level").
  if (g.thinkingLevel && caps.thinkingLevels.includes(g.thinkingLevel)) out.thinking_level = g.thinkingLevel;
  if (g.thinkingSummaries !== undefined && caps.thinking) out.thinking_summaries = g.thinkingSummaries ? 'auto' : 'none';
  if (g.toolChoice) out.tool_choice = g.toolChoice;
  return Object.keys(out).length ? out : undefined;
}

/** The body without `generation_config.thinking_level`: the one retry after the service rejected the level. */
export function withoutThinkingLevel(body: Json): Json {
  const gc = body.generation_config as Json | undefined;
  if (!gc || !('thinking_level' in gc)) return body;
  const { thinking_level: _l, ...rest } = gc;
  const out: Json = { ...body };
  if (Object.keys(rest).length) out.generation_config = rest;
  else delete out.generation_config;
  return out;
}

/** True when the request uses tool search: a `tool_search` tool, or a tool with `defer_loading`. */
export function usesToolSearch(body: Json): boolean {
  return Array.isArray(body.tools) && body.tools.some((t) => isJson(t) && (t.type === 'tool_search' || 'defer_loading' in t));
}

/**
 * The body without tool search: no `tool_search` tool, and every function and MCP server sent loaded (no
 * `defer_loading`, no `short_description`). The one retry after the service refused tool search, and every
 * request to that model while the refusal is remembered.
 */
export function withoutToolSearch(body: Json): Json {
  if (!usesToolSearch(body)) return body;
  const tools = (body.tools as unknown[]).filter((t) => !(isJson(t) && t.type === 'tool_search')).map((t) => {
    if (!isJson(t)) return t;
    const { defer_loading: _d, short_description: _s, ...rest } = t;
    return rest;
  });
  return { ...body, tools };
}

/**
 * The body without the built-in tools of these types (`google_maps`, …): the retry after the service refused one
 * for the model, and every request to it while the refusal is remembered.
 */
export function withoutTools(body: Json, types: readonly string[]): Json {
  if (!types.length || !Array.isArray(body.tools)) return body;
  const tools = body.tools.filter((t) => !(isJson(t) && types.includes(String(t.type))));
  if (tools.length === body.tools.length) return body;
  const out: Json = { ...body, tools };
  if (!tools.length) delete out.tools;
  return out;
}

/**
 * The body with every content block of these kinds (`audio`, …) replaced by a short text saying it was left out,
 * in the new input and in replayed `user_input` steps: the model refuses that input, and the text keeps the
 * conversation truthful (the user did attach something). `note(kind)` writes the text.
 */
export function withoutInputKinds(body: Json, kinds: readonly string[], note: (kind: string) => string): Json {
  if (!kinds.length || !Array.isArray(body.input)) return body;
  let changed = false;
  const blocks = (content: unknown[]): unknown[] => content.map((c) => {
    if (!isJson(c) || !kinds.includes(String(c.type))) return c;
    changed = true;
    return { type: 'text', text: note(String(c.type)) };
  });
  const input = body.input.map((s) => {
    if (isJson(s) && s.type === 'user_input' && Array.isArray(s.content)) return { ...s, content: blocks(s.content) };
    return blocks([s])[0];
  });
  return changed ? { ...body, input } : body;
}

/** Rough request size, for the request-bytes benchmark and logs. */
export function bodyBytes(body: Json): number {
  return new TextEncoder().encode(JSON.stringify(body)).length;
}

/** The last round of a runaway tool loop: answer in text, no more calls. */
export function withToolChoiceNone(body: Json): Json {
  return { ...body, generation_config: { ...(body.generation_config as Json | undefined), tool_choice: 'none' } };
}
