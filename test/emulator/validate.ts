// Strict request validation for POST /interactions (checklist §8 items 1–6 of INTERACTIONS-API.md).
// The SDK validates nothing on the way out, so the emulator is where a client's request bugs must surface.
// Everything here is stateless; checks that need stored interactions or files live in interactions.ts.
import { invalidRequest, HttpError } from './errors';
import { isObject, JsonObject, Step } from './types';

const TOP_LEVEL = new Set([
  'model', 'agent', 'input', 'previous_interaction_id', 'system_instruction', 'tools', 'generation_config', 'agent_config',
  'response_format', 'response_modalities', 'stream', 'store', 'background', 'service_tier', 'continuation_token',
  'environment', 'webhook_config',
]);
/** Accepted by the typings but only served by Vertex / the Gemini Enterprise Agent Platform. */
const VERTEX_ONLY_TOP = new Set(['safety_settings', 'labels']);
const vertexOnly = (what: string) =>
  invalidRequest(`${what} is not available on the Gemini API but is available on the Gemini Enterprise Agent Platform.`);

export const CONTENT_TYPES = ['text', 'image', 'audio', 'document', 'video'] as const;
export const STEP_TYPES = new Set([
  'user_input', 'model_output', 'thought', 'function_call', 'function_result', 'code_execution_call', 'code_execution_result',
  'url_context_call', 'url_context_result', 'google_search_call', 'google_search_result', 'google_maps_call', 'google_maps_result',
  'file_search_call', 'file_search_result', 'mcp_server_tool_call', 'mcp_server_tool_result', 'tool_call', 'processing_call', 'processing_result',
  // SDK 3.6.1 (§4.3): tool search and the Vertex retrieval steps may be replayed like any other step (§8 item 28).
  'tool_search_call', 'tool_search_result', 'retrieval_call', 'retrieval_result',
  // A step type no SDK declares yet, which this emulator emits (scenario future_step, §8 item 29): the service
  // takes back what it returned, so a replay of it is accepted (and checked against what was issued, interactions.ts).
  'future_tool_call',
]);

export const MIME_TYPES: Record<string, ReadonlySet<string>> = {
  image: new Set(['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif', 'image/gif', 'image/bmp', 'image/tiff']),
  audio: new Set(['audio/wav', 'audio/mp3', 'audio/aiff', 'audio/aac', 'audio/ogg', 'audio/flac', 'audio/mpeg', 'audio/m4a', 'audio/l16', 'audio/opus', 'audio/alaw', 'audio/mulaw', 'audio/webm']),
  document: new Set([
    'application/pdf', 'text/csv',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/vnd.ms-powerpoint', 'application/vnd.oasis.opendocument.presentation',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.template',
    'application/vnd.oasis.opendocument.text', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel',
    'application/vnd.oasis.opendocument.spreadsheet',
  ]),
  video: new Set(['video/mp4', 'video/mpeg', 'video/mpg', 'video/mov', 'video/avi', 'video/x-flv', 'video/webm', 'video/wmv', 'video/3gpp']),
};

const TOOL_FIELDS: Record<string, ReadonlySet<string>> = {
  // defer_loading / short_description since SDK 3.6.1 (§3.5): the schema is loaded through tool_search.
  function: new Set(['name', 'description', 'parameters', 'defer_loading', 'short_description']),
  code_execution: new Set(),
  url_context: new Set(),
  google_search: new Set(['search_types']),
  file_search: new Set(['file_search_store_names', 'top_k', 'metadata_filter']),
  google_maps: new Set(['enable_widget', 'latitude', 'longitude']),
  mcp_server: new Set(['name', 'url', 'headers', 'allowed_tools', 'defer_loading']),
  tool_search: new Set(['execution', 'name', 'description', 'parameters']),
  computer_use: new Set(['environment', 'excluded_predefined_functions', 'enable_prompt_injection_detection', 'disabled_safety_policies']),
};

