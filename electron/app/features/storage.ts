// Storage of the demo device: usage, reclaiming space (GC) and its settings. Another device's
// storage is its own (an edge device reclaims space in its nightly cleanup): UNAVAILABLE there.
import { ApiError, ApiErrorCode, type CompanionApi, type StorageSettings } from '../../../shared/api.js';
import type { RegistrySettings, RunningRegistry } from '../../registry-server/index.js';
import { checkSettings } from '../../registry-server/settings.js';
import type { ActiveDevice } from '../active-device.js';
import type { Changed } from './changed.js';

type StorageApi = Pick<
  CompanionApi,
  'storageUsage' | 'collectGarbage' | 'storageSettings' | 'setStorageSettings'
>;

/** What the storage methods need of the session. */
export interface StorageSession {
  current(): ActiveDevice;
  demoRegistry(): RunningRegistry;
}

/** The registry's settings as the UI sees them (a test's interval schedule reads as none). */
function toStorageSettings(s: RegistrySettings): StorageSettings {
  const at = s.gcSchedule !== false && 'dailyAt' in s.gcSchedule ? s.gcSchedule.dailyAt : null;
  return { quotaBytes: s.quotaBytes, gcDailyAt: at };
}

/** The storage methods; they work on the demo device's registry while it is the current device. */
export function storageFeature(session: StorageSession, changed: Changed): StorageApi {
  /** The demo device's registry, when it is the current device (storage belongs to it). */
  const demoStorage = (what: string): RunningRegistry => {
    const device = session.current();
    if (!device.isDemo)
      throw new ApiError(
        ApiErrorCode.unavailable,
        `${what} of ${device.view.endpoint} is not available in this version of the app.`,
      );
    return session.demoRegistry();
  };
  return {
    async storageUsage() {
      const u = await demoStorage('Storage figures').usage();
      return {
        usedBytes: u.usedBytes,
        reclaimableBytes: u.reclaimableBytes,
        ...(u.quotaBytes !== null ? { quotaBytes: u.quotaBytes } : {}),
        ...(typeof u.availableBytes === 'number' ? { availableBytes: u.availableBytes } : {}),
        ...(u.blockedBy ? { blockedBy: u.blockedBy } : {}),
      };
    },
    async collectGarbage() {
      const r = await demoStorage('Reclaiming space').gc();
      changed('storage');
      return {
        reclaimedBytes: r.bytesReclaimed,
        removedBlobs: r.blobsRemoved,
        keptRecentBytes: r.bytesKeptRecent ?? 0,
      };
    },
    async storageSettings() {
      return toStorageSettings(await demoStorage('The storage settings').settings());
    },
    async setStorageSettings(args) {
      const reg = demoStorage('Changing the storage settings');
      const at = args.gcDailyAt;
      // Checked here so that only bad input answers BAD_REQUEST (not a disk or network failure).
      let next: RegistrySettings;
      try {
        next = checkSettings({
          quotaBytes: args.quotaBytes,
          gcSchedule: at === null ? false : { dailyAt: at },
        });
      } catch (e) {
        throw new ApiError(ApiErrorCode.badRequest, (e as Error).message);
      }
      const applied = await reg.configure(next);
      changed('storage');
      return toStorageSettings(applied);
    },
  };
}
