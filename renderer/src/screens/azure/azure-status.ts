/** How a restore job's phase and a download's status read, wherever they are shown (Job, Files, Activities). */
import type { AzureDownloadView, AzureJobView } from '../../../../electron/contract';

export const JOB_PHASE: Record<AzureJobView['phase'], { text: string; color: 'informative' | 'success' | 'danger' | 'warning' }> = {
  validating: { text: 'Validating', color: 'informative' }, submitting: { text: 'Sending', color: 'informative' }, running: { text: 'In progress', color: 'informative' },
  completed: { text: 'Completed', color: 'success' }, failed: { text: 'Failed', color: 'danger' }, stopped: { text: 'Not watched', color: 'warning' },
};

export const DOWNLOAD_STATUS: Record<AzureDownloadView['status'], { text: string; color: 'informative' | 'success' | 'danger' | 'warning' }> = {
  listing: { text: 'Listing the container', color: 'informative' }, running: { text: 'Downloading', color: 'informative' }, paused: { text: 'Paused', color: 'warning' },
  completed: { text: 'Every file on disk and checked', color: 'success' }, failed: { text: 'Stopped with problems', color: 'danger' },
  cancelled: { text: 'Cancelled', color: 'warning' }, interrupted: { text: 'Interrupted when the app stopped', color: 'warning' },
};
