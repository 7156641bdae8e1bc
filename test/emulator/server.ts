// Entry point: a strict local emulator of the Gemini Interactions API (+ Files API), on plain node:http.
//   const emu = await startEmulator({ port: 0 });
//   const ai = new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: emu.url } });
// See README.md for the control API, scenarios and faults.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from './clock';
import { HttpError, rpcError } from './errors';
import { Faults, FaultSpec, Op } from './faults';
import { FilesConfig, FilesService } from './files';
import { FileSearchService, type FileSearchConfig } from './fileSearchStores';
import { InteractionRecord, InteractionsService } from './interactions';
import { FREE_TIER_KEY } from './facts';
import { GoogleCloud, type CloudProject } from './googleCloud';
import { getModel, listModels, type RetiredAnswer, type Withdrawal } from './models';
import { writeSse } from './sse';
import { isObject, JsonObject, ScenarioSpec } from './types';

export type { FaultSpec, FaultName, Op } from './faults';
export type { FilesConfig } from './files';
export type { CloudProject } from './googleCloud';
export type { ScenarioSpec } from './types';

export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Accepted API keys (default ['test-key', 'demo-key']). */
  apiKeys?: string[];
  /** Receives one line per request ("POST /v1/interactions 200 3ms"). */
  log?: (line: string) => void;
  files?: Partial<FilesConfig>;
  /** The project's storage default (default true, as live): false = a body without `store` is not stored. */
  projectStoreDefault?: boolean;
  /** What the retired 2.5 ids get: 'route' (default, as Google documents), or 404 / 503 as some proxies answer. */
  retiredModels?: RetiredAnswer;
  /** The tidy stream (every event with an event_id, usage only at the end, signatures on shells); default false. */
  tidyStream?: boolean;
  /** Plays a service without tool search: a create with `tool_search` or `defer_loading` is a 400 (README "Models"); default false. */
  refuseToolSearch?: boolean;
  /** Google Cloud projects besides the default ones (googleCloud.ts). */
  cloudProjects?: Record<string, CloudProject>;
}

/** Run-time switches (`configure()`, or POST /__emulator/config). */
export interface EmulatorConfig {
  files?: Partial<FilesConfig>;
  projectStoreDefault?: boolean;
  retiredModels?: RetiredAnswer;
  tidyStream?: boolean;
  refuseToolSearch?: boolean;
  /** Capabilities Google withdrew from a served model at run time (README "Models"); [] restores the facts. */
  withdrawn?: Withdrawal[];
  /** File Search stores: when an upload's operation says done. */
  fileSearch?: Partial<FileSearchConfig>;
}

export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; x-goog-api-key / authorization values redacted. */
  headers: Record<string, string>;
  /** Parsed JSON body; `{bytes: n}` for upload chunks; undefined when empty. */
  body?: unknown;
  /** Which API operation the route resolved to ('create', 'get', ..., 'control', 'unknown'). */
  op: string;
  status?: number;
  /** For creates whose body is byte-identical to an earlier create: that request's `seq` (e.g. an SDK retry). */
  duplicateOf?: number;
}

export interface EmulatorStats {
  requests: number;
  creates: number;
  duplicateCreates: number;
  interactions: number;
}

export interface Emulator {
  /** Base URL for `httpOptions.baseUrl`, e.g. http://127.0.0.1:8787 */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Forgets interactions, files, tokens, queued scenarios, faults, the request log; resets the clock and `configure()` changes. */
  reset(): void;
  requests(): LoggedRequest[];
  clearRequests(): void;
  injectFault(fault: FaultSpec | FaultSpec[]): void;
  pendingFaults(): FaultSpec[];
  clearFaults(): void;
  /** Queues scenario(s); each applies to one subsequent create (continuation hops excepted), in order. */
  queueScenario(scenario: ScenarioSpec | ScenarioSpec[]): void;
  clearScenarios(): void;
  /** Moves the emulator clock forward (background runs, file processing). */
  advance(ms: number): void;
  setTime(epochMs: number): void;
  now(): number;
  stats(): EmulatorStats;
  configure(cfg: EmulatorConfig): void;
  /** The stored interaction as a GET would return it (without counting as a poll), or undefined. */
  interaction(id: string): JsonObject | undefined;
  /** Stored interaction ids (store:true only). */
  interactionIds(): string[];
  /** What the emulator knows about an uploaded file (bytes only below the keep limit). */
  file(id: string): { sizeBytes: number; sha256Hex: string; mimeType: string; state: string; bytes?: Buffer } | undefined;
  /** A File Search store's documents (name, display name, metadata, size, SHA-256 of the text kept); [] for an unknown store. */
  storeDocuments(store: string): ReturnType<FileSearchService['documents']>;
  /** The Google Cloud side: token endpoint, credentials file, projects, expiring tokens (googleCloud.ts). */
  readonly googleCloud: GoogleCloud;
}

