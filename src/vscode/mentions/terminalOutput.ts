// What @terminal can read of a terminal. The API gives no access to a terminal's buffer: the selection
// is copied through the clipboard (then the clipboard is put back), and with shell integration the
// output of the commands run since the window opened is recorded as they run (read() only streams what
// comes after it is called). Kept in memory only, a few commands per terminal, their tails.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { MAX_TERMINAL_CHARS, tail, type TerminalCommand } from '../../core/mentions/mentions';

/** Commands kept per terminal. */
const KEEP_COMMANDS = 3;

const runs = new Map<vscode.Terminal, TerminalCommand[]>();
/** Commands whose output is still being read: the stream may lag behind what the terminal shows. */
const reading = new Map<TerminalCommand, Promise<void>>();
/** How long @terminal waits for a command's output still on its way. */
const SETTLE_MS = 1000;

/** Starts recording the output of shell-integrated commands (from activation; cheap when none run). */
export function startTerminalRecorder(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.onDidStartTerminalShellExecution((e) => void record(e.terminal, e.execution)),
    vscode.window.onDidCloseTerminal((t) => runs.delete(t)),
    { dispose: () => runs.clear() },
  );
}

async function record(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): Promise<void> {
  const run: TerminalCommand = { commandLine: execution.commandLine.value || undefined, output: '' };
  const list = runs.get(terminal) ?? [];
  list.push(run);
  runs.set(terminal, list.slice(-KEEP_COMMANDS));
  const done = (async () => {
    try {
      // Twice the cap: control sequences go when it is turned into text.
      for await (const data of execution.read()) run.output = tail(run.output + data, MAX_TERMINAL_CHARS * 2).text;
    } catch {
      // The terminal went away mid-command: what was read is kept.
    }
  })();
  reading.set(run, done);
  await done;
  reading.delete(run);
}

/**
 * The recorded commands of a terminal, oldest first (empty without shell integration). A command that
 * just ended may still have output on its way to the extension host: it gets a moment to arrive.
 */
export async function recentCommands(terminal: vscode.Terminal): Promise<TerminalCommand[]> {
  const list = [...(runs.get(terminal) ?? [])];
  const pending = list.map((r) => reading.get(r)).filter((p): p is Promise<void> => p !== undefined);
  if (pending.length) await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, SETTLE_MS))]);
  return list;
}

/**
 * The active terminal's selection, through Terminal: Copy Selection and the clipboard; '' when nothing is
 * selected. The clipboard's text is restored (only text can be read back, so that is all it keeps).
 */
export async function terminalSelection(): Promise<string> {
  const clipboard = vscode.env.clipboard;
  const saved = await clipboard.readText().then((t) => t, () => '');
  const marker = `gemini-interactions-no-selection-${randomUUID()}`;
  try {
    await clipboard.writeText(marker);
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    const copied = await clipboard.readText();
    return copied === marker ? '' : copied;
  } catch {
    return '';
  } finally {
    await clipboard.writeText(saved).then(undefined, () => undefined);
  }
}
