// Fault injection. A fault matches requests by operation and applies to the next `times` of them.
// HTTP faults replace the response (and count every SDK retry as one request, since the SDK resends 429/5xx);
// stream faults alter the next SSE response(s); omit_usage alters the next create.
import { HttpError, rpcError } from './errors';

export type Op = 'create' | 'get' | 'cancel' | 'delete' | 'files.upload' | 'files.get' | 'files.list' | 'files.delete' | 'models.list' | 'models.get'
  | 'stores.create' | 'stores.get' | 'stores.list' | 'stores.delete' | 'stores.upload' | 'operations.get' | 'documents.list' | 'documents.get' | 'documents.delete';

export const HTTP_FAULTS = ['rate_limit', 'quota_exhausted', 'server_error'] as const;
export const STREAM_FAULTS = ['cut_stream', 'live_cut', 'stall', 'malformed_event', 'empty_error_event', 'slow_stream'] as const;
/** Shape the stored event list of the next create (so a GET replay shows the same), as live streams do. */
export const EVENT_FAULTS = ['sparse_event_ids', 'no_event_ids', 'split_signature', 'usage_in_metadata'] as const;
/** `operation_failed`: the next upload to a File Search store ends in a failed operation (on 'stores.upload'). */
export const FAULT_NAMES = [...HTTP_FAULTS, ...STREAM_FAULTS, 'omit_usage', ...EVENT_FAULTS, 'operation_failed'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultSpec {
  name: FaultName;
  /** Operations it applies to (default 'create'; '*' = every API request). Stream faults only fire on SSE responses. */
  on?: Op | '*' | (Op | '*')[];
  /** How many matching requests/streams it applies to (default 1). */
  times?: number;
  /** Stream faults: events written before the fault fires (default 3; slow_stream ignores it). */
  afterEvents?: number;
  /** slow_stream: pause before every event (default 200 ms). */
  delayMs?: number;
  /** server_error: HTTP status (default 503). */
  status?: number;
  /** sparse_event_ids: only every N-th event carries an event_id (default 4). */
  every?: number;
  /** split_signature: non-empty fragments per thought signature (default 3; empty fragments go between them). */
  parts?: number;
  /** Overrides the error message. */
  message?: string;
  /** rate_limit / server_error: `retry-after` header in seconds (rate_limit default 1). */
  retryAfterS?: number;
  /** rate_limit / server_error: `retry-after-ms` header (the SDK prefers it when > 0). */
  retryAfterMs?: number;
}

/** How a create's stored events differ from the default (every event with an id, one signature delta, usage on the interaction). */
export interface EventShape {
  /** 0 = no event carries an event_id; N = only every N-th does. */
  idEvery?: number;
  signatureParts?: number;
  /** interaction.completed carries usage only as `metadata.total_usage` (reported live for store:false). */
  usageInMetadata?: boolean;
  /**
   * The tidy stream (`tidyStream` switch): every event has an event_id, usage only on interaction.completed, function
   * call signatures only on the step.start shell. Off by default: the default stream is the realistic one (§8 item 27).
   */
  tidy?: boolean;
}

interface Armed {
  spec: FaultSpec;
  remaining: number;
}

export class Faults {
  private armed: Armed[] = [];

  add(specs: FaultSpec | FaultSpec[]): void {
    for (const spec of Array.isArray(specs) ? specs : [specs]) {
      if (!(FAULT_NAMES as readonly string[]).includes(spec?.name)) {
        throw new Error(`Unknown fault '${String(spec?.name)}'. Known: ${FAULT_NAMES.join(', ')}.`);
      }
      this.armed.push({ spec: { ...spec }, remaining: spec.times ?? 1 });
    }
  }

  clear(): void {
    this.armed = [];
  }

  pending(): FaultSpec[] {
    return this.armed.filter((a) => a.remaining > 0).map((a) => ({ ...a.spec, times: a.remaining }));
  }

  private take(op: Op, names: readonly string[], all: boolean): FaultSpec[] {
    const out: FaultSpec[] = [];
    for (const a of this.armed) {
      if (a.remaining <= 0 || !names.includes(a.spec.name)) continue;
      const on = a.spec.on === undefined ? ['create'] : Array.isArray(a.spec.on) ? a.spec.on : [a.spec.on];
      if (!on.includes(op) && !on.includes('*')) continue;
      a.remaining--;
      out.push(a.spec);
      if (!all) break;
    }
    this.armed = this.armed.filter((a) => a.remaining > 0);
    return out;
  }

  /** The error to answer with instead of handling the request, if an HTTP fault is armed for `op`. */
  takeHttp(op: Op): HttpError | undefined {
    const [f] = this.take(op, HTTP_FAULTS, false);
    return f ? httpFault(f) : undefined;
  }

  takeStream(op: Op): FaultSpec[] {
    return this.take(op, STREAM_FAULTS, true);
  }

  /** Event-list faults for the next create. */
  takeEventFaults(): EventShape {
    const shape: EventShape = {};
    for (const f of this.take('create', EVENT_FAULTS, true)) {
      if (f.name === 'sparse_event_ids') shape.idEvery = Math.max(1, f.every ?? 4);
      if (f.name === 'no_event_ids') shape.idEvery = 0;
      if (f.name === 'split_signature') shape.signatureParts = Math.max(1, f.parts ?? 3);
      if (f.name === 'usage_in_metadata') shape.usageInMetadata = true;
    }
    return shape;
  }

  /** True when an `operation_failed` fault is armed for this op (it is used up). */
  takeOperationFailure(op: Op): boolean {
    return this.take(op, ['operation_failed'], false).length > 0;
  }

  takeOmitUsage(op: Op): boolean {
    return this.take(op, ['omit_usage'], false).length > 0;
  }
}

function retryHeaders(f: FaultSpec, defaultS?: number): Record<string, string> {
  const h: Record<string, string> = {};
  const s = f.retryAfterS ?? defaultS;
  if (s !== undefined) h['retry-after'] = String(s);
  if (f.retryAfterMs !== undefined) h['retry-after-ms'] = String(f.retryAfterMs);
  return h;
}

function httpFault(f: FaultSpec): HttpError {
  switch (f.name) {
    case 'rate_limit': {
      const headers = retryHeaders(f, 1);
      const delayS = f.retryAfterMs !== undefined ? f.retryAfterMs / 1000 : Number(headers['retry-after'] ?? 1);
      return rpcError(429, f.message ?? 'Resource has been exhausted (e.g. check quota). Rate limit exceeded: too many requests per minute, please retry shortly.', [
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${delayS}s` },
      ], headers);
    }
    case 'quota_exhausted':
      return rpcError(429, f.message ?? 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model: 'emulated' },
            quotaValue: '250',
          }],
        },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
      ]);
    default: {
      const status = f.status ?? 503;
      const msg = f.message ?? (status === 503 ? 'The model is overloaded. Please try again later.' : status === 504 ? 'Deadline expired before operation could complete.' : 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
      return rpcError(status, msg, undefined, retryHeaders(f));
    }
  }
}
