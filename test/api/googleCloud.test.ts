// The Google Cloud backend through the real SDK (`vertexai: true`) and Google's real auth library over HTTP to the
// emulator: the library reads an external-account credentials file (GOOGLE_APPLICATION_CREDENTIALS), exchanges the
// emulator-signed token at the emulator's token endpoint, and the SDK sends the access token as a bearer.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator/server';
import { createInteractionsApi, createModelsApi, UnavailableOnGoogleCloudError, type ClientConfig, type InteractionsApi } from '../../src/core/gemini/client';
import { Conversation } from '../../src/core/conversation/conversation';
import type { ConversationData, TurnSettings } from '../../src/core/conversation/types';
import { answerText } from '../../src/core/conversation/transcript';
import { classifyError } from '../../src/core/gemini/errors';
import { ConversationStore, type IndexEntry } from '../../src/core/storage/conversationStore';
import { MemoryFs } from '../unit/memoryFs';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const ENV = ['GOOGLE_APPLICATION_CREDENTIALS', 'GOOGLE_CLOUD_PROJECT', 'GOOGLE_CLOUD_LOCATION', 'GOOGLE_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_GENAI_USE_VERTEXAI'] as const;

describe('Google Cloud backend through the SDK, the auth library and the emulator', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const cloud = (project = 'test-project', location = 'us-central1'): ClientConfig => ({ baseUrl: emu.url, googleCloud: { project, location } });

  before(async () => {
    emu = await startEmulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'gcloud-creds-'));
    for (const k of ENV) { saved[k] = process.env[k]; delete process.env[k]; }
    process.env.GOOGLE_APPLICATION_CREDENTIALS = emu.googleCloud.credentialsFile(emu.url, dir, 'dev@example.com');
  });
  after(async () => {
    for (const k of ENV) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    rmSync(dir, { recursive: true, force: true });
    await emu.close();
  });
  beforeEach(() => emu.reset());

  function conversation(api: InteractionsApi, settings: TurnSettings): Conversation {
    let index: IndexEntry[] | undefined;
    const store = new ConversationStore({ readIndex: () => index, writeIndex: async (e) => { index = e; } }, new MemoryFs(), '/ws/c');
    const now = Date.now();
    const data: ConversationData = { id: `c${now}`, title: '', createdAt: now, updatedAt: now, turns: [] };
    return new Conversation(data, {
      api: async () => api, settings: () => settings, save: (d) => store.save(d), log: quiet, backoffMs: 10,
      listener: { started() {}, event() {}, notice() {}, finished() {} },
    });
  }
  const apiRequests = () => emu.requests().filter((r) => r.op !== 'oauth.token');

  it('a conversation chains by previous_interaction_id and streams, on project paths with bearer tokens from the token endpoint', async () => {
    const api = await createInteractionsApi(cloud());
    const c = conversation(api, { model: 'gemini-3.6-flash', store: true, tools: {} });
    const t1 = await c.send([{ kind: 'text', text: 'Hi, my name is Ada.' }]);
    const t2 = await c.send([{ kind: 'text', text: 'What is my name?' }]);
    assert.equal(t1.state, 'done');
    assert.match(answerText(t2), /Ada/);
    const creates = apiRequests().filter((r) => r.op === 'create');
    assert.equal(creates.length, 2);
    for (const r of creates) {
      assert.equal(r.path, '/v1beta1/projects/test-project/locations/us-central1/interactions');
      assert.equal(r.headers.authorization, '[REDACTED]', 'a bearer token was sent');
      assert.equal(r.headers['x-goog-api-key'], undefined, 'no API key');
      assert.equal((r.body as any).stream, true);
    }
    assert.equal((creates[1].body as any).previous_interaction_id, t1.interactionIds.at(-1));
    assert.equal(emu.googleCloud.tokenExchanges, 1, 'one token, reused');
    assert.ok(emu.requests().some((r) => r.op === 'oauth.token' && r.status === 200));
  });

  it('a cut stream resumes on the project path', async () => {
    const api = await createInteractionsApi(cloud());
    emu.queueScenario({ name: 'text', text: `Long answer. ${'Words that must survive a cut. '.repeat(30)}` });
    emu.injectFault({ name: 'cut_stream', afterEvents: 6 });
    const t = await conversation(api, { model: 'gemini-3.6-flash', store: true, tools: {} }).send([{ kind: 'text', text: 'Tell me something long.' }]);
    assert.equal(t.state, 'done');
    assert.match(answerText(t), /must survive a cut\. $/);
    const resume = apiRequests().find((r) => r.op === 'get' && r.query.stream === 'true');
    assert.ok(resume, 'resumed');
    assert.match(resume.path, /^\/v1beta1\/projects\/test-project\/locations\/us-central1\/interactions\/[^/]+$/);
    assert.ok(resume.query.last_event_id);
  });

  it('lists the publisher models with a bearer token', async () => {
    const models = await (await createModelsApi(cloud())).listModels();
    assert.ok(models.some((m) => m.id === 'gemini-3.8-flash' && m.methods.includes('generateContent')), JSON.stringify(models.slice(0, 3)));
    assert.ok(models.every((m) => !m.id.includes('/')), 'ids without the publishers/google/models/ prefix');
    // models.get: a routed id names the model that serves it; an unknown one is a 404.
    const api = await createModelsApi(cloud());
    assert.equal((await api.getModel('gemini-3.7-flash')).id, 'gemini-3.8-flash');
    assert.equal(classifyError(await api.getModel('gemini-0-nope').then(() => undefined, (e) => e)).kind, 'modelNotFound');
    const list = apiRequests().find((r) => r.op === 'models.list')!;
    assert.equal(list.path, '/v1beta1/publishers/google/models');
    assert.equal(list.headers.authorization, '[REDACTED]');
  });

  it('an expired token is refreshed once and the request retried', async () => {
    const api = await createInteractionsApi(cloud());
    await api.create({ model: 'gemini-3.6-flash', input: 'one', store: true });
    assert.equal(emu.googleCloud.tokenExchanges, 1);
    emu.googleCloud.expireTokens();
    const r = await api.create({ model: 'gemini-3.6-flash', input: 'two', store: true });
    assert.equal(r.status, 'completed');
    assert.equal(emu.googleCloud.tokenExchanges, 2, 'a fresh token after the 401');
    const posts = emu.requests().filter((q) => q.method === 'POST' && q.path.endsWith('/locations/us-central1/interactions'));
    assert.deepEqual(posts.map((q) => q.status), [200, 401, 200]);
  });

  it('a token refused again after the refresh fails with the credentials message (one retry only)', async () => {
    const api = await createInteractionsApi(cloud());
    emu.googleCloud.expireTokens();
    // Every token the endpoint issues is expired at once: refreshed once, then the error.
    const original = emu.googleCloud.token.bind(emu.googleCloud);
    emu.googleCloud.token = async (req, res) => { await original(req, res); emu.googleCloud.expireTokens(); };
    try {
      const e = await api.create({ model: 'gemini-3.6-flash', input: 'x', store: true }).then(() => undefined, (err) => err);
      const c = classifyError(e);
      assert.equal(c.kind, 'cloudCredentials');
      assert.match(c.message, /refused your credentials/);
      assert.equal(emu.googleCloud.tokenExchanges, 2);
    } finally {
      emu.googleCloud.token = original;
    }
  });

  const failure = async (config: ClientConfig, model = 'gemini-3.6-flash') => {
    const api = await createInteractionsApi(config);
    return classifyError(await api.create({ model, input: 'x', store: true }).then(() => assert.fail('expected a failure'), (e) => e));
  };

  it('API not enabled: names the project and the console link to enable it', async () => {
    const c = await failure(cloud('api-disabled-project'));
    assert.equal(c.kind, 'cloudApiDisabled');
    assert.match(c.message, /Vertex AI API is not enabled in the Google Cloud project 100000000002\. Enable it at https:\/\/console\.developers\.google\.com\/apis\/api\/aiplatform\.googleapis\.com\/overview\?project=100000000002/);
  });

  it('permission denied: names the permission and the role to ask for', async () => {
    const c = await failure(cloud('no-role-project'));
    assert.equal(c.kind, 'cloudPermission');
    assert.match(c.message, /lacks the permission aiplatform\.endpoints\.predict in the project no-role-project/);
    assert.match(c.message, /roles\/aiplatform\.user/);
  });

  it('an unknown project: says to check the project ID setting', async () => {
    const c = await failure(cloud('no-such-project'));
    assert.equal(c.kind, 'cloudProject');
    assert.match(c.message, /project no-such-project does not exist.*geminiInteractions\.googleCloud\.project/);
  });

  it('a model the location does not serve: names model and location', async () => {
    const c = await failure(cloud('test-project', 'europe-west4'), 'gemini-4-neon');
    assert.equal(c.kind, 'cloudModelRegion');
    assert.match(c.message, /gemini-4-neon is not served in the Google Cloud location europe-west4.*geminiInteractions\.googleCloud\.location/);
    // The same model on the global location works.
    const ok = await (await createInteractionsApi(cloud('test-project', 'global'))).create({ model: 'gemini-4-neon', input: 'x', store: true });
    assert.equal(ok.status, 'completed');
  });

  it('no credentials at all: the sign-in message', async () => {
    process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'missing.json');
    try {
      const c = await failure(cloud());
      assert.ok(c.kind === 'cloudNoCredentials' || c.kind === 'cloudCredentials', `${c.kind}: ${c.message}`);
      assert.match(c.message, /Sign in with Google Cloud/);
    } finally {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'external-account.json');
    }
  });

  it('a failed turn offers the action that fixes it: sign in again, or the settings', async () => {
    const settings: TurnSettings = { model: 'gemini-3.6-flash', store: true, tools: {} };
    const unknown = await conversation(await createInteractionsApi(cloud('no-such-project')), settings).send([{ kind: 'text', text: 'Hi' }]);
    assert.equal(unknown.state, 'error');
    assert.equal(unknown.error?.action, 'openSettings');
    assert.match(unknown.error!.message, /project no-such-project does not exist/);
    process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'missing.json');
    try {
      const signedOut = await conversation(await createInteractionsApi(cloud()), settings).send([{ kind: 'text', text: 'Hi' }]);
      assert.equal(signedOut.error?.action, 'signInGoogleCloud');
    } finally {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = join(dir, 'external-account.json');
    }
  });

  it("Google Cloud's express mode: an API key and no project, on the SDK's express paths", async () => {
    const api = await createInteractionsApi({ baseUrl: emu.url, apiKey: 'test-key', googleCloud: { project: '' } });
    const r = await api.create({ model: 'gemini-3.6-flash', input: 'Hi', store: true });
    assert.equal(r.status, 'completed');
    const models = await (await createModelsApi({ baseUrl: emu.url, apiKey: 'test-key', googleCloud: {} })).listModels();
    assert.ok(models.length > 0);
    const [create, list] = apiRequests();
    assert.equal(create.path, '/v1beta1/interactions');
    assert.equal(create.headers['x-goog-api-key'], '[REDACTED]');
    assert.equal(create.headers.authorization, undefined);
    assert.equal(list.path, '/v1beta1/publishers/google/models');
    assert.equal(emu.googleCloud.tokenExchanges, 0, 'no OAuth in express mode');
    const bad = await (await createInteractionsApi({ baseUrl: emu.url, apiKey: 'wrong-key', googleCloud: {} })).create({ model: 'gemini-3.6-flash', input: 'x' }).then(() => undefined, (e) => e);
    assert.equal(classifyError(bad).kind, 'keyInvalid');
  });

  it('file uploads say they are unavailable on Google Cloud instead of calling the Files API', async () => {
    const api = await createInteractionsApi(cloud());
    await assert.rejects(api.uploadFile(new Blob(['x']), { mimeType: 'text/plain' }), (e) => e instanceof UnavailableOnGoogleCloudError && e.feature === 'files');
    assert.equal(apiRequests().length, 0);
  });
});
