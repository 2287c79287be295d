// What differs per OS in a setup or forget plan, behind one small interface: one module per
// OS (platform-win32.ts, platform-darwin.ts, platform-linux.ts) holds everything that OS does
// (after Rancher Desktop's per-OS certificate modules). setup-plan.ts puts the steps in order.
import type { Op, Step } from './plan.js';
import type { StagedPlanFile } from './plan-parts.js';
import type { AppliedChanges, DeviceTarget, SystemFacts } from './setup-plan.js';
import { darwin } from './platform-darwin.js';
import { linux } from './platform-linux.js';
import { windows } from './platform-win32.js';

export interface PlatformModule {
  /** The hosts step's ops around the checked copy of the staged file into place. */
  hostsOps(facts: SystemFacts, copy: Op[]): Op[];
  /**
   * Setup's trust steps (a previous CA of the device removed first). `previousStaged`: the
   * previous CA's file in the staging folder, when its certificate is remembered.
   */
  trustSteps(
    t: DeviceTarget,
    facts: SystemFacts,
    caStaged: string,
    caBytes: Buffer,
    previousThumbprint?: string,
    previousStaged?: string,
  ): Step[];
  /**
   * Forget's steps that undo the trust setup added (as remembered in `applied`). `caStaged`:
   * the trusted CA's file in the staging folder, when its certificate is remembered.
   */
  untrustSteps(
    target: { host: string; port: number },
    applied: AppliedChanges,
    facts: SystemFacts,
    caStaged?: string,
  ): Step[];
  /** Docker's per-registry CA file for the engine in use (undefined when the engine reads only the OS store). */
  dockerCertsFile(t: { host: string; port: number }, facts: SystemFacts): string | undefined;
  /** The step that restarts Docker after the steps `after` changed what it trusts, if the engine needs one. */
  restartStep(
    facts: SystemFacts,
    after: string[],
    stagingDir: string,
  ): { step: Step; staged: StagedPlanFile[] } | undefined;
}

export function platformModule(platform: NodeJS.Platform): PlatformModule {
  return platform === 'win32' ? windows : platform === 'darwin' ? darwin : linux;
}
