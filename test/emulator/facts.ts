// The emulator's own facts about models and agents, each row with the evidence it rests on and the date it was
// read (labels as in /work/shared/INTERACTIONS-API.md §0.2: [DOC] Google's pages, [OBS] third parties' live
// observations, [SDK] the @google/genai types, [INF] inferred; §3.1a ids, §3.8a thinking levels, §8 items 22–26).
// Never imported from the product (test/api/emulator-models.test.ts fails if any emulator file imports src/):
// a wrong product table must fail against these rows, not agree with them. Revisit the rows when Google's
// pages change, and keep the evidence next to the value it justifies.

/** As of this date the rows below were checked against the sources they name. */
export const FACTS_AS_OF = '2026-12-07';

export type Level = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

// `tool_search`: typed since SDK 3.4.0 (js-genai release notes 2026-11-16; INTERACTIONS-API.md §3.5). Which models take
// it is not published [INF: every text model that takes function tools], read 2026-12-07.
export const GEMINI_TOOLS = ['function', 'mcp_server', 'google_search', 'url_context', 'code_execution', 'google_maps', 'file_search', 'computer_use', 'tool_search'] as const;

export interface ServedModel {
  state: 'served';
  displayName: string;
  /** Accepted thinking_level values; [] = the model rejects thinking_level outright. */
  levels: readonly Level[];
  /** The level used when none is sent (undefined: no source found). */
  defaultLevel?: Level;
  /** Tool types it takes. */
  tools: readonly string[];
  inputTokenLimit: number;
  outputTokenLimit: number;
  /** Refused for the designated free-tier key (§8 item 26). */
  paidOnly?: boolean;
  /** Listed by models.list (the -latest aliases are; routed ids are not). */
  listed?: boolean;
  /** The served model an alias points at (its rules apply). */
  aliasOf?: string;
  /** Input rule: 400 when the last input step is a model_output (§8 item 30). */
  rejectsTrailingModelOutput?: boolean;
  evidence: string;
}

export interface RoutedModel {
  state: 'routed';
  /** The id that answers (its rules apply; it is echoed in `model`). */
  to: string;
  since: string;
  /** Retired ids that are routed (the 2.5 ids): a switch can answer 404 or 503 for them instead. */
  retired?: boolean;
  evidence: string;
}

export type ModelFact = ServedModel | RoutedModel;

const ALL: readonly Level[] = ['minimal', 'low', 'medium', 'high'];
const LOW_HIGH: readonly Level[] = ['low', 'medium', 'high'];
const LOW_XHIGH: readonly Level[] = ['low', 'medium', 'high', 'xhigh'];
const TEXT = { tools: GEMINI_TOOLS, inputTokenLimit: 1_048_576, outputTokenLimit: 65_536 } as const;
const IMAGE_LIMITS = { inputTokenLimit: 65_536, outputTokenLimit: 32_768 } as const;

