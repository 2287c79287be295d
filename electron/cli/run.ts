// `edge-registry run ENDPOINT/REPO:TAG -p 8080:80`: runs the image the way the device manual
// does with `docker run -p`, detached, and prints the URL; `--stop ID` stops and removes it.
import { CliError, ExitCode, type Command } from './command.js';
import { connectDocker, getCredentials, runImage, stopContainer } from '../docker/index.js';
import { toCliError, jsonLine } from './push.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run an image with published ports (like docker run -p), or stop it',
  usage: `Usage: edge-registry run ENDPOINT/REPO:TAG [-p HOST:CONTAINER]... [options]
       edge-registry run --stop CONTAINER

Pulls the image with your stored login when it is not local, starts it in the background
and prints its URL(s). Stop and remove it with --stop and the printed id.

Options:
  -p, --publish HOST:CONTAINER   publish a port (repeatable), e.g. -p 8080:80
  --name NAME                    container name
  --network MODE                 Docker network (default: bridge)
  --stop CONTAINER               stop and remove a container started by run
  --json                         print {"id","name","urls"} as one JSON line
`,
  options: {
    publish: { type: 'string', short: 'p', multiple: true },
    name: { type: 'string' },
    network: { type: 'string' },
    stop: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: true,
  async run(values, positionals, io) {
    const json = values.json === true;
    try {
      const docker = await connectDocker();
      if (values.stop) {
        await stopContainer(docker, values.stop as string);
        if (json) jsonLine(io, { event: 'stopped', id: values.stop });
        else io.stdout.write(`Stopped and removed ${String(values.stop)}\n`);
        return ExitCode.ok;
      }
      const image = positionals[0];
      if (!image || positionals.length > 1)
        throw new CliError('run takes one ENDPOINT/REPO:TAG.', ExitCode.usage);
      const registry = image.includes('/') ? image.split('/')[0]! : '';
      const credentials = registry ? await getCredentials(registry) : null;
      const r = await runImage(docker, {
        image,
        ports: (values.publish as string[] | undefined) ?? [],
        name: values.name as string | undefined,
        network: values.network as string | undefined,
        credentials,
        signal: io.signal,
      });
      if (json) jsonLine(io, { event: 'running', ...r });
      else {
        io.stdout.write(`Running ${image} as ${r.name} (${r.id.slice(0, 12)})\n`);
        for (const u of r.urls) io.stdout.write(`  ${u}\n`);
        io.stdout.write(`Stop it with: edge-registry run --stop ${r.id.slice(0, 12)}\n`);
      }
      return ExitCode.ok;
    } catch (e) {
      throw toCliError(e);
    }
  },
};
