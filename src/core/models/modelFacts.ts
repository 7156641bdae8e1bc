// The one source of model and agent facts: per id its display name, thinking levels and default, tools, input
// kinds, context window and output limit, price (dated), routed-to / retired-on dates, paid-tier-only, and the
// evidence each row rests on with its date (labels as in Google's pages [DOC], third parties' live observations
// [OBS], the SDK types [SDK], inferences [INF]). Request building, the picker, the meter, the cost estimate, the
// native chat's model list and the retired notice all read this module (through models.ts, contextWindow.ts,
// prices.ts and limits.ts). What the key's models.list says at run time wins where it says it (display name,
// input limit, thinking), and what the live API refuses is learned (learnedRefusals.ts). Revisit the rows when
// Google's pages change: the date says how old a row is.

export type ThinkingLevel = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export const THINKING_LEVELS: readonly ThinkingLevel[] = ['minimal', 'low', 'medium', 'high', 'xhigh'];

export type BuiltInTool = 'google_search' | 'url_context' | 'code_execution' | 'google_maps' | 'file_search';
export type InputKind = 'text' | 'image' | 'audio' | 'video' | 'document';

/** US dollars per 1M tokens (the shape of cost.ts's ModelPrice, declared here so the facts import nothing). */
export interface FactRates {
  input: number;
  cachedInput?: number;
  output: number;
}

export interface FactPrice extends FactRates {
  /** Higher rates for prompts of more than `above` input tokens. */
  tiers?: (FactRates & { above: number })[];
  /** When and where the price was read. */
  asOf: string;
  source: string;
}

export interface ModelFact {
  id: string;
  displayName: string;
  /** The `thinking_level` values it takes; [] = it rejects thinking_level (and summaries) outright. */
  thinkingLevels: readonly ThinkingLevel[];
  /** The level it uses when none is sent (undefined: not published). */
  defaultLevel?: ThinkingLevel;
  /** Google's server-side tools it takes. */
  builtInTools: readonly BuiltInTool[];
  /** Client function tools and MCP servers. */
  functionTools: boolean;
  inputKinds: readonly InputKind[];
  imageOutput: boolean;
  /** Input token limit (the meter's window). */
  contextWindow: number;
  outputLimit: number;
  /** US dollars per 1M tokens, paid tier, with the date and page it was read from. */
  price?: FactPrice;
  /** Answered by another model since a date (billed as that model). */
  routedTo?: string;
  routedSince?: string;
  /** No longer served as itself after this date; `replacement` is what the notice offers. */
  retiredOn?: string;
  replacement?: string;
  paidTierOnly?: boolean;
  /** Where the row comes from, and when it was read. */
  source: string;
  asOf: string;
}

export interface AgentFact {
  id: string;
  displayName: string;
  retiredOn?: string;
  replacement?: string;
  source: string;
  asOf: string;
}

const ALL_TOOLS: readonly BuiltInTool[] = ['google_search', 'url_context', 'code_execution', 'google_maps', 'file_search'];
const MULTIMODAL: readonly InputKind[] = ['text', 'image', 'audio', 'video', 'document'];
const LOW_HIGH: readonly ThinkingLevel[] = ['low', 'medium', 'high'];
const LOW_XHIGH: readonly ThinkingLevel[] = ['low', 'medium', 'high', 'xhigh'];
const MINIMAL_HIGH: readonly ThinkingLevel[] = ['minimal', 'low', 'medium', 'high'];
const PRICES_PAGE = 'https://ai.google.dev/gemini-api/docs/pricing';
const PRICED = '2026-12-03';

/** A text model: every built-in tool, function tools, multimodal input, 1M in / 64K out (Gemini 2.5 to 4). */
const chat = (id: string, displayName: string, thinkingLevels: readonly ThinkingLevel[], rest: Partial<ModelFact> & { source: string; asOf: string }): ModelFact => ({
  id, displayName, thinkingLevels, builtInTools: ALL_TOOLS, functionTools: true, inputKinds: MULTIMODAL, imageOutput: false,
  contextWindow: 1_048_576, outputLimit: 65_536, ...rest,
});
/** An image model: a small context, no function tools; tools and levels per row. */
const image = (id: string, displayName: string, thinkingLevels: readonly ThinkingLevel[], builtInTools: readonly BuiltInTool[], rest: Partial<ModelFact> & { source: string; asOf: string }): ModelFact => ({
  id, displayName, thinkingLevels, builtInTools, functionTools: false, inputKinds: ['text', 'image'], imageOutput: true,
  contextWindow: 65_536, outputLimit: 32_768, ...rest,
});

