// Kubernetes YAML (Deployment or Pod pulling Always with imagePullSecrets, as the device
// manual's Pod, and on request a pull Secret of ours, which holds the password) for an image
// of the device, with copy. The device keeps its own Secret (ase-ecr-credentials) in every
// namespace: ours gets another name unless the user ticks, with a warning, to replace it.
import { useId, useState } from 'react';
import {
  defaultPullPolicy,
  devicePullSecret,
  isDnsLabel,
  isDnsSubdomain,
  ownPullSecret,
  pullPolicies,
  type PullPolicy,
} from '../../../shared/kubernetes.js';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { CopyButton } from './copy-button.js';
import { Modal } from './modal.js';
import { Prose } from './prose.js';

export function YamlDialog({
  repository,
  tag,
  onClose,
}: {
  repository: string;
  tag: string;
  onClose(): void;
}) {
  const { t, te } = useI18n();
  const [kind, setKind] = useState<'deployment' | 'pod'>('deployment');
  const [namespace, setNamespace] = useState('default');
  const [pullPolicy, setPullPolicy] = useState<PullPolicy>(defaultPullPolicy);
  const [secretName, setSecretName] = useState(devicePullSecret);
  const [withSecret, setWithSecret] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  // Said while typing: kubectl would refuse these names only when the YAML is applied. Empty
  // leaves the field out (the cluster's current namespace; no pull secret).
  const badNamespace = namespace !== '' && !isDnsLabel(namespace);
  const badSecret = secretName !== '' && !isDnsSubdomain(secretName);
  const overwritesDevice = withSecret && !overwrite && secretName.trim() === devicePullSecret;
  const valid = !badNamespace && !badSecret && !overwritesDevice;
  const yaml = useAsync(
    () =>
      valid
        ? companion!.kubernetesYaml({
            repository,
            tag,
            kind,
            namespace,
            secretName,
            withSecret,
            pullPolicy,
            overwriteDeviceSecret: withSecret && overwrite,
          })
        : Promise.resolve(undefined),
    [repository, tag, kind, namespace, secretName, withSecret, pullPolicy, overwrite, valid],
  );
  // Our Secret takes our own name, so that ticking the box never replaces the device's by itself.
  const includeSecret = (on: boolean) => {
    setWithSecret(on);
    if (on && secretName === devicePullSecret) setSecretName(ownPullSecret);
    if (!on) {
      setOverwrite(false);
      if (secretName === ownPullSecret) setSecretName(devicePullSecret);
    }
  };
  const replaceDevices = (on: boolean) => {
    setOverwrite(on);
    if (on) setSecretName(devicePullSecret);
    else if (secretName === devicePullSecret) setSecretName(ownPullSecret);
  };
  const namespaceProblem = useId();
  const secretProblem = useId();
  return (
    <Modal
      wide
      title={t('yaml.title', { ref: `${repository}:${tag}` })}
      onClose={onClose}
      footer={
        <>
          {valid && yaml.data && (
            <CopyButton className="button button-primary" text={yaml.data.yaml} label={t('yaml.copy')} />
          )}
          <button type="button" className="button" onClick={onClose}>
            {t('yaml.close')}
          </button>
        </>
      }
    >
      <div className="form-row">
        <label className="narrow-wide">
          {t('yaml.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as 'deployment' | 'pod')}>
            <option value="deployment">Deployment</option>
            <option value="pod">Pod</option>
          </select>
        </label>
        <label className="narrow-wide">
          {t('yaml.pullPolicy')}
          <select value={pullPolicy} onChange={(e) => setPullPolicy(e.target.value as PullPolicy)}>
            {pullPolicies.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('yaml.namespace')}
          <input
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            spellCheck={false}
            aria-invalid={badNamespace}
            aria-describedby={badNamespace ? namespaceProblem : undefined}
          />
        </label>
        <label>
          {t('yaml.secret')}
          <input
            value={secretName}
            onChange={(e) => setSecretName(e.target.value)}
            spellCheck={false}
            aria-invalid={badSecret || overwritesDevice}
            aria-describedby={badSecret || overwritesDevice ? secretProblem : undefined}
          />
        </label>
      </div>
      {badNamespace && (
        <p id={namespaceProblem} className="error-text small" role="alert">
          {t('yaml.badNamespace')}
        </p>
      )}
      {(badSecret || overwritesDevice) && (
        <p id={secretProblem} className="error-text small" role="alert">
          {badSecret
            ? t('yaml.badSecret')
            : t('yaml.deviceSecret', { name: devicePullSecret, own: ownPullSecret })}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={withSecret} onChange={(e) => includeSecret(e.target.checked)} />
        {t('yaml.withSecret')}
      </label>
      {withSecret && <p className="warning small">{t('yaml.secretWarning')}</p>}
      {withSecret && (
        <label className="check">
          <input type="checkbox" checked={overwrite} onChange={(e) => replaceDevices(e.target.checked)} />
          {t('yaml.overwriteDeviceSecret', { name: devicePullSecret })}
        </label>
      )}
      {withSecret && overwrite && (
        <p className="warning small" role="alert">
          {t('yaml.overwriteWarning', { name: devicePullSecret })}
        </p>
      )}
      {yaml.error && (
        <p className="error-text">
          <Prose>{te(yaml.error)}</Prose>
        </p>
      )}
      {valid && (
        // Focusable so that keyboard users can scroll a long manifest.
        <pre className="code-block yaml" role="region" aria-label={t('yaml.code')} tabIndex={0}>
          {yaml.data?.yaml ?? t('common.loading')}
        </pre>
      )}
    </Modal>
  );
}
