#!/usr/bin/env node
// Stand-ins for the macOS programs a setup or forget plan runs (security, osascript, pgrep,
// open, dscacheutil, killall), put first on PATH by test/support/fake-macos.ts. They behave as
// the real ones do where the plan depends on it, after security(1)'s manual page:
//   find-certificate [-a] [-c name] [-e emailAddress] [-m] [-p] [-Z] [keychain...]: -Z takes NO
//     value and prints "SHA-256 hash: <HEX>" and "SHA-1 hash: <HEX>" before each certificate's
//     attributes; an argument that is no keychain is "could not be found"; no match exits 44.
//   add-certificates [-k keychain] file...; delete-certificate [-c name] [-Z hash] [-t] [keychain...]
//   add-trusted-cert [-d] [-r resultType] [-p policy] [-k keychain] certFile
//   remove-trusted-cert [-d] certFile; verify-cert -c certFile [-l] [-L] [-q] [-N]
// Changing admin trust settings (-d) needs a person: run from the elevated script
// (FAKE_MACOS_ELEVATED=1, no user interaction possible) it fails as macOS 11+ does; run as the
// user, "the dialog" is approved unless FAKE_MACOS_DIALOG=cancel. The System keychain is
// written only from the elevated script. Docker Desktop: `quit app id "com.docker.docker"`
// starts its shutdown, which `… is running` and `pgrep -x com.docker.backend` report for a few
// polls; `open -a APP` starts it again. State: $FAKE_MACOS_DIR/state.json; every call is
// appended to $FAKE_MACOS_DIR/calls.jsonl as {prog, argv, elevated}.
import { X509Certificate } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const dir = process.env.FAKE_MACOS_DIR;
if (!dir) {
  process.stderr.write('FAKE_MACOS_DIR is not set\n');
  process.exit(70);
}
const stateFile = join(dir, 'state.json');
const prog = process.argv[2];
const argv = process.argv.slice(3);
const elevated = process.env.FAKE_MACOS_ELEVATED === '1';
appendFileSync(join(dir, 'calls.jsonl'), JSON.stringify({ prog, argv, elevated }) + '\n');

const systemKeychain = '/Library/Keychains/System.keychain';
const state = existsSync(stateFile)
  ? JSON.parse(readFileSync(stateFile, 'utf8'))
  : { keychains: { [systemKeychain]: [] }, adminTrust: {}, docker: { running: true, quitPolls: 0 } };
const save = () => writeFileSync(stateFile, JSON.stringify(state, null, 2));
const fail = (message, code = 1) => {
  process.stderr.write(message + '\n');
  process.exit(code);
};

/** Splits argv by the subcommand's flags (boolean) and options (with a value), as getopt does. */
function parse(args, flags, options) {
  const out = { flags: new Set(), opts: {}, rest: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') break;
    const letter = a.slice(1);
    if (flags.includes(letter)) out.flags.add(letter);
    else if (options.includes(letter)) {
      if (i + 1 >= args.length) fail(`${a}: option requires an argument`, 2);
      out.opts[letter] = args[++i];
    } else fail(`security: illegal option ${a}`, 2);
  }
  out.rest = args.slice(i);
  return out;
}

function readCert(file) {
  let x509;
  try {
    x509 = new X509Certificate(readFileSync(file));
  } catch (e) {
    fail(
      `security: Error reading ${file}: ${e.code === 'ENOENT' ? 'No such file or directory' : 'not a certificate'}`,
    );
  }
  return {
    sha1: x509.fingerprint.replace(/:/g, ''),
    sha256: x509.fingerprint256.replace(/:/g, ''),
    cn: /CN=([^\n]*)/.exec(x509.subject)?.[1] ?? '',
    isCA: x509.ca,
    pem: x509.toString(),
  };
}

/** The keychains named (each must exist), or the default search list. */
function keychains(names) {
  const list = names.length ? names : Object.keys(state.keychains);
  for (const k of list) {
    if (!state.keychains[k])
      fail(`security: SecKeychainOpen ${k}: The specified keychain could not be found.`, 50);
  }
  return list;
}

/** Admin trust settings: only a person may change them (macOS 11+), in the dialog. */
function authorize(what) {
  if (elevated) {
    fail(`${what}: The authorization was denied since no user interaction was possible.`);
  }
  if (process.env.FAKE_MACOS_DIALOG === 'cancel')
    fail(`${what}: The authorization was canceled by the user.`);
}

