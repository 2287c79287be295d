// `edge-registry run ENDPOINT/REPO:TAG -p 8080:80`: runs the image the way the device manual
// does with `docker run -p`, detached, and prints the URL; `--stop ID` stops and removes it.
import { CliError, ExitCode, defineCommand, jsonLine } from './command.js';
import { connectDocker, getCredentials, runImage, stopContainer } from '../docker/index.js';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Run an image with published ports (like docker run -p), or stop it',
  usage: ['ENDPOINT/REPO:TAG [-p HOST:CONTAINER]... [options]', '--stop CONTAINER'],
  description: `Pulls the image with your stored login when it is not local, starts it in the background
and prints the URL(s) Docker actually published (with --network host: the container's own
ports), saying what is not reachable as asked and why. Stop and remove it with --stop and the
printed id.`,
  options: {
    publish: {
      type: 'string',
      short: 'p',
      value: 'HOST:CONTAINER',
      multiple: true,
      description: 'publish a port, e.g. -p 8080:80',
    },
    name: { type: 'string', value: 'NAME', description: 'container name' },
    network: { type: 'string', value: 'MODE', description: 'Docker network (default: bridge)' },
    stop: { type: 'string', value: 'CONTAINER', description: 'stop and remove a container started by run' },
    json: {
      type: 'boolean',
      description: 'print {"event","id","name","network","urls","notes"} as one JSON line',
    },
  },
  positionals: true,
  async run(values, positionals, io) {
    const json = values.json;
    const docker = await connectDocker();
    if (values.stop) {
      await stopContainer(docker, values.stop);
      if (json) jsonLine(io, { event: 'stopped', id: values.stop });
      else io.stdout.write(`Stopped and removed ${values.stop}\n`);
      return ExitCode.ok;
    }
    const image = positionals[0];
    if (!image || positionals.length > 1)
      throw new CliError('run takes one ENDPOINT/REPO:TAG.', ExitCode.usage);
    const registry = image.includes('/') ? image.split('/')[0]! : '';
    const credentials = registry ? await getCredentials(registry) : null;
    const r = await runImage(docker, {
      image,
      ports: values.publish,
      name: values.name,
      network: values.network,
      credentials,
      signal: io.signal,
    });
    if (json) jsonLine(io, { event: 'running', ...r });
    else {
      io.stdout.write(`Running ${image} as ${r.name} (${r.id.slice(0, 12)})\n`);
      for (const u of r.urls) io.stdout.write(`  ${u}\n`);
      // What was asked for and is not reachable that way (the URLs above are what Docker did).
      for (const n of r.notes) io.stderr.write(`Note: ${n}\n`);
      io.stdout.write(`Stop it with: edge-registry run --stop ${r.id.slice(0, 12)}\n`);
    }
    return ExitCode.ok;
  },
});
