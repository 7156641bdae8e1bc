// Restricted Mode: VS Code ignores a workspace's value of every setting the manifest lists in
// restrictedConfigurations. Every setting that changes what is sent to Gemini, or where, must be there,
// or a cloned repository sets it for the user while the workspace is untrusted.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The settings a workspace may set in Restricted Mode: they change nothing that is sent, or where.
const HARMLESS = new Set(['geminiInteractions.explainInNewChat', 'geminiInteractions.cost.show']);

describe('Restricted Mode settings (package.json)', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const settings = Object.keys(manifest.contributes.configuration.properties as Record<string, unknown>);
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;

  it('lists every setting that affects requests in restrictedConfigurations', () => {
    const missing = settings.filter((k) => !HARMLESS.has(k) && !restricted.includes(k));
    assert.deepEqual(missing, [], `not restricted: ${missing.join(', ')}`);
    // The ones a hostile repository would reach for first, by name.
    for (const k of ['systemInstruction', 'model', 'store', 'tools.codeExecution', 'tools.urlContext', 'tools.googleSearch', 'tools.workspace',
      'savedSchemas', 'attachments.inlineMaxBytes', 'attachments.maxTextTokens', 'mcpServers', 'apiBaseUrl']) {
      assert.ok(restricted.includes(`geminiInteractions.${k}`), k);
    }
  });

  it('lists only settings that exist, and leaves the harmless ones usable', () => {
    assert.deepEqual(restricted.filter((k) => !settings.includes(k)), []);
    for (const k of HARMLESS) assert.ok(settings.includes(k) && !restricted.includes(k), k);
  });
});
