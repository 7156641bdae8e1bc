// Google Cloud's own failures, told apart from the Gemini API's: no Application Default Credentials, credentials
// refused, the Vertex AI API not enabled in the project, a missing role, an unknown project, a model the location
// does not serve. Each gets its own message, naming the project, the permission or the link that fixes it.
import type { MessageKey, Messages } from '../l10n/coreStrings';

/** The kinds of failure only Google Cloud gives (part of errors.ts's ErrorKind). */
export type CloudErrorKind = 'cloudNoCredentials' | 'cloudCredentials' | 'cloudApiDisabled' | 'cloudPermission' | 'cloudProject' | 'cloudModelRegion';

/** The shape of errors.ts's ClassifiedError (kept here so the two modules do not import each other). */
export interface CloudError {
  kind: CloudErrorKind;
  status?: number;
  message: string;
  serverMessage?: string;
}

/** The role that grants calling Gemini in a project (named in the permission message). */
export const VERTEX_USER_ROLE = 'roles/aiplatform.user';

const PROJECT_SETTING = 'geminiInteractions.googleCloud.project';
const LOCATION_SETTING = 'geminiInteractions.googleCloud.location';

/** A Google Cloud error, or undefined for anything else (the caller classifies it then). */
export function classifyGoogleCloudError(err: any, status: number | undefined, serverMessage: string | undefined, details: any[], m: Messages): CloudError | undefined {
  const out = (kind: CloudErrorKind, key: MessageKey, ...args: string[]): CloudError => ({ kind, ...(status !== undefined ? { status } : {}), ...(serverMessage ? { serverMessage } : {}), message: m.t(key, ...args) });
  const info = details.find((d) => typeof d?.reason === 'string' && (d?.['@type'] === undefined || /ErrorInfo$/.test(String(d['@type']))));
  const reason: string | undefined = info?.reason;
  const meta: Record<string, string> = info?.metadata && typeof info.metadata === 'object' ? info.metadata : {};
  const text = serverMessage ?? '';

  // google-auth-library, when it finds no credentials at all (no GOOGLE_APPLICATION_CREDENTIALS, no gcloud file, no metadata server).
  // Messages of google-auth-library 10.x (googleauth.js, oauth2client.js), wrapped in the SDK's APIConnectionError.
  const raw = String(err?.message ?? '');
  if (status === undefined && /Could not load the default credentials|Unable to read the credential file specified by the GOOGLE_APPLICATION_CREDENTIALS/i.test(raw)) {
    return out('cloudNoCredentials', 'cloudNoCredentials');
  }
  if (status === undefined && /invalid_grant|invalid_rapt|reauth related error|The subject token is invalid/i.test(raw)) {
    return out('cloudCredentials', 'cloudCredentials');
  }
  if (status === 401 && (/ACCESS_TOKEN|CREDENTIALS_MISSING/.test(reason ?? '') || /OAuth 2 access token/i.test(text))) {
    return out(reason === 'CREDENTIALS_MISSING' ? 'cloudNoCredentials' : 'cloudCredentials', reason === 'CREDENTIALS_MISSING' ? 'cloudNoCredentials' : 'cloudCredentials');
  }
  if (status === 403 && (reason === 'SERVICE_DISABLED' || /has not been used in project|is disabled\. Enable it/i.test(text))) {
    const project = projectOf(meta.consumer) ?? /in project (\S+?) before/.exec(text)?.[1] ?? '?';
    const url = meta.activationUrl ?? /https:\/\/console\.[^\s]+/.exec(text)?.[0] ?? `https://console.cloud.google.com/apis/library/aiplatform.googleapis.com?project=${project}`;
    return out('cloudApiDisabled', 'cloudApiDisabled', project, url);
  }
  if (status === 403 && (reason === 'IAM_PERMISSION_DENIED' || /^Permission '[\w.]+' denied on resource/.test(text))) {
    const permission = meta.permission ?? /Permission '([\w.]+)'/.exec(text)?.[1] ?? 'aiplatform.endpoints.predict';
    const project = projectOf(meta.resource) ?? /projects\/([^/'\s]+)/.exec(text)?.[1] ?? '?';
    return out('cloudPermission', 'cloudPermission', project, permission, PROJECT_SETTING);
  }
  if (status === 403 && (reason === 'CONSUMER_INVALID' || /^Permission denied on resource project /.test(text))) {
    const project = projectOf(meta.consumer) ?? /resource project ([^\s.]+)/.exec(text)?.[1] ?? '?';
    return out('cloudProject', 'cloudProject', project, PROJECT_SETTING);
  }
  if (status === 404 && /Publisher Model `?projects\/[^/]+\/locations\/([^/]+)\/publishers\/[^/]+\/models\/([\w.-]+)/.test(text)) {
    const [, location, model] = /locations\/([^/]+)\/publishers\/[^/]+\/models\/([\w.-]+)/.exec(text)!;
    return out('cloudModelRegion', 'cloudModelRegion', model, location, LOCATION_SETTING);
  }
  return undefined;
}

function projectOf(resource: string | undefined): string | undefined {
  return resource ? /projects\/([^/\s]+)/.exec(resource)?.[1] : undefined;
}
