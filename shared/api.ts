// The one contract between the UI and the backend. The preload bridge, the Electron IPC
// handlers and the web host are all derived from `apiMethods` and `apiEvents` below, so
// no channel name is ever spelled twice (see shared/bridge.ts and electron/hosts/).
//
// Errors cross the boundary as data ({ ok: false, error }) with a stable code, and the
// bridge rethrows them as ApiError, so the UI can show the message written for users: in
// the UI's language when the error carries a Text (shared/i18n TextError), else as written.
//
// Every method takes at most one argument, a plain JSON object, and resolves to plain
// JSON data: the same call works over Electron IPC (structured clone) and HTTP (JSON).
import * as v from 'valibot';
import { textOf, TextError, type Text } from './i18n/index.js';
import { pullPolicies } from './kubernetes.js';
import type { DoctorReport } from './doctor.js';

export type { DoctorReport, DoctorFinding, DoctorCheckId, DoctorVerdict } from './doctor.js';

/** A failure the UI can show as is: `message` says what happened and what to do. */
export interface ApiErrorData {
  code: string;
  /** In English (logs, the CLI, a UI without the catalog). */
  message: string;
  /** The same message as a catalog key, for the UI's language. */
  text?: Text;
}

export class ApiError extends TextError implements ApiErrorData {
  constructor(
    readonly code: string,
    message: string | Text,
    text?: Text,
  ) {
    super(message, text ? { text } : undefined);
    this.name = 'ApiError';
  }
}

/** Stable error codes the hosts themselves produce (the backend adds its own). */
export const ApiErrorCode = {
  /** The method is not in `apiMethods`. */
  unknownMethod: 'UNKNOWN_METHOD',
  /** The arguments are not what the method takes. */
  badRequest: 'BAD_REQUEST',
  /** The feature exists in the contract but is not available in this build or host. */
  unavailable: 'UNAVAILABLE',
  /** A bug: the backend threw something that was not written for users. */
  internal: 'INTERNAL',
} as const;

/**
 * A message as the UI shows it, a sentence: registries and CLIs word theirs in lower case
 * without a full stop ("the device's disk is full; ..."). Only a plain first word is
 * capitalized, never a name such as "ecr.example.com:31001" or "/etc/hosts".
 */
