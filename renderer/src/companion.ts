// The one way the UI reaches the backend. The Electron preload or the web host's bridge
// script defines window.companion before this code runs; the UI cannot tell which.
import type { CompanionBridge } from '../../shared/api.js';

declare global {
  interface Window {
    companion?: CompanionBridge;
  }
}

/** The bridge, or undefined when the page was opened without a host (e.g. the file alone). */
export const companion: CompanionBridge | undefined = window.companion;
