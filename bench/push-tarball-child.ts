// Runs one pushTarball (our registry client) in its own process, as the CLI would, so
// that it competes for the CPU like skopeo does and the bench's own event loop stays out
// of its way. Reads its job as JSON on stdin (the password never goes through argv) and
// prints one JSON line: the seconds pushTarball took, and what it did with each blob.
import { text } from 'node:stream/consumers';
import { pushTarball } from '../electron/registry-client/index.js';

interface Job {
  file: string;
  endpoint: string;
  repository: string;
  tag: string;
  caFile: string;
  username: string;
  password: string;
}

const job = JSON.parse(await text(process.stdin)) as Job;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await pushTarball({
  file: job.file,
  to: { endpoint: job.endpoint, repository: job.repository, tag: job.tag },
  credentials: { username: job.username, password: job.password },
  ca: job.caFile,
});
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpuBefore);
const cpuSeconds = (used.user + used.system) / 1e6;
const outcomes = result.blobs.map((b) => b.outcome);
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds, bytesSent: result.bytesSent, outcomes, digest: result.digest }) +
    '\n',
);
