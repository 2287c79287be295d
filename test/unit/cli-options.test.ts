// The CLI's option declarations: parsing typed from them, the help generated from them, and
// the usage errors (unknown option, missing value, ...) that name the option and show the usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, defineCommand, type OptionValues } from '../../electron/cli/command.js';
import { helpText, parseCommandLine } from '../../electron/cli/options.js';
import { commands } from '../../electron/cli/commands.js';
import { runCli } from '../support/cli.js';

const options = {
  to: { type: 'string', value: 'ENDPOINT/REPO:TAG', description: 'where to push' },
  tag: { type: 'string', short: 't', value: 'TAG', multiple: true, description: 'a tag' },
  kind: { type: 'string', value: 'KIND', default: 'pod', description: 'what to make' },
  json: { type: 'boolean', description: 'JSON lines' },
} as const;

let seen: OptionValues<typeof options> | undefined;
const sample = defineCommand({
  name: 'sample',
  summary: 'a command for this test',
  options,
  positionals: true,
  refused: { '-p': 'passwords are not given on the command line.' },
  async run(values) {
    // The types come from the declaration: each line fails to compile if they drift.
    const to: string | undefined = values.to;
    const tags: string[] = values.tag;
    const kind: string = values.kind;
    const json: boolean = values.json;
    // @ts-expect-error: a flag is a boolean, not a string
    const wrong: string = values.json;
    void [to, tags, kind, json, wrong];
    seen = values;
    return 0;
  },
});

test('values are typed from the declaration, with defaults for what is not given', async () => {
  const parsed = parseCommandLine(sample, ['IMG', '--to', 'h:1/r:t', '-t', 'a', '--tag=b', '--json']);
  assert.deepEqual(parsed.positionals, ['IMG']);
  await sample.run(parsed.values, parsed.positionals, undefined as never);
  assert.deepEqual(seen, { to: 'h:1/r:t', tag: ['a', 'b'], kind: 'pod', json: true });
  assert.deepEqual(parseCommandLine(sample, []).values, { to: undefined, tag: [], kind: 'pod', json: false });
});

test('usage errors name the option and show the usage, never Node\u2019s generic text', () => {
  const cases: [string[], RegExp][] = [
    [['--frob'], /^unknown option '--frob'\.\nUsage: edge-registry sample \[--to ENDPOINT\/REPO:TAG\]/],
    [['-x'], /^unknown option '-x'\./],
    [['--to'], /^--to needs a value: --to ENDPOINT\/REPO:TAG\./],
    [['--to', '--json'], /^--to needs a value: .*'--json' looks like an option; write --to=VALUE/],
    [['--json=yes'], /^--json takes no value/],
    [['-p', 'secret'], /^passwords are not given on the command line\.$/],
    [['--to=x', '-psecret'], /^passwords are not given/],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => parseCommandLine(sample, args),
      (e) => e instanceof CliError && e.exitCode === 64 && message.test(e.message),
      args.join(' '),
    );
  }
  for (const args of [['--frob'], ['-p', 'secret']])
    assert.throws(
      () => parseCommandLine(sample, args),
      (e) => e instanceof Error && !/Unknown option|ERR_PARSE_ARGS/.test(e.message),
    );
  // A value that is only a dash (stdin) is a value.
  assert.equal(parseCommandLine(sample, ['--to', '-']).values.to, '-');
});

test('the help lists every declared option of every command, with its value name', () => {
  for (const command of commands) {
    const help = helpText(command);
    assert.match(help, new RegExp(`^Usage: edge-registry ${command.name}\\b`), command.name);
    for (const [long, decl] of Object.entries(command.options)) {
      const flag = `--${long}${decl.type === 'string' ? ` ${decl.value}` : ''}`;
      assert.ok(help.includes(flag), `${command.name}: ${flag}`);
      assert.ok(decl.type === 'boolean' || decl.value, `${command.name} --${long} names its value`);
      if (decl.short)
        assert.ok(help.includes(`-${decl.short}, --${long}`), `${command.name}: -${decl.short}`);
    }
    for (const line of help.split('\n')) assert.ok(line.length <= 100, `${command.name}: ${line}`);
  }
  assert.match(
    helpText(sample),
    /-t, --tag TAG +a tag \(repeatable\)\n +--kind KIND +what to make \(default pod\)/,
  );
});

test('an unknown option of a real command exits 64 naming it and the usage', async () => {
  const r = await runCli(['push', 'img.tar', '--too', 'h:1/r:t']);
  assert.equal(r.code, 64);
  assert.match(
    r.err,
    /^edge-registry push: unknown option '--too'\.\nUsage: edge-registry push IMAGE\|FILE\.tar/,
  );
  assert.match(r.err, /Run `edge-registry push --help` for its options\./);
});
