// The Google Cloud side of the emulator (Vertex AI / Gemini Enterprise Agent Platform, what `@google/genai` calls with
// `vertexai: true`): an OAuth token endpoint, bearer-token checks, the project-and-location interaction paths, the
// publisher model list, and the errors a project gives (API not enabled, a missing role, an unknown project, a model
// the region does not serve, an expired token). Real google-auth-library code runs the whole flow offline:
// a test writes a credentials file (`credentialsFile()`) and points GOOGLE_APPLICATION_CREDENTIALS at it.
//
// Why workload identity federation and not a service-account key. [SDK google-auth-library 10.9.1, read 2026-12-07]
// the service-account flow (JWT client → gtoken) posts its signed JWT to the hard-coded
// `https://oauth2.googleapis.com/token` (gtoken/getToken.js, jwsSign.js: `aud` too) and ignores the key file's
// `token_uri`; `authorized_user` files ignore it as well (refreshclient.js). An `external_account` file's `token_url`
// is honoured (baseexternalclient.js), so the emulator plays a workload identity provider: it signs an OIDC token
// (RS256, the "signed JWT"), the library reads it from `credential_source.file` and exchanges it at `token_url`
// (STS token exchange, stscredentials.js) for an access token, which the SDK sends as `Authorization: Bearer`.
// That is also the credential of a cloud workstation or a CI runner (issue 28).
import { generateKeyPairSync, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rpcError } from './errors';
import { getModel, listModels, type ModelRules } from './models';
import { isObject, type JsonObject } from './types';

/** What a project allows. Unknown projects answer as a project that does not exist (or is not the caller's). */
export interface CloudProject {
  /** The Vertex AI API (aiplatform.googleapis.com) is enabled (default true). */
  apiEnabled?: boolean;
  /** The caller holds a role with the prediction permission, e.g. roles/aiplatform.user (default true). */
  permitted?: boolean;
  /** The project number named in SERVICE_DISABLED errors. */
  number?: string;
}

/** Projects every emulator knows (tests add more with `googleCloud.projects`). */
export const DEFAULT_PROJECTS: Readonly<Record<string, CloudProject>> = {
  'test-project': { number: '100000000001' },
  'api-disabled-project': { apiEnabled: false, number: '100000000002' },
  'no-role-project': { permitted: false, number: '100000000003' },
};

/**
 * Models served only on the `global` location. [INF: the emulator's choice, to give "this region does not serve the
 * model" a deterministic case. Google's Vertex model pages list per-model locations; that the Gemini 4 models are
 * global-only was not checked, 2026-12-07.]
 */
export const GLOBAL_ONLY_MODELS: readonly string[] = ['gemini-4-neon', 'gemini-4-hydrogen', 'gemini-4-carbon'];

/** Lifetime of an issued access token. [DOC STS token exchange: `expires_in` in seconds; 3600 is Google's usual] */
const TOKEN_TTL_S = 3600;

/** The prediction permission and the role that grants it. [DOC Vertex AI access control: roles/aiplatform.user contains aiplatform.endpoints.predict; INF that interactions check it] */
export const PREDICT_PERMISSION = 'aiplatform.endpoints.predict';

interface Issued { subject: string; expired: boolean }

export class GoogleCloud {
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly tokens = new Map<string, Issued>();
  projects: Record<string, CloudProject>;
  /** Successful token exchanges since the last reset. */
  tokenExchanges = 0;

  constructor(private readonly extraProjects: Record<string, CloudProject> = {}) {
    this.projects = { ...DEFAULT_PROJECTS, ...extraProjects };
  }

  reset(): void {
    this.tokens.clear();
    this.tokenExchanges = 0;
    this.projects = { ...DEFAULT_PROJECTS, ...this.extraProjects };
  }