export const MODEL_FACTS: Readonly<Record<string, ModelFact>> = {
  'gemini-3.8-flash': {
    state: 'served', displayName: 'Gemini 3.8 Flash', levels: LOW_HIGH, defaultLevel: 'medium', ...TEXT,
    evidence: '[DOC Vertex "Gemini 3.8 Flash" developer guide: LOW/MEDIUM/HIGH, default medium; minimal returns an error per the 3.8 Flash model page as captured by third parties 2026-09] read 2026-12-07',
  },
  'gemini-3.7-flash': {
    state: 'routed', to: 'gemini-3.8-flash', since: '2026-10-08',
    evidence: '[DOC 3.7 Flash model page, updated 2026-10-09; changelog 2026-10-08] read 2026-12-07',
  },
  'gemini-3.6-flash': {
    state: 'served', displayName: 'Gemini 3.6 Flash', levels: ALL, ...TEXT,
    evidence: '[DOC changelog 2026-10-08: target of the 3.5 Flash routing]; levels [INF: the Gemini 3 Flash line takes all four, DOC Vertex Gemini 3 Flash page] read 2026-12-07',
  },
  'gemini-3.5-flash': {
    state: 'routed', to: 'gemini-3.6-flash', since: '2026-10-08',
    evidence: '[DOC changelog 2026-10-08; ai.google.dev "What\'s new in Gemini 3.5 Flash"] read 2026-12-07',
  },
  'gemini-3.5-flash-lite': {
    state: 'served', displayName: 'Gemini 3.5 Flash-Lite', levels: ALL, defaultLevel: 'minimal', ...TEXT, rejectsTrailingModelOutput: true,
    evidence: '[DOC Vertex 3.5 Flash-Lite model page: default minimal, trailing model_output rejected]; other levels [INF] read 2026-12-07',
  },
  'gemini-3.1-pro-preview': {
    state: 'served', displayName: 'Gemini 3.1 Pro Preview', levels: LOW_HIGH, defaultLevel: 'high', ...TEXT,
    evidence: '[DOC Vertex 3.8 Flash guide, comparison table: LOW/MEDIUM/HIGH, default high] read 2026-12-07',
  },
  'gemini-3.1-flash-lite': {
    state: 'served', displayName: 'Gemini 3.1 Flash-Lite', levels: ALL, ...TEXT,
    evidence: '[DOC Vertex: GA]; levels [INF] read 2026-12-07',
  },
  'gemini-3-flash-preview': {
    state: 'routed', to: 'gemini-3.8-flash', since: '2026-10-08',
    evidence: '[INF: the emulator\'s choice, a preview id moved to the GA Flash; no Google page checked] 2026-12-07',
  },
  'gemini-2.5-pro': {
    state: 'routed', to: 'gemini-3.8-flash', since: '2026-12-01', retired: true,
    evidence: '[OBS third-party copy of Google\'s deprecations page, read 2026-11-10: retired after 2026-12-01, routed to gemini-3.8-flash]',
  },
  'gemini-2.5-flash': {
    state: 'routed', to: 'gemini-3.5-flash-lite', since: '2026-12-01', retired: true,
    evidence: '[OBS same page, read 2026-11-10: routed to gemini-3.5-flash-lite; some proxies answer 503 instead]',
  },
  'gemini-2.5-flash-lite': {
    state: 'served', displayName: 'Gemini 2.5 Flash-Lite', levels: [], ...TEXT,
    evidence: '[INF: 2.5 models take a thinking budget, not thinking_level] 2026-12-07',
  },
  'gemini-4-neon': {
    state: 'served', displayName: 'Gemini 4 Neon', levels: LOW_XHIGH, defaultLevel: 'high', ...TEXT, paidOnly: true,
    evidence: '[DOC Gemini Enterprise release notes 2026-11-18: GA; DOC Vertex Neon guide: levels, default high]; minimal rejected [OBS coder/xum release notes 2026-11-22]; paid tier only [OBS apidog guide 2026-11-19, Tencent Cloud article 2026-11-20]',
  },
  'gemini-4-hydrogen': {
    state: 'served', displayName: 'Gemini 4 Hydrogen', levels: LOW_XHIGH, defaultLevel: 'high', ...TEXT,
    evidence: '[DOC Vertex Hydrogen guide: levels, default high, short lifecycle]; free and paid tier [OBS apidog guide 2026-11-13]',
  },
  'gemini-4-carbon': {
    state: 'served', displayName: 'Gemini 4 Carbon', levels: LOW_HIGH, defaultLevel: 'medium', ...TEXT, paidOnly: true,
    evidence: '[DOC Vertex Carbon guide: levels, default medium]; minimal and xhigh rejected [OBS coder/xum 2026-11-22; Tencent Cloud article 2026-11-20]; paid only [OBS as Neon]',
  },
  'gemini-4-argon': {
    state: 'served', displayName: 'Gemini 4 Argon', levels: LOW_HIGH, defaultLevel: 'medium', ...TEXT,
    evidence: '[OBS adk-model 3.0.0 ThinkingLevel docs; coder/xum 2026-11-22]; being retired [OBS docs.apiyi.com 2026-12-05]',
  },
  'gemini-3.1-flash-image': {
    state: 'served', displayName: 'Gemini 3.1 Flash Image', levels: ['minimal', 'high'], tools: ['google_search'], ...IMAGE_LIMITS,
    evidence: '[INF: the emulator\'s earlier table, kept; §3.8a: image models not checked] 2026-12-07',
  },
  'gemini-3-pro-image': {
    state: 'served', displayName: 'Gemini 3 Pro Image', levels: ['low', 'high'], tools: ['google_search'], ...IMAGE_LIMITS,
    evidence: '[INF: the emulator\'s earlier table, kept; §3.8a: image models not checked] 2026-12-07',
  },
  'gemini-2.5-flash-image': {
    state: 'served', displayName: 'Gemini 2.5 Flash Image', levels: [], tools: [], inputTokenLimit: 32_768, outputTokenLimit: 32_768,
    evidence: '[INF: the emulator\'s earlier table, kept] 2026-12-07',
  },
  'gemini-nano-banana-2.1': {
    state: 'served', displayName: 'Gemini Nano Banana 2.1', levels: [], tools: [], ...IMAGE_LIMITS,
    evidence: '[DOC changelog: GA 2026-10-06]; tools and levels not checked [INF: the strict reading, none] 2026-12-07',
  },
  'gemini-3.1-flash-lite-image': {
    state: 'served', displayName: 'Gemini 3.1 Flash-Lite Image', levels: [], tools: [], ...IMAGE_LIMITS,
    evidence: '[DOC changelog: GA 2026-06-30]; tools and levels not checked [INF: the strict reading, none] 2026-12-07',
  },
  // The -latest aliases (typed in the SDK) are listed and answer with the rules of the model they point at.
  'gemini-flash-latest': {
    state: 'served', displayName: 'Gemini Flash Latest', levels: LOW_HIGH, defaultLevel: 'medium', ...TEXT, aliasOf: 'gemini-3.8-flash',
    evidence: '[SDK 3.6.1 typed id]; target [INF: the current Flash] 2026-12-07',
  },
  'gemini-pro-latest': {
    state: 'served', displayName: 'Gemini Pro Latest', levels: LOW_HIGH, defaultLevel: 'high', ...TEXT, aliasOf: 'gemini-3.1-pro-preview',
    evidence: '[SDK 3.6.1 typed id]; target [INF: the current Pro] 2026-12-07',
  },
};

