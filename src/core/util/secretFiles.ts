// Which file names look like they hold secrets (environment files, private keys, credentials): such a file
// is never sent to Gemini on a repository's say-so, e.g. as a rules file that becomes the system instruction
// of every request. By name only: a check that must hold before any byte is read.

const SECRET_NAMES = [
  /^\.env(\..*)?$/i, // .env, .env.local, .env.production
  /^\.envrc$/i,
  /\.(pem|key|p12|pfx|jks|keystore|kdbx|asc|gpg)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/i,
  /^\.?(netrc|npmrc|pypirc|pgpass|git-credentials|htpasswd)$/i,
  /^credentials(\..*)?$/i,
  /^(secrets?|service[-_]?account)([-_.].*)?\.(json|ya?ml|toml|txt)$/i,
  /^terraform\.tfstate(\..*)?$/i,
];

/** Whether the last segment of `path` (either separator) names a file of secrets. */
export function looksLikeSecretFile(path: string): boolean {
  const name = path.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? '';
  return SECRET_NAMES.some((re) => re.test(name));
}
