/**
 * The system sampler's own thread. systeminformation runs dmidecode, lspci and nvidia-smi with
 * execSync on Linux, each second while the monitor is on: on main's thread every such spawn stalls
 * IPC, the WebSocket and the scheduler for tens of milliseconds. Here it stalls only this thread.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorShape } from '../contract/errors.js';
import { readSample } from './sampler.js';
import type { SampleReply, SampleRequest } from './sample-messages.js';

const port = parentPort;
if (!port) throw new Error('sample-thread.js runs as a worker thread');
port.on('message', (req: SampleRequest) => {
  readSample(req.dataDir).then(
    (sample): void => port.postMessage({ id: req.id, sample } satisfies SampleReply),
    (err: unknown): void => port.postMessage({ id: req.id, error: toErrorShape(err).message } satisfies SampleReply),
  );
});