export const MODEL_FACTS: readonly ModelFact[] = [
  chat('gemini-3.8-flash', 'Gemini 3.8 Flash', LOW_HIGH, { defaultLevel: 'medium',
    source: '[DOC Vertex "Gemini 3.8 Flash" developer guide: LOW/MEDIUM/HIGH, default medium; minimal refused per the 3.8 Flash model page]; no published price found', asOf: '2026-12-07' }),
  chat('gemini-3.7-flash', 'Gemini 3.7 Flash', LOW_HIGH, { defaultLevel: 'medium', routedTo: 'gemini-3.8-flash', routedSince: '2026-10-08',
    source: '[DOC 3.7 Flash model page, updated 2026-10-09; changelog 2026-10-08: routed to gemini-3.8-flash]', asOf: '2026-12-07' }),
  chat('gemini-3.6-flash', 'Gemini 3.6 Flash', MINIMAL_HIGH, {
    source: '[DOC changelog 2026-10-08]; levels [INF: the Gemini 3 Flash line, DOC Vertex Gemini 3 Flash page]', asOf: '2026-12-07' }),
  chat('gemini-3.5-flash', 'Gemini 3.5 Flash', MINIMAL_HIGH, { routedTo: 'gemini-3.6-flash', routedSince: '2026-10-08',
    price: { input: 1.5, cachedInput: 0.15, output: 9, asOf: PRICED, source: PRICES_PAGE },
    source: '[DOC changelog 2026-10-08: routed to gemini-3.6-flash]', asOf: '2026-12-07' }),
  chat('gemini-3.5-flash-lite', 'Gemini 3.5 Flash-Lite', MINIMAL_HIGH, { defaultLevel: 'minimal',
    source: '[DOC Vertex 3.5 Flash-Lite model page: default minimal]; other levels [INF]', asOf: '2026-12-07' }),
  chat('gemini-3-flash-preview', 'Gemini 3 Flash Preview', MINIMAL_HIGH, {
    price: { input: 0.5, cachedInput: 0.05, output: 3, asOf: PRICED, source: PRICES_PAGE },
    source: '[DOC Vertex Gemini 3 Flash page: minimal..high]', asOf: '2026-12-03' }),
  chat('gemini-3.1-flash-lite', 'Gemini 3.1 Flash-Lite', MINIMAL_HIGH, {
    price: { input: 0.25, cachedInput: 0.025, output: 1.5, asOf: PRICED, source: PRICES_PAGE },
    source: '[DOC Vertex: GA]; levels [INF]', asOf: '2026-12-07' }),
  // Pro charges more for prompts over 200k tokens (the whole request moves to the higher tier).
  chat('gemini-3.1-pro-preview', 'Gemini 3.1 Pro Preview', LOW_HIGH, { defaultLevel: 'high',
    price: { input: 2, cachedInput: 0.2, output: 12, tiers: [{ above: 200_000, input: 4, cachedInput: 0.4, output: 18 }], asOf: PRICED, source: PRICES_PAGE },
    source: '[DOC Vertex 3.8 Flash guide, comparison table: LOW/MEDIUM/HIGH, default high]', asOf: '2026-12-07' }),
  chat('gemini-4-neon', 'Gemini 4 Neon', LOW_XHIGH, { defaultLevel: 'high', paidTierOnly: true,
    source: '[DOC Gemini Enterprise release notes 2026-11-18: GA; DOC Vertex Neon guide: levels, default high; one 1,048,576-token limit for input and output, 65,536 per foreground segment]; minimal refused [OBS coder/xum 2026-11-22]; paid tier only [OBS apidog 2026-11-19, Tencent Cloud 2026-11-20]', asOf: '2026-12-07' }),
  chat('gemini-4-hydrogen', 'Gemini 4 Hydrogen', LOW_XHIGH, { defaultLevel: 'high',
    source: '[DOC Vertex Hydrogen guide: levels, default high, short lifecycle]; free and paid tier [OBS apidog 2026-11-13]', asOf: '2026-12-07' }),
  chat('gemini-4-carbon', 'Gemini 4 Carbon', LOW_HIGH, { defaultLevel: 'medium', paidTierOnly: true,
    source: '[DOC Vertex Carbon guide: levels, default medium]; minimal and xhigh refused [OBS coder/xum 2026-11-22, Tencent Cloud 2026-11-20]; paid tier only [OBS]', asOf: '2026-12-07' }),
  chat('gemini-4-argon', 'Gemini 4 Argon', LOW_HIGH, { defaultLevel: 'medium',
    source: '[OBS adk-model 3.0.0 ThinkingLevel docs; coder/xum 2026-11-22]; being retired, date not found [OBS docs.apiyi.com 2026-12-05]', asOf: '2026-12-07' }),
  // 2.5-era models have a token budget instead and reject thinking_level.
  chat('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', [], {
    price: { input: 0.1, cachedInput: 0.01, output: 0.4, asOf: PRICED, source: PRICES_PAGE },
    source: '[DOC pricing 2026-12-03]; no thinking_level [INF: 2.5 models take a thinking budget]', asOf: '2026-12-03' }),
  chat('gemini-2.5-pro', 'Gemini 2.5 Pro', [], { retiredOn: '2026-12-01', replacement: 'gemini-3.1-pro-preview', routedTo: 'gemini-3.8-flash', routedSince: '2026-12-01',
    source: '[OBS third-party copy of Google\'s deprecations page, read 2026-11-10: retired after 2026-12-01, routed to gemini-3.8-flash]', asOf: '2026-11-10' }),
  chat('gemini-2.5-flash', 'Gemini 2.5 Flash', [], { retiredOn: '2026-12-01', replacement: 'gemini-3.8-flash', routedTo: 'gemini-3.5-flash-lite', routedSince: '2026-12-01',
    source: '[OBS same page, read 2026-11-10: routed to gemini-3.5-flash-lite; some proxies answer 503]', asOf: '2026-11-10' }),
  image('gemini-3.1-flash-image', 'Gemini 3.1 Flash Image', ['minimal', 'high'], ['google_search'], {
    source: '[INF: the live 400s on other levels and tools seen by this project; §3.8a: image models not checked by Google pages]', asOf: '2026-12-03' }),
  image('gemini-3-pro-image', 'Gemini 3 Pro Image', ['low', 'high'], ['google_search'], {
    source: '[INF: as Flash Image]', asOf: '2026-12-03' }),
  image('gemini-2.5-flash-image', 'Gemini 2.5 Flash Image', [], [], { contextWindow: 32_768,
    source: '[DOC models page 2026-12-03: 32,768 input tokens]; no tools, no thinking_level [INF]', asOf: '2026-12-03' }),
  // Newer image models: tools and levels not checked, so none are sent (§3.8a: send special models no thinking_level).
  image('gemini-nano-banana-2.1', 'Gemini Nano Banana 2.1', [], [], {
    source: '[DOC changelog: GA 2026-10-06]; tools and levels not checked [INF: none sent]', asOf: '2026-12-07' }),
  image('gemini-3.1-flash-lite-image', 'Gemini 3.1 Flash-Lite Image', [], [], {
    source: '[DOC changelog: GA 2026-06-30]; tools and levels not checked [INF: none sent]', asOf: '2026-12-07' }),
];