  /** Every token issued so far now answers 401 (the live "expired or revoked" case); new exchanges work. */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expired = true;
  }

  /** A signed OIDC token of the emulator's identity provider (RS256, iss = the emulator). */
  subjectToken(origin: string, subject = 'developer@example.com'): string {
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iss: origin, sub: subject, email: subject, aud: AUDIENCE, iat: now, exp: now + 3600 })}`;
    const sig = createSign('RSA-SHA256').update(head).sign(this.keys.privateKey).toString('base64url');
    return `${head}.${sig}`;
  }

  /**
   * Writes an `external_account` credentials file (and the subject token file it reads) under `dir`; point
   * GOOGLE_APPLICATION_CREDENTIALS at the returned path. `subject` names the account.
   */
  credentialsFile(origin: string, dir: string, subject?: string): string {
    mkdirSync(dir, { recursive: true });
    const tokenPath = join(dir, 'subject-token.jwt');
    writeFileSync(tokenPath, this.subjectToken(origin, subject));
    const path = join(dir, 'external-account.json');
    writeFileSync(path, JSON.stringify({
      type: 'external_account',
      audience: AUDIENCE,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${origin}${TOKEN_PATH}`,
      credential_source: { file: tokenPath },
    }, null, 2));
    return path;
  }

  /** POST {origin}/v1/token: the STS token exchange [DOC sts.googleapis.com v1 token; SDK stscredentials.js]. */
  isTokenRequest(method: string, path: string): boolean {
    return method === 'POST' && path.endsWith(TOKEN_PATH);
  }

  async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const fail = (error: string, description: string) => sendJson(res, 400, { error, error_description: description });
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange') return fail('unsupported_grant_type', `Unsupported grant_type: ${form.get('grant_type')}`);
    if (form.get('audience') !== AUDIENCE) return fail('invalid_target', 'The target service indicated by the "audience" parameters is invalid.');
    const subject = this.verify(form.get('subject_token') ?? '', this.keys.publicKey);
    if (!subject) return fail('invalid_grant', 'The subject token is invalid or its signature does not verify.');
    const accessToken = `ya29.emulator-${randomBytes(12).toString('hex')}`;
    this.tokens.set(accessToken, { subject, expired: false });
    this.tokenExchanges++;
    sendJson(res, 200, { access_token: accessToken, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: TOKEN_TTL_S });
  }

  /**
   * A Google Cloud API path (`/{v}/projects/{p}/locations/{l}/interactions...` or `/{v}/publishers/google/models...`):
   * checks the bearer token and the project, and returns the path the Gemini API routes answer (interactions) or
   * the op to answer here (models). Undefined for any other path.
   */
  resolve(req: IncomingMessage, path: string): CloudRoute | undefined {
    const inter = /^(.*?)\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/(interactions(?:\/.*)?)$/.exec(path);
    const models = /^(.*?)\/(v1|v1beta1)\/publishers\/google\/models(?:\/([^/:]+))?$/.exec(path);
    // Express mode: an API key and no project (the SDK with `vertexai` and `apiKey` alone). [SDK ApiClient: base URL
    // aiplatform.googleapis.com, no project path, x-goog-api-key] The router checks the key as for the Gemini API [INF].
    const express = /^(.*?)\/v1beta1\/(interactions(?:\/.*)?)$/.exec(path);
    const keyed = typeof req.headers['x-goog-api-key'] === 'string';
    if (express && !inter) return { kind: 'express', path: `${express[1]}/v1beta/${express[2]}` };
    if (!inter && !models) return undefined;
    if (!(models && keyed)) this.bearer(req);
    if (models) return { kind: 'models', id: models[3] === undefined ? undefined : decodeURIComponent(models[3]), apiKey: keyed };
    const [, prefix, , rawProject, rawLocation, rest] = inter!;
    const project = decodeURIComponent(rawProject);
    const location = decodeURIComponent(rawLocation);
    this.checkProject(project);
    return { kind: 'interactions', path: `${prefix}/v1beta/${rest}`, project, location };
  }

  /** A create's model must be served where it is sent (404 as Vertex answers an unknown publisher model). */
  checkCreate(route: CloudRoute, body: unknown): void {
    if (route.kind !== 'interactions' || !isObject(body) || typeof body.model !== 'string') return;
    if (route.location !== 'global' && GLOBAL_ONLY_MODELS.includes(body.model)) {
      // [OBS the live wording for a model a location does not serve, as reported by Vertex users]
      throw rpcError(404, `Publisher Model \`projects/${route.project}/locations/${route.location}/publishers/google/models/${body.model}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`);
    }
  }

  /** GET /{v}/publishers/google/models[/id]: Vertex's publisher models (`publisherModels`, names `publishers/google/models/<id>`). [SDK tExtractModels, modelFromVertex] */
  models(route: CloudRoute & { kind: 'models' }, pageSize: string | null, pageToken: string | null, rules: ModelRules): JsonObject {
    const toPublisher = (m: unknown) => {
      const id = String((m as JsonObject).name).replace(/^models\//, '');
      return { name: `publishers/google/models/${id}`, versionId: '001', launchStage: /preview/.test(id) ? 'PUBLIC_PREVIEW' : 'GA', openSourceCategory: 'PROPRIETARY' };
    };
    if (route.id === undefined) {
      const page = listModels(pageSize, pageToken);
      return { publisherModels: (page.models as unknown[]).map(toPublisher), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    }
    // A routed id answers with the model that serves it, as the Gemini API's models.get does [INF: the same routing on Google Cloud].
    try {
      return toPublisher(getModel(route.id, rules));
    } catch {
      throw rpcError(404, `Publisher Model \`publishers/google/models/${route.id}\` not found.`);
    }
  }

  /** Live front-end answers for a missing, unknown or expired bearer token [OBS the wording every Google Cloud API gives]. */
  private bearer(req: IncomingMessage): void {
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && /^Bearer /i.test(auth) ? auth.slice(7).trim() : undefined;
    if (!token) {
      throw rpcError(401, 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CREDENTIALS_MISSING', domain: 'googleapis.com', metadata: { service: 'aiplatform.googleapis.com' } },
      ]);
    }
    const issued = this.tokens.get(token);
    if (!issued || issued.expired) {
      throw rpcError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: issued ? 'ACCESS_TOKEN_EXPIRED' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com', metadata: { service: 'aiplatform.googleapis.com' } },
      ]);
    }
  }

  private checkProject(project: string): void {
    const p = this.projects[project];
    if (!p) {
      // [OBS the answer for a project id that does not exist or that the caller cannot see]
      throw rpcError(403, `Permission denied on resource project ${project}.`, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CONSUMER_INVALID', domain: 'googleapis.com', metadata: { consumer: `projects/${project}`, service: 'aiplatform.googleapis.com' } },
      ]);
    }
    if (p.apiEnabled === false) {
      // [OBS the SERVICE_DISABLED answer, with the console link in `activationUrl`]
      const activationUrl = `https://console.developers.google.com/apis/api/aiplatform.googleapis.com/overview?project=${p.number ?? project}`;
      throw rpcError(403, `Vertex AI API has not been used in project ${p.number ?? project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com', metadata: { consumer: `projects/${p.number ?? project}`, service: 'aiplatform.googleapis.com', serviceTitle: 'Vertex AI API', activationUrl, containerInfo: p.number ?? project } },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Google developers console API activation', url: activationUrl }] },
      ]);
    }
    if (p.permitted === false) {
      // [OBS the IAM answer; the resource named here is the project, INF for interactions]
      throw rpcError(403, `Permission '${PREDICT_PERMISSION}' denied on resource '//aiplatform.googleapis.com/projects/${project}' (or it may not exist).`, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'aiplatform.googleapis.com', metadata: { permission: PREDICT_PERMISSION, resource: `projects/${project}` } },
      ]);
    }
  }

  private verify(jwt: string, key: KeyObject): string | undefined {
    const parts = jwt.split('.');
    if (parts.length !== 3) return undefined;
    const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(key, Buffer.from(parts[2], 'base64url'));
    if (!ok) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return undefined;
      return typeof claims.sub === 'string' ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }
}

export type CloudRoute =
  | { kind: 'interactions'; path: string; project: string; location: string }
  | { kind: 'express'; path: string }
  | { kind: 'models'; id?: string; apiKey?: boolean };

/** The STS path [DOC https://sts.googleapis.com/v1/token]. */
export const TOKEN_PATH = '/v1/token';
/** The workload identity provider the credentials file names (any value works; the token endpoint checks it). */
export const AUDIENCE = '//iam.googleapis.com/projects/100000000001/locations/global/workloadIdentityPools/emulator/providers/emulator';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

