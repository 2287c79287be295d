// `edge-registry forget`: undoes what `edge-registry setup` did for one device, and only
// that (the hosts entry, and the trust entries and files setup itself added).
import { CliError, ExitCode, defineCommand, jsonLine } from './command.js';
import { formatPlan } from '../device/plan.js';
import { parseEndpoint } from '../../shared/endpoint.js';
import { discardPlan, executeForget, planForget, previewPlan } from '../device/setup-device.js';
import { planScripts } from '../device/run-plan.js';
import { confirmApply, planJson, reportResults } from './setup.js';

export const forgetCommand = defineCommand({
  name: 'forget',
  summary: 'Undo `setup` for a device: remove its hosts entry and the trust it added',
  usage: ['--endpoint HOST:PORT [--dry-run] [--yes] [--json]'],
  description: `Removes what \`edge-registry setup\` added for the device: its line in the app's block of
the hosts file, the CA it added to the OS trust store and to Docker's certs.d (a CA that
was trusted before setup stays), then restarts Docker Desktop where that is needed.`,
  options: {
    endpoint: { type: 'string', value: 'HOST:PORT', description: 'the registry endpoint, as given to setup' },
    'dry-run': { type: 'boolean', description: 'print the plan and change nothing' },
    yes: { type: 'boolean', description: 'apply the plan without asking' },
    json: { type: 'boolean', description: 'JSON lines on stdout' },
  },
  async run(values, _positionals, io) {
    const json = values.json;
    const say = (msg: string) => {
      if (!json) io.stderr.write(msg + '\n');
    };
    const text = values.endpoint;
    if (!text)
      throw new CliError(
        '--endpoint HOST:PORT is required. Run `edge-registry forget --help`.',
        ExitCode.usage,
      );
    let ep;
    try {
      ep = parseEndpoint(text, '--endpoint');
    } catch (e) {
      throw new CliError((e as Error).message, ExitCode.usage);
    }
    const endpoint = `${ep.host}:${ep.port}`;
    const { built, record } = planForget(endpoint);
    let applying = false;
    try {
      if (!record)
        say(`No setup of ${endpoint} is remembered here; only its hosts entry (if any) is removed.`);
      const preview = await previewPlan(built.plan);
      if (json) {
        const pending = built.plan.steps.filter((s) => preview.find((r) => r.id === s.id)?.status !== 'done');
        jsonLine(io, planJson(built.plan, preview, planScripts(built, pending)));
      } else say(`Plan (${built.plan.platform}):\n${formatPlan(built.plan, preview).trimEnd()}`);
      if (values['dry-run']) {
        say('\nDry run: nothing was changed.');
        return ExitCode.ok;
      }
      if (!preview.every((r) => r.status === 'done')) await confirmApply(io, values.yes);
      applying = true;
      const outcome = await executeForget(endpoint, built, {
        onStep: (r) => (json ? jsonLine(io, { event: 'step', ...r }) : undefined),
      });
      const code = reportResults(io, json, outcome.results);
      if (json) jsonLine(io, { event: 'result', ok: outcome.ok, endpoint });
      else if (outcome.ok) say(`\n${endpoint} is forgotten.`);
      return code;
    } finally {
      if (!applying) discardPlan(built);
    }
  },
});