const MAX_BODY = 100 * 1024 * 1024 + 1024 * 1024; // live inline limit is 100 MB per request
const REDACT = new Set(['x-goog-api-key', 'authorization']);

class Router {
  readonly clock = new Clock();
  readonly faults = new Faults();
  readonly files: FilesService;
  readonly fileSearch: FileSearchService;
  readonly interactions: InteractionsService;
  readonly googleCloud: GoogleCloud;
  log: LoggedRequest[] = [];
  private seq = 0;
  private createBodies = new Map<string, number>();
  creates = 0;
  duplicateCreates = 0;

  private readonly initialFilesConfig: FilesConfig;

  constructor(private keys: Set<string>, private logLine: ((l: string) => void) | undefined, filesCfg: Partial<FilesConfig> | undefined,
    private readonly initialRules: { projectStoreDefault: boolean; retiredModels: RetiredAnswer; tidyStream?: boolean; refuseToolSearch?: boolean } = { projectStoreDefault: true, retiredModels: 'route' },
    cloudProjects?: Record<string, CloudProject>) {
    this.googleCloud = new GoogleCloud(cloudProjects);
    this.initialFilesConfig = { activeAfterGets: 2, activeAfterMs: 2000, keepBytesLimit: 1024 * 1024, ...filesCfg };
    this.files = new FilesService(this.clock, { ...this.initialFilesConfig });
    this.fileSearch = new FileSearchService(this.clock, { doneAfterGets: 1 });
    this.interactions = new InteractionsService(this.clock, this.files, this.fileSearch);
    this.applyRules(initialRules);
  }

  applyRules(cfg: EmulatorConfig): void {
    if (cfg.files) Object.assign(this.files.config, cfg.files);
    if (typeof cfg.projectStoreDefault === 'boolean') this.interactions.projectStoreDefault = cfg.projectStoreDefault;
    if (cfg.retiredModels === 'route' || cfg.retiredModels === 404 || cfg.retiredModels === 503) this.interactions.modelRules = { ...this.interactions.modelRules, retiredAnswer: cfg.retiredModels };
    if (typeof cfg.tidyStream === 'boolean') this.interactions.tidyStream = cfg.tidyStream;
    if (typeof cfg.refuseToolSearch === 'boolean') this.interactions.refuseToolSearch = cfg.refuseToolSearch;
    if (cfg.fileSearch) Object.assign(this.fileSearch.config, cfg.fileSearch);
    if (Array.isArray(cfg.withdrawn)) this.interactions.modelRules = { ...this.interactions.modelRules, withdrawn: cfg.withdrawn };
  }

  rules(): { projectStoreDefault: boolean; retiredModels: RetiredAnswer; withdrawn: Withdrawal[] } {
    return { projectStoreDefault: this.interactions.projectStoreDefault, retiredModels: this.interactions.modelRules.retiredAnswer, withdrawn: this.interactions.modelRules.withdrawn ?? [] };
  }

