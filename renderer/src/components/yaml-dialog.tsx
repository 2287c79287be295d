// Kubernetes YAML (Deployment or Pod with imagePullSecrets, and on request the pull
// Secret, which holds the password) for an image of the device, with copy.
import { useState } from 'react';
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
  const yaml = useAsync(
    () => companion!.kubernetesYaml({ repository, tag, kind, namespace, secretName, withSecret }),
    [repository, tag, kind, namespace, secretName, withSecret],
  );
  return (
    <Modal
      wide
      title={t('yaml.title', { ref: `${repository}:${tag}` })}
      onClose={onClose}
      footer={
        <>
          {yaml.data && (
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
          <input value={namespace} onChange={(e) => setNamespace(e.target.value)} spellCheck={false} />
        </label>
        <label>
          {t('yaml.secret')}
          <input value={secretName} onChange={(e) => setSecretName(e.target.value)} spellCheck={false} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={withSecret} onChange={(e) => setWithSecret(e.target.checked)} />
        {t('yaml.withSecret')}
      </label>
      {withSecret && <p className="warning small">{t('yaml.secretWarning')}</p>}
      {yaml.error && <p className="error-text">{te(yaml.error)}</p>}
      <pre className="code-block yaml" aria-label="YAML">
        {yaml.data?.yaml ?? t('common.loading')}
      </pre>
    </Modal>
  );
}
