// Turns whatever the SDK throws into one human message and a decision: retry (after how long), stop,
// or resume the stream. The SDK's interactions error classes are not exported, so match on name/status.
// The message is written through `m` (the display language in the extension, English by default).
import { englishMessages, type Messages } from '../l10n/coreStrings';
import { classifyGoogleCloudError, type CloudErrorKind } from './googleCloudErrors';

export type ErrorKind =
  | 'rateLimit' | 'quota' | 'server' | 'auth' | 'keyInvalid' | 'keyBlocked' | 'permission' | 'notFound' | 'modelNotFound' | 'badRequest'
  | 'network' | 'aborted' | 'unknown'
  // Google Cloud: no credentials, credentials refused, the API off in the project, a missing role, a project that
  // does not exist for the caller, a model the location does not serve.
  | CloudErrorKind;

export interface ClassifiedError {
  kind: ErrorKind;
  status?: number;
  /** One sentence for the user. Never a stack. */
  message: string;
  /** The server's own message, when it sent one. */
  serverMessage?: string;
  /** For rate limits: how long the server asked us to wait. */
  retryAfterMs?: number;
}

/** Where users create, restrict and delete Gemini API keys (named in the key messages). */
export const MANAGE_KEYS_URL = 'https://aistudio.google.com/apikey';

/** Where a project turns on billing for the Gemini API (named in the paid-tier refusal). */
export const BILLING_URL = 'https://ai.google.dev/gemini-api/docs/billing';

/** The key itself is the problem (missing, rejected, invalid, blocked): the fix is another key. */
export function isKeyError(c: ClassifiedError): boolean {
  return c.kind === 'auth' || c.kind === 'keyInvalid' || c.kind === 'keyBlocked';
}

/** Google Cloud credentials are the problem (none found, refused): the fix is signing in again. */
export function isCloudCredentialsError(c: ClassifiedError): boolean {
  return c.kind === 'cloudNoCredentials' || c.kind === 'cloudCredentials';
}

/** The ErrorInfo reason of a google.rpc error (API_KEY_INVALID, API_KEY_SERVICE_BLOCKED, ...). */
function errorReason(details: any[]): string | undefined {
  const info = details.find((d) => typeof d?.reason === 'string' && (d?.['@type'] === undefined || /ErrorInfo$/.test(String(d['@type']))));
  return info?.reason;
}

