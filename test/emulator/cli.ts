// `npm run emulator -- --port 8787 [--host 127.0.0.1] [--quiet]`: runs the emulator in the foreground.
import { startEmulator } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log('Usage: emulator [--port 8787] [--host 127.0.0.1] [--quiet]\nLocal Gemini Interactions API emulator. Accepted API keys: test-key, demo-key.');
    return;
  }
  const port = Number(arg('port') ?? process.env.EMULATOR_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${arg('port')}`);
  const quiet = process.argv.includes('--quiet');
  const emu = await startEmulator({ port, host: arg('host') ?? '127.0.0.1', log: quiet ? undefined : (l) => console.log(`[emulator] ${l}`) });
  console.log(`Gemini Interactions emulator listening on ${emu.url}`);
  console.log(`  API keys accepted: test-key, demo-key   (e.g. baseUrl ${emu.url}, apiVersion v1 or v1beta)`);
  console.log(`  Control API: ${emu.url}/__emulator/{requests,reset,fault,scenario,time,stats,config}`);
  let closing = false;
  const shutdown = (sig: string) => {
    if (closing) process.exit(1); // second signal: give up waiting
    closing = true;
    console.log(`\n${sig}: shutting down`);
    void emu.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