export interface AgentFact {
  state: 'served' | 'retired';
  /** Shut-down date (retired agents are not forwarded: 404). */
  retiredOn?: string;
  evidence: string;
}

/** Accepted agent ids; any other → 404 (§8 item 24). */
export const AGENT_FACTS: Readonly<Record<string, AgentFact>> = {
  'deep-research-preview-04-2026': { state: 'served', evidence: '[DOC model page 2026-04-29] read 2026-12-07' },
  'deep-research-max-preview-04-2026': { state: 'served', evidence: '[DOC model page 2026-04-29] read 2026-12-07' },
  'antigravity-preview-05-2026': { state: 'served', evidence: '[SDK 3.6.1 agent union; OBS genai-rs 2026-07/08 ran it]' },
  'antigravity-preview-09-2026': { state: 'served', evidence: '[SDK 3.6.1 agent union]' },
  'deep-research-pro-preview-12-2025': { state: 'retired', retiredOn: '2026-10-23', evidence: '[OBS two Qiita summaries of the 2026-10-08 changelog entry: shut down 2026-10-23, not forwarded]' },
};

/**
 * The free-tier key (§8 item 26). Live status and text are not known [INF]; the emulator's choice: 403
 * PERMISSION_DENIED without an API_KEY_* reason (the key itself is fine), naming the model and the paid tier.
 * Not retried by the SDK.
 */
export const FREE_TIER_KEY = 'free-tier-key';
export const PAID_TIER_MESSAGE = (model: string) =>
  `${model} is available on the paid tier only. Enable billing for the project of this API key to use it.`;