const GENERATION_CONFIG = new Set([
  'temperature', 'top_p', 'seed', 'stop_sequences', 'max_output_tokens', 'thinking_level', 'thinking_summaries', 'tool_choice',
  'speech_config', 'image_config', 'transcription_config', 'video_config',
]);
const AGENT_CONFIG: Record<string, ReadonlySet<string> | undefined> = {
  'deep-research': new Set(['type', 'thinking_summaries', 'visualization', 'collaborative_planning', 'enable_bigquery_tool']),
  dynamic: undefined, // any keys
  'code-mender': new Set(['type', 'model', 'session_id', 'session_config', 'find_request', 'fix_request']),
  antigravity: new Set(['type', 'model', 'max_total_tokens']),
};
const MODALITIES = ['text', 'image', 'audio', 'video', 'document'];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The validated body. Fields keep their wire names. */
export type CreateRequest = JsonObject & {
  model?: string;
  agent?: string;
  input?: unknown;
  previous_interaction_id?: string;
  system_instruction?: string;
  tools?: JsonObject[];
  generation_config?: JsonObject;
  agent_config?: JsonObject;
  response_format?: unknown;
  response_modalities?: string[];
  stream?: boolean;
  store?: boolean;
  background?: boolean;
  continuation_token?: string;
};

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function expect(cond: boolean, path: string, want: string, v: unknown): void {
  if (!cond) throw invalidRequest(`Invalid value at '${path}': expected ${want}, got ${typeName(v)}.`);
}
function unknownParam(path: string): HttpError {
  return invalidRequest(`Unknown parameter '${path}'.`);
}
function onlyKeys(obj: JsonObject, allowed: ReadonlySet<string>, prefix: string): void {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) throw unknownParam(prefix ? `${prefix}.${k}` : k);
}
function enumValue(v: unknown, allowed: readonly string[], path: string): void {
  if (typeof v !== 'string' || !allowed.includes(v)) {
    throw invalidRequest(`Invalid value at '${path}' (${JSON.stringify(v)}): expected one of ${allowed.join(', ')}.`);
  }
}

export function validateCreate(raw: unknown): CreateRequest {
  if (!isObject(raw)) throw invalidRequest('Request body must be a JSON object.');
  const body = raw as CreateRequest;
  for (const k of Object.keys(body)) {
    if (VERTEX_ONLY_TOP.has(k)) throw vertexOnly(k);
    if (k === 'response_mime_type') throw invalidRequest('responseFormat must be set when responseMimeType is set.');
    if (!TOP_LEVEL.has(k)) throw unknownParam(k);
  }
  for (const k of ['model', 'agent', 'previous_interaction_id', 'continuation_token'] as const) {
    if (k in body) expect(typeof body[k] === 'string' && body[k] !== '', k, 'a non-empty string', body[k]);
  }
  for (const k of ['stream', 'store', 'background'] as const) if (k in body) expect(typeof body[k] === 'boolean', k, 'a boolean', body[k]);
  if ('system_instruction' in body) expect(typeof body.system_instruction === 'string', 'system_instruction', 'a string', body.system_instruction);

  const hasModel = body.model !== undefined;
  const hasAgent = body.agent !== undefined;
  if (!hasModel && !hasAgent) throw invalidRequest('Either model or agent must be set.');
  if (hasModel && hasAgent) throw invalidRequest('Only one of model or agent can be set.');
  if (hasAgent && body.generation_config !== undefined) throw invalidRequest('generation_config is not supported for agent interactions; use agent_config.');
  if (hasModel && body.agent_config !== undefined) throw invalidRequest('agent_config is only supported for agent interactions.');
  if (body.store === false && body.background === true) throw invalidRequest('background=true requires store=true.');
  if (body.webhook_config !== undefined) {
    if (body.background !== true) throw invalidRequest('webhook_config is only supported with background=true.');
    expect(isObject(body.webhook_config), 'webhook_config', 'an object', body.webhook_config);
    onlyKeys(body.webhook_config as JsonObject, new Set(['uris', 'user_metadata']), 'webhook_config');
  }
  if (body.service_tier !== undefined) enumValue(body.service_tier, ['flex', 'standard', 'priority', 'deferred'], 'service_tier');
  if (body.environment !== undefined) expect(typeof body.environment === 'string' || isObject(body.environment), 'environment', 'a string or an object', body.environment);

  if (body.tools !== undefined) validateTools(body.tools);
  if (body.generation_config !== undefined) validateGenerationConfig(body.generation_config);
  if (body.agent_config !== undefined) validateAgentConfig(body.agent_config);
  if (body.response_modalities !== undefined) {
    expect(Array.isArray(body.response_modalities), 'response_modalities', 'an array', body.response_modalities);
    body.response_modalities!.forEach((m, i) => enumValue(m, MODALITIES, `response_modalities[${i}]`));
  }
  if (body.response_format !== undefined) validateResponseFormat(body.response_format);

  const isContinuationHop = body.continuation_token !== undefined;
  if (body.input === undefined || body.input === '' || (Array.isArray(body.input) && body.input.length === 0)) {
    if (!isContinuationHop) throw invalidRequest('Missing input.');
  } else {
    validateInput(body.input);
  }
  return body;
}