  reset(): void {
    this.interactions.reset();
    this.files.reset();
    this.googleCloud.reset();
    this.files.config = { ...this.initialFilesConfig };
    this.fileSearch.reset();
    this.fileSearch.config = { doneAfterGets: 1 };
    this.applyRules({ tidyStream: false, refuseToolSearch: false, withdrawn: [], ...this.initialRules });
    this.faults.clear();
    this.clock.reset();
    this.log = [];
    this.createBodies.clear();
    this.creates = 0;
    this.duplicateCreates = 0;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const u = new URL(req.url ?? '/', 'http://emulator');
    const entry: LoggedRequest = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries([...u.searchParams].map(([k, v]) => [k, k === 'key' ? '[REDACTED]' : v])),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, REDACT.has(k) ? '[REDACTED]' : Array.isArray(v) ? v.join(', ') : String(v ?? '')])),
      op: 'unknown',
    };
    res.on('close', () => {
      entry.status = res.statusCode;
      this.logLine?.(`${entry.method} ${entry.path}${u.search} ${res.statusCode} ${Date.now() - started}ms${entry.op === 'create' && isObject(entry.body) && entry.body.stream ? ' (stream)' : ''}`);
    });
    try {
      await this.route(req, res, u, entry);
    } catch (e) {
      if (!res.headersSent) {
        if (e instanceof HttpError) send(res, e.status, e.body, e.headers);
        else {
          this.logLine?.(`emulator error: ${(e as Error).stack ?? String(e)}`);
          send(res, 500, { error: { code: 500, message: `[emulator bug] ${(e as Error).message}`, status: 'INTERNAL' } });
        }
      } else if (!res.writableEnded) {
        res.destroy();
      }
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, u: URL, entry: LoggedRequest): Promise<void> {
    let path = u.pathname;
    const method = req.method ?? 'GET';
    const origin = `http://${req.headers.host ?? 'localhost'}`;

    const control = /^(.*?)\/__emulator\/([a-z_]+)$/.exec(path);
    if (control) {
      entry.op = 'control';
      const body = await readJson(req, entry);
      return this.control(res, method, control[2], body, u);
    }
    // Only API requests are logged (the control API would drown them).
    this.log.push(entry);

    // Google Cloud: the token endpoint, then the project paths (bearer and project checked there), answered below.
    if (this.googleCloud.isTokenRequest(method, path)) {
      entry.op = 'oauth.token';
      return this.googleCloud.token(req, res);
    }
    let cloud: ReturnType<GoogleCloud['resolve']>;
    try {
      cloud = this.googleCloud.resolve(req, path);
    } catch (e) {
      await drain(req);
      throw e;
    }
    if (cloud?.kind === 'models') {
      await drain(req);
      if (cloud.apiKey) this.auth(req, u, 'ModelService.ListModels');
      entry.op = cloud.id === undefined ? 'models.list' : 'models.get';
      this.fault(entry.op as Op);
      return send(res, 200, this.googleCloud.models(cloud, u.searchParams.get('pageSize'), u.searchParams.get('pageToken'), this.interactions.modelRules));
    }
    if (cloud) path = cloud.path;

    const upload = /^(.*?)\/upload\/(v1|v1beta)\/files$/.exec(path);
    if (upload && method === 'POST') {
      const uploadId = u.searchParams.get('upload_id');
      entry.op = 'files.upload';
      if (uploadId) {
        // Chunk: the upload_id is the capability; a key, if sent, must still be valid.
        if (apiKeyOf(req, u) !== undefined) this.auth(req, u);
        this.fault('files.upload');
        const r = await this.files.chunk(req, uploadId);
        entry.body = { bytes: r.bytes };
        const headers = { 'x-goog-upload-status': r.status, 'x-goog-upload-size-received': String(r.received) };
        if (r.status === 'final') return send(res, 200, { file: r.file }, headers);
        res.writeHead(200, headers);
        res.end();
        return;
      }
      this.auth(req, u);
      const body = await readJson(req, entry);
      this.fault('files.upload');
      const cmd = String(req.headers['x-goog-upload-command'] ?? '');
      if (cmd !== 'start') throw rpcError(400, `Expected x-goog-upload-command: start, got '${cmd}'.`);
      const { uploadPath } = this.files.start(req.headers, body, `${origin}${upload[1]}`, upload[2], upload[1]);
      res.writeHead(200, { 'x-goog-upload-url': `${origin}${uploadPath}`, 'x-goog-upload-status': 'active', 'content-length': '0' });
      res.end();
      return;
    }

    if (await this.routeFileSearch(req, res, u, entry, origin)) return;

    const models = /^(.*?)\/(v1|v1beta)\/models(?:\/([^/:]+))?$/.exec(path);
    if (models && method === 'GET') {
      await drain(req);
      this.auth(req, u, models[3] === undefined ? 'ModelService.ListModels' : 'ModelService.GetModel');
      entry.op = models[3] === undefined ? 'models.list' : 'models.get';
      this.fault(entry.op as Op);
      if (models[3] === undefined) return send(res, 200, listModels(u.searchParams.get('pageSize'), u.searchParams.get('pageToken')));
      return send(res, 200, getModel(decodeURIComponent(models[3]), this.interactions.modelRules));
    }

    const m = /^(.*?)\/(v1|v1beta)\/(interactions|files)(?:\/([^/]+))?(\/cancel)?$/.exec(path);
    if (!m) {
      await drain(req);
      throw rpcError(404, `Requested entity was not found. (emulator: no route for ${method} ${path})`);
    }
    const [, , apiVersion, resource, rawId, cancel] = m;
    const id = rawId !== undefined ? decodeURIComponent(rawId) : undefined;
    const body = await readJson(req, entry);
    if (cloud?.kind === 'interactions') this.googleCloud.checkCreate(cloud, method === 'POST' && id === undefined ? body : undefined);
    else this.auth(req, u);

    if (resource === 'files') {
      if (cancel) throw rpcError(404, 'Requested entity was not found.');
      if (id === undefined && method === 'GET') {
        entry.op = 'files.list';
        this.fault('files.list');
        return send(res, 200, this.files.list(Number(u.searchParams.get('pageSize') ?? 10), u.searchParams.get('pageToken') ?? undefined));
      }
      if (id !== undefined && method === 'GET') {
        entry.op = 'files.get';
        this.fault('files.get');
        return send(res, 200, this.files.get(id));
      }
      if (id !== undefined && method === 'DELETE') {
        entry.op = 'files.delete';
        this.fault('files.delete');
        this.files.delete(id);
        return send(res, 200, {});
      }
      throw rpcError(404, `Method not found: ${method} ${path}.`);
    }

    if (id === undefined && method === 'POST') {
      entry.op = 'create';
      this.creates++;
      const key = JSON.stringify(body);
      const first = this.createBodies.get(key);
      if (first !== undefined) {
        entry.duplicateOf = first;
        this.duplicateCreates++;
      } else this.createBodies.set(key, entry.seq);
      this.fault('create');
      const shape = this.faults.takeEventFaults();
      const rec = this.interactions.create(body, req.headers.host ?? '', { apiVersion, shape, apiKey: apiKeyOf(req, u) });
      const omitUsage = this.faults.takeOmitUsage('create');
      if (rec.request.stream === true) {
        await this.stream(res, rec, 0, this.faults.takeStream('create'), omitUsage);
        return;
      }
      return send(res, 200, this.interactions.view(rec, { timeline: false, omitUsage }));
    }
    if (id !== undefined && cancel && method === 'POST') {
      entry.op = 'cancel';
      this.fault('cancel');
      if (body !== undefined && !(isObject(body) && Object.keys(body).length === 0)) throw rpcError(400, 'cancel takes no request body.');
      return send(res, 200, this.interactions.view(this.interactions.cancel(id), { timeline: true }));
    }
    if (id !== undefined && !cancel && method === 'GET') {
      entry.op = 'get';
      this.fault('get');
      const q = u.searchParams;
      for (const k of q.keys()) {
        if (!['stream', 'last_event_id', 'include_input', 'key'].includes(k)) throw rpcError(400, `Invalid JSON payload received. Unknown name "${k}": Cannot bind query parameter.`);
      }
      for (const k of ['stream', 'include_input']) {
        const v = q.get(k);
        if (v !== null && v !== 'true' && v !== 'false') throw rpcError(400, `Invalid value at '${k}' (TYPE_BOOL), "${v}"`);
      }
      const rec = this.interactions.get(id);
      if (q.get('stream') === 'true') {
        const startAt = this.interactions.resumeIndex(rec, q.get('last_event_id') ?? undefined);
        await this.stream(res, rec, startAt, this.faults.takeStream('get'), false);
        return;
      }
      if (q.get('last_event_id') !== null) throw rpcError(400, 'last_event_id requires stream=true.');
      this.interactions.poll(rec);
      return send(res, 200, this.interactions.view(rec, { timeline: true, includeInput: q.get('include_input') === 'true' }));
    }
    if (id !== undefined && !cancel && method === 'DELETE') {
      entry.op = 'delete';
      this.fault('delete');
      this.interactions.delete(id);
      return send(res, 200, {});
    }
    throw rpcError(404, `Method not found: ${method} ${path}.`);
  }

  private async stream(res: ServerResponse, rec: InteractionRecord, startAt: number, faults: FaultSpec[], omitUsage: boolean): Promise<void> {
    const svc = this.interactions;
    await writeSse(res, { events: () => rec.events, visible: () => svc.visible(rec) }, { startAt, faults, omitUsage });
  }

  /** File Search stores, their uploads, operations and documents (fileSearchStores.ts); false when the path is not one. */
  private async routeFileSearch(req: IncomingMessage, res: ServerResponse, u: URL, entry: LoggedRequest, origin: string): Promise<boolean> {
    const path = u.pathname;
    const method = req.method ?? 'GET';
    const upload = /^(.*?)\/upload\/v1beta\/fileSearchStores\/([^/:]+):uploadToFileSearchStore$/.exec(path);
    if (upload && method === 'POST') {
      entry.op = 'stores.upload';
      const uploadId = u.searchParams.get('upload_id');
      if (uploadId) {
        if (apiKeyOf(req, u) !== undefined) this.auth(req, u, 'FileSearchService');
        this.fault('stores.upload');
        const r = await this.fileSearch.chunk(req, uploadId);
        entry.body = { bytes: r.bytes };
        const headers = { 'x-goog-upload-status': r.status, 'x-goog-upload-size-received': String(r.received) };
        if (r.status === 'final') return send(res, 200, r.operation, headers), true;
        res.writeHead(200, headers);
        res.end();
        return true;
      }
      this.auth(req, u, 'FileSearchService');
      const body = await readJson(req, entry);
      this.fault('stores.upload');
      if (this.faults.takeOperationFailure('stores.upload')) this.fileSearch.failNextOperations++;
      const cmd = String(req.headers['x-goog-upload-command'] ?? '');
      if (cmd !== 'start') throw rpcError(400, `Expected x-goog-upload-command: start, got '${cmd}'.`);
      const { uploadPath } = this.fileSearch.start(decodeURIComponent(upload[2]!), req.headers, body, upload[1]!);
      res.writeHead(200, { 'x-goog-upload-url': `${origin}${uploadPath}`, 'x-goog-upload-status': 'active', 'content-length': '0' });
      res.end();
      return true;
    }
    const m = /^(?:.*?)\/v1beta\/fileSearchStores(?:\/([^/]+)(?:\/(documents|upload\/operations)(?:\/([^/]+))?)?)?$/.exec(path);
    if (!m) return false;
    const [, store, sub, child] = m;
    const force = u.searchParams.get('force') === 'true';
    const body = method === 'POST' ? await readJson(req, entry) : (await drain(req), undefined);
    this.auth(req, u, 'FileSearchService');
    const go = (op: Op, f: () => unknown) => { entry.op = op; this.fault(op); const r = f(); send(res, 200, r ?? {}); return true; };
    if (!store) {
      if (method === 'POST') return go('stores.create', () => this.fileSearch.create(body));
      if (method === 'GET') return go('stores.list', () => this.fileSearch.list(u.searchParams.get('pageSize'), u.searchParams.get('pageToken')));
    } else if (!sub) {
      if (method === 'GET') return go('stores.get', () => this.fileSearch.get(decodeURIComponent(store)));
      if (method === 'DELETE') return go('stores.delete', () => { this.fileSearch.delete(decodeURIComponent(store), force); });
    } else if (sub === 'upload/operations' && child && method === 'GET') {
      return go('operations.get', () => this.fileSearch.getOperation(`fileSearchStores/${decodeURIComponent(store)}/upload/operations/${decodeURIComponent(child)}`));
    } else if (sub === 'documents') {
      if (!child && method === 'GET') return go('documents.list', () => this.fileSearch.listDocuments(decodeURIComponent(store), u.searchParams.get('pageSize'), u.searchParams.get('pageToken')));
      if (child && method === 'GET') return go('documents.get', () => this.fileSearch.getDocument(decodeURIComponent(store), decodeURIComponent(child)));
      if (child && method === 'DELETE') return go('documents.delete', () => { this.fileSearch.deleteDocument(decodeURIComponent(store), decodeURIComponent(child), force); });
    }
    throw rpcError(404, `Requested entity was not found. (emulator: no route for ${method} ${path})`);
  }

  private fault(op: Op): void {
    const f = this.faults.takeHttp(op);
    if (f) throw f;
  }

  /** `method`: the RPC named in a blocked key's message (ModelService.ListModels, ...). */
  private auth(req: IncomingMessage, u: URL, method = 'InteractionService'): void {
    const key = apiKeyOf(req, u);
    if (key === BLOCKED_KEY) {
      // The live answer for a key whose API restrictions exclude the Gemini API (or a service-blocked key).
      throw rpcError(403, `Requests to this API generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.${method} are blocked.`, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_SERVICE_BLOCKED', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com', consumer: 'projects/000000000000' } },
      ]);
    }
    if (key === UNRESTRICTED_KEY) {
      // Since 2026-06-19 the API refuses standard keys that have no restriction at all (README "API keys":
      // the refusal is documented by Google, its wording and reason here are ours).
      throw rpcError(403, 'Requests from API keys without any restrictions are blocked. Add an API restriction or an application restriction to the key, or use an authorization key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_UNRESTRICTED', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com', consumer: 'projects/000000000000' } },
      ]);
    }
    if (key === undefined || key === '') {
      throw rpcError(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
    }
    if (!this.keys.has(key) && key !== FREE_TIER_KEY) {
      throw rpcError(400, 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
      ]);
    }
  }

  private control(res: ServerResponse, method: string, what: string, body: unknown, u: URL): void {
    const ok = (v: unknown = { ok: true }) => send(res, 200, v);
    const bad = (msg: string) => send(res, 400, { error: { message: msg } });
    try {
      switch (`${method} ${what}`) {
        case 'GET requests': return ok({ requests: this.log });
        case 'DELETE requests': this.log = []; return ok();
        case 'POST reset': this.reset(); return ok();
        case 'POST fault': this.faults.add(body as FaultSpec | FaultSpec[]); return ok({ pending: this.faults.pending() });
        case 'GET fault': return ok({ pending: this.faults.pending() });
        case 'DELETE fault': this.faults.clear(); return ok();
        case 'POST scenario': this.interactions.queueScenario(body as ScenarioSpec | ScenarioSpec[]); return ok({ queued: this.interactions.queuedScenarios() });
        case 'GET scenario': return ok({ queued: this.interactions.queuedScenarios() });
        case 'DELETE scenario': this.interactions.clearScenarios(); return ok();
        case 'POST time': {
          const b = isObject(body) ? body : {};
          if (typeof b.advanceMs === 'number') this.clock.advance(b.advanceMs);
          else if (typeof b.now === 'number') this.clock.set(b.now);
          else if (typeof b.now === 'string') this.clock.set(Date.parse(b.now));
          else return bad('Send {"advanceMs": n} or {"now": epochMs | ISO string}.');
          return ok({ now: new Date(this.clock.now()).toISOString() });
        }
        case 'GET time': return ok({ now: new Date(this.clock.now()).toISOString() });
        case 'GET stats': return ok(this.stats());
        case 'GET store_documents': return ok({ documents: this.fileSearch.documents(u.searchParams.get('store') ?? '') });
        case 'POST config': {
          const b = isObject(body) ? body : {};
          this.applyRules({ files: isObject(b.files) ? b.files as Partial<FilesConfig> : undefined, projectStoreDefault: b.projectStoreDefault as boolean | undefined, retiredModels: b.retiredModels as RetiredAnswer | undefined, tidyStream: b.tidyStream as boolean | undefined, refuseToolSearch: b.refuseToolSearch as boolean | undefined, withdrawn: Array.isArray(b.withdrawn) ? (b.withdrawn as unknown[]).filter(isObject).map((w) => ({ model: String(w.model), ...(typeof w.tool === 'string' ? { tool: w.tool } : {}), ...(typeof w.input === 'string' ? { input: w.input } : {}) })) : undefined });
          return ok({ files: this.files.config, ...this.rules() });
        }
        case 'GET interactions': return ok({ ids: this.interactions.ids(), id: u.searchParams.get('id') ?? undefined });
        default: return send(res, 404, { error: { message: `Unknown control endpoint ${method} /__emulator/${what}.` } });
      }
    } catch (e) {
      return bad((e as Error).message);
    }
  }

  stats(): EmulatorStats {
    return { requests: this.log.length, creates: this.creates, duplicateCreates: this.duplicateCreates, interactions: this.interactions.ids().length };
  }
}

