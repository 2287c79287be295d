// A process that opens registry data dirs when told to, for the test of several processes
// taking one data dir's lock at the same instant. Lines on stdin: `open DIR` answers `opened`,
// `busy` or `error: ...`; `close` closes what it opened and answers `closed`.
import { createInterface } from 'node:readline';
import { openCore, type OpenCore } from '../../electron/registry-server/core.js';
import { DataDirBusyError } from '../../electron/registry-server/lock.js';

const held: OpenCore[] = [];
const say = (line: string) => process.stdout.write(`${line}\n`);
say('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.startsWith('open ')) {
    try {
      held.push(await openCore(line.slice(5)));
      say('opened');
    } catch (e) {
      say(e instanceof DataDirBusyError ? 'busy' : `error: ${(e as Error).message}`);
    }
  } else if (line === 'close') {
    for (const core of held.splice(0)) await core.close();
    say('closed');
  }
}
