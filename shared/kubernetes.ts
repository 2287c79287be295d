// Kubernetes manifests for an image pushed to the device's registry, as the device manual
// writes them: a Pod or a Deployment pulling with `imagePullSecrets: ase-ecr-credentials`,
// and the `kubernetes.io/dockerconfigjson` Secret for clusters that lack it. Pure string
// generation (no Node built-ins): the renderer previews the same YAML the CLI prints.

/** The pull secret name the device's clusters use by default. */
export const defaultPullSecret = 'ase-ecr-credentials';

export interface WorkloadOptions {
  /** Full image reference, e.g. ecr.dbe-hw6h1t2.microsoftdatabox.com:31001/app:v1. */
  image: string;
  /** Object name; derived from the repository when absent. */
  name?: string;
  namespace?: string;
  /** imagePullSecrets name (default ase-ecr-credentials); '' for none. */
  pullSecret?: string;
  /** Container port to declare (e.g. 80). */
  containerPort?: number;
  /** Deployment only (default 1). */
  replicas?: number;
}

export interface SecretOptions {
  registry: string;
  username: string;
  password: string;
  name?: string;
  namespace?: string;
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
  const secret = o.pullSecret ?? defaultPullSecret;
  const out = [
    `${indent}spec:`,
    `${indent}  containers:`,
    `${indent}    - name: ${q(name)}`,
    `${indent}      image: ${q(o.image)}`,
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
  const name = o.name ?? defaultPullSecret;
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
