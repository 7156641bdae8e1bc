// The backend choice (user vs workspace settings, Workspace Trust, the machine's defaults) and what the machine says
// about Google Cloud (ADC file, gcloud's configuration), from files only.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseBackend } from '../../src/core/gemini/backendChoice';
import { findGoogleCloudSetup, gcloudConfigDir } from '../../src/core/gemini/googleCloudSetup';
import { sdkOptions } from '../../src/core/gemini/client';

describe('Google Cloud backend choice', () => {
  it('defaults to the Gemini API', () => {
    assert.equal(chooseBackend({}, {}, true).backend, 'geminiApi');
  });

  it("the user's own choice needs no question; the project and location fall back to the machine's, then global", () => {
    const c = chooseBackend({ backend: 'googleCloud' }, {}, true, { project: 'env-project' });
    assert.deepEqual(c, { backend: 'googleCloud', project: 'env-project', location: 'global' });
    assert.equal(chooseBackend({ backend: 'googleCloud', project: 'mine', location: 'europe-west4' }, {}, true, { project: 'env', location: 'us-east1' }).location, 'europe-west4');
  });

  it('a trusted workspace that switches to Google Cloud, or to another project, is asked about, naming the project', () => {
    assert.deepEqual(chooseBackend({ project: 'mine' }, { backend: 'googleCloud' }, true).workspaceChoice, { project: 'mine' });
    assert.deepEqual(chooseBackend({ backend: 'googleCloud', project: 'mine' }, { project: 'theirs' }, true).workspaceChoice, { project: 'theirs' });
    assert.equal(chooseBackend({ backend: 'googleCloud', project: 'mine' }, { project: 'mine' }, true).workspaceChoice, undefined, 'the same project as the user');
    assert.equal(chooseBackend({ backend: 'googleCloud', project: 'mine' }, { location: 'us-east1' }, true).workspaceChoice, undefined, 'a location alone changes neither who pays nor the project');
  });

  it('Restricted Mode ignores the workspace values entirely', () => {
    assert.equal(chooseBackend({}, { backend: 'googleCloud', project: 'theirs' }, false).backend, 'geminiApi');
    const c = chooseBackend({ backend: 'googleCloud', project: 'mine' }, { project: 'theirs', location: 'us-east1' }, false);
    assert.deepEqual(c, { backend: 'googleCloud', project: 'mine', location: 'global' });
  });

  it("the SDK gets the vertexai path with project, location and the auth library's project; express mode with a key and no project", () => {
    const cloud = sdkOptions({ googleCloud: { project: 'p', location: 'us-central1' }, apiKey: 'k' }, 'v1');
    assert.deepEqual(cloud, { vertexai: true, project: 'p', location: 'us-central1', httpOptions: undefined, googleAuthOptions: { projectId: 'p' } });
    assert.equal('apiKey' in cloud, false, 'no API key next to a project');
    assert.deepEqual(sdkOptions({ googleCloud: { project: '' }, apiKey: 'k' }, 'v1'), { vertexai: true, apiKey: 'k', httpOptions: undefined });
    assert.deepEqual(sdkOptions({ apiKey: 'k' }, 'v1beta'), { apiKey: 'k', apiVersion: 'v1beta', httpOptions: undefined });
  });
});

describe('Google Cloud setup on this machine', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'gcloud-setup-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads gcloud's active configuration and the ADC file, naming account and project, never a secret", () => {
    const cfg = join(dir, 'gcloud');
    mkdirSync(join(cfg, 'configurations'), { recursive: true });
    writeFileSync(join(cfg, 'active_config'), 'work\n');
    writeFileSync(join(cfg, 'configurations', 'config_work'), '[core]\naccount = dev@corp.example\nproject = corp-ai\n\n[compute]\nregion = europe-west4\n');
    writeFileSync(join(cfg, 'application_default_credentials.json'), JSON.stringify({ type: 'authorized_user', client_id: 'id', client_secret: 'SECRET', refresh_token: 'REFRESH', quota_project_id: 'quota-p' }));
    const setup = findGoogleCloudSetup({ CLOUDSDK_CONFIG: cfg }, 'linux', dir);
    assert.deepEqual(setup, {
      adc: { path: join(cfg, 'application_default_credentials.json'), type: 'authorized_user', quotaProject: 'quota-p' },
      gcloudAccount: 'dev@corp.example', project: 'corp-ai', projectSource: 'gcloud',
    });
    assert.doesNotMatch(JSON.stringify(setup), /SECRET|REFRESH/);
  });

  it('GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION win; a service account names its email; nothing found is said', () => {
    const key = join(dir, 'sa.json');
    writeFileSync(key, JSON.stringify({ type: 'service_account', client_email: 'bot@p.iam.gserviceaccount.com', private_key: 'PRIVATE' }));
    const setup = findGoogleCloudSetup({ GOOGLE_APPLICATION_CREDENTIALS: key, GOOGLE_CLOUD_PROJECT: 'env-p', GOOGLE_CLOUD_LOCATION: 'us-east5', CLOUDSDK_CONFIG: join(dir, 'none') });
    assert.deepEqual(setup, { adc: { path: key, type: 'service_account', account: 'bot@p.iam.gserviceaccount.com' }, project: 'env-p', projectSource: 'environment', location: 'us-east5' });
    assert.deepEqual(findGoogleCloudSetup({ CLOUDSDK_CONFIG: join(dir, 'none') }), {});
  });

  it("finds gcloud's folder where gcloud keeps it", () => {
    assert.equal(gcloudConfigDir({}, 'linux', '/home/u'), '/home/u/.config/gcloud');
    assert.equal(gcloudConfigDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'), join('C:\\Users\\u\\AppData\\Roaming', 'gcloud'));
  });
});
