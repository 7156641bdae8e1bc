// One wire step (or legacy content block) → the display Parts of a turn. This table grows with every new step
// type in the API; the stream's resume bookkeeping stays in streamTranslator.ts, out of those diffs.
import type { Citation, Media, Part } from '../../conversation/types';
import { isObject, str, strings, truncate, type Json } from './wireJson';

/** Delta and step types the translator knows: a delta of any other type is dropped, with a warning. */
export const KNOWN_DELTA_TYPES = new Set([
  'text', 'text_annotation_delta', 'text_annotation', 'image', 'audio', 'video', 'document', 'thought_summary',
  'thought_signature', 'arguments_delta',
]);

export const KNOWN_STEP_TYPES = new Set([
  'model_output', 'thought', 'function_call', 'function_result', 'code_execution_call', 'code_execution_result',
  'url_context_call', 'url_context_result', 'google_search_call', 'google_search_result', 'google_maps_call',
  'google_maps_result', 'file_search_call', 'file_search_result', 'mcp_server_tool_call', 'mcp_server_tool_result',
  'retrieval_call', 'retrieval_result', 'processing_call', 'processing_result', 'tool_call', 'tool_result',
  'tool_search_call', 'tool_search_result',
]);

/** Steps the client itself sends: they lead a GET timeline, before the interaction's outputs. */
export const CLIENT_STEP_TYPES = new Set(['user_input', 'function_result']);

/** The step a delta belongs to, for a delta whose `step.start` was missed (a stream resumed mid-step). */
export function shellTypeForDelta(deltaType: string): string {
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
    case 'tool_search_call':
      // The model asks to load deferred tools (`defer_loading`): the card names the functions it loads.
      return [{ kind: 'toolCall', tool: 'tool_search', id: str(step.id), name: strings(step.arguments?.function_names).join(', ') || undefined,
        argsText: step.arguments !== undefined ? JSON.stringify(step.arguments) : undefined }];
    case 'tool_search_result': {
      const loaded = Array.isArray(step.result) ? step.result.filter(isObject).map((f: Json) => f.name).filter((n: unknown) => typeof n === 'string') : [];
      return [{ kind: 'toolResult', tool: 'tool_search', callId: str(step.call_id), name: loaded.join(', ') || undefined,
        result: step.result === undefined ? '' : JSON.stringify(step.result, null, 2), ...(step.is_error ? { isError: true } : {}) }];
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

export function translateMedia(block: Json): Media | undefined {
  if (!['image', 'audio', 'video', 'document'].includes(block.type)) return undefined;
  return {
    type: block.type,
    ...(block.mime_type ? { mimeType: String(block.mime_type) } : {}),
    ...(typeof block.data === 'string' ? { data: block.data } : {}),
    ...(typeof block.uri === 'string' ? { uri: block.uri } : {}),
    ...(typeof block.name === 'string' ? { name: block.name } : {}),
  };
}

export function translateAnnotations(annotations: unknown[], text: string): Citation[] {
  const out: Citation[] = [];
  for (const a of annotations) {
    if (!isObject(a)) continue;
    const kind: Citation['kind'] = a.type === 'url_citation' ? 'url' : a.type === 'file_citation' ? 'file'
      : a.type === 'place_citation' ? 'place' : 'other';
    if (kind === 'other' && !a.url && !a.source) continue;
    const start = typeof a.start_index === 'number' ? utf8OffsetToUtf16(text, a.start_index) : undefined;
    const end = typeof a.end_index === 'number' ? utf8OffsetToUtf16(text, a.end_index) : undefined;
    // The codebase index's documents carry their workspace path and hash (core/codeIndex/indexRun.ts).
    const meta = kind === 'file' && isObject(a.custom_metadata) ? a.custom_metadata : undefined;
    const path = typeof meta?.path === 'string' && meta.path.length <= 1024 ? meta.path : undefined;
    out.push({
      kind,
      url: a.url ?? a.document_uri ?? (typeof a.source === 'string' && /^https?:/.test(a.source) ? a.source : undefined),
      title: a.title ?? a.file_name ?? a.name ?? a.source,
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(path ? { path } : {}),
      ...(path && typeof meta?.sha256 === 'string' && /^[a-f0-9]{64}$/.test(meta.sha256) ? { sha256: meta.sha256 } : {}),
      ...(path && start !== undefined && end !== undefined && end > start ? { quote: text.slice(start, Math.min(end, start + 2000)) } : {}),
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
