// What this machine says about Google Cloud, read from files only (no request, no gcloud process): the
// Application Default Credentials file Google's auth library would use (GOOGLE_APPLICATION_CREDENTIALS, else
// gcloud's well-known file) and gcloud's active configuration (account, project, region). Used for the defaults of
// the project and location settings and by "Sign in with Google Cloud…". Never returns a secret.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface AdcInfo {
  path: string;
  /** The file's `type`: authorized_user (gcloud auth application-default login), service_account, external_account, ... */
  type: string;
  /** The account the file names, when it names one (a service account's email, an impersonated account). */
  account?: string;
  /** The file's quota project, when set. */
  quotaProject?: string;
}

export interface GoogleCloudSetup {
  /** Undefined: no credentials file (a cloud workstation may still have a metadata server). */
  adc?: AdcInfo;
  /** gcloud's signed-in account (core/account), when gcloud is configured. */
  gcloudAccount?: string;
  /** The project: GOOGLE_CLOUD_PROJECT, else gcloud's core/project, else the ADC file's quota project. */
  project?: string;
  projectSource?: 'environment' | 'gcloud' | 'credentials';
  /** GOOGLE_CLOUD_LOCATION, when set (else the SDK's `global`). */
  location?: string;
}

type Env = Record<string, string | undefined>;

/** gcloud's configuration folder (CLOUDSDK_CONFIG, else ~/.config/gcloud, %APPDATA%\gcloud on Windows). */
export function gcloudConfigDir(env: Env = process.env, platform: string = process.platform, home: string = homedir()): string {
  if (env.CLOUDSDK_CONFIG) return env.CLOUDSDK_CONFIG;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'gcloud');
  return join(home, '.config', 'gcloud');
}

/** The credentials file the auth library would read first, described (or undefined when there is none or it does not parse). */
export function findAdc(env: Env = process.env, platform?: string, home?: string): AdcInfo | undefined {
  const path = env.GOOGLE_APPLICATION_CREDENTIALS || join(gcloudConfigDir(env, platform, home), 'application_default_credentials.json');
  let json: any;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || typeof json.type !== 'string') return undefined;
  const impersonated = typeof json.service_account_impersonation_url === 'string'
    ? /serviceAccounts\/([^/:]+)/.exec(json.service_account_impersonation_url)?.[1] : undefined;
  const account = typeof json.client_email === 'string' ? json.client_email : impersonated ?? (typeof json.account === 'string' && json.account ? json.account : undefined);
  return {
    path, type: json.type,
    ...(account ? { account } : {}),
    ...(typeof json.quota_project_id === 'string' && json.quota_project_id ? { quotaProject: json.quota_project_id } : {}),
  };
}

/** gcloud's active configuration: `[core] account`, `[core] project` (an INI file under configurations/). */
export function readGcloudConfig(env: Env = process.env, platform?: string, home?: string): { account?: string; project?: string } {
  const dir = gcloudConfigDir(env, platform, home);
  let name = env.CLOUDSDK_ACTIVE_CONFIG_NAME;
  if (!name) {
    try { name = readFileSync(join(dir, 'active_config'), 'utf8').trim(); } catch { name = 'default'; }
  }
  let text: string;
  try { text = readFileSync(join(dir, 'configurations', `config_${name || 'default'}`), 'utf8'); } catch { return {}; }
  const out: { account?: string; project?: string } = {};
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const s = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (s) { section = s[1].trim(); continue; }
    const kv = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!kv || section !== 'core') continue;
    if (kv[1] === 'account' && kv[2]) out.account = kv[2];
    if (kv[1] === 'project' && kv[2]) out.project = kv[2];
  }
  return out;
}

export function findGoogleCloudSetup(env: Env = process.env, platform?: string, home?: string): GoogleCloudSetup {
  const adc = findAdc(env, platform, home);
  const gcloud = readGcloudConfig(env, platform, home);
  const envProject = env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT;
  const [project, projectSource] = envProject ? [envProject, 'environment' as const]
    : gcloud.project ? [gcloud.project, 'gcloud' as const]
      : adc?.quotaProject ? [adc.quotaProject, 'credentials' as const] : [undefined, undefined];
  return {
    ...(adc ? { adc } : {}),
    ...(gcloud.account ? { gcloudAccount: gcloud.account } : {}),
    ...(project ? { project, projectSource } : {}),
    ...(env.GOOGLE_CLOUD_LOCATION ? { location: env.GOOGLE_CLOUD_LOCATION } : {}),
  };
}
