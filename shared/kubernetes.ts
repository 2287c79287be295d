// Kubernetes manifests for an image pushed to the device's registry, as the device manual
// writes them: a Pod or a Deployment pulling with `imagePullPolicy: Always` and
// `imagePullSecrets: ase-ecr-credentials`, and on request a `kubernetes.io/dockerconfigjson`
// Secret for clusters that lack one. Pure string generation (no Node built-ins): the renderer
// previews the same YAML the CLI prints.

/**
 * The pull Secret the device creates (and keeps) in every namespace of its cluster. Workloads
 * pull with it by default; a Secret of ours under this name would overwrite the device's own
 * when applied, so one is written only when the caller says so explicitly.
 */
export const devicePullSecret = 'ase-ecr-credentials';
/** The old name of devicePullSecret. */
export const defaultPullSecret = devicePullSecret;
/** The name a pull Secret written by this app gets unless another is given. */
export const ownPullSecret = 'edge-registry-credentials';

/** Kubernetes' image pull policies. */
export const pullPolicies = ['Always', 'IfNotPresent', 'Never'] as const;
export type PullPolicy = (typeof pullPolicies)[number];
/** The manual's Pod pulls Always: a tag pushed again is pulled again when the pod restarts. */
export const defaultPullPolicy: PullPolicy = 'Always';

/** True for one of Kubernetes' image pull policies (spelled as Kubernetes spells them). */
export function isPullPolicy(v: unknown): v is PullPolicy {
  return (pullPolicies as readonly unknown[]).includes(v);
}

export interface WorkloadOptions {
  /** Full image reference, e.g. ecr.dbe-hw6h1t2.microsoftdatabox.com:31001/app:v1. */
  image: string;
  /** Object name; derived from the repository when absent. */
  name?: string;
  namespace?: string;
  /** imagePullSecrets name (default ase-ecr-credentials); '' for none. */
  pullSecret?: string;
  /** imagePullPolicy (default Always, as the manual's Pod). */
  pullPolicy?: PullPolicy;
  /** Container port to declare (e.g. 80). */
  containerPort?: number;
  /** Deployment only (default 1). */
  replicas?: number;
}

export interface SecretOptions {
  registry: string;
  username: string;
  password: string;
  /** The Secret's name (default edge-registry-credentials). */
  name?: string;
  namespace?: string;
  /** Allows the name ase-ecr-credentials (applying the Secret overwrites the device's own). */
  overwriteDeviceSecret?: boolean;
}

/** RFC 1123 label: a namespace's name (up to 63 lower case letters, digits and -). */
export function isDnsLabel(s: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s);
}

/** RFC 1123 subdomain: a Secret's name (up to 253 characters, labels between dots). */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && s.split('.').every(isDnsLabel);
}

/** A YAML scalar: JSON's double-quoted strings are valid YAML and escape everything. */
function q(s: string): string {
  return JSON.stringify(s);
}

/** A DNS-1123 label from an image reference: `host:31001/team/web-app:v1` -> `web-app`. */
export function nameFromImage(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const path = withoutDigest.split('/');
  let last = path[path.length - 1] ?? 'app';
  const colon = last.indexOf(':');
  if (colon >= 0) last = last.slice(0, colon);
  const label = last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return label || 'app';
}

function metadata(
  name: string,
  namespace: string | undefined,
  indent: string,
  labels?: Record<string, string>,
): string[] {
  const out = [`${indent}metadata:`, `${indent}  name: ${q(name)}`];
  if (namespace) out.push(`${indent}  namespace: ${q(namespace)}`);
  if (labels) {
    out.push(`${indent}  labels:`);
    for (const [k, v] of Object.entries(labels)) out.push(`${indent}    ${k}: ${q(v)}`);
  }
  return out;
}

function podSpec(o: WorkloadOptions, name: string, indent: string): string[] {
  const secret = o.pullSecret ?? devicePullSecret;
  const out = [
    `${indent}spec:`,
    `${indent}  containers:`,
    `${indent}    - name: ${q(name)}`,
    `${indent}      image: ${q(o.image)}`,
    `${indent}      imagePullPolicy: ${o.pullPolicy ?? defaultPullPolicy}`,
  ];
  if (o.containerPort)
    out.push(`${indent}      ports:`, `${indent}        - containerPort: ${Math.trunc(o.containerPort)}`);
  if (secret) out.push(`${indent}  imagePullSecrets:`, `${indent}    - name: ${q(secret)}`);
  return out;
}

