// Which file names look like secrets (src/core/util/secretFiles.ts): never sent on a repository's say-so.
import * as assert from 'node:assert/strict';
import { looksLikeSecretFile } from '../../src/core/util/secretFiles';

describe('files that look like secrets', () => {
  it('environment files, keys, credentials and tokens, in any folder and either separator', () => {
    for (const p of ['.env', '.env.local', 'config/.env.production', '.envrc', 'certs/server.pem', 'tls.key', 'store.p12', 'id_rsa', 'home\\.ssh\\id_ed25519',
      '.npmrc', '.netrc', '.git-credentials', 'credentials', 'aws/credentials.json', 'secrets.yaml', 'service-account.json', 'terraform.tfstate']) {
      assert.ok(looksLikeSecretFile(p), p);
    }
  });

  it('ordinary rules and source files are not', () => {
    for (const p of ['AGENTS.md', 'GEMINI.md', '.gemini/instructions.md', 'docs/environment.md', 'src/keyboard.ts', 'env.ts', 'README.md', 'secretary.md']) {
      assert.ok(!looksLikeSecretFile(p), p);
    }
  });
});