export function classifyError(e: unknown, m: Messages = englishMessages): ClassifiedError {
  const err = e as any;
  const name: string = err?.name ?? err?.constructor?.name ?? '';
  if (name === 'APIUserAbortError' || name === 'AbortError' || err?.code === 'ABORT_ERR') {
    return { kind: 'aborted', message: m.t('stopped') };
  }
  if (name === 'TimeoutError') return { kind: 'network', message: m.t('timedOut') };
  const status: number | undefined = typeof err?.status === 'number' ? err.status : undefined;
  const body = parseBody(err);
  const serverMessage: string | undefined = body?.error?.message ?? body?.message ?? undefined;
  const details: any[] = Array.isArray(body?.error?.details) ? body.error.details : [];
  const cloud = classifyGoogleCloudError(err, status, serverMessage, details, m);
  if (cloud) return cloud;

  if (status === undefined) {
    if (name === 'ContinuationInterruptedError') {
      return { kind: 'network', message: m.t('continuationDropped') };
    }
    if (name.startsWith('APIConnection') || name === 'TypeError' || /fetch failed|terminated|ECONN|socket|network/i.test(String(err?.message))) {
      return { kind: 'network', message: m.t('unreachable', short(err?.message), 'geminiInteractions.apiBaseUrl') };
    }
    if (name === 'SyntaxError') return { kind: 'server', message: m.t('invalidJson') };
    return { kind: 'unknown', message: short(err?.message) || m.t('unexpected') };
  }

  // A rejected key (API_KEY_INVALID, any status) or a blocked / restricted one (API_KEY_SERVICE_BLOCKED,
  // API_KEY_HTTP_REFERRER_BLOCKED, API_KEY_IP_ADDRESS_BLOCKED, ...): say so and where to manage keys.
  const reason = errorReason(details);
  if (reason === 'API_KEY_INVALID' || (status === 400 && /api key not valid/i.test(serverMessage ?? ''))) {
    return { kind: 'keyInvalid', status, serverMessage, message: m.t('keyInvalid', MANAGE_KEYS_URL) };
  }
  // A standard key without any restriction (refused since 2026-06-19): the fix is to restrict it, not to
  // lift a restriction, so it gets its own message.
  if (status === 403 && (/UNRESTRICTED/.test(reason ?? '') || /\b(?:api )?keys? (?:without|with no) (?:any )?restrictions?\b|\bunrestricted (?:api )?keys?\b/i.test(serverMessage ?? ''))) {
    return { kind: 'keyBlocked', status, serverMessage, message: m.t('keyUnrestricted', MANAGE_KEYS_URL) };
  }
  if (reason && /^API_KEY_/.test(reason)) {
    return { kind: 'keyBlocked', status, serverMessage, message: m.t('keyBlocked', MANAGE_KEYS_URL) };
  }

  switch (true) {
    case status === 429: {
      const retryAfterMs = retryDelayMs(err, details);
      if (isQuotaExhausted(serverMessage, details)) {
        return { kind: 'quota', status, serverMessage, message: serverMessage ? m.t('quotaExhaustedWith', serverMessage) : m.t('quotaExhausted') };
      }
      return { kind: 'rateLimit', status, serverMessage, retryAfterMs, message: m.t('rateLimited') };
    }
    case status === 401:
      return { kind: 'auth', status, serverMessage, message: m.t('keyRejected') };
    case status === 403 && /\bpaid tier\b|\bfree tier\b|enable billing/i.test(serverMessage ?? ''): {
      // A model reserved for paid-tier projects (Gemini 4 Neon and Carbon are reported so) refused to a free-tier
      // key: the fix is billing or another model, not another key. The live text is not known (INTERACTIONS-API.md §3.1a).
      const model = /\b(gemini-[\w.-]*[\w])/.exec(serverMessage!)?.[1];
      return { kind: 'permission', status, serverMessage, message: model ? m.t('paidTierOnly', model, BILLING_URL, 'geminiInteractions.model') : m.t('paidTierOnlyAny', BILLING_URL, 'geminiInteractions.model') };
    }
    case status === 403:
      return { kind: 'permission', status, serverMessage, message: serverMessage ? m.t('permissionDeniedWith', serverMessage) : m.t('permissionDenied') };
    case status === 404 && /\bmodels\/[\w.-]+/.test(serverMessage ?? ''): {
      // An unknown or retired model: say which, and where to change it (not "the conversation is gone").
      const model = /\bmodels\/([\w.-]+)/.exec(serverMessage!)![1];
      return { kind: 'modelNotFound', status, serverMessage, message: m.t('modelUnavailable', model, 'geminiInteractions.model') };
    }
    case status === 404:
      return { kind: 'notFound', status, serverMessage, message: serverMessage ? m.t('notFoundWith', serverMessage) : m.t('notFound') };
    case status === 400: {
      return { kind: 'badRequest', status, serverMessage, message: m.t('badRequest', serverMessage ?? m.t('invalidRequest')) };
    }
    case status >= 500:
      return { kind: 'server', status, serverMessage, message: serverMessage ? m.t('serverErrorWith', status, serverMessage) : m.t('serverError', status) };
    case status === 408 || status === 409:
      return { kind: 'server', status, serverMessage, message: m.t('tryAgain', status) };
    default:
      return { kind: 'unknown', status, serverMessage, message: serverMessage ? m.t('answeredWith', status, serverMessage) : m.t('answered', status) };
  }
}

/** The live 400 for a `thinking_level` the model does not take: the request is retried once without it. */
export function isUnsupportedThinkingLevel(c: ClassifiedError): boolean {
  return c.kind === 'badRequest' && /is not a supported thinking level|thinking_level is not supported/i.test(c.serverMessage ?? '');
}

/**
 * A 400 refusing tool search (INTERACTIONS-API.md §3.5, never observed live): the message names `tool_search`,
 * `defer_loading` or `short_description` (snake or camel case; not `tool_search_call`/`_result`) and says it is
 * unknown, unsupported, invalid as a tool type, or not allowed. Other 400s that happen to name a field (a wrong
 * value type, say) are not this. The request is retried once without tool search.
 */
export function isToolSearchRefusal(c: ClassifiedError): boolean {
  if (c.kind !== 'badRequest') return false;
  // A list of what is supported ("Supported tool types: …, tool_search.") names it without refusing it.
  const text = (c.serverMessage ?? '').replace(/\b(?:supported|valid|allowed|expected)\b[\w ]*:[\s\S]*?(?:\.(?=\s|$)|$)/gi, ' ');
  return /\b(?:tool_search|toolSearch|defer_loading|deferLoading|short_description|shortDescription)\b/.test(text)
    && /\bunknown\b|\bunsupported\b|\bnot (?:supported|allowed|enabled|available)\b|\bunrecogni[sz]ed\b|\binvalid tool type\b|\bcannot find field\b|\bno such field\b/i.test(text);
}