/** The key the emulator treats as blocked for the Gemini API (403 API_KEY_SERVICE_BLOCKED), always. */
export const BLOCKED_KEY = 'blocked-key';
/** A standard key without restrictions, which the API refuses since 2026-06-19 (403 API_KEY_UNRESTRICTED), always. */
export const UNRESTRICTED_KEY = 'unrestricted-key';

function apiKeyOf(req: IncomingMessage, u: URL): string | undefined {
  const h = req.headers['x-goog-api-key'];
  if (typeof h === 'string') return h;
  const q = u.searchParams.get('key');
  if (q !== null) return q;
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  return undefined;
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) { /* discard */ }
}

async function readJson(req: IncomingMessage, entry: LoggedRequest): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) {
      req.resume();
      throw rpcError(400, `Request payload size exceeds the limit: ${MAX_BODY} bytes.`);
    }
    chunks.push(c);
  }
  if (!size) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const body = JSON.parse(text);
    entry.body = body;
    return body;
  } catch (e) {
    entry.body = text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
    throw rpcError(400, `Invalid JSON payload received. ${(e as Error).message}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const router = new Router(new Set(opts.apiKeys ?? ['test-key', 'demo-key']), opts.log, opts.files,
    { projectStoreDefault: opts.projectStoreDefault ?? true, retiredModels: opts.retiredModels ?? 'route', tidyStream: opts.tidyStream ?? false, refuseToolSearch: opts.refuseToolSearch ?? false }, opts.cloudProjects);
  const server = createServer((req, res) => void router.handle(req, res));
  server.keepAliveTimeout = 5000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // stalled streams and keep-alive sockets
    }),
    reset: () => router.reset(),
    requests: () => router.log.slice(),
    clearRequests: () => { router.log = []; },
    injectFault: (f) => router.faults.add(f),
    pendingFaults: () => router.faults.pending(),
    clearFaults: () => router.faults.clear(),
    queueScenario: (s) => router.interactions.queueScenario(s),
    clearScenarios: () => router.interactions.clearScenarios(),
    advance: (ms) => router.clock.advance(ms),
    setTime: (ms) => router.clock.set(ms),
    now: () => router.clock.now(),
    stats: () => router.stats(),
    configure: (cfg) => router.applyRules(cfg),
    interaction: (id) => {
      const rec = router.interactions.record(id);
      return rec ? router.interactions.view(rec, { timeline: true }) : undefined;
    },
    interactionIds: () => router.interactions.ids(),
    storeDocuments: (store) => router.fileSearch.documents(store),
    googleCloud: router.googleCloud,
    file: (id) => {
      const f = router.files.info(id.replace(/^files\//, ''));
      return f ? { sizeBytes: f.sizeBytes, sha256Hex: f.sha256Hex, mimeType: f.mimeType, state: router.files.state(f), bytes: f.bytes } : undefined;
    },
  };
}
