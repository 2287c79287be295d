// macOS: the System keychain and its admin trust settings, the DNS caches, and Docker
// Desktop, which reads the keychain's trusted roots when it starts. Everything
// macOS-specific in a plan is here, with `security` used as its manual page documents it:
//   find-certificate [-a] [-c name] [-e emailAddress] [-m] [-p] [-Z] [keychain...]
//     (-Z takes no value: it PRINTS "SHA-256 hash: …" and "SHA-1 hash: …" per certificate)
//   add-certificates [-k keychain] file...        delete-certificate [-c name] [-Z hash] [-t] [keychain...]
//   add-trusted-cert [-d] [-r resultType] [-k keychain] certFile
//   remove-trusted-cert [-d] certFile             verify-cert [-c certFile] [-l] [-L] [-q] ...
// Since macOS 11 a change of the admin trust settings (add-trusted-cert -d,
// remove-trusted-cert -d) needs a person to approve it in macOS's own dialog: run from the
// non-interactive elevated script it fails with "The authorization was denied since no user
// interaction was possible". So the keychain itself is changed in the elevated script, and
// the trust setting by a step that runs as the user, where macOS shows that dialog.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Check, Step } from './plan.js';
import { described, removePreviousCa } from './plan-parts.js';
import type { PlatformModule } from './platform.js';
import { text } from '../../shared/i18n/index.js';

export const systemKeychain = '/Library/Keychains/System.keychain';
/** Docker Desktop's bundle identifier, by which Launch Services and AppleScript find it. */
export const dockerBundleId = 'com.docker.docker';

/** Done when System.keychain holds (or no longer holds) the certificate with SHA-1 `thumb`. */
function inKeychain(thumb: string, has: boolean): Check {
  return {
    kind: 'output-line',
    argv: ['security', 'find-certificate', '-a', '-Z', systemKeychain],
    line: `SHA-1 hash: ${thumb}`,
    has,
  };
}

/**
 * `security verify-cert` of the CA on its own: it succeeds only when macOS trusts it as a
 * root. `-l` tells it the certificate is a CA (without it a CA fails as a leaf); a
 * self-signed server certificate, its own root, is verified without it. `-L`: no network.
 */
function verifyArgv(file: string, pem: string | undefined): string[] {
  let isCa = true;
  try {
    if (pem) isCa = new X509Certificate(pem).ca;
  } catch {
    // Not readable here: verify it as the CA it normally is.
  }
  return ['security', 'verify-cert', '-c', file, ...(isCa ? ['-l'] : []), '-L', '-q'];
}

/**
 * Waits until Docker Desktop has quit: the app (as Launch Services knows it) and its backend
 * process, which stops the engine VM on its way out. Constant text; nothing from the user.
 */
export const macWaitForQuit = [
  'i=0',
  `while [ "$(osascript -e 'application id "${dockerBundleId}" is running')" = true ] || pgrep -x com.docker.backend >/dev/null; do`,
  '  i=$((i+1))',
  '  if [ "$i" -ge 120 ]; then echo "Docker Desktop did not quit within 120 s: quit it from its menu, then run setup again." >&2; exit 1; fi',
  '  sleep 1',
  'done',
].join('\n');

/**
 * Where Docker.app is: /Applications, ~/Applications, else wherever Launch Services has it
 * (Spotlight's index by bundle identifier). Undefined when it is not installed.
 */
export function findDockerApp(
  home = homedir(),
  exists: (p: string) => boolean = existsSync,
  mdfind: () => string = () =>
    spawnSync('mdfind', [`kMDItemCFBundleIdentifier == '${dockerBundleId}'`], {
      encoding: 'utf8',
      timeout: 5000,
    }).stdout ?? '',
): string | undefined {
  for (const p of ['/Applications/Docker.app', join(home, 'Applications', 'Docker.app')]) {
    if (exists(p)) return p;
  }
  return mdfind()
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.endsWith('.app') && exists(l));
}

