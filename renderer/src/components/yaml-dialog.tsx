// Kubernetes YAML (Deployment or Pod with imagePullSecrets, and on request the pull
// Secret, which holds the password) for an image of the device, with copy.
import { useId, useState } from 'react';
import { isDnsLabel, isDnsSubdomain } from '../../../shared/kubernetes.js';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { useAsync } from '../use-async.js';
import { CopyButton } from './copy-button.js';
import { Modal } from './modal.js';

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
  const [secretName, setSecretName] = useState('ase-ecr-credentials');
  const [withSecret, setWithSecret] = useState(false);
  // Said while typing: kubectl would refuse these names only when the YAML is applied. Empty
  // leaves the field out (the cluster's current namespace; no pull secret).
  const badNamespace = namespace !== '' && !isDnsLabel(namespace);
  const badSecret = secretName !== '' && !isDnsSubdomain(secretName);
  const valid = !badNamespace && !badSecret;
  const yaml = useAsync(
    () =>
      valid
        ? companion!.kubernetesYaml({ repository, tag, kind, namespace, secretName, withSecret })
        : Promise.resolve(undefined),
    [repository, tag, kind, namespace, secretName, withSecret, valid],
  );
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
            aria-invalid={badSecret}
            aria-describedby={badSecret ? secretProblem : undefined}
          />
        </label>
      </div>
      {badNamespace && (
        <p id={namespaceProblem} className="error-text small" role="alert">
          {t('yaml.badNamespace')}
        </p>
      )}
      {badSecret && (
        <p id={secretProblem} className="error-text small" role="alert">
          {t('yaml.badSecret')}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={withSecret} onChange={(e) => setWithSecret(e.target.checked)} />
        {t('yaml.withSecret')}
      </label>
      {withSecret && <p className="warning small">{t('yaml.secretWarning')}</p>}
      {yaml.error && <p className="error-text">{te(yaml.error)}</p>}
      {valid && (
        // Focusable so that keyboard users can scroll a long manifest.
        <pre className="code-block yaml" role="region" aria-label={t('yaml.code')} tabIndex={0}>
          {yaml.data?.yaml ?? t('common.loading')}
        </pre>
      )}
    </Modal>
  );
}