/**
 * The tool type a 400 refuses for the model, e.g. `google_maps` from "Tool type 'google_maps' at 'tools[3]' is not
 * supported by model gemini-x." (the live wording of a refused tool type, INTERACTIONS-API.md §3.5), or undefined.
 * Tool search has its own refusal (isToolSearchRefusal), and a function or MCP tool is never left out this way:
 * the conversation's tools depend on them.
 */
export function refusedToolType(c: ClassifiedError): string | undefined {
  if (c.kind !== 'badRequest') return undefined;
  const m = /\btool type '([a-z_]+)'[^.]*?\b(?:is )?not (?:supported|enabled|available)\b/i.exec(c.serverMessage ?? '');
  const type = m?.[1]?.toLowerCase();
  return type && !['tool_search', 'function', 'mcp_server'].includes(type) ? type : undefined;
}

/** Input kinds a request can carry, as the API names them in `type` (and in its modality errors). */
const INPUT_KINDS = ['image', 'audio', 'video', 'document'] as const;
export type RefusableInputKind = typeof INPUT_KINDS[number];

/**
 * The input kind a 400 refuses for the model: "Audio input modality is not enabled for models/x" (Google's
 * wording for a modality a model does not take) or "… 'video' content is not supported by model …"; `pdf` is a
 * document. Undefined for any other 400 (a wrong mime type is the user's file, not the model's rule).
 */
export function refusedInputKind(c: ClassifiedError): RefusableInputKind | undefined {
  if (c.kind !== 'badRequest') return undefined;
  const text = c.serverMessage ?? '';
  const m = /\b(image|audio|video|document|pdf) input modality is not (?:enabled|supported)\b/i.exec(text)
    ?? /'?\b(image|audio|video|document|pdf)'? (?:content|input)s? (?:is |are )?not supported by model\b/i.exec(text);
  const kind = m?.[1]?.toLowerCase();
  return kind === 'pdf' ? 'document' : (INPUT_KINDS as readonly string[]).includes(kind ?? '') ? kind as RefusableInputKind : undefined;
}

/** True when the server no longer knows an interaction id (deleted, expired, never stored). */
export function isUnknownInteraction(c: ClassifiedError): boolean {
  if (c.kind === 'notFound') return true;
  // Plain alternatives only (linear); "interaction … not found" is covered by "not found".
  return c.kind === 'badRequest' && /previous_interaction_id|not found|expired|store/i.test(c.serverMessage ?? '');
}

/**
 * A daily or billing quota is exhausted (stop) versus a per-minute rate limit (wait and retry). Google's
 * per-minute 429 also says "You exceeded your current quota", so the structured details decide first.
 */
function isQuotaExhausted(message: string | undefined, details: any[]): boolean {
  const quotaIds = details.flatMap((d) => (Array.isArray(d?.violations) ? d.violations : []))
    .map((v: any) => `${v?.quotaId ?? ''} ${v?.quotaMetric ?? ''}`);
  if (quotaIds.some((q) => /PerDay|per_day|daily/i.test(q))) return true;
  if (quotaIds.some((q) => /PerMinute|per_minute|PerSecond/i.test(q))) return false;
  if (details.some((d) => typeof d?.retryDelay === 'string')) return false;
  return /quota/i.test(message ?? '');
}

function retryDelayMs(err: any, details: any[]): number | undefined {
  for (const d of details) {
    if (typeof d?.retryDelay === 'string') {
      const m = /^([\d.]+)s$/.exec(d.retryDelay);
      if (m) return Math.round(parseFloat(m[1]) * 1000);
    }
  }
  const h = err?.headers;
  const get = (k: string): string | null | undefined => (typeof h?.get === 'function' ? h.get(k) : h?.[k]);
  const ms = Number(get('retry-after-ms'));
  if (ms > 0) return ms;
  const ra = get('retry-after');
  if (ra) {
    const s = Number(ra);
    if (s > 0) return s * 1000;
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

function parseBody(err: any): any {
  if (err?.error && typeof err.error === 'object') return err.error;
  for (const raw of [err?.body, err?.message]) {
    if (typeof raw !== 'string') continue;
    const start = raw.indexOf('{');
    if (start < 0) continue;
    try { return JSON.parse(raw.slice(start)); } catch { /* not JSON */ }
  }
  return undefined;
}

function short(message: unknown): string {
  const s = String(message ?? '').split('\n')[0];
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
