// Set up a real device: find it (pasted Get-HcsKubernetesContainerRegistryInfo text or
// an IP), show its certificate for the user to compare the fingerprint, show the plan of
// system changes (exact commands and files), then run it under one elevation prompt.
// One component per step: setup-find-form.tsx, then setup-steps.tsx.
import { useEffect, useRef, useState } from 'react';
import type { DiscoveredDevice, JobEvent, SetupPlanView } from '../../../shared/api.js';
import { companion } from '../companion.js';
import { useI18n } from '../i18n.js';
import { FindForm, type FindArgs } from './setup-find-form.js';
import { FoundDevice, PlanCard } from './setup-steps.js';

type Step = 'find' | 'plan' | 'run';

/** Runs one step's call at a time: busy while it runs, and its failure kept for that step. */
function useStepRunner() {
  const { te } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ at: Step; message: string }>();
  const run = async <T,>(at: Step, work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    try {
      return await work();
    } catch (e) {
      setProblem({ at, message: te(e) });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const problemAt = (at: Step) => (problem?.at === at ? problem.message : undefined);
  return { busy, run, problemAt };
}

/**
 * A plan runs once; its progress and result show in the jobs tray. Returns how to start a
 * plan and the state of the job started for `planId`, if any.
 */
function useSetupJob(planId: string | undefined) {
  const [started, setStarted] = useState<{ planId: string; jobId: string; state: JobEvent['state'] }>();
  const jobStates = useRef(new Map<string, JobEvent['state']>()); // a job may end before runSetup answers
  useEffect(
    () =>
      companion!.on('job', (e) => {
        if (e.kind !== 'setup') return;
        jobStates.current.set(e.id, e.state);
        setStarted((s) => (s?.jobId === e.id ? { ...s, state: e.state } : s));
      }),
    [],
  );
  const startedJob = (plan: string, jobId: string) =>
    setStarted({ planId: plan, jobId, state: jobStates.current.get(jobId) ?? 'running' });
  return { runState: started?.planId === planId ? started?.state : undefined, startedJob };
}

export function SetupPanel({ hasDemo, startWithDemo }: { hasDemo: boolean; startWithDemo: number }) {
  const { t } = useI18n();
  const { busy, run, problemAt } = useStepRunner();
  const [device, setDevice] = useState<DiscoveredDevice>();
  const [confirmed, setConfirmed] = useState(false);
  const [plan, setPlan] = useState<SetupPlanView>();
  const { runState, startedJob } = useSetupJob(plan?.id);

  const discover = async (args: FindArgs) => {
    setPlan(undefined);
    setConfirmed(false);
    setDevice(undefined);
    const found = await run('find', () => companion!.discoverDevice(args));
    setDevice(found);
    return found;
  };

  const makePlan = async () => {
    if (!device) return;
    const fingerprint = confirmed ? device.certificate?.fingerprintSha256 : undefined;
    setPlan(await run('plan', () => companion!.planSetup({ deviceId: device.id, fingerprint })));
  };

  const apply = async () => {
    if (!plan) return;
    const job = await run('run', () => companion!.runSetup({ planId: plan.id }));
    if (job) startedJob(plan.id, job.id);
  };

  // Asked from the device card ("set up Docker for the demo device"): start right away.
  useEffect(() => {
    if (startWithDemo > 0 && hasDemo) void discover({ demo: true });
    // Only when the request counter changes, not on every render of discover.
  }, [startWithDemo]);

  return (
    <section className="panel setup" aria-labelledby="setup-title">
      <header className="panel-header">
        <h2 id="setup-title">{t('setup.title')}</h2>
      </header>
      <p className="muted">{t('setup.intro')}</p>
      <FindForm
        hasDemo={hasDemo}
        busy={busy}
        finding={busy && !device}
        problem={problemAt('find')}
        onFind={discover}
      />
      {device && (
        <FoundDevice
          device={device}
          confirmed={confirmed}
          onConfirm={setConfirmed}
          busy={busy}
          problem={problemAt('plan')}
          onPlan={() => void makePlan()}
        />
      )}
      {plan && (
        <PlanCard
          plan={plan}
          runState={runState}
          busy={busy}
          problem={problemAt('run')}
          onRun={() => void apply()}
          onPlanAgain={() => void makePlan()}
        />
      )}
    </section>
  );
}
