// Setting up a real device from the UI: discover (pasted info, an IP, or the demo
// device) -> confirm the CA's fingerprint -> show the plan -> run it as a job under one
// elevation. The details the UI must not hold (chain, password, staged files) stay here,
// behind ids.
import { randomUUID } from 'node:crypto';
import {
  ApiError,
  maxCaFileBytes,
  type DiscoveredDeviceView,
  type RegistryInfo,
  type SetupPlanView,
} from '../../shared/api.js';
import {
  checkCredentials,
  confirmTrust,
  discardPlan,
  discoverDevice,
  executeForget,
  executeSetup,
  planForget,
  planSetup,
  SetupError,
  type DeviceSource,
  type DiscoveredDevice,
} from '../device/setup-device.js';
import { RegistryInfoError } from '../device/registry-info.js';
import { CertificateError } from '../device/certificates.js';
import { hasAdminRights, planCommandLines, previewPlan } from '../device/run-plan.js';
import type { BuiltPlan } from '../device/setup-plan.js';
import type { StepResult } from '../device/plan.js';
import { text, textOf, type Text } from '../../shared/i18n/index.js';
import type { Jobs } from './jobs.js';
import { eraseCredentials, getCredentials } from '../docker/index.js';

export type { DiscoveredDevice };

/**
 * What the device layer refuses (a bad paste, an unreachable device, a CA that does not fit)
 * as ApiErrors with stable codes: the user's to fix, not bugs for the log.
 */
function asApiError(e: unknown): unknown {
  const message = textOf(e) ?? (e as Error)?.message;
  if (e instanceof SetupError)
    return new ApiError(`SETUP_${e.code.toUpperCase().replace(/-/g, '_')}`, message);
  if (e instanceof RegistryInfoError) return new ApiError('REGISTRY_INFO', message);
  if (e instanceof CertificateError) return new ApiError('CERTIFICATE', message);
  return e;
}

function caFileOf(
  arg: { name?: unknown; base64?: unknown } | undefined,
): { bytes: Buffer; name: string } | undefined {
  if (arg === undefined) return undefined;
  const name = typeof arg.name === 'string' && arg.name ? arg.name.slice(0, 255) : 'the CA file';
  if (typeof arg.base64 !== 'string' || arg.base64.length > (maxCaFileBytes * 4) / 3 + 4) {
    throw new ApiError('BAD_REQUEST', text('err.setup.badCaFile', { name }));
  }
  return { bytes: Buffer.from(arg.base64, 'base64'), name };
}

export class SetupFlow {
  readonly #devices = new Map<string, DiscoveredDevice>();
  readonly #plans = new Map<string, { device: DiscoveredDevice; built: BuiltPlan }>();
  readonly #forgets = new Map<string, { endpoint: string; built: BuiltPlan }>();

  constructor(
    private readonly dataDir: string,
    private readonly demoInfo: () => RegistryInfo | undefined,
  ) {}

  /** Finds and checks a device; returns what the user needs to see before trusting it. */
  async discover(args: {
    infoText?: string;
    ip?: string;
    port?: number;
    demo?: boolean;
    caFile?: { name?: unknown; base64?: unknown };
  }): Promise<DiscoveredDeviceView> {
    let source: DeviceSource;
    const demo = this.demoInfo();
    if (args.demo) {
      if (!demo) throw new ApiError('UNAVAILABLE', text('err.setup.noDemo'));
      source = { kind: 'demo', ...demo };
    } else if (args.infoText?.trim()) {
      source = { kind: 'info', text: args.infoText };
    } else if (args.ip?.trim()) {
      source = { kind: 'ip', ip: args.ip.trim(), ...(args.port !== undefined ? { port: args.port } : {}) };
    } else {
      throw new ApiError('BAD_REQUEST', text('err.setup.noInput'));
    }
    const caFile = source.kind === 'demo' ? undefined : caFileOf(args.caFile);
    const device = await discoverDevice(source, {
      dataDir: this.dataDir,
      ...(caFile ? { caFile } : {}),
    }).catch((e: unknown) => {
      throw asApiError(e);
    });
    const id = randomUUID();
    this.#devices.set(id, device);
    const root = device.root;
    return {
      id,
      endpoint: `${device.host}:${device.port}`,
      ipAddress: device.ip,
      ...(device.username ? { username: device.username } : {}),
      // The window pasted it: it gets it back only to mask it in the paste box.
      ...(device.password ? { password: device.password } : {}),
      certificate: {
        subject: root.subject,
        issuer: root.issuer,
        fingerprintSha256: root.sha256,
        thumbprintSha1: root.thumbprint,
        notAfter: root.notAfter.toISOString(),
      },
      certificateFrom: device.rootFrom,
      warnings: device.warnings,
    };
  }

  /** The plan for a discovered device, once its CA is trusted (fingerprint confirmed by the user). */
  async plan(args: { deviceId: string; fingerprint?: string }): Promise<SetupPlanView> {
    const device = this.#devices.get(args.deviceId);
    if (!device) throw new ApiError('DEVICE_UNKNOWN', text('err.setup.deviceGone'));
    try {
      await confirmTrust(device, args.fingerprint ? { fingerprint: args.fingerprint } : {});
      // A wrong pasted password is said now, before the plan, not after setup by a failed push.
      await checkCredentials(device);
    } catch (e) {
      throw asApiError(e);
    }
    const built = planSetup(device);
    const id = randomUUID();
    this.#plans.set(id, { device, built });
    return viewOf(id, built);
  }