function validateTools(tools: unknown): void {
  expect(Array.isArray(tools), 'tools', 'an array', tools);
  const names = new Set<string>();
  (tools as unknown[]).forEach((t, i) => {
    const p = `tools[${i}]`;
    expect(isObject(t), p, 'an object', t);
    const tool = t as JsonObject;
    if (tool.type === 'retrieval') throw vertexOnly('The retrieval tool');
    const fields = typeof tool.type === 'string' ? TOOL_FIELDS[tool.type] : undefined;
    if (!fields) {
      throw invalidRequest(`Invalid tool type ${JSON.stringify(tool.type)} at '${p}.type'. Supported tool types: google_maps, mcp_server, function, google_search, file_search, computer_use, code_execution, url_context, tool_search.`);
    }
    onlyKeys(tool, new Set(['type', ...fields]), p);
    if (tool.defer_loading !== undefined) expect(typeof tool.defer_loading === 'boolean', `${p}.defer_loading`, 'a boolean', tool.defer_loading);
    if (tool.short_description !== undefined) expect(typeof tool.short_description === 'string', `${p}.short_description`, 'a string', tool.short_description);
    if (tool.type === 'tool_search') {
      if (tool.execution !== undefined) enumValue(tool.execution, ['server', 'client'], `${p}.execution`);
      if (tool.execution === 'client') expect(typeof tool.name === 'string' && tool.name !== '', `${p}.name`, 'a function name (client-side tool search)', tool.name);
      if (tool.parameters !== undefined) expect(isObject(tool.parameters), `${p}.parameters`, 'a JSON schema object', tool.parameters);
    }
    if (tool.type === 'function') {
      expect(typeof tool.name === 'string' && /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/.test(tool.name), `${p}.name`, 'a function name ([A-Za-z_][A-Za-z0-9_.:-]*)', tool.name);
      if (names.has(tool.name as string)) throw invalidRequest(`Duplicate function name '${String(tool.name)}' in tools.`);
      names.add(tool.name as string);
      if (tool.description !== undefined) expect(typeof tool.description === 'string', `${p}.description`, 'a string', tool.description);
      if (tool.parameters !== undefined) expect(isObject(tool.parameters), `${p}.parameters`, 'a JSON schema object', tool.parameters);
    }
    if (tool.type === 'google_search' && tool.search_types !== undefined) {
      expect(Array.isArray(tool.search_types), `${p}.search_types`, 'an array', tool.search_types);
      (tool.search_types as unknown[]).forEach((s, j) => enumValue(s, ['web_search', 'image_search', 'enterprise_web_search'], `${p}.search_types[${j}]`));
    }
    if (tool.type === 'file_search') {
      const names = tool.file_search_store_names;
      if (!Array.isArray(names) || !names.length || !names.every((n) => typeof n === 'string' && /^fileSearchStores\/[\w-]+$/.test(n))) {
        throw invalidRequest(`Invalid value at '${p}.file_search_store_names': expected a non-empty list of store names like 'fileSearchStores/my-store'.`);
      }
      if (tool.top_k !== undefined) expect(Number.isInteger(tool.top_k) && (tool.top_k as number) > 0, `${p}.top_k`, 'a positive integer', tool.top_k);
    }
    if (tool.type === 'google_maps') {
      if (tool.enable_widget !== undefined) expect(typeof tool.enable_widget === 'boolean', `${p}.enable_widget`, 'a boolean', tool.enable_widget);
      for (const k of ['latitude', 'longitude'] as const) if (tool[k] !== undefined) expect(typeof tool[k] === 'number', `${p}.${k}`, 'a number', tool[k]);
    }
    if (tool.type === 'mcp_server') {
      if (tool.url !== undefined) expect(typeof tool.url === 'string' && /^https?:\/\//.test(tool.url), `${p}.url`, 'an http(s) URL', tool.url);
      if (tool.name !== undefined) {
        expect(typeof tool.name === 'string', `${p}.name`, 'a string', tool.name);
        if ((tool.name as string).includes('-')) throw invalidRequest(`Invalid MCP server name '${String(tool.name)}': names must not contain '-'.`);
      }
    }
  });
  // A deferred tool can only be loaded through tool search (§3.5). Whether live rejects defer_loading without a
  // tool_search entry is not documented [INF]: the emulator's choice, since such a tool could never be called.
  const list = tools as JsonObject[];
  const deferred = list.findIndex((t) => t.defer_loading === true);
  if (deferred >= 0 && !list.some((t) => t.type === 'tool_search')) {
    throw invalidRequest(`tools[${deferred}] has defer_loading=true but tools has no {"type":"tool_search"} entry to load it with.`);
  }
}

function validateGenerationConfig(gc: unknown): void {
  expect(isObject(gc), 'generation_config', 'an object', gc);
  const g = gc as JsonObject;
  onlyKeys(g, GENERATION_CONFIG, 'generation_config');
  for (const k of ['temperature', 'top_p'] as const) if (k in g) expect(typeof g[k] === 'number', `generation_config.${k}`, 'a number', g[k]);
  if ('seed' in g) expect(Number.isInteger(g.seed), 'generation_config.seed', 'an integer', g.seed);
  if ('max_output_tokens' in g) expect(Number.isInteger(g.max_output_tokens) && (g.max_output_tokens as number) > 0, 'generation_config.max_output_tokens', 'a positive integer', g.max_output_tokens);
  if ('stop_sequences' in g) expect(Array.isArray(g.stop_sequences) && g.stop_sequences.every((s) => typeof s === 'string'), 'generation_config.stop_sequences', 'an array of strings', g.stop_sequences);
  if ('thinking_level' in g) enumValue(g.thinking_level, ['minimal', 'low', 'medium', 'high', 'xhigh'], 'generation_config.thinking_level');
  if ('thinking_summaries' in g) validateThinkingSummaries(g.thinking_summaries, 'generation_config.thinking_summaries');
  if ('tool_choice' in g) {
    const tc = g.tool_choice;
    if (typeof tc === 'string') enumValue(tc, ['auto', 'any', 'none', 'validated'], 'generation_config.tool_choice');
    else {
      expect(isObject(tc) && isObject(tc.allowed_tools), 'generation_config.tool_choice', 'a string or {allowed_tools}', tc);
      onlyKeys(tc as JsonObject, new Set(['allowed_tools']), 'generation_config.tool_choice');
    }
  }
  if ('speech_config' in g) {
    // Live: both object forms ({speakers:[...]} and a bare SpeechConfig) are rejected with this message.
    if (!Array.isArray(g.speech_config)) throw invalidRequest(`Invalid value at 'generation_config.speech_config': Expected an array, got ${typeName(g.speech_config)}.`);
  }
  if ('image_config' in g) {
    expect(isObject(g.image_config), 'generation_config.image_config', 'an object', g.image_config);
    onlyKeys(g.image_config as JsonObject, new Set(['aspect_ratio', 'image_size']), 'generation_config.image_config');
  }
}

function validateThinkingSummaries(v: unknown, path: string): void {
  if (typeof v === 'string' && v.startsWith('THINKING_SUMMARIES_')) {
    throw invalidRequest(`Invalid value at '${path}' (${JSON.stringify(v)}): expected one of auto, none.`);
  }
  enumValue(v, ['auto', 'none'], path);
}

function validateAgentConfig(ac: unknown): void {
  expect(isObject(ac), 'agent_config', 'an object', ac);
  const a = ac as JsonObject;
  if (typeof a.type !== 'string' || !(a.type in AGENT_CONFIG)) {
    throw invalidRequest(`Invalid agent_config.type ${JSON.stringify(a.type)}: expected one of dynamic, deep-research, code-mender, antigravity.`);
  }
  const keys = AGENT_CONFIG[a.type];
  if (keys) onlyKeys(a, keys, 'agent_config');
  if (a.type === 'deep-research') {
    if ('thinking_summaries' in a) validateThinkingSummaries(a.thinking_summaries, 'agent_config.thinking_summaries');
    if ('visualization' in a) enumValue(a.visualization, ['off', 'auto'], 'agent_config.visualization');
    if ('collaborative_planning' in a) expect(typeof a.collaborative_planning === 'boolean', 'agent_config.collaborative_planning', 'a boolean', a.collaborative_planning);
    if (a.enable_bigquery_tool === true) throw vertexOnly('enable_bigquery_tool');
  }
}

function validateResponseFormat(rf: unknown): void {
  const list = Array.isArray(rf) ? rf : [rf];
  list.forEach((f, i) => {
    const p = Array.isArray(rf) ? `response_format[${i}]` : 'response_format';
    expect(isObject(f), p, 'an object', f);
    const o = f as JsonObject;
    switch (o.type) {
      case 'text':
        onlyKeys(o, new Set(['type', 'mime_type', 'schema']), p);
        if (o.mime_type !== undefined) enumValue(o.mime_type, ['text/plain', 'application/json'], `${p}.mime_type`);
        if (o.schema !== undefined) {
          expect(isObject(o.schema), `${p}.schema`, 'a JSON schema object', o.schema);
          if (o.mime_type !== 'application/json') throw invalidRequest(`${p}.schema requires mime_type 'application/json'.`);
        }
        break;
      case 'image':
        onlyKeys(o, new Set(['type', 'mime_type', 'aspect_ratio', 'image_size', 'delivery']), p);
        if (o.delivery !== undefined) throw invalidRequest('Image delivery mode is not supported.');
        if (o.mime_type !== undefined && o.mime_type !== 'image/jpeg') throw invalidRequest(`Unsupported image mime_type ${JSON.stringify(o.mime_type)}; only image/jpeg is supported.`);
        if (o.image_size !== undefined) enumValue(o.image_size, ['512', '1K', '2K', '4K'], `${p}.image_size`);
        break;
      case 'audio':
        onlyKeys(o, new Set(['type', 'sample_rate', 'mime_type', 'bit_rate', 'delivery']), p);
        if (o.mime_type !== undefined) throw invalidRequest('Audio mime_type is not supported; output is audio/l16.');
        if (o.delivery !== undefined) throw invalidRequest('Audio delivery mode is not supported.');
        break;
      case 'video':
        if (o.gcs_uri !== undefined) throw vertexOnly('gcs_uri');
        break;
      default:
        // A bare JSON Schema (legacy form, no recognised type tag) is still accepted for text output.
        if (typeof o.type === 'string' && ['object', 'array', 'string', 'number', 'integer', 'boolean'].includes(o.type)) break;
        if (isObject(o.properties)) break;
        throw invalidRequest(`Invalid ${p}.type ${JSON.stringify(o.type)}: expected one of text, image, audio, video, or a JSON schema.`);
    }
  });
}

// ---------------------------------------------------------------------------------------------- input

function validateContent(c: unknown, p: string, insideUserInputStep: boolean): void {
  expect(isObject(c), p, 'a content object', c);
  const o = c as JsonObject;
  if ('role' in o || 'parts' in o) throw legacyTurn(p);
  if (typeof o.type !== 'string' || !(CONTENT_TYPES as readonly string[]).includes(o.type)) {
    throw invalidRequest(`Unknown content type ${JSON.stringify(o.type)} at '${p}.type'. Expected one of ${CONTENT_TYPES.join(', ')}.`);
  }
  if (o.type === 'text') {
    onlyKeys(o, new Set(['type', 'text', 'annotations']), p);
    expect(typeof o.text === 'string', `${p}.text`, 'a string', o.text);
    if (o.annotations !== undefined) expect(Array.isArray(o.annotations), `${p}.annotations`, 'an array', o.annotations);
    return;
  }
  const fields = new Set(['type', 'data', 'uri', 'mime_type']);
  if (o.type === 'image' || o.type === 'video') fields.add('resolution');
  if (o.type === 'audio') { fields.add('sample_rate'); fields.add('channels'); }
  if (o.type === 'video') { fields.add('name'); if (insideUserInputStep) fields.add('processing'); }
  onlyKeys(o, fields, p);
  const hasData = o.data !== undefined;
  const hasUri = o.uri !== undefined;
  if (hasData === hasUri) throw invalidRequest(`${p}: exactly one of 'data' or 'uri' must be set.`);
  if (hasData) {
    expect(typeof o.data === 'string', `${p}.data`, 'a base64 string', o.data);
    const d = o.data as string;
    if (d.startsWith('data:')) throw invalidRequest(`${p}.data must be plain base64, without a 'data:' URL prefix.`);
    if (d === '' || !BASE64.test(d)) throw invalidRequest(`Invalid value at '${p}.data': not valid base64.`);
    if (o.mime_type === undefined) throw invalidRequest(`${p}.mime_type is required with inline data.`);
  }
  if (hasUri) expect(typeof o.uri === 'string' && /^(https?|gs):\/\//.test(o.uri), `${p}.uri`, 'an http(s) URI', o.uri);
  if (o.mime_type !== undefined) {
    expect(typeof o.mime_type === 'string', `${p}.mime_type`, 'a string', o.mime_type);
    const base = (o.mime_type as string).split(';')[0].trim().toLowerCase();
    if (!MIME_TYPES[o.type].has(base)) {
      throw invalidRequest(`Unsupported mime_type '${String(o.mime_type)}' for ${o.type} content at '${p}.mime_type'.`);
    }
  }
  if (o.resolution !== undefined) enumValue(o.resolution, ['low', 'medium', 'high', 'ultra_high'], `${p}.resolution`);
}

function legacyTurn(p: string): HttpError {
  return invalidRequest(`Unknown parameter '${p}.role': Turn objects ({role, content}) are not supported; send steps such as {"type":"user_input","content":[...]}.`);
}

function validateStep(s: JsonObject, p: string): void {
  const t = s.type as string;
  const need = (k: string, want: string, ok: (v: unknown) => boolean) => expect(ok(s[k]), `${p}.${k}`, want, s[k]);
  const str = (v: unknown) => typeof v === 'string' && v !== '';
  switch (t) {
    case 'user_input':
    case 'model_output':
      onlyKeys(s, new Set(t === 'model_output' ? ['type', 'content', 'error'] : ['type', 'content']), p);
      if (s.content !== undefined) {
        expect(Array.isArray(s.content), `${p}.content`, 'an array of content', s.content);
        (s.content as unknown[]).forEach((c, i) => validateContent(c, `${p}.content[${i}]`, t === 'user_input'));
      }
      break;
    case 'thought':
      onlyKeys(s, new Set(['type', 'signature', 'summary']), p);
      if (s.summary !== undefined) expect(Array.isArray(s.summary), `${p}.summary`, 'an array', s.summary);
      break;
    case 'function_call':
      need('id', 'a non-empty string', str);
      need('name', 'a non-empty string', str);
      need('arguments', 'an object', isObject);
      if (typeof s.signature !== 'string' || s.signature === '') {
        throw invalidRequest(`Function call step '${String(s.id)}' at '${p}' is missing its signature. Replay the steps exactly as returned by the API (including 'signature').`);
      }
      break;
    case 'function_result':
      onlyKeys(s, new Set(['type', 'call_id', 'name', 'result', 'is_error', 'signature']), p);
      need('call_id', 'a non-empty string', str);
      if (s.result === undefined) throw invalidRequest(`Missing '${p}.result'.`);
      // SDK 3.6.1: a function definition may travel in function_result content (client-side tool search, §3.5).
      if (Array.isArray(s.result)) (s.result as unknown[]).forEach((c, i) => (isObject(c) && c.type === 'function' ? validateFunctionDefinition(c, `${p}.result[${i}]`) : validateContent(c, `${p}.result[${i}]`, false)));
      else expect(typeof s.result === 'string' || isObject(s.result), `${p}.result`, 'a string, an object or an array of content', s.result);
      if (s.is_error !== undefined) need('is_error', 'a boolean', (v) => typeof v === 'boolean');
      break;
    default:
      if (t.endsWith('_call') || t === 'tool_call') need('id', 'a non-empty string', str);
      if (t.endsWith('_result')) need('call_id', 'a non-empty string', str);
  }
}

function validateFunctionDefinition(f: JsonObject, p: string): void {
  onlyKeys(f, new Set(['type', 'name', 'description', 'parameters', 'defer_loading', 'short_description']), p);
  expect(typeof f.name === 'string' && f.name !== '', `${p}.name`, 'a function name', f.name);
  if (f.parameters !== undefined) expect(isObject(f.parameters), `${p}.parameters`, 'a JSON schema object', f.parameters);
}

function isStepLike(v: unknown): boolean {
  return isObject(v) && typeof v.type === 'string' && STEP_TYPES.has(v.type);
}

function validateInput(input: unknown): void {
  if (typeof input === 'string') return;
  if (isObject(input)) {
    if ('role' in input) throw legacyTurn('input');
    if (isStepLike(input)) throw invalidRequest(`A single step is not a valid input; send a list of steps.`);
    validateContent(input, 'input', false);
    return;
  }
  expect(Array.isArray(input), 'input', 'a string, a content object or an array', input);
  const arr = input as unknown[];
  const kinds = new Set<string>();
  arr.forEach((item, i) => {
    const p = `input[${i}]`;
    expect(isObject(item), p, 'an object', item);
    const o = item as JsonObject;
    if ('role' in o) throw legacyTurn(p);
    if (typeof o.type !== 'string') throw invalidRequest(`Missing '${p}.type'.`);
    if (STEP_TYPES.has(o.type)) { kinds.add('step'); validateStep(o, p); }
    else if ((CONTENT_TYPES as readonly string[]).includes(o.type)) { kinds.add('content'); validateContent(o, p, false); }
    else throw invalidRequest(`Unknown step or content type ${JSON.stringify(o.type)} at '${p}.type'.`);
  });
  if (kinds.size > 1) throw invalidRequest('input must be a list of content blocks or a list of steps, not a mix of both.');
}

/** The request input as timeline steps: text and content become one `user_input` step; step lists stay as sent. */
export function inputToSteps(input: unknown): Step[] {
  if (input === undefined || input === '') return [];
  if (typeof input === 'string') return [{ type: 'user_input', content: [{ type: 'text', text: input }] }];
  if (isObject(input)) return [{ type: 'user_input', content: [input] }];
  const arr = input as JsonObject[];
  if (arr.length && STEP_TYPES.has(String(arr[0].type))) return arr.map((s) => structuredClone(s) as Step);
  return [{ type: 'user_input', content: structuredClone(arr) }];
}

/** Every content block (recursively through steps) — used to check file URIs. */
export function contentBlocks(steps: Step[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const s of steps) {
    const lists = [s.content, s.result, s.summary];
    for (const l of lists) if (Array.isArray(l)) for (const c of l) if (isObject(c)) out.push(c);
  }
  return out;
}
