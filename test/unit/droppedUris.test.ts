// What the chat view may ask the host to attach: files only (file: and the workspace folders' schemes).
import * as assert from 'node:assert/strict';
import { decideDroppedUri } from '../../src/core/attachments/droppedUris';

describe('dropped URIs: what the chat view may attach', () => {
  const local = { folderSchemes: ['file'], remote: false };

  it('accepts files on the disk, and files of a workspace folder\'s own file system', () => {
    assert.deepEqual(decideDroppedUri('file:///ws/a.txt', local), { accept: true, asFile: false });
    assert.deepEqual(decideDroppedUri('FILE:///ws/a.txt', local), { accept: true, asFile: false });
    assert.deepEqual(decideDroppedUri('memfs:/proj/a.txt', { folderSchemes: ['memfs'], remote: false }), { accept: true, asFile: false });
  });

  it('refuses every other scheme, naming it: settings, other extensions\' file systems, web links, untitled', () => {
    for (const [uri, scheme] of [
      ['vscode-userdata:/User/settings.json', 'vscode-userdata'], ['gemother:/data.txt', 'gemother'],
      ['https://example.com/a.png', 'https'], ['untitled:Untitled-1', 'untitled'], ['command:workbench.action.quit', 'command'],
      ['vscode-remote://host/etc/passwd', 'vscode-remote'],
    ] as const) {
      assert.deepEqual(decideDroppedUri(uri, local), { accept: false, scheme }, uri);
    }
  });

  it('refuses what is not a URI at all', () => {
    assert.deepEqual(decideDroppedUri('/etc/passwd', local), { accept: false, scheme: '' });
    assert.deepEqual(decideDroppedUri('', local), { accept: false, scheme: '' });
  });

  it('on a remote host, the workbench\'s vscode-remote name of a file there is that file (then checked as one)', () => {
    assert.deepEqual(decideDroppedUri('vscode-remote://127.0.0.1:8080/ws/a.txt', { folderSchemes: ['file'], remote: true }), { accept: true, asFile: true });
    assert.deepEqual(decideDroppedUri('vscode-remote://h/ws/a.txt', { folderSchemes: ['memfs'], remote: true }), { accept: false, scheme: 'vscode-remote' });
  });
});