  /** The plan that undoes what setup changed for `endpoint` (host:port), as data. */
  async planForget(endpoint: string): Promise<SetupPlanView> {
    let built: BuiltPlan;
    try {
      ({ built } = planForget(endpoint, { dataDir: this.dataDir }));
    } catch (e) {
      throw asApiError(e);
    }
    const id = randomUUID();
    this.#forgets.set(id, { endpoint, built });
    return viewOf(id, built);
  }

  /**
   * Runs a forget plan as a job; `onDone` runs once the device's changes are gone. With
   * `logout`, Docker's login for the endpoint goes too once the plan ran without a failure.
   */
  runForget(
    planId: string,
    jobs: Jobs,
    onDone: (endpoint: string) => void | Promise<void>,
    { logout = false }: { logout?: boolean } = {},
  ): { id: string } {
    const entry = this.#forgets.get(planId);
    if (!entry) throw new ApiError('PLAN_UNKNOWN', text('err.setup.planGone'));
    this.#forgets.delete(planId);
    const { endpoint, built } = entry;
    return jobs.start('forget', endpoint, async (ctx) => {
      let finished = 0;
      const total = built.plan.steps.length;
      const outcome = await executeForget(endpoint, built, {
        dataDir: this.dataDir,
        onStep: (r) => ctx.update({ text: stepText(built, r), progress: ++finished / (total + 1) }),
      });
      await onDone(endpoint);
      const failed = outcome.results.find((r) => r.status === 'failed');
      if (failed)
        throw new ApiError(
          'FORGET_FAILED',
          failed.messageText ?? failed.message ?? `${failed.title} failed.`,
        );
      if (logout && (await getCredentials(endpoint))) {
        await eraseCredentials(endpoint);
        return text('job.forgetDoneLoggedOut', { endpoint });
      }
      return text('job.forgetDone', { endpoint });
    });
  }

  /** Runs a plan as a job; the job's final message says what happened. `onDone` gets the device once it is set up. */
  run(
    planId: string,
    jobs: Jobs,
    onDone: (device: DiscoveredDevice) => void | Promise<void>,
  ): { id: string } {
    const entry = this.#plans.get(planId);
    if (!entry) throw new ApiError('PLAN_UNKNOWN', text('err.setup.planGone'));
    this.#plans.delete(planId);
    const { device, built } = entry;
    return jobs.start('setup', built.plan.endpoint, async (ctx) => {
      let finished = 0;
      const total = built.plan.steps.length;
      const outcome = await executeSetup(device, built, {
        dataDir: this.dataDir,
        onProgress: (t) => ctx.update({ text: t }),
        onStep: (r) => ctx.update({ text: stepText(built, r), progress: ++finished / (total + 1) }),
      });
      const failed = outcome.results.find((r) => r.status === 'failed');
      if (failed)
        throw new ApiError('SETUP_FAILED', failed.messageText ?? failed.message ?? `${failed.title} failed.`);
      await onDone(device);
      const endpoint = `${device.host}:${device.port}`;
      // What is done, then what is not, then the one next step (Docker must be started by the user).
      const trust = outcome.engineTrust;
      const done = outcome.dockerProblem
        ? text('job.setupDoneNoDocker', { endpoint })
        : trust && !trust.trusted
          ? text('job.setupDoneUntrusted', { endpoint, reason: trust.text })
          : text('job.setupDone', { endpoint });
      return outcome.warnings.reduce<Text>(
        (message, notes) => text('job.withNotes', { message, notes }),
        done,
      );
    });
  }

  /** Drops every plan's staged files (on shutdown). */
  close(): void {
    for (const { built } of [...this.#plans.values(), ...this.#forgets.values()]) discardPlan(built);
    this.#plans.clear();
    this.#forgets.clear();
    this.#devices.clear();
  }
}

/** A step's outcome as a progress line, in the UI's language. */
function stepText(built: BuiltPlan, r: StepResult): Text {
  const step = built.plan.steps.find((s) => s.id === r.id);
  return text(`job.step.${r.status}`, { title: step ? step.text.title : r.title });
}

/** What the UI shows of a plan: every step with its exact commands and files, and whether it is done. */
async function viewOf(id: string, built: BuiltPlan): Promise<SetupPlanView> {
  const preview = await previewPlan(built.plan);
  const done = (stepId: string) => preview.find((p) => p.id === stepId)?.status === 'done';
  return {
    id,
    endpoint: built.plan.endpoint,
    platform: built.plan.platform,
    needsElevation:
      !hasAdminRights(built.plan.platform) && built.plan.steps.some((s) => s.privileged && !done(s.id)),
    steps: built.plan.steps.map((s) => ({
      id: s.id,
      title: s.text.title,
      detail: s.text.reason,
      commands: planCommandLines(built.plan, [s]),
      files: s.writes,
      done: done(s.id),
    })),
    ...(built.plan.noteTexts?.length ? { notes: built.plan.noteTexts } : {}),
  };
}
