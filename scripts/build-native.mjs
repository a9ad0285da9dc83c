// npm run build:native — compiles the optional SGEMM add-on (native/addon) with node-gyp. The add-on
// only speeds up TF.js's wasm matmuls, so a failed build (no compiler, no Node headers, another
// CPU architecture) is reported and the app builds on without it: exit code 0 either way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'native', 'addon');
const output = path.join(dir, 'build', 'Release', 'fts_sgemm.node');

function skip(reason) {
  console.warn(`build:native: skipped (${reason}); matmuls will run on TF.js's own wasm kernels`);
  process.exit(0);
}

if (process.env.FTS_SKIP_NATIVE === '1') skip('FTS_SKIP_NATIVE=1');
// The kernel is AVX2/FMA code; elsewhere the add-on would only ever report "not available".
if (process.arch !== 'x64' && process.arch !== 'ia32') skip(`no kernel for ${process.arch}`);

// npm hands its bundled node-gyp to scripts as npm_config_node_gyp; run by hand, look for npm's
// copy beside node, then PATH.
const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const gyp = process.env.npm_config_node_gyp || (fs.existsSync(bundled) ? bundled : null);
const [cmd, args] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
// Node's own headers, when installed beside it (Debian, official tarballs), spare node-gyp a
// download, which fails offline; npm passes a configured nodedir through the environment.
const prefix = path.resolve(path.dirname(process.execPath), '..');
const localHeaders = !process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'));
const started = Date.now();
const result = spawnSync(cmd, [...args, 'rebuild', '--directory', dir, ...(localHeaders ? [`--nodedir=${prefix}`] : [])], {
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  timeout: 300_000,
  shell: !gyp && process.platform === 'win32',
});
if (result.status !== 0 || !fs.existsSync(output)) {
  const why = result.error ? result.error.message : `${(result.stderr || '').trim().split('\n').slice(-3).join(' | ')}`;
  skip(`node-gyp failed: ${why.slice(0, 400)}`);
}
console.log(`build:native: ${path.relative(root, output)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
