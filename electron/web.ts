/**
 * Browser mode (`npm run web`): the same services as the Electron app, the renderer served on
 * 127.0.0.1 with a per-launch token. For headless workstations and end-to-end tests.
 */
import { parseArgs } from 'node:util';
import { toErrorShape } from './contract/errors.js';
import { dataDir, rendererDir } from './paths.js';
import { startWebServer } from './server/web-server.js';
import { Services } from './services.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.FINETUNE_STUDIO_PORT ?? '0' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const services = new Services({ dataDir: dataDir(), mode: 'web' });
  const server = await startWebServer({ services, rendererDir: rendererDir(), port });
  process.stdout.write(`Finetune Studio (browser mode), data in ${services.opts.dataDir}\nOpen: ${server.launchUrl}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping\n`);
    void server
      .close()
      .then(() => services.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`${JSON.stringify(toErrorShape(err))}\n`);
  process.exit(1);
});
