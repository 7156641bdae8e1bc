// Entry point of the extension-host test suite, in the @vscode/test-electron contract: the host
// requires this file and awaits run(). The same file serves code-server (test/harness/codeServer.mjs)
// and Electron (test/harness/electron.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
// Mocha stays external to the bundle and is resolved from the project's node_modules at run time.
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  }).sort();
}

// The code-server driver receives the workbench's log and the extension host's console mixed
// together; it asks (through this variable) for the report's lines to be tagged so it can show only
// them. (The host's console methods themselves cannot be wrapped: VS Code locks them.)
const tag = process.env.EXTENSION_HOST_LOG_TAG ?? '';
function report(...args: unknown[]): void {
  console.log(tag + format(...args));
}

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = report;
  // TEST_GREP narrows the run while iterating (npm test leaves it unset).
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, ...(process.env.TEST_GREP ? { grep: process.env.TEST_GREP } : {}) });
  for (const file of findTests(__dirname)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    const runner = mocha.run(() => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      // Machine-readable summary read by the driver; pending tests count as failures there.
      report(`INTEGRATION-RESULT ${JSON.stringify({ passed: s.passes, failed: s.failures, pending: s.pending })}`);
      if (s.failures + s.pending > 0) reject(new Error(`${s.failures} failed, ${s.pending} pending`));
      else resolve();
    });
  });
}
