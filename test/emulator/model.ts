// The scripted "model": turns a validated request plus its conversation history into output steps.
// Deterministic for a given request (ids and signatures aside), so tests can assert exact shapes.
// Behaviour is picked by (1) a queued scenario, (2) a `#scenario:<name> k=v ...` line in the user's text,
// (3) otherwise the default demo behaviour (see README.md "Default behaviour").
import { randomBytes } from 'node:crypto';
import { gradientPng, hashSeed } from './png';
import { generateFromSchema } from './schema';
import { CreateRequest } from './validate';
import type { FileSearchService } from './fileSearchStores';
import { isObject, JsonObject, ScenarioSpec, Status, Step } from './types';

export interface Hop {
  steps: Step[];
  status: Status;
  errors?: { code: string; message: string }[];
  /** Extra usage the steps cannot tell (tool tokens, grounding counts). */
  toolUseTokens: number;
  groundingSearches: number;
}

export interface Plan {
  hops: Hop[];
  /** Characters per streamed text delta. */
  deltaSize: number;
  /** Pace of background runs: completes after `polls` GETs or `durationMs`, whichever comes first. */
  background: { durationMs: number; polls: number };
  scenario: string;
}

export interface ModelInput {
  req: CreateRequest;
  /** Steps of earlier turns (previous_interaction_id chain, oldest first). */
  history: Step[];
  /** This request's input as steps. */
  input: Step[];
  scenario?: ScenarioSpec;
  /** The File Search stores the `file_search` tool retrieves from (stores it does not know get a generic answer). */
  fileSearch?: Pick<FileSearchService, 'retrieve' | 'has'>;
}

export const SCENARIOS = [
  'text', 'thinking', 'echo', 'function_call', 'code_execution', 'url_context', 'google_search', 'google_maps', 'file_search', 'mcp', 'image', 'json',
  'deep_research', 'continuation', 'incomplete', 'failed', 'tool_search', 'future_step', 'plan', 'undeclared_call',
] as const;

const DIRECTIVE = /^[ \t]*#scenario:([a-z_]+)([^\n]*)$/m;

