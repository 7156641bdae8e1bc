// Runs the integration suite (out/integration) in desktop VS Code through @vscode/test-electron.
// That needs to download VS Code (or VSCODE_EXECUTABLE pointing at an installed one); offline the
// code-server runner does the same job: `npm run test:integration`.
// Usage: npm run test:electron   (builds first, then runs this file)
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { repoRoot } from './codeServer.mjs';

const RESULT_PREFIX = 'INTEGRATION-RESULT ';
const extensionTestsPath = join(repoRoot, 'out', 'integration', 'index.js');
if (!existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} is missing: build the tests first with \`node esbuild.mjs --tests\``);
  process.exit(1);
}

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ cachePath: join(repoRoot, '.vscode-test'), timeout: 30_000 });
  } catch (e) {
    console.error(`\n@vscode/test-electron needs to download VS Code from update.code.visualstudio.com and could not:\n  ${e?.message ?? e}\n` +
      'Offline, run the same suite in code-server instead: `npm run test:integration`.\n' +
      'Or point VSCODE_EXECUTABLE at an installed VS Code binary.\n0 passed, 1 failed');
    process.exit(1);
  }
}

// Copy of the fixture so tests may edit files freely.
const workspace = mkdtempSync(join(tmpdir(), 'gemini-ws-'));
cpSync(join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
const userData = mkdtempSync(join(tmpdir(), 'gemini-ud-'));
// Same user settings as the code-server runner: the emulator calls a declared function on every
// message, so workspace tools stay off unless a test turns them on.
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'geminiInteractions.tools.workspace': false }));

// runTests pipes VS Code's stdout through process.stdout: watch it for the suite's summary line.
let result = null;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const at = String(chunk).indexOf(RESULT_PREFIX);
  if (at >= 0) { try { result = JSON.parse(String(chunk).slice(at + RESULT_PREFIX.length).split('\n')[0]); } catch { /* split line */ } }
  return write(chunk, ...rest);
};

let exitCode = 1;
try {
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', userData, '--extensions-dir', join(userData, 'extensions')],
  });
} catch (e) {
  console.error(`VS Code exited with an error: ${e?.message ?? e}`);
} finally {
  process.stdout.write = write;
  rmSync(workspace, { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
}
const passed = result?.passed ?? 0;
const failed = result ? result.failed + (result.pending ?? 0) : (exitCode === 0 ? 0 : 1);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || exitCode !== 0 ? 1 : 0);