/** A Pod running `image`, pulling with the configured imagePullSecrets. */
export function podYaml(o: WorkloadOptions): string {
  const name = o.name ?? nameFromImage(o.image);
  return (
    [
      `apiVersion: v1`,
      `kind: Pod`,
      ...metadata(name, o.namespace, '', { app: name }),
      ...podSpec(o, name, ''),
    ].join('\n') + '\n'
  );
}

/** A Deployment of `image` (replicas, selector on app=<name>), pulling with imagePullSecrets. */
export function deploymentYaml(o: WorkloadOptions): string {
  const name = o.name ?? nameFromImage(o.image);
  return (
    [
      `apiVersion: apps/v1`,
      `kind: Deployment`,
      ...metadata(name, o.namespace, '', { app: name }),
      `spec:`,
      `  replicas: ${Math.max(0, Math.trunc(o.replicas ?? 1))}`,
      `  selector:`,
      `    matchLabels:`,
      `      app: ${q(name)}`,
      `  template:`,
      `    metadata:`,
      `      labels:`,
      `        app: ${q(name)}`,
      ...podSpec(o, name, '    '),
    ].join('\n') + '\n'
  );
}

/** Base64 of UTF-8 text without Node's Buffer (runs in the renderer too). */
function base64(text: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The `.dockerconfigjson` content for one registry login. */
export function dockerConfigJson(o: SecretOptions): string {
  return JSON.stringify({
    auths: {
      [o.registry]: {
        username: o.username,
        password: o.password,
        auth: base64(`${o.username}:${o.password}`),
      },
    },
  });
}

/** A kubernetes.io/dockerconfigjson Secret (what `kubectl create secret docker-registry` makes). */
export function pullSecretYaml(o: SecretOptions): string {
  const name = o.name || ownPullSecret;
  return (
    [
      `apiVersion: v1`,
      `kind: Secret`,
      ...metadata(name, o.namespace, ''),
      `type: kubernetes.io/dockerconfigjson`,
      `data:`,
      `  .dockerconfigjson: ${base64(dockerConfigJson(o))}`,
    ].join('\n') + '\n'
  );
}

export interface PullSecretChoice {
  /** The imagePullSecrets name ('' for none). */
  name: string;
  /** Whether a Secret under that name is written too. */
  write: boolean;
  /** True when the Secret would be ase-ecr-credentials without overwriteDeviceSecret: refuse. */
  overwritesDevice: boolean;
}

/**
 * Which Secret a workload pulls with and whether this app writes it. Without `withSecret`: the
 * given name, else the device's own. With it: the given name, else ours (edge-registry-credentials),
 * or the device's name when `overwriteDeviceSecret` says so (which implies `withSecret`).
 */
export function pullSecretChoice(o: {
  secretName?: string;
  withSecret?: boolean;
  overwriteDeviceSecret?: boolean;
}): PullSecretChoice {
  const given = o.secretName?.trim();
  const write = !!o.withSecret || !!o.overwriteDeviceSecret;
  if (!write) return { name: given ?? devicePullSecret, write, overwritesDevice: false };
  const name = given || (o.overwriteDeviceSecret ? devicePullSecret : ownPullSecret);
  return { name, write, overwritesDevice: name === devicePullSecret && !o.overwriteDeviceSecret };
}

export interface KubernetesYamlOptions extends Omit<WorkloadOptions, 'pullSecret'> {
  kind?: 'deployment' | 'pod';
  /** From pullSecretChoice (which must not say overwritesDevice). */
  secret: PullSecretChoice;
  /** The login the Secret carries; needed when `secret.write`. */
  login?: { registry: string; username: string; password: string };
}

/** The YAML documents for `kubectl apply -f -`: the pull Secret (when written) first, then the workload. */
export function kubernetesYaml(o: KubernetesYamlOptions): string {
  const { kind, secret, login, ...rest } = o;
  const workload = { ...rest, pullSecret: secret.name };
  const docs = [kind === 'pod' ? podYaml(workload) : deploymentYaml(workload)];
  if (secret.write) {
    if (!login) throw new Error('kubernetesYaml: the Secret needs a login.');
    if (secret.overwritesDevice)
      throw new Error(`A Secret named ${devicePullSecret} would overwrite the device's own.`);
    docs.unshift(
      pullSecretYaml({ ...login, name: secret.name, namespace: o.namespace, overwriteDeviceSecret: true }),
    );
  }
  return docs.join('---\n');
}
