// Messages that core code (no vscode import) shows to users: error classifications and turn notices.
// Core writes them through a `Messages` it is given; the English table is the default, and the
// extension host passes one that translates each key with vscode.l10n.t (src/vscode/l10n/coreStrings.ts).
// Templates use {0}, {1}… exactly like vscode.l10n.t, and each English template is a key of
// l10n/bundle.l10n.json (checked by test/unit/l10n.test.ts).

export const CORE_MESSAGES_EN = {
  stopped: 'Stopped.',
  timedOut: 'The request to the Gemini API timed out.',
  continuationDropped: 'The connection dropped while the answer was being continued.',
  unreachable: 'Could not reach the Gemini API ({0}). Check your connection or the {1} setting.',
  invalidJson: 'The Gemini API sent a response that is not valid JSON.',
  unexpected: 'Unexpected error.',
  quotaExhausted: 'Your Gemini API quota is exhausted. Check your plan and billing, or try again later.',
  quotaExhaustedWith: 'Your Gemini API quota is exhausted: {0} Check your plan and billing, or try again later.',
  rateLimited: 'Rate limited by the Gemini API.',
  keyRejected: 'The Gemini API key was rejected. Set a valid key with "Gemini: Set API Key".',
  permissionDenied: 'Permission denied by the Gemini API. Check that your API key is valid and allowed to use this model.',
  paidTierOnly: "{0} is available on the paid tier of the Gemini API only, and this API key's project is on the free tier. Enable billing for it ({1}), or choose another model in {2}.",
  paidTierOnlyAny: "This model is available on the paid tier of the Gemini API only, and this API key's project is on the free tier. Enable billing for it ({0}), or choose another model in {1}.",
  permissionDeniedWith: 'Permission denied by the Gemini API: {0} Check that your API key is valid and allowed to use this model.',
  modelUnavailable: 'The model {0} is not available (retired or unknown). Choose another one in the model picker or the {1} setting.',
  notFound: 'Not found (unknown model or interaction).',
  notFoundWith: 'Not found: {0}',
  keyInvalid: 'The Gemini API key is not valid (API_KEY_INVALID). Create or copy a key at {0}, then run "Gemini: Set API Key".',
  keyUnrestricted: 'The Gemini API refuses this key because it has no restrictions (standard keys without any are refused since 2026-06-19). Restrict it to the Gemini API, or create a new key, at {0}, then run "Gemini: Set API Key".',
  keyBlocked: 'The Gemini API key is blocked for the Gemini API (its API restrictions or the project exclude it). Check the key\'s restrictions or create a new key at {0}, then run "Gemini: Set API Key".',
  badRequest: 'The Gemini API rejected the request: {0}',
  invalidRequest: 'invalid request',
  serverError: 'The Gemini API had a server error ({0}).',
  serverErrorWith: 'The Gemini API had a server error ({0}: {1}).',
  tryAgain: 'The Gemini API asked to try again ({0}).',
  answered: 'The Gemini API answered {0}.',
  answeredWith: 'The Gemini API answered {0}: {1}.',
  connectionLost: 'The connection was lost before the answer finished.',
  incomplete: 'The answer reached the maximum output tokens and is incomplete ({0}).',
  budgetExceeded: 'The run stopped because its budget was exceeded (status budget_exceeded); what it produced so far is shown.',
  fallback: 'The server no longer has the earlier part of this conversation (expired or deleted), so it was sent again from the local transcript.',
  toolLimit: 'Stopped after {0} rounds of tool calls for this message ({1}); Gemini was asked to answer with what it has.',
  levelRefusedNow: 'The Gemini API refused thinking level "{1}" for {0}, so the request was sent again without it (the model\'s default level applies). It is left out for this model for the next {2} days.',
  levelRefusedEarlier: 'Thinking level "{1}" was left out: the Gemini API refused it for {0} on {2}. The model\'s default level applies.',
  toolSearchRefusedNow: 'The Gemini API refused tool search for {0}, so the request was sent again with every tool loaded. Tool search is left out for this model for the next {1} days.',
  toolRefusedNow: 'The Gemini API refused the tool {1} for {0}, so the request was sent again without it. It is left out for this model for the next {2} days.',
  inputKindRefusedNow: 'The Gemini API refused {1} input for {0}, so the request was sent again with each {1} attachment replaced by a note saying it was left out. It is left out for this model for the next {2} days.',
  toolSearchRefusedEarlier: 'Tool search was left out (every tool is sent loaded): the Gemini API refused it for {0} on {1}.',
  toolRefusedEarlier: 'The tool {1} was left out: the Gemini API refused it for {0} on {2}.',
  inputKindRefusedEarlier: 'Attachments of type {1} were replaced by a note: the Gemini API refused {1} input for {0} on {2}.',
  rateLimitedRetrying: 'Rate limited — retrying in {0} s',
  serverErrorRetrying: 'Server error — retrying in {0} s',
  resuming: 'Connection lost — resuming…',
  // Google Cloud (src/core/gemini/googleCloudErrors.ts)
  cloudNoCredentials: 'No Google Cloud credentials were found. Run "Gemini: Sign in with Google Cloud…" (or `gcloud auth application-default login` in a terminal), then try again.',
  cloudCredentials: 'Google Cloud refused your credentials (expired or revoked), even after a fresh token. Run "Gemini: Sign in with Google Cloud…" to sign in again, then try again.',
  cloudApiDisabled: 'The Vertex AI API is not enabled in the Google Cloud project {0}. Enable it at {1}, wait a minute, then try again.',
  cloudPermission: 'Your Google Cloud account lacks the permission {1} in the project {0}. Ask a project owner for the role Vertex AI User (roles/aiplatform.user), or choose another project in {2}.',
  cloudProject: 'The Google Cloud project {0} does not exist, or your account cannot use it. Check {1}: it takes the project ID (not its name or number).',
  cloudModelRegion: 'The model {0} is not served in the Google Cloud location {1}. Choose another model, or set {2} to a location that serves it (global serves the most models).',
  // links from model output (src/core/panel/links.ts)
  mailMessage: 'Open your mail app to write to {0}?',
  mailSubject: 'Subject: {0}',
  mailDroppedOne: 'The link also set {0}; it was removed.',
  mailDroppedMany: 'The link also set {0}; they were removed.',
  mailAction: 'Open Mail App',
  disguisedMessage: 'This link does not go where its text says.',
  disguisedDetail: 'The text shows: {0}\nIt opens: {1}',
  linkAction: 'Open Link',
  // the apiBaseUrl setting (src/core/gemini/endpoint.ts)
  endpointInvalid: 'The setting {0} is not a valid URL: "{1}". Use e.g. http://127.0.0.1:8787, or leave it empty for Google\'s endpoint.',
  endpointScheme: 'The setting {0} must start with http:// or https:// (it is "{1}").',
  endpointQuery: 'The setting {0} must not contain a query or fragment (it is "{1}").',
  // slash commands (src/core/slash/parseSlash.ts)
  usageJson: 'Usage: /json <schema file> [text to extract from]. Without text, the current selection or file is used.',
  usageImage: 'Usage: /image <what to draw>.',
  usageResearch: 'Usage: /research <question>.',
} as const;

export type MessageKey = keyof typeof CORE_MESSAGES_EN;
export type MessageArg = string | number;

/** Writes the user-facing text of a message key with its arguments. */
export interface Messages {
  t(key: MessageKey, ...args: MessageArg[]): string;
}

/** Fills {0}, {1}… as vscode.l10n.t does (a placeholder without an argument stays as written). */
export function format(template: string, args: readonly MessageArg[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
}

export const englishMessages: Messages = {
  t: (key, ...args) => format(CORE_MESSAGES_EN[key], args),
};