export function asSentence(message: string): string {
  const s = /^[a-z]+[ ']/.test(message) ? message[0]!.toUpperCase() + message.slice(1) : message;
  return /[.!?…]["')\]`]*$/.test(s) ? s : `${s}.`;
}

/** Converts anything thrown by the backend into the error data the UI shows. */
export function toErrorData(e: unknown): ApiErrorData {
  const text = textOf(e);
  const withText = <T extends ApiErrorData>(d: T): T => (text ? { ...d, text } : d);
  if (e instanceof ApiError) return withText({ code: e.code, message: asSentence(e.message) });
  if (e instanceof Error) {
    // Backend modules write their messages for users; keep their code when it is a stable UPPER_CASE string.
    const code = (e as { code?: unknown }).code;
    return withText({
      code: typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : ApiErrorCode.internal,
      message: e.message
        ? asSentence(e.message)
        : 'The operation failed without a reason. Check the app log and try again.',
    });
  }
  return { code: ApiErrorCode.internal, message: `The operation failed: ${String(e)}.` };
}

/**
 * The largest CA file discoverDevice takes: CA files are a few kilobytes (a whole OS bundle about
 * 220 KB), and in base64 this stays below the web host's 1 MiB call limit.
 */
export const maxCaFileBytes = 512 << 10;

export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorData };

/** What the backend can do right now; the UI shows only these parts. */
export type Feature =
  /** The embedded demo device (electron/registry-server). */
  | 'demo'
  /** Discover a device and plan/run the system changes (electron/device). */
  | 'setup'
  /** Local Docker images and push (electron/docker). */
  | 'docker'
  /** Repositories, tags, delete (electron/registry-client). */
  | 'registry'
  /** Push a docker-save / OCI tarball straight to the registry (electron/registry-client). */
  | 'tarball'
  /** Storage used/quota/reclaimable and garbage collection (electron/registry-server). */
  | 'storage'
  /** Pod/Deployment/Secret YAML for a pushed image. */
  | 'kubernetes';

export interface AppInfo {
  version: string;
  platform: string;
  host: 'electron' | 'web';
  features: Feature[];
}

/** The demo device: the registry embedded in the app, as `Get-HcsKubernetesContainerRegistryInfo` shows one. */
export interface RegistryInfo {
  endpoint: string;
  ipAddress: string;
  username: string;
  password: string;
  caCertPath: string;
  caFingerprint: string;
}

/** The device the UI works with: the demo device or one the user set up. */
export interface DeviceView extends RegistryInfo {
  kind: 'demo' | 'device';
  /** A name for the header: the endpoint's host name. */
  label: string;
  /** This computer was set up for the device (hosts entry, trusted CA), so Docker can push to it by name. */
  setUp: boolean;
  /**
   * How a deleted image's space comes back. 'app': the app frees it right after the delete, and
   * what a push of the last hour may still need when the user reclaims space (the demo device);
   * 'nightly': in the device's own nightly cleanup (an edge device: the app cannot reclaim it).
   */
  reclaim: 'app' | 'nightly';
}

/** One device this computer knows, as the device switcher lists it. */
export interface KnownDeviceView {
  /** `demo`, or the endpoint (host:port) of a device set up from the app. */
  id: string;
  endpoint: string;
  label: string;
  kind: 'demo' | 'device';
  /** The registry user the app logs in as. */
  username: string;
  current: boolean;
  /** Setup ran on this computer for it with the CA it has now (hosts entry, trusted CA). */
  setUp: boolean;
  /** The app keeps its password (it can log in without asking). */
  loginStored: boolean;
  /** The last re-check (the doctor) in this run, if any. */
  lastCheck?: DoctorReport;
}

/**
 * Whether this computer's Docker engine trusts the current device: the engine itself was
 * asked to reach the registry (not only the OS store checked). `text` says it in words.
 */
export interface DockerTrustView {
  state: 'trusted' | 'untrusted' | 'no-docker' | 'not-set-up';
  /** For `untrusted`: unknown-authority, name-mismatch, expired, tls, http, unreachable, credentials, engine. */
  problem?: string;
  text: Text;
}

/** One tag of a repository with what a user needs to decide to delete it (read for the rows on screen). */
export interface TagView {
  tag: string;
  digest: string;
  /** Bytes of config plus layers (for an index: the largest platform). */
  size: number;
  /** ISO time from the image config, when it has one. */
  created?: string;
  mediaType?: string;
  /** `os/arch[/variant]` of each image (several for an index), when the registry says. */
  platforms?: string[];
}

/** One page of repository names, in the registry's (lexical) order. */
export interface RepositoryPage {
  names: string[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

/**
 * Tag names of one repository, in the registry's (lexical) order: all of them, or a first page
 * when a `limit` was asked (details come per row with tagDetails).
 */
export interface TagList {
  repository: string;
  tags: string[];
  /** More follow: pass as `after` for the rest. Absent when these are all. */
  next?: string;
}

/** Details of the tags asked for; `gone` lists those the registry no longer has. */
export interface TagDetails {
  repository: string;
  details: TagView[];
  gone: string[];
}

/** The most tags one tagDetails call takes (a screenful is a few dozen). */
export const maxTagDetails = 200;

/** What one click on "delete" will remove, so the UI can say so before. */
export interface DeletePreview {
  repository: string;
  tag: string;
  digest: string;
  /** Other tags of the same repository that point at the same digest. */
  siblingTags: string[];
  /** 'tag' removes only this tag; 'manifest' removes the digest, and with it every sibling tag. */
  mode: 'tag' | 'manifest';
}

export interface DeleteResultView {
  deleted: string[];
  digest: string;
  /** Bytes the registry can now give back (after "reclaim space"), when it knows. */
  reclaimableBytes?: number;
}

export interface StorageUsage {
  usedBytes: number;
  /** Absent when no quota is set. */
  quotaBytes?: number;
  reclaimableBytes: number;
  /**
   * What more can be stored now: the quota's rest, or the disk's free space above what the
   * registry leaves for the rest of the device, whichever is less. Absent when unknown.
   */
  availableBytes?: number;
  /**
   * Why nothing more can be stored though bytes may be free: the disk is read-only (mounted so,
   * or after disk errors), or out of inodes. availableBytes is 0 then.
   */
  blockedBy?: 'read-only' | 'inodes';
}

/** The demo device's storage settings (the device keeps them in its data folder). */
export interface StorageSettings {
  /** Storage quota in bytes; null for none. */
  quotaBytes: number | null;
  /** Local time "HH:MM" at which space is reclaimed by itself every night; null for only on request. */
  gcDailyAt: string | null;
}

/** What one garbage collection gave back (the registry's own GcResult, as the UI shows it). */
export interface GcResultView {
  bytesReclaimed: number;
  blobsRemoved: number;
  /** Bytes no image uses that a push used within the last hour: kept for now, freed by a later run. */
  bytesKeptRecent: number;
}

/** A local Docker image as the UI lists it. */
export interface LocalImageView {
  id: string;
  repoTags: string[];
  size: number;
  created: string;
}

export interface JobRef {
  id: string;
}

/** A dropped file that the backend holds for a later call (pushTarball). */
export interface StagedFile {
  id: string;
  name: string;
  size: number;
}

/** One privileged change of a setup plan, shown to the user before anything runs. */
export interface PlanStepView {
  id: string;
  /** What it does and why, in the UI's language. */
  title: Text;
  detail: Text;
  /** The exact commands the step runs, each a line that runs as shown (PowerShell on Windows, sh elsewhere). */
  commands: string[];
  /** Files the step writes. */
  files: string[];
  done: boolean;
}

export interface DiscoveredDeviceView {
  /** Handle for planSetup; the backend keeps the details (certificate chain, password). */
  id: string;
  endpoint: string;
  ipAddress: string;
  username?: string;
  /** Never shown in full by the UI unless the user asks. */
  password?: string;
  certificate?: {
    subject: string;
    issuer: string;
    fingerprintSha256: string;
    thumbprintSha1?: string;
    notAfter: string;
  };
  /** Where the CA came from: read over the network, the user must confirm its fingerprint. */
  certificateFrom: 'file' | 'network' | 'demo';
  /** Things the user should know before trusting (e.g. the CA changed since last setup). */
  warnings: Text[];
}

export interface SetupPlanView {
  id: string;
  endpoint: string;
  platform: string;
  steps: PlanStepView[];
  needsElevation: boolean;
  /** What to know before running it (e.g. macOS asks for a password again for the trust setting). */
  notes?: Text[];
}

// The arguments of every method, one schema each: the dispatcher (electron/hosts/dispatcher.ts)
// checks every call against its method's schema before the backend sees it, and CompanionApi's
// argument types are derived from the same schemas. The schemas check types and presence only
// (and transform nothing, so what the UI sends is what the backend gets); what a value must look
// like (repository and tag grammar, endpoints, ports, Kubernetes names) is checked by the module
// that owns that grammar. Unknown keys are refused, not stripped: the window and the backend
// come from one build, so an unknown key is a misspelt or renamed argument, and dropping it
// silently would run the call without what the user chose (a Secret left out, a sibling tag).
const noArgs = v.optional(v.strictObject({}));
/** A string that must be given (an empty one is refused as missing). */
const given = v.pipe(v.string(), v.nonEmpty());
const optionalString = v.optional(v.string());
/** A number that may be NaN: the port's own check (shared/endpoint.ts checkPort) says what is wrong with it. */
const anyNumber = v.custom<number>((x) => typeof x === 'number', 'number');

/** Every method the UI may call, with the schema of its one argument (plain JSON data). */
export const apiMethods = {
  appInfo: noArgs,
  demoDevice: noArgs,
  currentDevice: noArgs,
  useDemoDevice: noArgs,
  listDevices: noArgs,
  useDevice: v.strictObject({
    id: given,
    /** Logs in first: for a device whose password was not kept (no OS keychain). */
    password: v.optional(given),
  }),
  doctor: v.strictObject({ id: given }),
  listRepositoryNames: v.optional(v.strictObject({ after: optionalString })),
  listTags: v.strictObject({
    repository: given,
    /** Only tags after this one (the `next` of an earlier answer). */
    after: optionalString,
    /** At most this many (a registry that ignores page sizes may send more). */
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  }),
  tagDetails: v.strictObject({
    repository: given,
    tags: v.pipe(v.array(v.string()), v.maxLength(maxTagDetails)),
  }),
  previewDelete: v.strictObject({ repository: given, tag: given }),
  deleteTag: v.strictObject({
    repository: given,
    tag: given,
    confirmedSiblings: v.optional(v.array(v.string())),
  }),
  storageUsage: noArgs,
  collectGarbage: noArgs,
  storageSettings: noArgs,
  setStorageSettings: v.strictObject({
    quotaBytes: v.nullable(v.number('numberOrNull')),
    gcDailyAt: v.nullable(v.string('stringOrNull')),
  }),
  listLocalImages: noArgs,
  untagLocalImage: v.strictObject({ ref: given }),
  dockerTrust: noArgs,
  pushImage: v.strictObject({ image: given, repository: given, tag: given }),
  pushTarball: v.strictObject({ fileId: given, repository: optionalString, tag: optionalString }),
  pushToDevices: v.strictObject({
    devices: v.array(given),
    image: optionalString,
    fileId: optionalString,
    repository: optionalString,
    tag: optionalString,
  }),
  cancelJob: v.strictObject({ id: given }),
  discoverDevice: v.strictObject({
    infoText: optionalString,
    ip: optionalString,
    port: v.optional(anyNumber),
    demo: v.optional(v.boolean()),
    caFile: v.optional(v.strictObject({ name: v.string(), base64: v.string() })),
  }),
  planSetup: v.strictObject({ deviceId: given, fingerprint: optionalString }),
  runSetup: v.strictObject({ planId: given }),
  planForget: v.strictObject({ endpoint: given }),
  // logout: also remove the login Docker keeps for the endpoint (as `docker logout`), once the plan ran.
  runForget: v.strictObject({ planId: given, logout: v.optional(v.boolean()) }),
  kubernetesYaml: v.strictObject({
    repository: given,
    tag: given,
    kind: v.optional(v.picklist(['deployment', 'pod'])),
    namespace: optionalString,
    secretName: optionalString,
    withSecret: v.optional(v.boolean()),
    pullPolicy: v.optional(v.picklist(pullPolicies)),
    overwriteDeviceSecret: v.optional(v.boolean()),
  }),
} as const satisfies Record<string, v.GenericSchema>;

export type ApiMethod = keyof typeof apiMethods;

/** The argument of `method`, as its schema in apiMethods takes it. */
export type ApiArgs<M extends ApiMethod> = v.InferInput<(typeof apiMethods)[M]>;

/** The method names, in the table's order. */
export const apiMethodNames = Object.keys(apiMethods) as ApiMethod[];

/** Every method the UI may call. Arguments and results are plain JSON data. */
export interface CompanionApi {
  /** The app's version, the platform it runs on, and which features are wired. */
  appInfo(): Promise<AppInfo>;
  /** The embedded demo device's registry information, starting it if needed. */
  demoDevice(): Promise<RegistryInfo>;
  /** The device the UI works with (the demo device unless the user set up another). */
  currentDevice(): Promise<DeviceView>;
  /** Makes the demo device the current one again. */
  useDemoDevice(): Promise<DeviceView>;
  /** Every device this computer knows (the demo device first), with its state. */
  listDevices(): Promise<KnownDeviceView[]>;
  /**
   * Makes the known device `id` the current one; with `password`, logs in to it first (checked
   * with the device). A device whose password was not kept answers LOGIN_NEEDED without one.
   */
  useDevice(args: ApiArgs<'useDevice'>): Promise<DeviceView>;
  /** Re-checks the known device `id` from this computer (the doctor), check by check. */
  doctor(args: ApiArgs<'doctor'>): Promise<DoctorReport>;
  /** A page of the current device's repository names (the first page without `after`). */
  listRepositoryNames(args: ApiArgs<'listRepositoryNames'>): Promise<RepositoryPage>;
  /**
   * The tag names of one repository, read when the user opens it: with `limit`, a first page
   * to show at once; without, every tag (after `after`) in as few requests as the registry allows.
   */
  listTags(args: ApiArgs<'listTags'>): Promise<TagList>;
  /**
   * Digest, size, creation time and platforms of some tags (the rows on screen, at most
   * maxTagDetails): a manifest by digest is read once, a tag's digest is asked again after a while.
   */
  tagDetails(args: ApiArgs<'tagDetails'>): Promise<TagDetails>;
  /** What deleting `repository:tag` removes (sibling tags sharing the digest). */
  previewDelete(args: ApiArgs<'previewDelete'>): Promise<DeletePreview>;
  /**
   * Deletes `repository:tag`. Where the registry can only delete by digest, the sibling
   * tags go too, but only if each is in `confirmedSiblings` (what the user was shown).
   */
  deleteTag(args: ApiArgs<'deleteTag'>): Promise<DeleteResultView>;
  /** Storage used, quota and reclaimable space of the current device. */
  storageUsage(): Promise<StorageUsage>;
  /** Garbage collection now: gives back the space of deleted images. */
  collectGarbage(): Promise<GcResultView>;
  /** The demo device's quota and nightly reclaim time. */
  storageSettings(): Promise<StorageSettings>;
  /** Changes them (at once, and kept for the next start); answers what is now in effect. */
  setStorageSettings(args: ApiArgs<'setStorageSettings'>): Promise<StorageSettings>;
  /** Local Docker images. */
  listLocalImages(): Promise<LocalImageView[]>;
  /** Asks this computer's Docker engine whether it trusts the current device (distribution inspect). */
  dockerTrust(): Promise<DockerTrustView>;
  /**
   * Removes one tag (`repo:tag`, as listLocalImages shows it) from a local Docker image; the
   * image stays while it has other tags (its last tag takes it along, as `docker rmi` does).
   */
  untagLocalImage(args: ApiArgs<'untagLocalImage'>): Promise<{ imageRemoved: boolean }>;
  /**
   * Tags and pushes a local image to the current device; progress comes as `job` events. The
   * registry tag the push needs is removed from local Docker again once the push ends.
   */
  pushImage(args: ApiArgs<'pushImage'>): Promise<JobRef>;
  /** Pushes a staged docker-save/OCI tarball; progress comes as `job` events. */
  pushTarball(args: ApiArgs<'pushTarball'>): Promise<JobRef>;
  /**
   * Pushes a local image (`image`, with `repository` and `tag`) or a staged tarball (`fileId`) to
   * each of the known `devices` at once: one job per device, in that order, each with its own
   * progress and result; one failing does not stop the others. An unknown device, or one whose
   * password is not kept, is refused before anything starts.
   */
  pushToDevices(args: ApiArgs<'pushToDevices'>): Promise<JobRef[]>;
  /** Stops a running job. */
  cancelJob(args: ApiArgs<'cancelJob'>): Promise<void>;
  /**
   * Finds a device from pasted `Get-HcsKubernetesContainerRegistryInfo` text (`infoText`), an
   * `ip` (and `port`), or the `demo` device. `caFile` is the device's CA certificate file (PEM,
   * DER, .cer) for a device that does not send its CA; at most maxCaFileBytes.
   */
  discoverDevice(args: ApiArgs<'discoverDevice'>): Promise<DiscoveredDeviceView>;
  /**
   * The system changes that setting up a discovered device needs, as data. `fingerprint`
   * is the CA fingerprint the user confirmed (required when the CA came over the network).
   */
  planSetup(args: ApiArgs<'planSetup'>): Promise<SetupPlanView>;
  /** Runs a plan made by planSetup under one elevation; progress comes as `job` events. */
  runSetup(args: ApiArgs<'runSetup'>): Promise<JobRef>;
  /** The plan that removes exactly what setup added for `endpoint` (host:port): "forget this device". */
  planForget(args: ApiArgs<'planForget'>): Promise<SetupPlanView>;
  /** Runs a plan made by planForget under one elevation; progress comes as `job` events. */
  runForget(args: ApiArgs<'runForget'>): Promise<JobRef>;
  /**
   * Kubernetes YAML for an image of the current device: a Deployment (or Pod) pulling with
   * `pullPolicy` (default Always) and imagePullSecrets (default the device's ase-ecr-credentials),
   * and with `withSecret` a dockerconfigjson Secret of ours (it holds the password), named
   * edge-registry-credentials unless `secretName`; ase-ecr-credentials only with `overwriteDeviceSecret`.
   */
  kubernetesYaml(args: ApiArgs<'kubernetesYaml'>): Promise<{ yaml: string }>;
}

// Compile-time checks that the table and the interface are one list with one argument type per
// method: a method missing from either side, or an argument typed by hand, fails to compile.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Drifted = {
  [M in ApiMethod]: Parameters<CompanionApi[M]> extends []
    ? (typeof apiMethods)[M] extends typeof noArgs
      ? never
      : M
    : Same<Parameters<CompanionApi[M]>[0], ApiArgs<M>> extends true
      ? never
      : M;
}[ApiMethod];
type Unlisted = Exclude<keyof CompanionApi, ApiMethod>;
const _apiInSync: [Drifted | Unlisted] extends [never] ? true : Drifted | Unlisted = true;
void _apiInSync;
const _settingsInSync: Same<ApiArgs<'setStorageSettings'>, StorageSettings> = true;
void _settingsInSync;

/** True when `name` is a method of the contract (the hosts reject every other name). */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiMethods, name);
}

