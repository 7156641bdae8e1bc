import { strict as assert } from 'node:assert';
import { BILLING_URL, classifyError, isKeyError, isToolSearchRefusal, isUnknownInteraction, MANAGE_KEYS_URL, refusedInputKind, refusedToolType } from '../../src/core/gemini/errors';

/** An error shaped like SDK 3.1.0's APIError family (INTERACTIONS-API.md §1.7): name, status, Headers, body text, parsed `error`. */
function sdkError(name: string, status: number, body: unknown, headers: Record<string, string> = {}): Error {
  const b = body as { error?: { message?: string } } | undefined;
  const e = new Error(`${status} ${b?.error?.message ?? 'status code (no body)'}`);
  e.name = name;
  return Object.assign(e, {
    status,
    headers: new Headers(headers),
    body: body === undefined ? '' : JSON.stringify(body),
    error: body === undefined ? undefined : { ...(body as object), httpMeta: { response: {} } },
  });
}

const google = (code: number, status: string, message: string, details: unknown[] = []) => ({ error: { code, message, status, details } });

describe('classifyError', () => {
  describe('429', () => {
    it('RateLimitError with a retry-after header → rateLimit with the delay in ms', () => {
      const c = classifyError(sdkError('RateLimitError', 429, google(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted, try again later.'), { 'retry-after': '12' }));
      assert.equal(c.kind, 'rateLimit');
      assert.equal(c.status, 429);
      assert.equal(c.retryAfterMs, 12_000);
    });

    it('RetryInfo retryDelay "7s" in the body wins over the header', () => {
      const body = google(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted, try again later.', [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
      ]);
      const c = classifyError(sdkError('RateLimitError', 429, body, { 'retry-after': '30' }));
      assert.equal(c.kind, 'rateLimit');
      assert.equal(c.retryAfterMs, 7000);
      assert.equal(c.serverMessage, 'Resource has been exhausted, try again later.');
    });

    it('fractional retryDelay and retry-after-ms are understood', () => {
      const c1 = classifyError(sdkError('RateLimitError', 429, google(429, 'RESOURCE_EXHAUSTED', 'slow down', [{ retryDelay: '1.5s' }])));
      assert.equal(c1.retryAfterMs, 1500);
      const c2 = classifyError(sdkError('RateLimitError', 429, { error: { message: 'slow down' } }, { 'retry-after-ms': '250' }));
      assert.equal(c2.retryAfterMs, 250);
      const c3 = classifyError(sdkError('RateLimitError', 429, { error: { message: 'slow down' } }));
      assert.equal(c3.kind, 'rateLimit');
      assert.equal(c3.retryAfterMs, undefined);
    });

    it('an exhausted quota message → quota (not retried)', () => {
      const c = classifyError(sdkError('RateLimitError', 429, google(429, 'RESOURCE_EXHAUSTED', 'Quota exhausted for this project.')));
      assert.equal(c.kind, 'quota');
      assert.match(c.message, /quota is exhausted/);
    });

    it('a QuotaFailure with a PerDay quota → quota', () => {
      const body = google(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted.', [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '20s' },
      ]);
      assert.equal(classifyError(sdkError('RateLimitError', 429, body)).kind, 'quota');
    });

    // Google's standard per-minute 429 also says "You exceeded your current quota ... billing": the details decide.
    it('the standard per-minute 429 (QuotaFailure PerMinute + RetryInfo) is a rateLimit', () => {
      const body = google(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.', [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' },
      ]);
      const c = classifyError(sdkError('RateLimitError', 429, body));
      assert.equal(c.kind, 'rateLimit');
      assert.equal(c.retryAfterMs, 7000);
    });
  });

  describe('other HTTP statuses', () => {
    it('401 → auth', () => {
      const c = classifyError(sdkError('AuthenticationError', 401, google(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')));
      assert.equal(c.kind, 'auth');
      assert.match(c.message, /Set API Key/);
    });

    it('403 → permission, with the server message', () => {
      const c = classifyError(sdkError('PermissionDeniedError', 403, google(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers.')));
      assert.equal(c.kind, 'permission');
      assert.match(c.message, /unregistered callers/);
    });

    it('403 for a paid-tier-only model on a free-tier key → its own message with the billing link, not a key error', () => {
      const c = classifyError(sdkError('PermissionDeniedError', 403, google(403, 'PERMISSION_DENIED', 'gemini-4-neon is available on the paid tier only. Enable billing for the project of this API key to use it.')));
      assert.equal(c.kind, 'permission');
      assert.equal(isKeyError(c), false);
      assert.match(c.message, /^gemini-4-neon is available on the paid tier of the Gemini API only/);
      assert.ok(c.message.includes(BILLING_URL));
      assert.match(c.message, /geminiInteractions\.model/);
      const any = classifyError(sdkError('PermissionDeniedError', 403, google(403, 'PERMISSION_DENIED', 'This model requires a paid tier. Enable billing.')));
      assert.match(any.message, /^This model is available on the paid tier/);
    });

    it('404 → notFound, and it is an unknown interaction', () => {
      const c = classifyError(sdkError('NotFoundError', 404, { error: { message: 'Interaction not found.', code: 'not_found' } }));
      assert.equal(c.kind, 'notFound');
      assert.equal(c.serverMessage, 'Interaction not found.');
      assert.equal(isUnknownInteraction(c), true);
    });

    it('400 "API key not valid" (message or ErrorInfo reason) → keyInvalid, naming where to manage keys', () => {
      const byMessage = classifyError(sdkError('BadRequestError', 400, google(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.')));
      assert.equal(byMessage.kind, 'keyInvalid');
      assert.ok(byMessage.message.includes(MANAGE_KEYS_URL), byMessage.message);
      const byReason = classifyError(sdkError('BadRequestError', 400, google(400, 'INVALID_ARGUMENT', 'Bad key', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }])));
      assert.equal(byReason.kind, 'keyInvalid');
      assert.equal(isKeyError(byReason), true);
    });

    it('403 API_KEY_SERVICE_BLOCKED (and other API_KEY_* reasons) → keyBlocked, not a generic permission error', () => {
      for (const reason of ['API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'API_KEY_IP_ADDRESS_BLOCKED']) {
        const c = classifyError(sdkError('PermissionDeniedError', 403, google(403, 'PERMISSION_DENIED', 'Requests to this API generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.ModelService.ListModels are blocked.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }])));
        assert.equal(c.kind, 'keyBlocked', reason);
        assert.match(c.message, /blocked/);
        assert.ok(c.message.includes(MANAGE_KEYS_URL));
        assert.equal(isKeyError(c), true);
      }
      // An unrestricted standard key: its own advice (restrict it), by reason or by message alone.
      for (const [reason, message] of [['API_KEY_UNRESTRICTED', 'Refused.'], [undefined, 'Requests from API keys without any restrictions are blocked.']]) {
        const u = classifyError(sdkError('PermissionDeniedError', 403, google(403, 'PERMISSION_DENIED', message!, reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason }] : [])));
        assert.equal(u.kind, 'keyBlocked', message);
        assert.match(u.message, /has no restrictions/);
      }
      // The no-key 403 ("Please use API Key") is not about an unrestricted key.
      assert.equal(classifyError(sdkError('PermissionDeniedError', 403, google(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."))).kind, 'permission');
      // Other ErrorInfo reasons on a 403 stay a permission error.
      const other = classifyError(sdkError('PermissionDeniedError', 403, google(403, 'PERMISSION_DENIED', 'No access.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT', domain: 'googleapis.com' }])));
      assert.equal(other.kind, 'permission');
    });

    it('400 otherwise → badRequest with the interactions-service message', () => {
      const c = classifyError(sdkError('BadRequestError', 400, { error: { message: 'The legacy Interactions API schema is no longer supported.', code: 'invalid_request' } }));
      assert.equal(c.kind, 'badRequest');
      assert.equal(c.message, 'The Gemini API rejected the request: The legacy Interactions API schema is no longer supported.');
      assert.equal(isUnknownInteraction(c), false);
    });

    it('400 about the previous interaction → an unknown interaction (fall back to local history)', () => {
      const c = classifyError(sdkError('BadRequestError', 400, { error: { message: 'previous_interaction_id v1_x could not be found', code: 'invalid_request' } }));
      assert.equal(isUnknownInteraction(c), true);
    });

    it('5xx → server, with the status', () => {
      for (const status of [500, 503, 504]) {
        const c = classifyError(sdkError('InternalServerError', status, google(status, 'INTERNAL', 'msg500')));
        assert.equal(c.kind, 'server');
        assert.equal(c.status, status);
        assert.match(c.message, new RegExp(`${status}: msg500`));
      }
    });

    it('408/409 → server (retryable); other statuses → unknown', () => {
      assert.equal(classifyError(sdkError('APIError', 408, undefined)).kind, 'server');
      assert.equal(classifyError(sdkError('ConflictError', 409, undefined)).kind, 'server');
      assert.equal(classifyError(sdkError('UnprocessableEntityError', 422, { error: { message: 'x' } })).kind, 'unknown');
    });

    it('reads the server message out of a 1.x-style message string when there is no parsed body', () => {
      const e = Object.assign(new Error('500 {"error":{"code":500,"message":"boom","status":"INTERNAL"}}'), { name: 'InternalServerError', status: 500 });
      assert.equal(classifyError(e).serverMessage, 'boom');
    });
  });

  describe('transport failures and aborts', () => {
    it('TypeError: terminated (socket dropped mid-stream) → network', () => {
      const e = new TypeError('terminated');
      assert.equal(classifyError(e).kind, 'network');
      assert.match(classifyError(e).message, /terminated/);
    });

    it('APIConnectionError / APIConnectionTimeoutError → network', () => {
      for (const name of ['APIConnectionError', 'APIConnectionTimeoutError']) {
        const e = Object.assign(new Error('Unable to make request: TypeError: fetch failed'), { name });
        assert.equal(classifyError(e).kind, 'network', name);
      }
    });

    it('ContinuationInterruptedError → network', () => {
      const e = Object.assign(new Error('continuation interrupted'), { name: 'ContinuationInterruptedError', continuationToken: 'T' });
      assert.equal(classifyError(e).kind, 'network');
    });

    it('APIUserAbortError and a DOMException AbortError → aborted', () => {
      assert.equal(classifyError(Object.assign(new Error('Request was aborted.'), { name: 'APIUserAbortError' })).kind, 'aborted');
      assert.equal(classifyError(new DOMException('This operation was aborted', 'AbortError')).kind, 'aborted');
    });

    it('a bare SyntaxError → server; anything else → unknown with its first line', () => {
      assert.equal(classifyError(new SyntaxError('Unexpected token <')).kind, 'server');
      const c = classifyError(new Error('weird\nstack'));
      assert.deepEqual(c, { kind: 'unknown', message: 'weird' });
      assert.equal(classifyError(undefined).kind, 'unknown');
    });
  });
});

describe('isToolSearchRefusal (a 400 refusing tool_search / defer_loading: retried once without tool search)', () => {
  const bad = (message: string, status = 400) => classifyError(sdkError(status === 400 ? 'BadRequestError' : 'APIError', status, google(status, status === 400 ? 'INVALID_ARGUMENT' : 'INTERNAL', message)));

  it('recognises a 400 that names tool_search, defer_loading or short_description as unknown or unsupported', () => {
    for (const m of [
      "Unknown tool type 'tool_search' at 'tools[0].type'.",
      'Invalid tool type "tool_search" at \'tools[0].type\'.',
      'Invalid JSON payload received. Unknown name "defer_loading" at \'tools[3]\': Cannot find field.',
      'Invalid JSON payload received. Unknown name "shortDescription" at \'tools[2]\': Cannot find field.',
      'tool_search is not supported for this model.',
      'Unknown parameter: tools[1].defer_loading',
      'Tool type tool_search is unsupported.',
    ]) assert.equal(isToolSearchRefusal(bad(m)), true, m);
  });

  it('leaves other 400s alone: another tool or field, a wrong value, a step type, a list of supported types, a 5xx', () => {
    for (const m of [
      "'xhigh' is not a supported thinking level.",
      "Unknown tool type 'google_maps' at 'tools[0].type'.",
      'Invalid tool type "computer" at \'tools[0].type\'. Supported tool types: google_maps, mcp_server, function, google_search, file_search, computer_use, code_execution, url_context, tool_search.',
      "Invalid value at 'tools[1].short_description' (TYPE_STRING), 3",
      'tools[0] has defer_loading=true but tools has no {"type":"tool_search"} entry to load it with.',
      "Unknown step type 'tool_search_result' at 'input[2]'.",
      'Request contains an invalid argument.',
    ]) assert.equal(isToolSearchRefusal(bad(m)), false, m);
    assert.equal(isToolSearchRefusal(bad("Unknown tool type 'tool_search'.", 500)), false, 'a 500 is not a refusal');
  });
});


describe('refusedToolType / refusedInputKind (a 400 refusing a tool or an input kind: learned and retried without it)', () => {
  const bad = (message: string, status = 400) => classifyError(sdkError(status === 400 ? 'BadRequestError' : 'APIError', status, google(status, status === 400 ? 'INVALID_ARGUMENT' : 'INTERNAL', message)));

  it('names the refused built-in tool type, never tool search, functions or MCP servers (the conversation depends on those)', () => {
    assert.equal(refusedToolType(bad("Tool type 'google_maps' at 'tools[3]' is not supported by model gemini-3.8-flash.")), 'google_maps');
    assert.equal(refusedToolType(bad("Tool type 'url_context' is not enabled for this model.")), 'url_context');
    assert.equal(refusedToolType(bad("Tool type 'tool_search' at 'tools[0]' is not supported by model x.")), undefined);
    assert.equal(refusedToolType(bad("Tool type 'function' at 'tools[0]' is not supported by model x.")), undefined);
    assert.equal(refusedToolType(bad("Tool type 'mcp_server' at 'tools[0]' is not supported by model x.")), undefined);
    assert.equal(refusedToolType(bad("'xhigh' is not a supported thinking level.")), undefined);
    assert.equal(refusedToolType(bad("Tool type 'google_maps' at 'tools[3]' is not supported by model x.", 500)), undefined, 'a 5xx is not a refusal');
  });

  it('names the refused input kind (pdf is a document); a wrong mime type is not a refusal of the kind', () => {
    assert.equal(refusedInputKind(bad('Audio input modality is not enabled for models/gemini-3.8-flash')), 'audio');
    assert.equal(refusedInputKind(bad('Image input modality is not enabled for models/gemma-3-1b-it')), 'image');
    assert.equal(refusedInputKind(bad("'video' content is not supported by model gemini-x.")), 'video');
    assert.equal(refusedInputKind(bad('PDF input modality is not supported')), 'document');
    assert.equal(refusedInputKind(bad("Unsupported mime_type 'audio/x-foo' for audio content at 'input[1].mime_type'.")), undefined);
    assert.equal(refusedInputKind(bad('Request contains an invalid argument.')), undefined);
  });
});