function security() {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'find-certificate': {
      const p = parse(args, ['a', 'm', 'p', 'Z'], ['c', 'e']);
      const found = [];
      for (const k of keychains(p.rest)) {
        for (const c of state.keychains[k]) {
          if (p.opts.c !== undefined && !c.cn.includes(p.opts.c)) continue;
          found.push([k, c]);
        }
      }
      if (found.length === 0) {
        fail(
          'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.',
          44,
        );
      }
      for (const [k, c] of p.flags.has('a') ? found : found.slice(0, 1)) {
        if (p.flags.has('Z')) process.stdout.write(`SHA-256 hash: ${c.sha256}\nSHA-1 hash: ${c.sha1}\n`);
        process.stdout.write(
          `keychain: "${k}"\nversion: 512\nclass: 0x80001000 \nattributes:\n    "labl"<blob>="${c.cn}"\n`,
        );
        if (p.flags.has('p')) process.stdout.write(c.pem);
      }
      return;
    }
    case 'add-certificates': {
      const p = parse(args, [], ['k']);
      const k = p.opts.k ?? systemKeychain;
      keychains([k]);
      if (p.rest.length === 0) fail('Usage: add-certificates [-k keychain] file...', 2);
      if (k === systemKeychain && !elevated) fail(`security: SecKeychainItemImport: UNIX[Permission denied]`);
      for (const f of p.rest) {
        const c = readCert(f);
        if (state.keychains[k].some((x) => x.sha1 === c.sha1)) {
          fail('security: SecCertificateAddToKeychain: The specified item already exists in the keychain.');
        }
        state.keychains[k].push(c);
      }
      return save();
    }
    case 'delete-certificate': {
      const p = parse(args, ['t'], ['c', 'Z']);
      const ks = keychains(p.rest);
      const hash = p.opts.Z?.toUpperCase();
      const matches = ks.flatMap((k) =>
        state.keychains[k]
          .filter((c) => (hash ? c.sha1 === hash || c.sha256 === hash : c.cn.includes(p.opts.c ?? '')))
          .map((c) => [k, c]),
      );
      if (matches.length !== 1) fail(`Unable to delete certificate matching "${p.opts.Z ?? p.opts.c}"`);
      const [k, c] = matches[0];
      if (k === systemKeychain && !elevated) fail(`security: SecKeychainItemDelete: UNIX[Permission denied]`);
      state.keychains[k] = state.keychains[k].filter((x) => x !== c);
      return save();
    }
    case 'add-trusted-cert': {
      const p = parse(args, ['d'], ['r', 'p', 'a', 's', 'e', 'u', 'k', 'i', 'o']);
      if (p.rest.length !== 1) fail('Usage: add-trusted-cert [-d] [-r resultType] ... certFile', 2);
      const c = readCert(p.rest[0]);
      if (p.flags.has('d')) authorize('SecTrustSettingsSetTrustSettings');
      if (p.opts.k) {
        keychains([p.opts.k]);
        // A duplicate is not an error for add-trusted-cert.
        if (!state.keychains[p.opts.k].some((x) => x.sha1 === c.sha1)) state.keychains[p.opts.k].push(c);
      }
      if (p.flags.has('d')) state.adminTrust[c.sha1] = p.opts.r ?? 'trustRoot';
      return save();
    }
    case 'remove-trusted-cert': {
      const p = parse(args, ['d'], []);
      if (p.rest.length !== 1) fail('Usage: remove-trusted-cert [-d] certFile', 2);
      const c = readCert(p.rest[0]);
      if (p.flags.has('d')) authorize('SecTrustSettingsRemoveTrustSettings');
      if (!state.adminTrust[c.sha1]) {
        fail('SecTrustSettingsRemoveTrustSettings: The specified item could not be found in the keychain.');
      }
      delete state.adminTrust[c.sha1];
      return save();
    }
    case 'verify-cert': {
      const p = parse(
        args,
        ['l', 'L', 'q', 'N', 'C', 'P', 't', 'v'],
        ['c', 'r', 'p', 'd', 'k', 'n', 'e', 's', 'R'],
      );
      if (!p.opts.c) fail('verify-cert: -c certFile is required here', 2);
      const c = readCert(p.opts.c);
      // "By default, a leaf certificate with a Basic Constraints extension with the CA bit set fails verification."
      const ok = state.adminTrust[c.sha1] === 'trustRoot' && (!c.isCA || p.flags.has('l'));
      if (!ok) fail(p.flags.has('q') ? '' : 'Cert Verify Result: CSSMERR_TP_NOT_TRUSTED');
      if (!p.flags.has('q')) process.stdout.write('...certificate verification successful.\n');
      return;
    }
    default:
      fail(`security: unknown command "${cmd}"`, 2);
  }
}

function osascript() {
  if (argv[0] !== '-e' || argv.length !== 2) fail('usage: osascript -e statement', 2);
  const script = argv[1];
  if (script === 'quit app id "com.docker.docker"' || script === 'quit app "Docker"') {
    if (state.docker.running) {
      state.docker.running = false;
      state.docker.quitPolls = 2; // it takes a little while to stop the backend and the VM
    }
    return save();
  }
  if (script === 'application id "com.docker.docker" is running') {
    const stillQuitting = state.docker.quitPolls > 0;
    if (stillQuitting) state.docker.quitPolls--;
    save();
    process.stdout.write(`${state.docker.running || stillQuitting}\n`);
    return;
  }
  fail(`osascript: this stand-in does not know ${JSON.stringify(script)}`, 1);
}

function pgrep() {
  if (argv[0] !== '-x' || argv[1] !== 'com.docker.backend')
    fail('pgrep stand-in: only -x com.docker.backend', 2);
  process.exit(state.docker.running || state.docker.quitPolls > 0 ? 0 : 1);
}

function open() {
  if (argv[0] !== '-a' || argv.length !== 2) fail('open stand-in: only -a APP', 2);
  // A name is looked up by Launch Services; a path must exist.
  if (argv[1].includes('/') && !existsSync(argv[1])) {
    fail(`Unable to find application named '${basename(argv[1])}'`);
  }
  // `open` on an app that is still quitting only brings the quitting instance forward: it
  // then exits, and Docker Desktop is not running (what an immediate open after quit does).
  if (state.docker.quitPolls > 0) return save();
  state.docker.running = true;
  state.docker.starts = (state.docker.starts ?? 0) + 1;
  return save();
}

switch (prog) {
  case 'security':
    security();
    break;
  case 'osascript':
    osascript();
    break;
  case 'pgrep':
    pgrep();
    break;
  case 'open':
    open();
    break;
  case 'dscacheutil':
  case 'killall':
    break;
  default:
    fail(`fake-macos: unknown program ${prog}`, 2);
}
