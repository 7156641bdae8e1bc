// Under a test runner only: the question about a workspace's MCP server answered by the test instead of a
// modal (`internal.answerMcpQuestions`), and the questions asked so far (`internal.mcpQuestions`).
import * as vscode from 'vscode';
import type { McpServerRef } from '../../core/tools/mcpServers';
import type { McpAnswer, McpQuestion } from '../tools/workspaceMcp';

/** How the test wants the next questions answered: 'modal' shows the real one. */
type Scripted = 'allow' | 'decline' | 'dismiss' | 'modal';

export class ScriptedMcpQuestions {
  private answer: Scripted = 'modal';
  private asked: McpServerRef[] = [];

  constructor(private readonly modal: McpQuestion) {}

  readonly ask: McpQuestion = (server) => {
    this.asked.push(server);
    if (this.answer === 'modal') return this.modal(server);
    const answers: Record<Exclude<Scripted, 'modal'>, McpAnswer> = { allow: 'allow', decline: 'decline', dismiss: undefined };
    return Promise.resolve(answers[this.answer]);
  };

  register(): vscode.Disposable[] {
    const reg = (name: string, hook: Parameters<typeof vscode.commands.registerCommand>[1]) => vscode.commands.registerCommand(`geminiInteractions.internal.${name}`, hook);
    return [
      reg('answerMcpQuestions', (answer: Scripted) => { this.answer = answer; }),
      // The questions asked since the last call.
      reg('mcpQuestions', () => {
        const asked = this.asked;
        this.asked = [];
        return asked;
      }),
    ];
  }
}