/** Parses `#scenario:name k=v k2="a b" list=a,b` from user text. */
export function parseDirective(text: string): ScenarioSpec | undefined {
  const m = DIRECTIVE.exec(text);
  if (!m) return undefined;
  const spec: ScenarioSpec = { name: m[1] };
  for (const p of m[2].matchAll(/([A-Za-z_]\w*)=("([^"]*)"|\S+)/g)) spec[p[1]] = p[3] !== undefined ? p[3] : parseValue(p[2]);
  return spec;
}

function parseValue(v: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  if (v.startsWith('{') || v.startsWith('[')) {
    try { return JSON.parse(v); } catch { /* fall through */ }
  }
  return v.includes(',') ? v.split(',') : v;
}

export function stripDirectives(text: string): string {
  return text.replace(/^[ \t]*#scenario:[^\n]*\n?/gm, '').trim();
}

// ------------------------------------------------------------------------------------------- helpers

const rid = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;
/** Opaque signatures, like the live service's (base64 of bytes the client must not interpret). */
const signature = (kind: string, id: string) => Buffer.from(`emu-sig:${kind}:${id}:${randomBytes(9).toString('hex')}`).toString('base64');

const textOf = (content: unknown): string =>
  Array.isArray(content) ? content.filter((c) => isObject(c) && c.type === 'text').map((c) => String((c as JsonObject).text)).join('\n') : '';

const byteLen = (s: string) => Buffer.byteLength(s, 'utf8');

function modelOutput(...content: JsonObject[]): Step {
  return { type: 'model_output', content };
}

interface Ctx {
  mi: ModelInput;
  req: CreateRequest;
  params: ScenarioSpec;
  userText: string;
  userTexts: string[];
  summaries: boolean;
  wantThought: boolean;
  functionTools: JsonObject[];
  tool: (type: string) => JsonObject | undefined;
}

function thought(ctx: Ctx, summary: string[]): Step {
  const id = rid('th');
  const step: Step = { type: 'thought', signature: signature('thought', id) };
  if (ctx.summaries && summary.length) step.summary = summary.map((text) => ({ type: 'text', text }));
  return step;
}

function quote(text: string): string {
  const t = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return t.split('\n').map((l) => `> ${l}`).join('\n');
}

const FILLER = ('the emulator streams deterministic text so that clients can test rendering scrolling markdown and cancellation ' +
  'without network access while every delta arrives in order with an event id that supports resuming after a cut').split(' ');

/** `n` words of deterministic filler, in paragraphs of 60 words. */
function filler(n: number): string {
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(FILLER[(i * 7) % FILLER.length]);
  const paras: string[] = [];
  for (let i = 0; i < words.length; i += 60) {
    const p = words.slice(i, i + 60).join(' ');
    paras.push(p.charAt(0).toUpperCase() + p.slice(1) + '.');
  }
  return paras.join('\n\n');
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** Pads `text` with filler paragraphs up to `words` words (when the param is given). */
function withLength(text: string, words: unknown): string {
  if (typeof words !== 'number' || words <= 0) return text;
  const have = wordCount(text);
  if (have >= words) return text.split(/\s+/).slice(0, words).join(' ');
  return `${text}\n\n${filler(words - have)}`;
}

// ------------------------------------------------------------------------------------------- memory

function findName(texts: string[]): string | undefined {
  let name: string | undefined;
  for (const t of texts) {
    const m = /\b(?:my name is|i am called|call me)\s+([\p{L}][\p{L}'-]*)/iu.exec(t);
    if (m) name = m[1];
  }
  return name;
}

function memoryAnswer(ctx: Ctx): string | undefined {
  const t = ctx.userText;
  if (/\bwhat(?:'s| is)\s+my\s+name\b/i.test(t)) {
    const name = findName(ctx.userTexts.slice(0, -1));
    return name ? `Your name is **${name}**.` : `I don't know your name yet: you haven't told me in this conversation.`;
  }
  if (/\bwhat did i (?:just )?(?:say|ask|write)\b/i.test(t)) {
    const prev = ctx.userTexts.slice(0, -1).pop();
    return prev ? `Earlier you wrote:\n\n${quote(prev)}` : `This is the first thing you wrote in this conversation.`;
  }
  const name = findName([t]);
  if (name) return `Nice to meet you, **${name}**! I'll remember your name for the rest of this conversation (local emulator).`;
  return undefined;
}

// ------------------------------------------------------------------------------------------- building blocks

function defaultMarkdown(ctx: Ctx): string {
  const text = stripDirectives(ctx.userText);
  return [
    `**Local emulator reply**: this answer comes from the Gemini Interactions emulator, not from a real model.`,
    '',
    text ? `You wrote:\n\n${quote(text)}` : 'You sent no text.',
    '',
    'What the emulator can do offline:',
    '',
    '- stream answers as small text deltas, with thoughts and tool steps',
    '- remember what you said earlier in the conversation',
    '- call the tools you enabled (Google Search, code execution, URL context, MCP, your functions)',
    '',
    '```ts',
    `const turns = ${ctx.userTexts.length};`,
    '```',
  ].join('\n');
}

function textAnswer(ctx: Ctx, body: string): Step[] {
  const steps: Step[] = [];
  // A string `thought` is the thought's summary as written (tests of how hostile thoughts are shown).
  const summary = typeof ctx.params.thought === 'string' ? ctx.params.thought : `**Understanding the request**\n\nThe user wrote ${wordCount(ctx.userText)} words; I will answer in markdown.`;
  if (ctx.wantThought) steps.push(thought(ctx, [summary]));
  steps.push(modelOutput({ type: 'text', text: withLength(body, ctx.params.words) }));
  return steps;
}

/** Names of the deferred functions a `tool_search_result` earlier in the conversation (or this hop) loaded. */
function loadedFunctions(steps: Step[]): Set<string> {
  const out = new Set<string>();
  for (const s of steps) {
    if (s.type !== 'tool_search_result' || !Array.isArray(s.result)) continue;
    for (const f of s.result) if (isObject(f) && typeof f.name === 'string') out.add(f.name);
  }
  return out;
}

/**
 * Tool search (§3.5, SDK 3.6.1): a function declared with `defer_loading` is only a name and a short description to
 * the model until a search loads its definition. The search is answered by the service (`execution` server, the
 * default): a `tool_search_call` step naming the functions, then a `tool_search_result` step with their definitions.
 */
function toolSearch(ctx: Ctx, wanted: JsonObject[], out: Step[]): void {
  const loaded = loadedFunctions([...ctx.mi.history, ...ctx.mi.input]);
  const missing = wanted.filter((t) => t.defer_loading === true && !loaded.has(String(t.name)));
  if (!missing.length) return;
  const id = rid('ts');
  const names = [...new Set(missing.map((t) => String(t.name)))];
  out.push({ type: 'tool_search_call', id, arguments: { function_names: names }, signature: signature('ts', id) });
  const result = names.map((n) => {
    const { defer_loading: _d, short_description: _s, ...def } = ctx.functionTools.find((t) => t.name === n)!;
    return structuredClone(def) as JsonObject;
  });
  out.push({ type: 'tool_search_result', call_id: id, result, signature: signature('tsr', id) });
}

function functionCalls(ctx: Ctx): Step[] {
  if (!ctx.functionTools.length) throw new ScenarioError(`Scenario ${ctx.params.name === 'tool_search' ? 'tool_search' : 'function_call'} needs at least one tool of type "function".`);
  const n = typeof ctx.params.calls === 'number' ? Math.max(1, ctx.params.calls) : 1;
  // `function` (not `name`, which is the scenario's own name) picks the declared function to call.
  const pick = ctx.params.name === 'function_call' || ctx.params.name === 'tool_search' ? ctx.params.function : undefined;
  let wanted = typeof pick === 'string' ? ctx.functionTools.filter((t) => t.name === pick) : ctx.functionTools;
  if (ctx.params.name === 'tool_search' && typeof pick !== 'string') wanted = wanted.filter((t) => t.defer_loading === true);
  if (!wanted.length) throw new ScenarioError(`Scenario ${ctx.params.name}: no ${ctx.params.name === 'tool_search' ? 'deferred ' : ''}declared function${typeof pick === 'string' ? ` named ${JSON.stringify(pick)}` : ''}.`);
  const steps: Step[] = [];
  if (ctx.wantThought) steps.push(thought(ctx, [`**Calling a tool**\n\nI need \`${String(wanted[0].name)}\` to answer.`]));
  // A deferred function is loaded by a tool search before it is called.
  toolSearch(ctx, wanted.slice(0, n), steps);
  for (let i = 0; i < n; i++) {
    const tool = wanted[i % wanted.length];
    const args = isObject(ctx.params.args) ? ctx.params.args : (generateFromSchema(tool.parameters ?? { type: 'object', properties: {} }, ctx.userText) as JsonObject);
    const id = rid('fc');
    steps.push({ type: 'function_call', id, name: tool.name as string, arguments: isObject(args) ? args : {}, signature: signature('fc', id) });
  }
  return steps;
}

/**
 * A planning answer: a short study of the request, then the plan as a Markdown task list (`- [ ] step`), what a
 * client that asks for a checklist (a Plan mode) gets. `steps`: the checklist's items; `intro`: the text above it.
 */
function planAnswer(ctx: Ctx): Step[] {
  const steps = Array.isArray(ctx.params.steps) ? ctx.params.steps.map(String) : typeof ctx.params.steps === 'string' ? [ctx.params.steps]
    : ['Read the code the request is about', 'Change it as asked', 'Add a test for the change', 'Run the tests'];
  const request = stripDirectives(ctx.userText);
  const intro = typeof ctx.params.intro === 'string' ? ctx.params.intro : `**Plan** (local emulator)${request ? ` for:\n\n${quote(request)}` : ''}\n\nI looked at what the request needs. Here is the plan:`;
  return textAnswer(ctx, `${intro}\n\n${steps.map((t) => `- [ ] ${t}`).join('\n')}\n`);
}

/**
 * A call to a function the request may not declare (`function`, default `write_file`): what a model does that
 * remembers a tool from earlier in the chain, or ignores the declared list. The client must refuse it itself.
 */
function undeclaredCall(ctx: Ctx): Step[] {
  const name = typeof ctx.params.function === 'string' ? ctx.params.function : 'write_file';
  const args = isObject(ctx.params.args) ? ctx.params.args : { path: 'notes.txt', content: 'Written by the emulator.\n' };
  const id = rid('fc');
  const steps: Step[] = ctx.wantThought ? [thought(ctx, [`**Calling a tool**\n\nI will use \`${name}\`.`])] : [];
  steps.push({ type: 'function_call', id, name, arguments: args, signature: signature('fc', id) });
  return steps;
}

function functionResultAnswer(ctx: Ctx, results: Step[], calls: Map<string, Step>): Step[] {
  const lines = results.map((r) => {
    const name = (r.name as string | undefined) ?? (calls.get(r.call_id as string)?.name as string | undefined) ?? 'the function';
    const value = typeof r.result === 'string' ? r.result : Array.isArray(r.result) ? textOf(r.result) || '[content]' : JSON.stringify(r.result);
    return `- \`${name}\`${r.is_error ? ' failed with' : ' returned'}: **${value}**`;
  });
  return textAnswer(ctx, `Here is what your tools returned (local emulator):\n\n${lines.join('\n')}`);
}

/** A sentence of the final answer and what it cites (`annotation`: a place_citation / file_citation instead of a url_citation). */
interface Finding { text: string; citations: { url: string; title: string; annotation?: JsonObject }[] }

function googleSearch(ctx: Ctx, out: Step[], findings: Finding[]): void {
  const queries = Array.isArray(ctx.params.queries) ? ctx.params.queries.map(String) : [stripDirectives(ctx.userText).slice(0, 80) || 'gemini interactions api'];
  const id = rid('gs');
  out.push({ type: 'google_search_call', id, arguments: { queries }, search_type: 'web_search', signature: signature('gs', id) });
  const chips = queries.map((q) => `<a class="chip" href="https://www.google.com/search?q=${encodeURIComponent(q)}">${q.replace(/[<>&]/g, '')}</a>`).join('');
  out.push({
    type: 'google_search_result', call_id: id, signature: signature('gsr', id),
    result: [{ search_suggestions: `<style>.container{display:flex;gap:8px}.chip{border:1px solid #ccc;border-radius:16px;padding:4px 12px}</style><div class="container">${chips}</div>` }],
  });
  findings.push({
    text: `Search results for "${queries[0]}" point to two sources.`,
    citations: [
      { url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/emulator-1', title: 'example.com' },
      { url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/emulator-2', title: 'developers.google.com' },
    ],
  });
}

function urlStatus(url: string): string {
  if (/paywall/i.test(url)) return 'paywall';
  if (/unsafe/i.test(url)) return 'unsafe';
  if (/error|404|invalid/i.test(url)) return 'error';
  return 'success';
}

function urlContext(ctx: Ctx, urls: string[], out: Step[], findings: Finding[]): void {
  const id = rid('uc');
  const statuses = Array.isArray(ctx.params.statuses) ? ctx.params.statuses.map(String) : urls.map(urlStatus);
  out.push({ type: 'url_context_call', id, arguments: { urls }, signature: signature('uc', id) });
  const result = urls.map((url, i) => ({ url, status: statuses[i] ?? 'success' }));
  out.push({ type: 'url_context_result', call_id: id, result, signature: signature('ucr', id) });
  for (const r of result) {
    findings.push(r.status === 'success'
      ? { text: `The page ${r.url} was fetched successfully.`, citations: [{ url: r.url, title: r.url.replace(/^https?:\/\//, '').split('/')[0] }] }
      : { text: `The page ${r.url} could not be read (status: ${r.status}).`, citations: [] });
  }
}

function codeExecution(ctx: Ctx, out: Step[], findings: Finding[]): void {
  const id = rid('ce');
  const code = typeof ctx.params.code === 'string' ? ctx.params.code : 'print(sum(range(101)))';
  const result = typeof ctx.params.result === 'string' ? ctx.params.result : '5050\n';
  out.push({ type: 'code_execution_call', id, arguments: { code, language: typeof ctx.params.language === 'string' ? ctx.params.language : 'python' }, signature: signature('ce', id) });
  out.push({ type: 'code_execution_result', call_id: id, result, is_error: false, signature: signature('cer', id) });
  findings.push({ text: `Running \`${code}\` printed \`${result.trim()}\`.`, citations: [] });
}

function googleMaps(ctx: Ctx, out: Step[], findings: Finding[]): void {
  const id = rid('gm');
  const query = stripDirectives(ctx.userText).slice(0, 80) || 'coffee near me';
  out.push({ type: 'google_maps_call', id, arguments: { queries: [query] }, signature: signature('gm', id) });
  const place = { name: 'Emulator Café', place_id: 'places/ChIJemulator1', url: 'https://maps.google.com/?cid=1001', review_snippets: [{ review_id: 'r1', title: 'Great coffee', url: 'https://maps.google.com/?cid=1001&review=r1' }] };
  out.push({ type: 'google_maps_result', call_id: id, result: [{ places: [place], widget_context_token: `wct_${id}` }], signature: signature('gmr', id) });
  findings.push({ text: `${place.name} matches "${query}".`, citations: [{ url: place.url, title: place.name, annotation: { type: 'place_citation', place_id: place.place_id, name: place.name, url: place.url } }] });
}

function fileSearch(ctx: Ctx, out: Step[], findings: Finding[]): void {
  const id = rid('fs');
  const names = (ctx.tool('file_search')?.file_search_store_names as string[] | undefined) ?? [];
  const store = String(names[0] ?? 'fileSearchStores/emulator');
  // Live (2026-08): the result step carries no result; the retrieved text is folded into the answer.
  out.push({ type: 'file_search_call', id, signature: signature('fs', id) });
  out.push({ type: 'file_search_result', call_id: id, signature: signature('fsr', id) });
  const service = ctx.mi.fileSearch;
  if (service && names.some((n) => service.has(String(n)))) {
    // Stores of this emulator: what their documents say, quoted, each quote cited to its document.
    const topK = typeof ctx.tool('file_search')?.top_k === 'number' ? Number(ctx.tool('file_search')!.top_k) : 5;
    const hits = service.retrieve(names.map(String), stripDirectives(ctx.userText), topK);
    if (!hits.length) findings.push({ text: `Nothing in ${names.join(', ')} matches the question.`, citations: [] });
    for (const h of hits) {
      const meta = Object.fromEntries(h.customMetadata.map((m) => [String(m.key), m.stringValue ?? m.numericValue ?? m.stringListValue]));
      findings.push({ text: `${h.displayName} has:\n\n\`\`\`\n${h.text}\n\`\`\``, citations: [{ url: '', title: h.displayName, annotation: { type: 'file_citation', document_uri: h.documentName, file_name: h.displayName, source: h.store, custom_metadata: meta } }] });
    }
    return;
  }
  findings.push({ text: `The documents in ${store} answer the question.`, citations: [{ url: '', title: 'notes.md', annotation: { type: 'file_citation', document_uri: `${store}/documents/notes-md`, file_name: 'notes.md', source: store } }] });
}

function mcpCall(ctx: Ctx, out: Step[], findings: Finding[]): void {
  const id = rid('mcp');
  // Live (2026-08): MCP calls appear as a bare `tool_call` step with no name or arguments.
  out.push({ type: 'tool_call', id, signature: signature('mcp', id) });
  const server = ctx.tool('mcp_server');
  findings.push({ text: `The MCP server${server?.name ? ` \`${String(server.name)}\`` : ''} answered the request.`, citations: [] });
}

/** Markdown text with findings; each finding's citations become url_citation annotations over that sentence (UTF-8 byte offsets). */
function citedText(intro: string, findings: Finding[], extra = ''): JsonObject {
  let text = `${intro}\n\n`;
  const annotations: JsonObject[] = [];
  for (const f of findings) {
    const start = byteLen(text + '- ');
    text += `- ${f.text}\n`;
    for (const c of f.citations) {
      const range = { start_index: start, end_index: start + byteLen(f.text) };
      annotations.push(c.annotation ? { ...c.annotation, ...range } : { type: 'url_citation', url: c.url, title: c.title, ...range });
    }
  }
  if (extra) text += `\n${extra}`;
  const block: JsonObject = { type: 'text', text: text.trimEnd() };
  if (annotations.length) block.annotations = annotations;
  return block;
}

function jsonSchemaRequested(req: CreateRequest, params: ScenarioSpec): unknown | undefined {
  if (isObject(params.schema)) return params.schema;
  const list = Array.isArray(req.response_format) ? req.response_format : req.response_format !== undefined ? [req.response_format] : [];
  for (const f of list) {
    if (!isObject(f)) continue;
    if (f.type === 'text' && f.mime_type === 'application/json') return f.schema ?? { type: 'object', properties: {} };
    if (f.type !== 'text' && f.type !== 'image' && f.type !== 'audio' && f.type !== 'video') return f; // bare schema
  }
  return undefined;
}

function imageRequested(req: CreateRequest): boolean {
  const list = Array.isArray(req.response_format) ? req.response_format : req.response_format !== undefined ? [req.response_format] : [];
  return (req.response_modalities ?? []).includes('image') || list.some((f) => isObject(f) && f.type === 'image');
}

function imageBlocks(ctx: Ctx): JsonObject[] {
  const w = typeof ctx.params.width === 'number' ? ctx.params.width : 64;
  const h = typeof ctx.params.height === 'number' ? ctx.params.height : 64;
  const count = typeof ctx.params.count === 'number' ? ctx.params.count : 1;
  const caption = typeof ctx.params.caption === 'string' ? ctx.params.caption : 'Here is a generated image (a gradient drawn by the local emulator).';
  const blocks: JsonObject[] = [{ type: 'text', text: caption }];
  for (let i = 0; i < count; i++) {
    blocks.push({ type: 'image', mime_type: 'image/png', data: gradientPng(w, h, hashSeed(ctx.userText) + i * 40).toString('base64') });
  }
  return blocks;
}

export class ScenarioError extends Error {}

// ------------------------------------------------------------------------------------------- plans

function deepResearch(ctx: Ctx): Step[] {
  const topic = stripDirectives(ctx.userText).slice(0, 120) || 'the requested topic';
  const ac = isObject(ctx.req.agent_config) ? ctx.req.agent_config : {};
  const summaries = ac.thinking_summaries === 'auto';
  const sub: Ctx = { ...ctx, summaries, params: { ...ctx.params, queries: undefined, statuses: undefined } };
  const steps: Step[] = [];
  const think = (text: string) => {
    // Live Deep Research sends empty signatures on its thought steps.
    const s: Step = { type: 'thought', signature: '' };
    if (summaries) s.summary = [{ type: 'text', text }];
    steps.push(s);
  };
  const findings: Finding[] = [];
  // Collaborative planning (as documented): the agent answers with a plan and waits for the next turn,
  // chained by previous_interaction_id, to confirm or revise it. The topic is the first question's.
  const earlierPlan = ctx.mi.history.filter((st) => st.type === 'model_output').map((st) => textOf(st.content))
    .reverse().map((t) => /^## Research plan: (.*)$/m.exec(t)?.[1]).find(Boolean);
  const planned = earlierPlan ?? topic;
  if (ac.collaborative_planning === true) {
    think(`**Drafting a plan**\n\nOutlining how to research ${planned}.`);
    const revision = earlierPlan ? `\n\nRevised for your note: ${quote(topic)}` : '';
    steps.push(modelOutput({ type: 'text', text: `## Research plan: ${planned}\n\n1. Search for recent sources about ${planned}.\n2. Read the two most relevant pages.\n3. Write a structured report with citations.${revision}\n\nReply to change the plan, or confirm to start.` }));
    return steps;
  }
  think(`**Planning the research**\n\nI will search for sources about ${planned} and read the most relevant pages.`);
  // Without `tools` the agent uses its defaults (google_search, url_context, code_execution) [DOC]; with a list,
  // only what it names (whether live adds the defaults is not stated: the strict reading, §3.2).
  const listed = ctx.req.tools !== undefined;
  if (!listed || ctx.tool('google_search')) googleSearch({ ...sub, params: { name: 'deep_research', queries: [topic, `${topic} overview`] } }, steps, findings);
  // The user's File Search stores and MCP servers, when given, are visibly used (§8 item 31).
  if (ctx.tool('file_search')) {
    think('**Searching your documents**\n\nLooking through the File Search stores you gave me.');
    fileSearch(sub, steps, findings);
  }
  for (const server of (ctx.req.tools ?? []).filter((t) => t.type === 'mcp_server')) {
    mcpCall({ ...sub, tool: (type) => (type === 'mcp_server' ? server : sub.tool(type)) }, steps, findings);
  }
  if (!listed || ctx.tool('url_context')) {
    think('**Reading sources**\n\nTwo sources look relevant; fetching them now.');
    urlContext(sub, ['https://example.com/research/overview', 'https://example.org/research/details'], steps, findings);
  }
  think('**Writing the report**\n\nI have enough material to write a structured report.');
  const report = citedText(
    `# Research report: ${planned}\n\n*Produced by the local emulator's Deep Research agent.*\n\n## Key findings`,
    findings,
    `## Summary\n\n${withLength('The sources agree on the main points summarised above.', ctx.params.words)}`,
  );
  const content: JsonObject[] = [report];
  if (ac.visualization !== 'off') content.push({ type: 'image', mime_type: 'image/png', data: gradientPng(96, 64, hashSeed(topic)).toString('base64') });
  steps.push({ type: 'model_output', content });
  return steps;
}

function toolRun(ctx: Ctx, which: { search?: boolean; urls?: string[]; code?: boolean; mcp?: boolean; maps?: boolean; files?: boolean }): { steps: Step[]; findings: Finding[] } {
  const steps: Step[] = [];
  const findings: Finding[] = [];
  if (ctx.wantThought) steps.push(thought(ctx, ['**Using tools**\n\nI will use the enabled tools before answering.']));
  if (which.search) googleSearch(ctx, steps, findings);
  if (which.urls?.length) urlContext(ctx, which.urls, steps, findings);
  if (which.code) codeExecution(ctx, steps, findings);
  if (which.maps) googleMaps(ctx, steps, findings);
  if (which.files) fileSearch(ctx, steps, findings);
  if (which.mcp) mcpCall(ctx, steps, findings);
  return { steps, findings };
}

function finalOutput(ctx: Ctx, findings: Finding[]): JsonObject[] {
  const schema = jsonSchemaRequested(ctx.req, ctx.params);
  if (schema !== undefined) return [{ type: 'text', text: JSON.stringify(generateFromSchema(schema, ctx.userText)) }];
  if (imageRequested(ctx.req)) return imageBlocks(ctx);
  if (findings.length) return [citedText('**Local emulator reply**, based on the tools you enabled:', findings)];
  return [{ type: 'text', text: withLength(defaultMarkdown(ctx), ctx.params.words) }];
}

const hop = (steps: Step[], status: Status = 'completed'): Hop => ({
  steps,
  status,
  toolUseTokens: steps.filter((s) => /_(call|result)$/.test(s.type) || s.type === 'tool_call').length * 40,
  groundingSearches: steps.filter((s) => s.type === 'google_search_call').length,
});

export function plan(mi: ModelInput): Plan {
  const req = mi.req;
  const all = [...mi.history, ...mi.input];
  const userTexts = all.filter((s) => s.type === 'user_input').map((s) => textOf(s.content)).filter(Boolean);
  const userText = userTexts[userTexts.length - 1] ?? '';
  const inputTextOnly = mi.input.filter((s) => s.type === 'user_input').map((s) => textOf(s.content)).join('\n');
  const scenario = mi.scenario ?? parseDirective(inputTextOnly);
  const params: ScenarioSpec = scenario ?? { name: 'default' };
  if (scenario && !(SCENARIOS as readonly string[]).includes(scenario.name)) {
    throw new ScenarioError(`Unknown scenario '${scenario.name}'. Known: ${SCENARIOS.join(', ')}.`);
  }
  const gc = isObject(req.generation_config) ? req.generation_config : {};
  const tools = (req.tools ?? []) as JsonObject[];
  const ctx: Ctx = {
    mi, req, params, userText, userTexts,
    summaries: gc.thinking_summaries === 'auto' || params.name === 'thinking',
    wantThought: req.agent === undefined && params.thought !== false && gc.thinking_level !== 'minimal',
    functionTools: tools.filter((t) => t.type === 'function'),
    tool: (type) => tools.find((t) => t.type === type),
  };
  const deltaSize = typeof params.deltaSize === 'number' && params.deltaSize > 0 ? params.deltaSize : 40;
  const isDeepResearch = typeof req.agent === 'string' && req.agent.includes('deep-research');
  const background = {
    durationMs: typeof params.durationMs === 'number' ? params.durationMs : isDeepResearch ? 6000 : 2000,
    polls: typeof params.polls === 'number' ? params.polls : isDeepResearch ? 4 : 2,
  };
  const result = (hops: Hop[]): Plan => ({ hops, deltaSize, background, scenario: params.name });

  // Tail of function results → answer with them (unless a scenario says otherwise).
  const tailResults: Step[] = [];
  for (let i = mi.input.length - 1; i >= 0 && mi.input[i].type === 'function_result'; i--) tailResults.unshift(mi.input[i]);
  const calls = new Map(all.filter((s) => s.type === 'function_call').map((s) => [s.id as string, s]));

  const urlsInText = (stripDirectives(userText).match(/https?:\/\/[^\s)>\]"']+/g) ?? []).map((u) => u.replace(/[.,;:!?]+$/, ''));

  switch (params.name) {
    case 'text': {
      const body = typeof params.text === 'string' ? params.text : defaultMarkdown(ctx);
      return limit(ctx, result([hop(textAnswer(ctx, body))]));
    }
    case 'thinking': {
      const n = typeof params.summaries === 'number' ? params.summaries : 2;
      const s = thought(ctx, Array.from({ length: n }, (_, i) => `**Thinking step ${i + 1}**\n\nConsidering the request from angle ${i + 1}.`));
      return limit(ctx, result([hop([s, modelOutput({ type: 'text', text: withLength(defaultMarkdown(ctx), params.words) })])]));
    }
    case 'echo':
      return result([hop([modelOutput({ type: 'text', text: stripDirectives(userText) || '(empty)' })])]);
    case 'function_call':
    case 'tool_search':
      return result([hop(functionCalls(ctx), 'requires_action')]);
    case 'plan':
      return limit(ctx, result([hop(planAnswer(ctx))]));
    case 'undeclared_call':
      return result([hop(undeclaredCall(ctx), 'requires_action')]);
    case 'future_step': {
      // A step type no SDK declares (§8 item 29): its shell carries the id, a delta of the same type carries
      // the payload and the signature. A client must replay the completed step verbatim.
      const id = rid('ft');
      const steps: Step[] = ctx.wantThought ? [thought(ctx, ['**Using a new tool**\n\nA tool this client has never seen.'])] : [];
      steps.push({ type: 'future_tool_call', id, arguments: { query: stripDirectives(userText).slice(0, 80) || 'future' }, payload: { version: 2, items: ['a', 'b'] }, signature: signature('ft', id) });
      steps.push(modelOutput({ type: 'text', text: 'A tool of a kind this client does not know ran first (local emulator).' }));
      return result([hop(steps)]);
    }
    case 'code_execution':
    case 'google_search':
    case 'google_maps':
    case 'file_search':
    case 'mcp':
    case 'url_context': {
      const urls = Array.isArray(params.urls) ? params.urls.map(String) : typeof params.urls === 'string' ? [params.urls] : urlsInText.length ? urlsInText : ['https://example.com/'];
      const run = toolRun(ctx, { search: params.name === 'google_search', code: params.name === 'code_execution', mcp: params.name === 'mcp', urls: params.name === 'url_context' ? urls : undefined, maps: params.name === 'google_maps', files: params.name === 'file_search' });
      return limit(ctx, result([hop([...run.steps, modelOutput(...finalOutput(ctx, run.findings))])]));
    }
    case 'image': {
      const steps: Step[] = ctx.wantThought ? [thought(ctx, ['**Drawing**\n\nGenerating an image.'])] : [];
      return result([hop([...steps, modelOutput(...imageBlocks(ctx))])]);
    }
    case 'json': {
      const schema = jsonSchemaRequested(req, params) ?? { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
      return result([hop([modelOutput({ type: 'text', text: JSON.stringify(generateFromSchema(schema, userText)) })])]);
    }
    case 'deep_research':
      return result([hop(deepResearch(ctx))]);
    case 'continuation': {
      const n = typeof params.hops === 'number' ? Math.max(2, params.hops) : 2;
      const text = withLength(defaultMarkdown(ctx), typeof params.words === 'number' ? params.words : 120);
      const words = text.split(/(?<=\s)/);
      const per = Math.ceil(words.length / n);
      const hops: Hop[] = [];
      for (let i = 0; i < n; i++) {
        const part = words.slice(i * per, (i + 1) * per).join('');
        const steps: Step[] = i === 0 && ctx.wantThought ? [thought(ctx, ['**Long answer**\n\nThis will take more than one request.'])] : [];
        steps.push(modelOutput({ type: 'text', text: part }));
        hops.push(hop(steps, i === n - 1 ? 'completed' : 'requires_continuation'));
      }
      return result(hops);
    }
    case 'incomplete': {
      const steps = textAnswer(ctx, withLength(defaultMarkdown(ctx), typeof params.words === 'number' ? params.words : 200));
      const mo = steps[steps.length - 1];
      const block = (mo.content as JsonObject[])[0];
      block.text = String(block.text).slice(0, Math.max(20, Math.floor(String(block.text).length / 3)));
      return result([hop(steps, 'incomplete')]);
    }
    case 'failed': {
      const steps: Step[] = params.partial === false ? [] : [modelOutput({ type: 'text', text: 'Starting the answer, but' })];
      return result([{ ...hop(steps, 'failed'), errors: [{ code: typeof params.code === 'string' ? params.code : 'internal', message: typeof params.message === 'string' ? params.message : 'An internal error occurred while generating the response.' }] }]);
    }
  }

  // ---- default behaviour (no scenario)
  if (tailResults.length) return limit(ctx, result([hop(functionResultAnswer(ctx, tailResults, calls))]));
  const memory = memoryAnswer(ctx);
  if (memory && !isDeepResearch) return limit(ctx, result([hop(textAnswer(ctx, memory))]));
  if (isDeepResearch) return result([hop(deepResearch(ctx))]);
  if (req.agent !== undefined) return result([hop([modelOutput({ type: 'text', text: `**${req.agent}** (local emulator) finished the task.\n\n${quote(stripDirectives(userText))}` })])]);
  if (ctx.functionTools.length && gc.tool_choice !== 'none') return result([hop(functionCalls(ctx), 'requires_action')]);
  const run = toolRun(ctx, {
    search: !!ctx.tool('google_search'),
    urls: ctx.tool('url_context') ? urlsInText : undefined,
    code: !!ctx.tool('code_execution'),
    maps: !!ctx.tool('google_maps'),
    files: !!ctx.tool('file_search'),
    mcp: !!ctx.tool('mcp_server'),
  });
  const steps = run.findings.length ? run.steps : ctx.wantThought ? [thought(ctx, ['**Answering**\n\nA direct answer is enough here.'])] : [];
  return limit(ctx, result([hop([...steps, modelOutput(...finalOutput(ctx, run.findings))])]));
}

export const tokens = (s: string) => Math.ceil(byteLen(s) / 4);

/** Applies generation_config.max_output_tokens: truncates text output and ends `incomplete`. */
function limit(ctx: Ctx, p: Plan): Plan {
  const max = isObject(ctx.req.generation_config) ? ctx.req.generation_config.max_output_tokens : undefined;
  if (typeof max !== 'number') return p;
  const h = p.hops[p.hops.length - 1];
  let budget = max;
  let cut = false;
  for (const s of h.steps) {
    if (s.type !== 'model_output' || !Array.isArray(s.content)) continue;
    s.content = (s.content as JsonObject[]).filter((c) => {
      if (cut) return false;
      if (c.type !== 'text') return true;
      const t = String(c.text);
      if (tokens(t) <= budget) { budget -= tokens(t); return true; }
      c.text = t.slice(0, budget * 4);
      delete c.annotations;
      cut = true;
      return String(c.text).length > 0;
    });
  }
  if (cut) h.status = 'incomplete';
  return p;
}
