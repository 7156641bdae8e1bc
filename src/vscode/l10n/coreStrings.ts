// The translated Messages for core code: one vscode.l10n.t call per key, with the English template as a
// literal so that @vscode/l10n-dev extracts it into l10n/bundle.l10n.json (the unit test checks that each
// template here is the one of CORE_MESSAGES_EN). Typed as a Record, so a key added in core fails to compile
// until it is translated here.
import * as vscode from 'vscode';
import type { MessageArg, MessageKey, Messages } from '../../core/l10n/coreStrings';

type Arg = MessageArg;
const TABLE: Record<MessageKey, (...args: Arg[]) => string> = {
  stopped: () => vscode.l10n.t('Stopped.'),
  timedOut: () => vscode.l10n.t('The request to the Gemini API timed out.'),
  continuationDropped: () => vscode.l10n.t('The connection dropped while the answer was being continued.'),
  unreachable: (a0, a1) => vscode.l10n.t('Could not reach the Gemini API ({0}). Check your connection or the {1} setting.', a0, a1),
  invalidJson: () => vscode.l10n.t('The Gemini API sent a response that is not valid JSON.'),
  unexpected: () => vscode.l10n.t('Unexpected error.'),
  quotaExhausted: () => vscode.l10n.t('Your Gemini API quota is exhausted. Check your plan and billing, or try again later.'),
  quotaExhaustedWith: (a0) => vscode.l10n.t('Your Gemini API quota is exhausted: {0} Check your plan and billing, or try again later.', a0),
  rateLimited: () => vscode.l10n.t('Rate limited by the Gemini API.'),
  keyRejected: () => vscode.l10n.t('The Gemini API key was rejected. Set a valid key with "Gemini: Set API Key".'),
  permissionDenied: () => vscode.l10n.t('Permission denied by the Gemini API. Check that your API key is valid and allowed to use this model.'),
  paidTierOnly: (a0, a1, a2) => vscode.l10n.t("{0} is available on the paid tier of the Gemini API only, and this API key's project is on the free tier. Enable billing for it ({1}), or choose another model in {2}.", a0, a1, a2),
  paidTierOnlyAny: (a0, a1) => vscode.l10n.t("This model is available on the paid tier of the Gemini API only, and this API key's project is on the free tier. Enable billing for it ({0}), or choose another model in {1}.", a0, a1),
  permissionDeniedWith: (a0) => vscode.l10n.t('Permission denied by the Gemini API: {0} Check that your API key is valid and allowed to use this model.', a0),
  modelUnavailable: (a0, a1) => vscode.l10n.t('The model {0} is not available (retired or unknown). Choose another one in the model picker or the {1} setting.', a0, a1),
  notFound: () => vscode.l10n.t('Not found (unknown model or interaction).'),
  notFoundWith: (a0) => vscode.l10n.t('Not found: {0}', a0),
  keyInvalid: (a0) => vscode.l10n.t('The Gemini API key is not valid (API_KEY_INVALID). Create or copy a key at {0}, then run "Gemini: Set API Key".', a0),
  keyUnrestricted: (a0) => vscode.l10n.t('The Gemini API refuses this key because it has no restrictions (standard keys without any are refused since 2026-06-19). Restrict it to the Gemini API, or create a new key, at {0}, then run "Gemini: Set API Key".', a0),
  keyBlocked: (a0) => vscode.l10n.t('The Gemini API key is blocked for the Gemini API (its API restrictions or the project exclude it). Check the key\'s restrictions or create a new key at {0}, then run "Gemini: Set API Key".', a0),
  badRequest: (a0) => vscode.l10n.t('The Gemini API rejected the request: {0}', a0),
  invalidRequest: () => vscode.l10n.t('invalid request'),
  serverError: (a0) => vscode.l10n.t('The Gemini API had a server error ({0}).', a0),
  serverErrorWith: (a0, a1) => vscode.l10n.t('The Gemini API had a server error ({0}: {1}).', a0, a1),
  tryAgain: (a0) => vscode.l10n.t('The Gemini API asked to try again ({0}).', a0),
  answered: (a0) => vscode.l10n.t('The Gemini API answered {0}.', a0),
  answeredWith: (a0, a1) => vscode.l10n.t('The Gemini API answered {0}: {1}.', a0, a1),
  connectionLost: () => vscode.l10n.t('The connection was lost before the answer finished.'),
  incomplete: (a0) => vscode.l10n.t('The answer reached the maximum output tokens and is incomplete ({0}).', a0),
  budgetExceeded: () => vscode.l10n.t('The run stopped because its budget was exceeded (status budget_exceeded); what it produced so far is shown.'),
  fallback: () => vscode.l10n.t('The server no longer has the earlier part of this conversation (expired or deleted), so it was sent again from the local transcript.'),
  toolLimit: (a0, a1) => vscode.l10n.t('Stopped after {0} rounds of tool calls for this message ({1}); Gemini was asked to answer with what it has.', a0, a1),
  levelRefusedNow: (a0, a1, a2) => vscode.l10n.t('The Gemini API refused thinking level "{1}" for {0}, so the request was sent again without it (the model\'s default level applies). It is left out for this model for the next {2} days.', a0, a1, a2),
  levelRefusedEarlier: (a0, a1, a2) => vscode.l10n.t('Thinking level "{1}" was left out: the Gemini API refused it for {0} on {2}. The model\'s default level applies.', a0, a1, a2),
  toolSearchRefusedNow: (a0, a1) => vscode.l10n.t('The Gemini API refused tool search for {0}, so the request was sent again with every tool loaded. Tool search is left out for this model for the next {1} days.', a0, a1),
  rateLimitedRetrying: (a0) => vscode.l10n.t('Rate limited — retrying in {0} s', a0),
  serverErrorRetrying: (a0) => vscode.l10n.t('Server error — retrying in {0} s', a0),
  resuming: () => vscode.l10n.t('Connection lost — resuming…'),
  mailMessage: (a0) => vscode.l10n.t('Open your mail app to write to {0}?', a0),
  mailSubject: (a0) => vscode.l10n.t('Subject: {0}', a0),
  mailDroppedOne: (a0) => vscode.l10n.t('The link also set {0}; it was removed.', a0),
  mailDroppedMany: (a0) => vscode.l10n.t('The link also set {0}; they were removed.', a0),
  mailAction: () => vscode.l10n.t('Open Mail App'),
  disguisedMessage: () => vscode.l10n.t('This link does not go where its text says.'),
  disguisedDetail: (a0, a1) => vscode.l10n.t('The text shows: {0}\nIt opens: {1}', a0, a1),
  linkAction: () => vscode.l10n.t('Open Link'),
  endpointInvalid: (a0, a1) => vscode.l10n.t('The setting {0} is not a valid URL: "{1}". Use e.g. http://127.0.0.1:8787, or leave it empty for Google\'s endpoint.', a0, a1),
  endpointScheme: (a0, a1) => vscode.l10n.t('The setting {0} must start with http:// or https:// (it is "{1}").', a0, a1),
  endpointQuery: (a0, a1) => vscode.l10n.t('The setting {0} must not contain a query or fragment (it is "{1}").', a0, a1),
  usageJson: () => vscode.l10n.t('Usage: /json <schema file> [text to extract from]. Without text, the current selection or file is used.'),
  usageImage: () => vscode.l10n.t('Usage: /image <what to draw>.'),
  usageResearch: () => vscode.l10n.t('Usage: /research <question>.'),
};

export const hostMessages: Messages = {
  t: (key, ...args) => TABLE[key](...args),
};
