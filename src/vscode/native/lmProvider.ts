// Gemini models in VS Code's own model picker and `vscode.lm`: a LanguageModelChatProvider whose answers
// come from the same core as the panel. Each answer ends with a marker data part holding the interaction
// id, so the next request (whose history the caller sends back) continues the chain on the server.
import * as vscode from 'vscode';
import type { Logger, TurnSettings } from '../../core/conversation/types';
import { estimateTokens } from '../../core/native/nativeChat';
import { modelDisplayName, modelLimits } from '../../core/models/limits';
import { runNativeTurn } from '../../core/native/nativeTurn';
import type { LearnedRefusals } from '../../core/models/learnedRefusals';
import { fromLanguageModelMessages, markerPart } from './nativeMessages';
import { readModels, readTurnSettings, SECTION } from '../settings/settings';
import type { ApiAccess } from '../gemini/geminiAccess';

export const LM_VENDOR = 'gemini-interactions';

export class GeminiChatModelProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly access: ApiAccess, private readonly log: Logger, private readonly redact: (text: string) => string, private readonly refusals?: LearnedRefusals) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.models`) || e.affectsConfiguration(`${SECTION}.model`)) this.changed.fire();
    });
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    // Listed even without a key: choosing one then says how to set the key, as the panel does.
    return readModels().map((id) => {
      const limits = modelLimits(id);
      return {
        id, name: modelDisplayName(id), family: id, version: id,
        detail: vscode.l10n.t('Interactions API'),
        tooltip: vscode.l10n.t('{0} through the Gemini Interactions API, with conversation state kept on the server', id),
        maxInputTokens: limits.maxInputTokens,
        maxOutputTokens: limits.maxOutputTokens,
        capabilities: { toolCalling: limits.toolCalling, imageInput: limits.imageInput },
      };
    });
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const problem = await this.access.configurationProblem();
    if (problem) throw new Error(problem.message);
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      const { turn } = await runNativeTurn(fromLanguageModelMessages(messages), {
        api: () => this.access.api(), settings: requestSettings(model.id, options), log: this.log, redact: this.redact, refusals: this.refusals,
      }, (out) => {
        switch (out.kind) {
          case 'text': progress.report(new vscode.LanguageModelTextPart(out.text)); return;
          case 'toolCall': progress.report(new vscode.LanguageModelToolCallPart(out.callId, out.name, out.input)); return;
          case 'media':
            if (out.media.data && out.media.type === 'image') progress.report(vscode.LanguageModelDataPart.image(Buffer.from(out.media.data, 'base64'), out.media.mimeType ?? 'image/png'));
            return;
          case 'marker': progress.report(markerPart(out.marker)); return;
          case 'progress': return; // retries and fallbacks stay out of the answer; the log has them
        }
      }, controller.signal);
      if (turn.state === 'error') throw new Error(turn.error?.message ?? vscode.l10n.t('The Gemini request failed.'));
      if (turn.state === 'stopped' && !token.isCancellationRequested) throw new Error(vscode.l10n.t('The answer stopped before it was complete.'));
    } finally {
      cancel.dispose();
    }
  }

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return typeof text === 'string' ? estimateTokens(text) : estimateTokens(fromLanguageModelMessages([text])[0]);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * The caller owns the prompt (system text, tools): only the model, storage and generation settings
 * come from ours. The panel's built-in and workspace tools are left out; VS Code's tools are the tools.
 */
function requestSettings(model: string, options: vscode.ProvideLanguageModelChatResponseOptions): TurnSettings {
  const base = readTurnSettings();
  const functions = (options.tools ?? []).map((t) => ({
    name: t.name,
    description: t.description,
    parameters: (t.inputSchema as Record<string, unknown> | undefined) ?? { type: 'object', properties: {} },
  }));
  const required = functions.length > 0 && options.toolMode === vscode.LanguageModelChatToolMode.Required;
  const generation = { ...base.generation, ...(required ? { toolChoice: 'any' as const } : {}) };
  return {
    model, store: base.store,
    tools: functions.length ? { functions } : {},
    ...(Object.keys(generation).length ? { generation } : {}),
  };
}

/** `redact`: removes the known secrets from error text (the caller keeps it in its chat history). */
export function registerLanguageModelProvider(access: ApiAccess, log: Logger, redact: (text: string) => string, refusals?: LearnedRefusals): vscode.Disposable[] {
  const provider = new GeminiChatModelProvider(access, log, redact, refusals);
  const registration = vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, provider);
  // The workbench resolves a vendor's models only when asked; until then the Chat view has no model and
  // fails the first @gemini request ("Language model unavailable"). Asking once fills its model picker.
  void Promise.resolve(vscode.lm.selectChatModels({ vendor: LM_VENDOR })).catch((e) => log.warn(`could not list the native chat models: ${(e as Error).message}`));
  return [provider, registration];
}
