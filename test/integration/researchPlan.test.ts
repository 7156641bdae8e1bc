// Deep Research with plan review (collaborative planning) in the extension host against the emulator: the
// agent answers with a plan; a reply revises it; Start research runs it, each chained on the plan.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd } from './support';

type Turn = { id: string; state: string; researchPlan?: boolean; interactionIds: string[]; parts: { kind: string; text?: string }[] };
const textOf = (t: Turn | undefined) => (t?.parts ?? []).filter((p) => p.kind === 'text').map((p) => p.text).join('');

describe('Deep Research with plan review', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const agentBodies = () => emu.requests().filter((r) => r.op === 'create' && r.status === 200).map((r) => r.body as Record<string, any>).filter((b) => b.agent);
  let saved: unknown[] = [];

  before(async () => {
    saved = [config().inspect('apiBaseUrl')?.globalValue, config().inspect('researchReviewPlan')?.globalValue];
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await config().update('researchReviewPlan', true, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
  });
  after(async () => {
    await config().update('apiBaseUrl', saved[0], vscode.ConfigurationTarget.Global);
    await config().update('researchReviewPlan', saved[1], vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    await cmd('clearApiKey');
    await emu.close();
  });

  it('answers with a plan, revises it on a reply, and runs it on Start research', async () => {
    emu.reset();
    await cmd('newChat');
    const fast = { name: 'deep_research', durationMs: 200, polls: 1 };
    emu.queueScenario([fast, fast, fast]);
    await cmd('internal.send', '/research quantum dots in displays');
    const plan = await cmd<Turn>('internal.lastModelTurn');
    assert.equal(plan?.state, 'done');
    assert.equal(plan?.researchPlan, true);
    assert.match(textOf(plan), /## Research plan: quantum dots in displays/);
    assert.equal(agentBodies()[0]!.agent_config.collaborative_planning, true);

    await cmd('internal.send', 'Focus on OLED comparisons');
    const revised = await cmd<Turn>('internal.lastModelTurn');
    assert.equal(revised?.researchPlan, true, 'a reply to a plan is a revision: a new plan');
    assert.match(textOf(revised), /Revised for your note: > Focus on OLED comparisons/);
    const b2 = agentBodies()[1]!;
    assert.equal(b2.agent_config.collaborative_planning, true);
    assert.equal(b2.previous_interaction_id, plan!.interactionIds.at(-1), 'chained on the plan');

    await cmd('internal.startPlannedResearch');
    const report = await cmd<Turn>('internal.lastModelTurn');
    assert.equal(report?.state, 'done');
    assert.ok(!report?.researchPlan);
    assert.match(textOf(report), /# Research report: quantum dots in displays/);
    const b3 = agentBodies()[2]!;
    assert.equal(b3.agent_config.collaborative_planning, undefined, 'no more planning');
    assert.equal(b3.previous_interaction_id, revised!.interactionIds.at(-1));
  });

  it('gets the File Search stores of the settings, and research.visualization off stops the charts', async () => {
    emu.reset();
    await cmd('newChat');
    const keep = [config().inspect('tools.fileSearchStores')?.globalValue, config().inspect('research.visualization')?.globalValue];
    await config().update('researchReviewPlan', false, vscode.ConfigurationTarget.Global);
    await config().update('tools.fileSearchStores', ['fileSearchStores/team-notes'], vscode.ConfigurationTarget.Global);
    await config().update('research.visualization', 'off', vscode.ConfigurationTarget.Global);
    try {
      emu.queueScenario({ name: 'deep_research', durationMs: 200, polls: 1 });
      await cmd('internal.send', '/research what our notes say about tides');
      const report = await cmd<Turn>('internal.lastModelTurn');
      assert.equal(report?.state, 'done');
      const body = agentBodies()[0]!;
      assert.deepEqual(body.tools.find((t: { type: string }) => t.type === 'file_search'), { type: 'file_search', file_search_store_names: ['fileSearchStores/team-notes'] });
      assert.equal(body.agent_config.visualization, 'off');
      assert.ok(report!.parts.some((p) => p.kind === 'toolCall'), 'the file search step is shown');
      assert.ok(!report!.parts.some((p) => p.kind === 'media'), 'no chart');
    } finally {
      await config().update('tools.fileSearchStores', keep[0], vscode.ConfigurationTarget.Global);
      await config().update('research.visualization', keep[1], vscode.ConfigurationTarget.Global);
      await config().update('researchReviewPlan', true, vscode.ConfigurationTarget.Global);
    }
  });
});
