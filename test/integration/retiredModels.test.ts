// The one-time notice for retired model ids in the user's settings, in the extension host: it names them,
// its button writes the replacements where they were set, and it is not shown twice for the same ids.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cmd } from './support';

type Check = { result: string; said?: string };

describe('retired models in the settings', function () {
  this.timeout(30_000);
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  let saved: unknown[] = [];
  before(() => { saved = [config().inspect('model')?.globalValue, config().inspect('models')?.globalValue, config().inspect('researchAgent')?.globalValue]; });
  after(async () => {
    await config().update('model', saved[0], vscode.ConfigurationTarget.Global);
    await config().update('models', saved[1], vscode.ConfigurationTarget.Global);
    await config().update('researchAgent', saved[2], vscode.ConfigurationTarget.Global);
  });

  it('names the retired ids, replaces them where they were set, and says nothing once fixed', async () => {
    await config().update('model', 'gemini-2.5-pro', vscode.ConfigurationTarget.Global);
    await config().update('models', ['gemini-2.5-flash', 'gemini-3.8-flash', 'gemini-2.5-pro'], vscode.ConfigurationTarget.Global);
    const r = await cmd<Check>('internal.checkRetiredModels', true);
    assert.equal(r?.result, 'replaced');
    assert.match(r!.said!, /gemini-2\.5-flash and gemini-2\.5-pro, which Google retired on 2026-12-01/);
    // Google routes them (INTERACTIONS-API.md §3.1a): the notice must not say that requests fail.
    assert.match(r!.said!, /answered by newer models/);
    assert.doesNotMatch(r!.said!, /\bfail/);
    assert.equal(config().inspect('model')?.globalValue, 'gemini-3.1-pro-preview');
    assert.deepEqual(config().inspect('models')?.globalValue, ['gemini-3.8-flash', 'gemini-3.1-pro-preview']);
    assert.equal((await cmd<Check>('internal.checkRetiredModels', true))?.result, 'none');
  });

  it('a dismissed notice is not shown again for the same id', async () => {
    await config().update('models', undefined, vscode.ConfigurationTarget.Global);
    await config().update('model', 'gemini-2.5-pro', vscode.ConfigurationTarget.Global);
    // The first test announced gemini-2.5-pro already: remembered, not asked again.
    assert.equal((await cmd<Check>('internal.checkRetiredModels', false))?.result, 'shown-before');
    assert.equal(config().inspect('model')?.globalValue, 'gemini-2.5-pro', 'nothing written without the button');
  });

  it('a retired Deep Research agent in the settings (shut down, not forwarded) gets the notice with its replacement, once', async () => {
    assert.ok(!(config().inspect('researchAgent')?.defaultValue as string).includes('12-2025'));
    await config().update('researchAgent', 'deep-research-pro-preview-12-2025', vscode.ConfigurationTarget.Global);
    const r = await cmd<Check>('internal.checkRetiredAgent', false);
    assert.equal(r?.result, 'dismissed');
    assert.match(r!.said!, /Deep Research agent deep-research-pro-preview-12-2025, which Google shut down on 2026-10-23 .*Replace it with deep-research-preview-04-2026/);
    assert.equal((await cmd<Check>('internal.checkRetiredAgent', true))?.result, 'shown-before', 'not asked twice');
    assert.equal(config().inspect('researchAgent')?.globalValue, 'deep-research-pro-preview-12-2025', 'nothing written without the button');
    await config().update('researchAgent', 'deep-research-max-preview-04-2026', vscode.ConfigurationTarget.Global);
    assert.equal((await cmd<Check>('internal.checkRetiredAgent', true))?.result, 'none');
  });
});
