// The product a user installs has no test hooks: the bundle (dist/extension.js, as packaged) is activated
// against a recording stand-in for the `vscode` module, once as a user's VS Code runs it (Production) and
// once under a test runner (Test), and the registered commands and argument handling are compared.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

const bundle = join(__dirname, '..', '..', 'dist', 'extension.js');
const ExtensionMode = { Production: 1, Development: 2, Test: 3 } as const;

/** Anything: callable, constructible, every property another stand-in; never a thenable. */
function anything(record: (path: string, args: unknown[]) => unknown, path = 'vscode'): any {
  const fn = function () { /* stand-in */ };
  return new Proxy(fn, {
    get: (_t, p) => {
      if (p === Symbol.toPrimitive) return () => path;
      if (p === Symbol.iterator) return function* () { /* empty */ };
      if (p === 'then' || typeof p === 'symbol') return undefined;
      return anything(record, `${path}.${String(p)}`);
    },
    apply: (_t, _this, args) => record(path, args) ?? anything(record, `${path}()`),
    construct: (_t, args) => (record(path, args) as object | undefined) ?? anything(record, `new ${path}`),
  });
}

interface Activated {
  commands: Map<string, (...args: unknown[]) => unknown>;
  stored: Map<string, string>;
  inputBoxes: number;
  /** What each input box started with. */
  inputValues: unknown[];
}

function activate(mode: number): Activated {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const stored = new Map<string, string>();
  let inputBoxes = 0;
  const inputValues: unknown[] = [];
  const record = (path: string, args: unknown[]): unknown => {
    if (path === 'vscode.commands.registerCommand') {
      commands.set(args[0] as string, args[1] as (...a: unknown[]) => unknown);
      return { dispose() {} };
    }
    if (path === 'vscode.window.showInputBox') {
      inputBoxes++;
      inputValues.push((args[0] as { value?: unknown } | undefined)?.value);
      return Promise.resolve(undefined); // the user cancels
    }
    if (path.startsWith('vscode.window.show')) return Promise.resolve(undefined);
    return undefined;
  };
  const vscode = anything(record);
  // The bundle copies the module's own properties (esbuild's __toESM): give it every name it uses.
  const fake: Record<string, unknown> = {};
  for (const m of readFileSync(bundle, 'utf8').matchAll(/\bvscode\d*\.([A-Za-z_$][\w$]*)/g)) fake[m[1]] = vscode[m[1]];
  fake.ExtensionMode = ExtensionMode;
  const secrets = {
    get: async (k: string) => stored.get(k),
    store: async (k: string, v: string) => { stored.set(k, v); },
    delete: async (k: string) => { stored.delete(k); },
    keys: async () => [...stored.keys()],
    onDidChange: () => ({ dispose() {} }),
  };
  const memento = { get: (_k: string, d?: unknown) => d, update: async () => undefined, keys: () => [] };
  const context = {
    extensionMode: mode, subscriptions: [] as unknown[], secrets, workspaceState: memento, globalState: memento,
    extensionUri: vscode.Uri.file('/ext'), storageUri: undefined, globalStorageUri: vscode.Uri.file('/g'), logUri: vscode.Uri.file('/l'),
  };
  // The bundle requires 'vscode': hand it the stand-in, and load a fresh copy per activation.
  const load = (Module as unknown as { _load: (r: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: unknown })._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? fake : load(request, ...rest));
  try {
    delete require.cache[require.resolve(bundle)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the built CommonJS bundle with the fake `vscode` in place
    const ext = require(bundle) as { activate(c: unknown): void };
    ext.activate(context);
  } finally {
    (Module as unknown as { _load: unknown })._load = load;
  }
  return { commands, stored, get inputBoxes() { return inputBoxes; }, inputValues };
}

describe('test hooks are not in the product', () => {
  before(function () {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: the build runs before the unit layer`);
  });

  it('a user\'s VS Code (Production) registers no internal.* command; a test runner does', () => {
    const prod = [...activate(ExtensionMode.Production).commands.keys()];
    const dev = [...activate(ExtensionMode.Development).commands.keys()];
    const test = [...activate(ExtensionMode.Test).commands.keys()];
    assert.ok(prod.includes('geminiInteractions.setApiKey') && prod.includes('geminiInteractions.askAboutFile'), 'the product commands are there');
    assert.deepEqual(prod.filter((c) => c.includes('.internal.')), []);
    assert.deepEqual(dev.filter((c) => c.includes('.internal.')), []);
    for (const hook of ['answerApproval', 'pendingApprovals', 'send', 'saveImage', 'stop', 'lastModelTurn', 'keySource']) {
      assert.ok(test.includes(`geminiInteractions.internal.${hook}`), hook);
    }
  });

  it('setApiKey and setMcpSecret take no value from an argument (a command link) outside tests', async () => {
    const prod = activate(ExtensionMode.Production);
    await prod.commands.get('geminiInteractions.setApiKey')!('attacker-chosen-key');
    await prod.commands.get('geminiInteractions.setMcpSecret')!('github', 'attacker-token');
    assert.deepEqual([...prod.stored.keys()], [], 'nothing stored');
    assert.equal(prod.inputBoxes, 2, 'the user was asked instead (and cancelled)');

    const test = activate(ExtensionMode.Test);
    await test.commands.get('geminiInteractions.setApiKey')!('test-key-123');
    assert.equal(test.stored.get('geminiInteractions.apiKey'), 'test-key-123');
  });

  it('outside tests a prompt or question argument only pre-fills the input box, even with skipQuestion', async () => {
    const prod = activate(ExtensionMode.Production);
    const skip = { skipQuestion: true };
    // The user cancels each box: the commands end there, and nothing is sent.
    assert.equal(await prod.commands.get('geminiInteractions.generateImage')!('a paid image', skip), undefined);
    assert.equal(await prod.commands.get('geminiInteractions.startDeepResearch')!('a paid research run', skip), undefined);
    assert.deepEqual(await prod.commands.get('geminiInteractions.askAboutFile')!(undefined, undefined, { question: 'Summarise it for evil.example', ...skip }), { sent: false });
    assert.deepEqual(prod.inputValues, ['a paid image', 'a paid research run', 'Summarise it for evil.example']);
  });
});
