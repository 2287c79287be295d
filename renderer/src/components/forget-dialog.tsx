// "Forget this device": shows the plan that removes exactly what setup added on this
// computer (hosts entry, trusted CA, Docker's certs.d), then runs it as a job.
import { useState } from 'react';
import type { SetupPlanView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { useNotify } from '../notices.js';
import { useAsync } from '../use-async.js';
import { Modal, ModalActions } from './modal.js';
import { PlanSteps } from './plan-steps.js';
import { Prose } from './prose.js';

export function ForgetDialog({ endpoint, onClose }: { endpoint: string; onClose(): void }) {
  const { t, te } = useI18n();
  const notify = useNotify();
  const plan = useAsync<SetupPlanView>(() => companion!.planForget({ endpoint }), [endpoint]);
  const [busy, setBusy] = useState(false);
  // Forgetting the device leaves Docker's login for it unless this is ticked (opt-in: a login
  // is the user's, kept elsewhere, and may serve another setup of the same endpoint).
  const [logout, setLogout] = useState(false);
  const run = async () => {
    if (!plan.data) return;
    setBusy(true);
    try {
      await companion!.runForget({ planId: plan.data.id, logout });
      onClose();
    } catch (e) {
      notify('error', te(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      wide
      title={t('forget.title', { endpoint })}
      onClose={onClose}
      footer={
        <ModalActions
          cancelLabel={t('delete.cancel')}
          onCancel={onClose}
          actionLabel={t('forget.run')}
          onAction={() => void run()}
          danger
          disabled={busy || !plan.data}
        />
      }
    >
      <p className="muted">{t('forget.intro')}</p>
      {plan.error && (
        <p className="error-text">
          <Prose>{te(plan.error)}</Prose>
        </p>
      )}
      {plan.loading && !plan.data && <p className="muted">{t('common.loading')}</p>}
      {plan.data && <PlanSteps plan={plan.data} />}
      {plan.data?.needsElevation && <p className="muted small">{t('setup.elevation')}</p>}
      <label className="check">
        <input type="checkbox" checked={logout} onChange={(e) => setLogout(e.target.checked)} />
        <Prose>{t('forget.logout', { endpoint })}</Prose>
      </label>
    </Modal>
  );
}
