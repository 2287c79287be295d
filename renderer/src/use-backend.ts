// What the main window keeps from the backend: the app's info and current device, the jobs
// in progress, and a refresh counter the views reload on (after a job, a change the backend
// reports, or every 30 s for changes made outside the app).
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, DeviceView, JobEvent } from '../../shared/api.js';
import { companion } from './companion.js';

/** appInfo() and the current device (null where no registry feature is wired); reload() asks again. */
export function useBackend() {
  const [info, setInfo] = useState<AppInfo>();
  const [device, setDevice] = useState<DeviceView | null>();
  const [error, setError] = useState<Error>();
  const load = useCallback(async () => {
    setError(undefined);
    try {
      const i = await companion!.appInfo();
      setInfo(i);
      setDevice(
        i.features.includes('demo') || i.features.includes('registry')
          ? await companion!.currentDevice()
          : null,
      );
    } catch (e) {
      setError(e as Error);
    }
  }, []);
  useEffect(() => void load(), [load]);
  return { info, device, error, reload: load };
}

/** Puts a job's new state in the list: a new job first, a known one in its place. */
function withJob(list: JobEvent[], job: JobEvent): JobEvent[] {
  const i = list.findIndex((j) => j.id === job.id);
  if (i < 0) return [job, ...list];
  const next = list.slice();
  next[i] = job;
  return next;
}

/** The jobs tray's list and the refresh counter, following the backend's job and change events. */
export function useLiveUpdates(reloadDevice: () => Promise<void>) {
  const [refreshKey, setRefreshKey] = useState(0);
  const [jobs, setJobs] = useState<JobEvent[]>([]);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  const dismissJob = useCallback((id: string) => setJobs((l) => l.filter((j) => j.id !== id)), []);

  useEffect(() => {
    const offJob = companion!.on('job', (job) => {
      setJobs((list) => withJob(list, job));
      if (job.state === 'done') {
        refresh();
        // A finished job's card leaves by itself after a while; failures stay until dismissed.
        setTimeout(() => dismissJob(job.id), 12_000);
      }
    });
    const offChanged = companion!.on('changed', (c) => {
      refresh();
      if (c.what === 'device') void reloadDevice();
    });
    return () => {
      offJob();
      offChanged();
    };
  }, [reloadDevice, refresh, dismissJob]);

  // Pushes and deletes from outside the app (docker, skopeo, another machine) show up by themselves.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, 30_000);
    return () => clearInterval(timer);
  }, [refresh]);

  return { jobs, dismissJob, refreshKey, refresh };
}
