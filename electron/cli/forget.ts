// `edge-registry forget`: undoes what `edge-registry setup` did for one device, and only
// that (the hosts entry, and the trust entries and files setup itself added).
import {
  CliError,
  ExitCode,
  askYes,
  defineCommand,
  jsonLine,
  planOptionDecls,
  sayer,
  type CommandIO,
} from './command.js';
import { eraseCredentials, getCredentials } from '../docker/index.js';
import { parseEndpoint } from '../../shared/endpoint.js';
import { discardPlan, executeForget, planForget, previewPlan } from '../device/setup-device.js';
import { planScripts } from '../device/run-plan.js';
import { confirmApply, reportResults, showPlan } from './setup.js';

/**
 * Setup leaves Docker's login alone, and so does forget unless asked: with --logout, or a yes
 * on a terminal, the login Docker keeps for `endpoint` is removed (credential helper or
 * config.json, as `docker logout` does); otherwise the command that does it is said.
 */
async function offerLogout(
  io: CommandIO,
  endpoint: string,
  how: { logout: boolean; json: boolean; dryRun: boolean },
) {
  let stored;
  try {
    stored = await getCredentials(endpoint);
  } catch {
    stored = undefined; // an unreadable store: say nothing rather than guess
  }
  if (!stored) return;
  const kept = `Docker still keeps a login for ${endpoint} (user ${stored.username}).`;
  if (how.dryRun) {
    if (how.json) jsonLine(io, { event: 'login', endpoint, stored: true, loggedOut: false });
    else
      io.stderr.write(
        `${kept} ${how.logout ? 'It would be removed (--logout).' : 'Add --logout to remove it too.'}\n`,
      );
    return;
  }
  const logout = how.logout || (!how.json && (await askYes(io, `${kept} Log out (remove it)?`)));
  if (logout) await eraseCredentials(endpoint);
  if (how.json) jsonLine(io, { event: 'login', endpoint, stored: true, loggedOut: logout });
  else if (logout) io.stderr.write(`Logged out of ${endpoint}: Docker's login for it is removed.\n`);
  else
    io.stderr.write(
      `${kept} To remove it: docker logout ${endpoint} (or edge-registry forget --endpoint ${endpoint} --logout).\n`,
    );
}

export const forgetCommand = defineCommand({
  name: 'forget',
  summary: 'Undo `setup` for a device: remove its hosts entry and the trust it added',
  usage: ['--endpoint HOST:PORT [--logout] [--dry-run] [--yes] [--json]'],
  description: `Removes what \`edge-registry setup\` added for the device: its line in the app's block of
the hosts file, the CA it added to the OS trust store and to Docker's certs.d (a CA that
was trusted before setup stays), then restarts Docker Desktop where that is needed.
Docker's login for the device (docker login / edge-registry login) is removed with --logout,
or when you say yes on a terminal; otherwise forget says how to remove it.`,
  options: {
    endpoint: { type: 'string', value: 'HOST:PORT', description: 'the registry endpoint, as given to setup' },
    logout: {
      type: 'boolean',
      description: 'also log out: remove the login Docker keeps for the endpoint (as docker logout does)',
    },
    'dry-run': { type: 'boolean', description: 'print the plan and change nothing' },
    ...planOptionDecls,
  },
  async run(values, _positionals, io) {
    const json = values.json;
    const say = sayer(io, json);
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
      const pending = built.plan.steps.filter((s) => preview.find((r) => r.id === s.id)?.status !== 'done');
      const dryRun = values['dry-run'];
      showPlan(io, { json, dryRun }, built.plan, preview, planScripts(built, pending));
      if (dryRun) {
        await offerLogout(io, endpoint, { logout: values.logout, json, dryRun });
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
      if (outcome.ok) await offerLogout(io, endpoint, { logout: values.logout, json, dryRun });
      return code;
    } finally {
      if (!applying) discardPlan(built);
    }
  },
});
