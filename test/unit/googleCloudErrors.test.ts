// Google Cloud's failures told apart from the Gemini API's, from errors shaped as the SDK throws them (status and the
// google.rpc body in the message), and the Gemini API's own 401/403/404 left to their usual messages.
import { strict as assert } from 'node:assert';
import { classifyError } from '../../src/core/gemini/errors';

const apiError = (status: number, error: Record<string, unknown>) => Object.assign(new Error(`${status} ${JSON.stringify({ error })}`), { status });

describe('Google Cloud errors', () => {
  it('SERVICE_DISABLED names the project and the activation link from the ErrorInfo', () => {
    const c = classifyError(apiError(403, {
      code: 403, status: 'PERMISSION_DENIED', message: 'Vertex AI API has not been used in project 42 before or it is disabled.',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', metadata: { consumer: 'projects/42', activationUrl: 'https://console.example/enable?project=42' } }],
    }));
    assert.equal(c.kind, 'cloudApiDisabled');
    assert.equal(c.message, 'The Vertex AI API is not enabled in the Google Cloud project 42. Enable it at https://console.example/enable?project=42, wait a minute, then try again.');
  });

  it('a missing IAM permission names it and the role; an unknown project names the setting; a region names model and location', () => {
    assert.equal(classifyError(apiError(403, { code: 403, message: "Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/p1/locations/us-central1' (or it may not exist)." })).kind, 'cloudPermission');
    assert.match(classifyError(apiError(403, { code: 403, message: 'Permission denied on resource project nope.' })).message, /project nope does not exist/);
    const region = classifyError(apiError(404, { code: 404, message: 'Publisher Model `projects/p/locations/asia-south1/publishers/google/models/gemini-4-neon` was not found or your project does not have access to it.' }));
    assert.equal(region.kind, 'cloudModelRegion');
    assert.match(region.message, /gemini-4-neon is not served in the Google Cloud location asia-south1/);
  });

  it('401s: OAuth wording is Google Cloud (sign in again); a Gemini API 401 stays a key error', () => {
    assert.equal(classifyError(apiError(401, { code: 401, message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.' })).kind, 'cloudCredentials');
    assert.equal(classifyError(apiError(401, { code: 401, message: 'Unauthorized' })).kind, 'auth');
    assert.equal(classifyError(apiError(403, { code: 403, message: 'Permission denied.' })).kind, 'permission');
  });

  it("the auth library's own failures (no request made): no credentials, or refused ones", () => {
    const wrap = (m: string) => Object.assign(new Error(`Unexpected HTTP client error: Error: ${m}`), { name: 'APIConnectionError' });
    assert.equal(classifyError(wrap('Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.')).kind, 'cloudNoCredentials');
    assert.equal(classifyError(wrap("invalid_grant: reauth related error (invalid_rapt)")).kind, 'cloudCredentials');
    assert.equal(classifyError(wrap('fetch failed')).kind, 'network');
  });
});
