// The only IPC channel names of the app, imported by both the preload and the main
// process, so no channel string is written twice. Methods travel as data on `call`
// (their names come from shared/api's table), events as data on `event`.
export const ipcChannels = {
  /** renderer -> main: invoke(method, args) -> ApiResult. */
  call: 'companion:call',
  /** main -> renderer: (event name, payload). */
  event: 'companion:event',
  /** renderer -> main: invoke(path of a dropped file) -> ApiResult<StagedFile>. */
  stage: 'companion:stage',
} as const;