export const darwin: PlatformModule = {
  hostsOps: (_facts, copy) => [
    ...copy,
    { op: 'exec', argv: ['dscacheutil', '-flushcache'] },
    { op: 'exec', argv: ['killall', '-HUP', 'mDNSResponder'] },
  ],

  trustSteps(t, _facts, caStaged, _caBytes, previousThumbprint, previousStaged) {
    const thumb = t.caThumbprint.toUpperCase();
    const steps = removePreviousCa(
      previousThumbprint,
      thumb,
      (old) => ({
        title: text('plan.macRemovePrevious', { thumb: old }),
        store: systemKeychain,
        argv: ['security', 'delete-certificate', '-Z', old, systemKeychain],
        check: inKeychain(old, false),
      }),
      (old) =>
        previousStaged
          ? [
              {
                id: 'distrust-old-root',
                ...described(text('plan.macDistrustPrevious', { thumb: old }), text('plan.previousCa.why')),
                writes: ['/Library/Security/Trust Settings/Admin.plist'],
                ops: [{ op: 'exec', argv: ['security', 'remove-trusted-cert', '-d', previousStaged] }],
                check: { kind: 'exec-fails', argv: verifyArgv(previousStaged, undefined) },
                privileged: false,
              },
            ]
          : [],
    );
    steps.push(
      {
        id: 'keychain-root',
        ...described(text('plan.macKeychainAdd', { thumb }), text('plan.macKeychainAdd.why')),
        writes: [systemKeychain],
        ops: [{ op: 'exec', argv: ['security', 'add-certificates', '-k', systemKeychain, caStaged] }],
        check: inKeychain(thumb, true),
        privileged: true,
      },
      {
        id: 'trust-root',
        ...described(text('plan.macTrust', { thumb }), text('plan.macTrust.why')),
        writes: ['/Library/Security/Trust Settings/Admin.plist'],
        // No -k: the certificate is in System.keychain already (keychain-root); this only
        // sets its admin trust, so macOS's dialog is about trust alone.
        ops: [{ op: 'exec', argv: ['security', 'add-trusted-cert', '-d', '-r', 'trustRoot', caStaged] }],
        check: { kind: 'exec', argv: verifyArgv(caStaged, t.caPem) },
        // As the user: macOS shows its authorization dialog (see the top of this file).
        privileged: false,
      },
    );
    return steps;
  },

  untrustSteps(_target, applied, _facts, caStaged) {
    const thumb = applied.trustedThumbprint;
    if (!thumb) return [];
    const steps: Step[] = [
      {
        id: 'untrust-root',
        ...described(text('plan.macUntrust', { thumb }), text('plan.untrust.why')),
        writes: [systemKeychain],
        ops: [{ op: 'exec', argv: ['security', 'delete-certificate', '-Z', thumb, systemKeychain] }],
        check: inKeychain(thumb, false),
        privileged: true,
      },
    ];
    if (caStaged) {
      steps.push({
        id: 'distrust-root',
        ...described(text('plan.macDistrust', { thumb }), text('plan.macDistrust.why')),
        writes: ['/Library/Security/Trust Settings/Admin.plist'],
        ops: [{ op: 'exec', argv: ['security', 'remove-trusted-cert', '-d', caStaged] }],
        check: { kind: 'exec-fails', argv: verifyArgv(caStaged, applied.trustedCaPem) },
        privileged: false,
      });
    }
    return steps;
  },

  dockerCertsFile: () => undefined,

  restartStep(facts, after) {
    if (facts.engine !== 'docker-desktop' || after.length === 0) return undefined;
    const app = facts.macDockerApp ?? '/Applications/Docker.app';
    return {
      step: {
        id: 'restart-docker',
        ...described(text('plan.restartDesktop'), text('plan.restartDesktopMac.why', { app })),
        writes: [],
        // Quit, wait until it has quit (the old engine is gone, so the engine that answers
        // next is the new one, which read the new roots), start it again.
        ops: [
          { op: 'exec', argv: ['osascript', '-e', `quit app id "${dockerBundleId}"`] },
          { op: 'exec', argv: ['/bin/sh', '-c', macWaitForQuit] },
          { op: 'exec', argv: ['open', '-a', app] },
        ],
        check: { kind: 'after', steps: after },
        // Docker Desktop runs as the user: restarting it elevated would start it as admin.
        privileged: false,
      },
      staged: [],
    };
  },
};