/** waiting: queued; checking: HEAD; exists: already there; mounted: cross-repo mount; pushing; retrying: connection dropped, resuming; pushed. */
export type LayerState = 'waiting' | 'checking' | 'exists' | 'mounted' | 'pushing' | 'retrying' | 'pushed';

/** Per-layer progress of a push (the same shape for a docker push and a tarball push). */
export interface LayerProgressView {
  /** Short id as docker prints it (12 hex digits of the digest). */
  id: string;
  state: LayerState;
  /** Bytes done and total (total 0 while not known). */
  done: number;
  total: number;
}

/** Progress of a long job (push, setup, delete). */
export interface JobEvent {
  id: string;
  kind: 'push' | 'push-tarball' | 'setup' | 'forget' | 'gc';
  /** What the job works on, for the UI's label (an image reference, a file name). */
  subject: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Progress or outcome, in English (for logs and the CLI). */
  message?: string;
  /** The same message for the UI's language (a failure's too, when its error carries a Text). */
  text?: Text;
  /** 0..1 overall. */
  progress?: number;
  layers?: LayerProgressView[];
  /** On failure: a stable code. */
  errorCode?: string;
}

/** Events the backend pushes to the UI. */
export interface CompanionEvents {
  job: JobEvent;
  /** Repositories or storage changed (push done, delete, GC): the UI refreshes. */
  changed: { what: 'repositories' | 'storage' | 'device' };
}

export type ApiEvent = keyof CompanionEvents;
export const apiEvents = ['job', 'changed'] as const satisfies readonly ApiEvent[];

type UnlistedEvent = Exclude<ApiEvent, (typeof apiEvents)[number]>;
const _allEventsListed: [UnlistedEvent] extends [never] ? true : UnlistedEvent = true;
void _allEventsListed;

/** True when `name` is an event of the contract. */
export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && (apiEvents as readonly string[]).includes(name);
}

/** A file the user dropped, as the renderer holds it (a DOM File, typed structurally). */
export interface DroppedFile {
  name: string;
  size: number;
}

/** What `window.companion` is in the renderer: the methods plus an event subscription. */
export type CompanionBridge = CompanionApi & {
  on<E extends ApiEvent>(event: E, listener: (payload: CompanionEvents[E]) => void): () => void;
  /**
   * Hands a dropped file to the backend for pushTarball. Electron passes the file's
   * path (no copy); the web host uploads its bytes. The renderer cannot tell which.
   */
  stageFile(file: DroppedFile): Promise<StagedFile>;
};
