// English UI strings: the reference catalog. Every other catalog must have the same keys
// (ru.ts is typed against this one). `{name}` marks a parameter.
export const en = {
  'app.title': 'Edge Registry Companion',
  'app.loading': 'Starting…',
  'app.backendError': 'The app backend did not answer: {message}',
  'app.retry': 'Try again',
  'lang.label': 'Language',
  'notice.dismiss': 'Dismiss',
  'modal.close': 'Close',

  'nav.registry': 'Registry',
  'nav.images': 'Local images',
  'nav.setup': 'Set up a device',

  'device.demo': 'Demo device',
  'device.real': 'Device',
  'device.title': 'Container registry',
  'device.subtitle': 'As Get-HcsKubernetesContainerRegistryInfo shows it',
  'device.endpoint': 'Endpoint',
  'device.ip': 'IP address',
  'device.username': 'Username',
  'device.password': 'Password',
  'device.fingerprint': 'CA fingerprint (SHA-256)',
  'device.caPath': 'CA certificate',
  'device.docker': 'Docker on this computer',
  'device.dockerReady': 'Set up: push and pull by name',
  'device.dockerNotReady': 'Not set up yet (no hosts entry or trusted CA)',
  'device.reveal': 'Show',
  'device.hide': 'Hide',
  'device.unavailable': 'No device yet: set one up, or start the app with the demo device.',
  'device.demoHint': 'The demo device is a registry built into the app: everything here works offline.',

  'device.setUpDocker': 'Set up Docker on this computer for it →',
  'device.useDemo': 'Switch to the demo device',
  'device.portTaken': 'Port {usual} is taken on this computer: the demo device uses port {port} instead.',
  'device.copyEndpoint': 'Copy endpoint',
  'device.copyUsername': 'Copy username',
  'device.copyPassword': 'Copy password',
  'device.copyFingerprint': 'Copy CA fingerprint',
  'device.copyCaPath': 'Copy CA certificate path',

  'copy.copy': 'Copy',
  'copy.copied': 'Copied',
  'copy.failed': 'Copy failed',

  'storage.title': 'Storage',
  'storage.used': '{used} used',
  'storage.ofQuota': '{used} of {quota} used',
  'storage.noQuota': 'no quota',
  'storage.free': '{size} free',
  'storage.full':
    'No room left: pushes are refused until you delete images and reclaim space (or raise the quota, or free space on the disk).',
  'storage.readOnly':
    "The device's storage is read-only (after disk errors, or mounted so): images can be pulled, but pushes and deletes are refused until its disk is checked and writable again.",
  'storage.noInodes':
    'No room left for more files: the disk is out of file entries (inodes), though it has bytes free. Pushes are refused until you delete images and reclaim space, or delete files on the disk.',
  'storage.reclaimable': '{size} reclaimable',
  'storage.reclaim': 'Reclaim space',
  'storage.reclaiming': 'Reclaiming…',
  'storage.reclaimed': 'Reclaimed {size} ({blobs} blobs).',
  'storage.nothing': 'Nothing to reclaim.',
  'storage.nothingYet': 'Nothing to reclaim yet.',
  'storage.keptRecent':
    '{size} that no image uses was pushed in the last hour: it is kept in case a push still needs it; reclaim again in an hour.',
  'storage.settings': 'Settings',
  'storage.nightlyAt': 'Space is also reclaimed by itself every night at {time}.',
  'storage.onRequest': 'Space is reclaimed only when you ask.',

  'storageSettings.title': 'Storage settings of the demo device',
  'storageSettings.limit': 'Limit storage to',
  'storageSettings.quota': 'Storage quota',
  'storageSettings.quotaHint':
    'A push that would pass the quota is refused with a clear error, as on a device that is full.',
  'storageSettings.badSize': 'Enter a size like 10 GiB or 500 MB.',
  'storageSettings.belowUsed':
    '{used} is already used: pushes will be refused until you delete images and reclaim space.',
  'storageSettings.nightly': 'Reclaim space by itself every night at',
  'storageSettings.time': 'Time of the nightly reclaim',
  'storageSettings.nightlyHint':
    'Local time. Pushes go on while it runs. If the device is not running then (the app closed, the computer off), it runs when it next starts.',
  'storageSettings.badTime': 'Enter a time like 03:00.',
  'storageSettings.cancel': 'Cancel',
  'storageSettings.save': 'Save',
  'storageSettings.saving': 'Saving…',
  'storageSettings.saved': 'Storage settings saved.',

  'repos.title': 'Repositories',
  'repos.refresh': 'Refresh',
  'repos.empty': 'No images on this registry yet.',
  'repos.emptyHint': 'Push a local image, or drop a docker save .tar file anywhere on this window.',
  'repos.emptyHintNoDocker':
    'Drop a docker save .tar file anywhere on this window, or push to {endpoint} with docker or skopeo.',
  'repos.tags.one': '{count} tag',
  'repos.tags.few': '{count} tags',
  'repos.tags.many': '{count} tags',
  'repos.tags.other': '{count} tags',
  'repos.tag': 'Tag',
  'repos.digest': 'Digest',
  'repos.size': 'Size',
  'repos.created': 'Created',
  'repos.actions': 'Actions',
  'repos.delete': 'Delete',
  'repos.yaml': 'Kubernetes YAML',
  'repos.copyRef': 'Copy reference',
  'repos.filter': 'Filter repositories',
  'repos.noMatches': 'No repository matches “{filter}”.',
  'repos.copyRefOf': 'Copy reference {ref}',
  'repos.yamlOf': 'Kubernetes YAML for {ref}',
  'repos.deleteOf': 'Delete {ref}',
  'repos.pushTar': 'Push a .tar file…',
  'repos.deletingIn': 'Deleting in {seconds} s',
  'repos.deletingNow': 'Deleting…',
  'repos.undo': 'Undo',
  'repos.undoOf': 'Undo deleting {ref}',

  'delete.title': 'Delete {ref}?',
  'delete.manifest':
    'This registry deletes by digest: the image {digest} goes, with every tag that points at it:',
  'delete.space': 'Its space comes back when you reclaim space.',
  'delete.spaceApp':
    'Space that only this image uses is freed at once (a layer pushed in the last hour, when you reclaim space).',
  'delete.spaceFreed': '{size} is free again.',
  'delete.spaceNightly': 'The device frees the space in its nightly cleanup.',
  'delete.tags': 'Tags that are deleted',
  'delete.confirm': 'Delete',
  'delete.cancel': 'Cancel',
  'delete.done': 'Deleted {refs}.',

  'images.title': 'Local Docker images',
  'images.notSetUp':
    'Docker cannot push to {endpoint} until this computer is set up for it (hosts entry, trusted CA).',
  'images.setUpNow': 'Set up now',
  'images.empty': 'Docker has no images here.',
  'images.push': 'Push',
  'images.pushTo': 'Push {image} to {endpoint}',
  'images.repository': 'Repository',
  'images.tag': 'Tag',
  'images.start': 'Push',
  'images.badRepository':
    'A repository name is lower case letters and digits, with . _ - inside a part and / between parts (e.g. team/web-app).',
  'images.badTag': 'A tag is up to 128 letters, digits, _ . and -, not starting with . or - (e.g. v1.2).',
  'images.id': 'Image ID',

  'drop.title': 'Drop to push',
  'drop.hint': 'Drop a docker save or OCI .tar file to push it to {endpoint}.',
  'drop.uploading': 'Handing {name} over…',
  'drop.notTar':
    '{name} is not a .tar file: save an image with `docker save -o image.tar IMAGE` and drop that.',
  'drop.unsupported': 'Pushing files is not available in this version.',
  'drop.choose': 'docker save or OCI .tar files',

  'jobs.push': 'Pushing {subject}',
  'jobs.push-tarball': 'Pushing {subject}',
  'jobs.setup': 'Setting up {subject}',
  'jobs.forget': 'Undoing the setup of {subject}',
  'jobs.gc': 'Reclaiming space',
  'jobs.title': 'Jobs',
  'jobs.layer': 'Layer {id}',
  'jobs.bytes': '{done} of {total}',
  'jobs.speed': '{size}/s',
  'jobs.left': '{time} left',
  'jobs.seconds': '{s} s',
  'jobs.minutes': '{m} min {s} s',
  'jobs.hours': '{h} h {m} min',
  'jobs.cancel': 'Cancel',
  'jobs.dismiss': 'Dismiss',
  'jobs.done': 'Done',
  'jobs.failed': 'Failed',
  'jobs.cancelled': 'Cancelled',
  'jobs.layer.waiting': 'Waiting',
  'jobs.layer.checking': 'Checking',
  'jobs.layer.retrying': 'Resuming',
  'jobs.layer.pushing': 'Pushing',
  'jobs.layer.exists': 'Already there',
  'jobs.layer.pushed': 'Pushed',
  'jobs.layer.mounted': 'Mounted',
  'jobs.layer.cancelled': 'Cancelled',
  'jobs.layer.stopped': 'Not pushed',

  'setup.title': 'Set up a device',
  'setup.intro':
    'Paste the output of Get-HcsKubernetesContainerRegistryInfo from the device, or enter its IP. The app shows every change to this computer before it makes any.',
  'setup.paste': 'Registry info (pasted)',
  'setup.pastePlaceholder':
    'Endpoint                                     IPAddress    Username     Password\n--------                                     ---------    --------     --------\necr.dbe-hw6h1t2.microsoftdatabox.com:31001   10.128.44.40 ase-ecr-user …',
  'setup.or': 'or',
  'setup.ip': 'Device IP',
  'setup.port': 'Port',
  'setup.discover': 'Find the device',
  'setup.discovering': 'Connecting…',
  'setup.useDemo': 'Use the demo device',
  'setup.caFile': 'Device CA certificate (optional)',
  'setup.caFileHint':
    "Only for a device that does not send its CA: download the certificate from the device's local UI (.cer, .crt or .pem) and choose it here.",
  'setup.caFileClear': 'Remove',
  'setup.caFileChoose': 'Choose a file…',
  'setup.caFileNone': 'None: the device sends its CA',
  'setup.caFileTooBig':
    '{name} is too large for a certificate (CA files are a few kilobytes): choose the CA file the device offers.',
  'setup.found': 'Found {endpoint} at {ip}',
  'setup.cert': 'Certificate',
  'setup.subject': 'Subject',
  'setup.issuer': 'Issuer',
  'setup.validUntil': 'Valid until',
  'setup.fingerprint': 'SHA-256 fingerprint',
  'setup.thumbprint': 'SHA-1 thumbprint',
  'setup.confirmFingerprint': 'I compared this fingerprint with the one the device shows, and they match.',
  'setup.plan': 'Show the changes',
  'setup.planTitle': 'Changes to this computer',
  'setup.planIntro': 'These steps run under one administrator prompt. Steps already done are skipped.',
  'setup.stepDone': 'already done',
  'setup.commands': 'Commands',
  'setup.files': 'Files written',
  'setup.run': 'Make these changes',
  'setup.started': 'Running: see the progress above',
  'setup.finished': 'Done: these changes are made',
  'setup.planAgain': 'Show the changes again',
  'setup.elevation': 'You will be asked for administrator rights once.',

  'forget.open': 'Undo…',
  'forget.title': 'Undo the setup of {endpoint} on this computer?',
  'forget.intro':
    "These steps remove exactly what setup added: the hosts entry, the trusted CA and Docker's certificate folder. Nothing else changes.",
  'forget.run': 'Undo these changes',

  'yaml.title': 'Kubernetes YAML for {ref}',
  'yaml.namespace': 'Namespace',
  'yaml.secret': 'Image pull secret',
  'yaml.kind': 'Kind',
  'yaml.withSecret': 'Include the pull Secret (for clusters that do not have it yet)',
  'yaml.secretWarning': 'The Secret holds the registry password: apply it with kubectl, do not commit it.',
  'yaml.copy': 'Copy YAML',
  'yaml.close': 'Close',
  'yaml.code': 'YAML',
  'yaml.badNamespace':
    'A namespace is up to 63 lower case letters, digits and -, starting and ending with a letter or digit (e.g. edge-apps).',
  'yaml.badSecret':
    'A Secret name is up to 253 lower case letters, digits, - and ., each part between dots starting and ending with a letter or digit (e.g. ase-ecr-credentials).',

  // Written by the backend (electron/device/setup-plan.ts, electron/app): English for the CLI and
  // logs, and shown in the UI's language.
  'plan.hostsAdd': 'Map {host} to {ip} in the hosts file',
  'plan.hostsAdd.why':
    "Docker must reach the registry by the name on its certificate ({host}); the device's name is not in DNS.",
  'plan.hostsRemove': 'Remove {host} from the hosts file',
  'plan.hostsRemove.why': 'The app added this entry when the device was set up.',
  'plan.restartDesktop': 'Restart Docker Desktop',
  'plan.restartDesktop.why':
    'Docker Desktop copies the OS root certificates into its engine only when it starts.',
  'plan.previousCa.why': 'The device now presents a different CA; the old one should no longer be trusted.',
  'plan.winRemovePrevious':
    "Remove the device's previous CA (thumbprint {thumb}) from the Windows root store",
  'plan.winTrust': "Trust the device's CA (thumbprint {thumb}) in the Windows root store",
  'plan.winTrust.why': 'Docker and Windows must trust the registry certificate, which this CA signed.',
  'plan.macRemovePrevious': "Remove the device's previous CA (SHA-1 {thumb}) from the System keychain",
  'plan.macTrust':
    "Trust the device's CA (SHA-1 {thumb}) as a root for TLS: macOS asks for an administrator password for this step",
  'plan.macTrust.why':
    "Docker Desktop and macOS must trust the registry certificate, which this CA signed. Since macOS 11 only a person can approve this trust setting, in macOS's own dialog; a script run as administrator is refused.",
  'plan.macKeychainAdd': "Add the device's CA (SHA-1 {thumb}) to the System keychain",
  'plan.macKeychainAdd.why':
    'macOS looks for the CA that signed the registry certificate in the System keychain.',
  'plan.macDistrustPrevious':
    "Remove the trust setting of the device's previous CA (SHA-1 {thumb}): macOS asks for an administrator password for this step",
  'plan.macDistrust':
    "Remove the trust setting of the device's CA (SHA-1 {thumb}): macOS asks for an administrator password for this step",
  'plan.macDistrust.why':
    'Setup trusted this CA. Deleting the certificate from the keychain leaves its trust setting behind; this removes it too.',
  'plan.note.macDialog':
    'macOS asks for an administrator password twice: once for the changes made as administrator, and once, in its own dialog, for the trust setting of the CA (since macOS 11 a script cannot approve it).',
  'plan.restartDesktopMac.why':
    'Docker Desktop reads the trusted CAs of the System keychain only when it starts: it is quit, then started again from {app} once it has quit.',
  'plan.linuxTrust': "Trust the device's CA in the system store ({file})",
  'plan.linuxTrust.why':
    'Other tools (curl, skopeo, podman) check the system store; Docker reads certs.d below.',
  'plan.dockerCerts': "Give Docker the device's CA for {endpoint}",
  'plan.dockerCerts.why':
    "Docker trusts a registry's CA from {dir}; it reads it on each connection, no restart needed.",
  'plan.untrust.why': 'Setup added it; nothing else should trust this device any more.',
  'plan.winUntrust': "Remove the device's CA (thumbprint {thumb}) from the Windows root store",
  'plan.macUntrust': "Remove the device's CA (SHA-1 {thumb}) from the System keychain",
  'plan.linuxUntrust': "Remove the device's CA from the system store ({file})",
  'plan.dockerCertsRemove': "Remove Docker's CA file for {endpoint}",
  'plan.dockerCertsRemove.why': 'Setup added it.',
  'plan.restartService': 'Restart the Docker Engine service',
  'plan.restartService.why': 'The Docker Engine reads the trusted CAs when it starts.',
  'plan.note.noEngine':
    'No Docker engine was found on this computer. The hosts entry and the trust are set up anyway; install or start Docker (then run setup again, so that Docker gets the CA too) before `docker login`.',
  'plan.note.otherPlatform':
    'This plan is for {platform}, made on {here} for review: it assumes {engine} and a hosts file without the entry, its temp folder is an example, and it shows every step as to do.',
  'plan.failed':
    '"{title}" failed: {detail}. Nothing after it was changed; fix the cause (or do this step by hand: {files}) and run setup again, which skips what is done.',
  'plan.failed.noDetails': 'no details',
  'plan.failed.seePlan': 'see the plan',
  'plan.elevation.declined':
    'You declined the administrator prompt, so nothing was changed. Run setup again and approve it, or run the commands the plan shows yourself.',
  'plan.elevation.policy':
    "PowerShell's execution policy on this computer ({policy}, set by Group Policy) does not let the setup script run, so nothing was changed. Ask your IT department to allow it, or run the commands the plan shows yourself in PowerShell as administrator.",
  'plan.elevation.languageMode':
    'PowerShell runs in {mode} mode on this computer (AppLocker or Windows Defender Application Control), which blocks the setup script, so nothing was changed. Ask your IT department, or run the commands the plan shows yourself in PowerShell as administrator.',
  'plan.elevation.failedWin':
    'The administrator prompt could not run the plan ({detail}). Nothing was changed; run the app or the command as an administrator, or run the commands the plan shows by hand.',
  'plan.elevation.failedSudo':
    'The administrator prompt could not run the plan ({detail}). Nothing was changed; run the app or the command with administrator rights (sudo), or run the commands the plan shows by hand.',
  'plan.elevation.badTemp':
    'The temp folder {dir} has characters the administrator prompt cannot pass on; set TMPDIR to a plain path and retry.',
  'job.step.done': '{title}: done',
  'job.step.skipped': '{title}: already done',
  'job.step.failed': '{title}: failed',
  'job.step.not-run': '{title}: not run',
  'job.step.pending': '{title}: to do',
  'job.setupDone': '{endpoint} is set up: docker login {endpoint} works now.',
  'job.forgetDone': 'This computer no longer has the setup for {endpoint}.',
  'job.pushed': 'Pushed {refs}.',
  'job.pushedDigest': 'Pushed {ref} ({digest}…).',
  'job.withNotes': '{message} {notes}',
  'job.docker.restarting': 'Waiting for Docker to come back after the restart…',
  'job.docker.waiting': 'Waiting for Docker to start (attempt {attempt})…',
  'job.docker.answers': 'Docker answers (attempt {attempt}).',

  // The engine trust check (electron/docker/engine-trust.ts): the Docker engine itself was asked
  // to reach the registry; {detail} is what it said, verbatim.
  'engineTrust.ok': 'Docker trusts {registry} and accepts the login.',
  'engineTrust.okNoLogin': 'Docker trusts the certificate of {registry}.',
  'engineTrust.unknownAuthority':
    'Docker does not trust {registry}: its certificate is signed by a CA that Docker does not know ({detail}). Docker Desktop reads the trusted CAs only when it starts: restart it (or run setup again, which restarts it). Docker Engine reads certs.d/{registry}/ca.crt: run setup again.',
  'engineTrust.nameMismatch':
    'Docker does not trust {registry}: the certificate is for another name ({detail}). Use the endpoint name the device shows, or regenerate the device certificates for this name.',
  'engineTrust.expired':
    "Docker does not trust {registry}: its certificate has expired or is not valid yet ({detail}). Check this computer's clock, or renew the device certificates.",
  'engineTrust.tls': 'Docker could not make a secure connection to {registry} ({detail}).',
  'engineTrust.http':
    'Docker expected HTTPS from {registry}, but it answers plain HTTP ({detail}). Check the port: the registry listens with TLS on the one the device shows.',
  'engineTrust.unreachable':
    'Docker cannot reach {registry} ({detail}). Check that the name resolves on this computer (the hosts entry) and that the device is reachable.',
  'engineTrust.credentials':
    'Docker trusts {registry}, but the registry refused the user name or password ({detail}).',
  'engineTrust.engine': 'Docker could not check {registry}: {detail}',
  'engineTrust.noDocker': 'Docker is not running, so its trust of {registry} could not be checked.',
  'engineTrust.notSetUp': 'Not set up yet (no hosts entry or trusted CA)',
  'job.setupDoneUntrusted': 'The changes for {endpoint} are made, but {reason}',

  'common.close': 'Close',
  'common.loading': 'Loading…',
  'common.error': 'Something went wrong',
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