export const AGENT_FACTS: readonly AgentFact[] = [
  { id: 'deep-research-preview-04-2026', displayName: 'Deep Research', source: '[DOC model page 2026-04-29]', asOf: '2026-12-07' },
  { id: 'deep-research-max-preview-04-2026', displayName: 'Deep Research Max', source: '[DOC model page 2026-04-29]', asOf: '2026-12-07' },
  { id: 'deep-research-pro-preview-12-2025', displayName: 'Deep Research Pro (preview 12-2025)', retiredOn: '2026-10-23', replacement: 'deep-research-preview-04-2026',
    source: '[OBS two Qiita summaries of the 2026-10-08 changelog entry: shut down 2026-10-23, not forwarded]', asOf: '2026-12-07' },
];

const BY_ID = new Map(MODEL_FACTS.map((f) => [f.id, f]));
const AGENTS_BY_ID = new Map(AGENT_FACTS.map((f) => [f.id, f]));

/** The row of a known id, or undefined. */
export function modelFact(id: string): ModelFact | undefined {
  return BY_ID.get(id);
}

export function agentFact(id: string): AgentFact | undefined {
  return AGENTS_BY_ID.get(id);
}

/**
 * An id without a row (newer, aliased, custom): nothing is assumed beyond what every Gemini chat model of the
 * Interactions API takes. No thinking level is sent unless the user chose one (then a refusal is learned),
 * tools are sent as configured (the API says if one is refused), and no context window or price is claimed:
 * the meter shows tokens only and the cost is not estimated. The native chat gets conservative limits.
 */
export const UNKNOWN_MODEL = {
  contextWindow: undefined,
  /** What VS Code's chat may put in one request for an id we know nothing about. */
  nativeInputTokens: 131_072,
  nativeOutputTokens: 8_192,
} as const;

/** The model that answers an id: the routed-to id when Google routes it, else the id itself. */
export function servingModel(id: string): string {
  return modelFact(id)?.routedTo ?? id;
}
