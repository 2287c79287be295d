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

  'unit.B': 'B',
  'unit.KiB': 'KiB',
  'unit.MiB': 'MiB',
  'unit.GiB': 'GiB',
  'unit.TiB': 'TiB',

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
  'repos.sortByTag': 'Sort by tag (r1, r2, r10)',
  'repos.sortByDate': 'Sort by date, newest first',

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
  'repos.loadingTags': 'Reading the tags…',
  'repos.readingMore': 'Reading the rest of the tags… {count} so far',
  'repos.sortByDateTooMany': 'Sorting by date is offered up to {max} tags: filter the tags to fewer.',
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
    'Docker cannot push to {endpoint} until this computer is set up for it (hosts entry, trusted CA). A docker save .tar file needs no setup: drop it onto this window.',
  'images.setUpNow': 'Set up now',
  'images.empty': 'Docker has no images here.',
  'images.push': 'Push',
  'images.alsoPushTo': 'Also push to',
  'images.pushTo': 'Push {image} to {endpoint}',
  'images.repository': 'Repository',
  'images.tag': 'Tag',
  'images.start': 'Push',
  'images.badRepository':
    'A repository name is lower case letters and digits, with . _ - inside a part and / between parts (e.g. team/web-app).',
  'images.badTag': 'A tag is up to 128 letters, digits, _ . and -, not starting with . or - (e.g. v1.2).',
  'images.tags': 'Tags',
  'images.noTags': 'no tag',
  'images.untag': 'Remove the tag {tag} from local Docker',
  'images.untagLast': 'Last tag: remove the image?',
  'images.untagLastYes': 'Remove',
  'images.untagLastNo': 'Keep',
  'images.untagged': 'Removed the tag {tag}; the image keeps its other tags.',
  'images.untaggedImage': 'Removed the tag {tag} and its image (it had no other tag).',
  'images.pushNeedsSetup': 'Set up to push',

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
  'setup.badPort': "The port is a number from 1 to 65535 (the device's registry usually listens on 31001).",
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
  'forget.logout': 'Also log out: remove the login Docker keeps for {endpoint} (as `docker logout` does)',

  'yaml.title': 'Kubernetes YAML for {ref}',
  'yaml.namespace': 'Namespace',
  'yaml.secret': 'Image pull secret',
  'yaml.kind': 'Kind',
  'yaml.withSecret': 'Include the pull Secret (for clusters that do not have it yet)',
  'yaml.secretWarning': 'The Secret holds the registry password: apply it with kubectl, do not commit it.',
  'yaml.pullPolicy': 'Image pull policy',
  'yaml.deviceSecret':
    'The device already keeps a Secret named {name} in every namespace; ours under that name would replace it. Use another name (ours is {own} by default), or tick the box below to replace it on purpose.',
  'yaml.overwriteDeviceSecret': "Name it {name}, replacing the device's own Secret in this namespace",
  'yaml.overwriteWarning':
    'Applying this YAML replaces the Secret {name} that the device made. Pods in this namespace then pull with the password in this YAML: if it changes on the device, they cannot pull until you apply a new one.',
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
  'plan.restartService': 'Restart the Docker Engine service (start it if it is stopped)',
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
  'job.setupDoneNoDocker':
    'Done: this computer is set up for {endpoint} (hosts entry, trusted CA). Not done: Docker is not running, so it cannot log in to the device or push to it yet. Next: start Docker, then push.',

  'job.forgetDone': 'This computer no longer has the setup for {endpoint}.',
  'job.forgetDoneLoggedOut':
    'This computer no longer has the setup for {endpoint}, and Docker no longer keeps a login for it.',
  'job.pushed': 'Pushed {refs}.',
  'job.pushedDigest': 'Pushed {ref} ({digest}…).',
  'job.withNotes': '{message} {notes}',
  'job.docker.restarting': 'Waiting for Docker to come back after the restart…',
  'job.docker.waiting': 'Waiting for Docker to start (attempt {attempt})…',
  'job.docker.answers': 'Docker answers (attempt {attempt}).',

  // Errors and warnings the backend sends (electron/docker, electron/device, electron/app,
  // electron/registry-client) as Texts: English for the CLI and logs, the UI's language in the UI.
  'err.docker.notRunning':
    'Docker is installed but not running (no engine socket at {where}). Start Docker Desktop or the docker service (`sudo systemctl start docker`), then try again.',
  'err.docker.notInstalled':
    "Docker is not installed on this machine. Install Docker Desktop (or Docker Engine on Linux), or push image tarballs without Docker: drop them onto the app's window, or push them with the command line (`edge-registry push --help` shows how).",
  'err.docker.noPermission':
    'Permission denied on the Docker socket {where}. Add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run as an administrator.',
  'err.docker.notAnswering':
    'Docker is not answering at {where} ({code}). Start Docker Desktop or the docker service, wait until it is ready, then try again.',
  'err.docker.noImage':
    'There is no local image {image}. Check the name with `edge-registry ls` or `docker images`, or build/pull it first.',
  'err.docker.tagFailed': 'Docker could not tag {source} as {target}: {detail}',
  'err.docker.untagFailed': 'Docker could not remove the tag {ref}: {detail}',
  'err.docker.notATag': '{ref} is not a tag of a local image. Refresh the list of local images.',
  'err.docker.inUse':
    "Docker keeps {ref}: it is the image's last tag and a container uses the image ({detail}). Remove the container first (`docker rm`), then try again.",
  'err.push.noImage': '{detail}. Check the name with `edge-registry ls` or `docker images`, then push again.',
  'err.push.unauthorized':
    '{registry} rejected the credentials for the push ({detail}). Run `edge-registry login {registry}` with the right user and password, then push again.',
  'err.push.quota':
    '{registry} refused the push: its storage quota is exhausted ({detail}). Delete images you no longer need (`edge-registry rm`) or raise the quota, then push again.',
  'err.push.denied':
    "{registry} denied the push ({detail}). Ask the registry's administrator for push access.",
  'err.push.tls':
    'Docker does not trust the certificate of {registry} ({detail}). Set the device up (it installs the CA for Docker in certs.d/{registry}/ca.crt), then push again.',
  'err.push.noSuchHost':
    'Docker cannot find {host} ({detail}): this computer has no hosts entry for the device yet. Set the device up on this computer, then push again.',
  'err.push.unreachable':
    'Docker cannot reach the registry at {registry} ({detail}). Check that it is running and reachable, then push again; layers that arrived are kept.',
  'err.push.failed': 'The push to {registry} failed: {detail}',
  'err.push.startFailed': 'Docker could not start the push of {ref}: {detail}',
  'err.push.cancelled': 'The push of {ref} was cancelled; layers that arrived stay on the registry.',
  'err.push.cancelledEarly': 'The push was cancelled.',
  'err.push.noDigest': 'Docker finished the push of {ref} without reporting a digest.',
  'err.registry.said': ' (registry said: {detail})',
  'err.registry.unauthorized':
    '{registry} rejected the credentials for {action} (401){said}. Check the user name and password, then run `edge-registry login {registry}` again.',
  'err.registry.quota':
    '{registry} refused {action}: its storage quota is exhausted{said}. Delete images you no longer need (`edge-registry rm`) or raise the quota, then try again.',
  'err.registry.denied':
    "{registry} denied {action} on {where} ({status}){said}. Ask the registry's administrator for access, or log in as a user that has it.",
  'err.registry.deleteDisabled':
    'delete is disabled on this registry ({registry} answered 405 UNSUPPORTED). Ask its administrator to enable deletes (Distribution: storage.delete.enabled: true).',
  'err.registry.unsupported': '{registry} does not support {action} ({status} UNSUPPORTED){said}.',
  'err.registry.notFound':
    '{where} was not found on the registry ({code}). Check the repository and tag with `edge-registry ls {list}`.',
  'err.registry.rateLimited': '{registry} is rate-limiting requests (429). Wait a minute and try again.',
  'err.registry.failed': '{registry} failed {action} on {where} with HTTP {status}{code}{said}.',
  'err.registry.cancelled': 'The operation on {registry} was cancelled.',
  'err.registry.tls':
    "The TLS certificate of {registry} is not trusted ({code}). Trust the device's CA (set the device up, or pass --ca FILE), then try again.",
  'err.registry.unreachable':
    'Cannot reach the registry at {registry} ({reason}). Check that it is running and that the name resolves (hosts entry), then try again.',
  'err.registry.action.request': 'the request',
  'err.registry.action.login': 'login',
  'err.registry.action.token': 'login (token request)',
  'err.registry.action.catalog': 'listing repositories',
  'err.registry.action.tags': 'listing tags',
  'err.registry.action.manifest': 'reading the manifest',
  'err.registry.action.config': 'reading the image config',
  'err.registry.action.checkLayer': 'checking a layer',
  'err.registry.action.pushLayer': 'pushing a layer',
  'err.registry.action.pushManifest': 'pushing the manifest',
  'err.registry.action.delete': 'delete',
  'err.registry.action.usage': 'reading storage usage',
  'err.registry.needLogin':
    '{registry} needs credentials. Run `edge-registry login {registry}` (it asks for the user name and password), then try again.',
  'err.registry.uploadStatus':
    '{registry} could not tell how much of the upload arrived (HTTP {status}){said}. Push again: layers that arrived are kept.',
  'err.registry.siblings':
    '{registry} cannot delete only the tag {ref}; deleting its manifest {digest} would also delete the tags {tags}. Confirm to delete them all (`edge-registry rm --all-tags`).',
  'err.registry.badRedirect': '{registry} sent the client to {protocol} URL; only HTTP(S) is followed.',
  'err.registry.insecureRedirect':
    "{registry} sent the client from HTTPS to plain HTTP ({origin}); refused, as Docker does: the registry's data and credentials would travel unencrypted. Check the registry's configuration (its external URL, or the proxy in front of it).",
  'err.registry.digestMismatch': '{registry} sent a manifest whose digest does not match {reference}.',
  'err.registry.manifestNotJson': '{registry} sent a manifest that is not JSON.',
  'err.registry.noRealm': '{registry} asked for a Bearer token without a realm.',
  'err.registry.insecureRealm':
    "{registry} asked for the credentials at {origin}, {how}; refused: they would travel unencrypted. Check the registry's token service configuration.",
  'err.registry.realm.http': 'plain HTTP',
  'err.registry.realm.notHttps': 'not HTTPS',
  'err.registry.tokenNotJson': 'The token server of {registry} answered with something that is not JSON.',
  'err.registry.noToken': 'The token server of {registry} sent no token.',
  'err.archive.tooLarge': '{file}: {name} is too large for a JSON file.',
  'err.archive.notJson': '{file}: {name} is not valid JSON. Save the image again.',
  'err.archive.lacks': '{file} lacks {name}. Save the image again.',
  'err.archive.noImage':
    '{file} holds no image (neither manifest.json nor an OCI index.json). Push a file made by `docker save` or `skopeo copy ... oci-archive:FILE`.',
  'err.archive.emptyIndex': '{file}: index.json lists no image.',
  'err.archive.emptyManifest': '{file}: manifest.json lists no image.',
  'err.archive.layerCount':
    '{file}: the config of {image} lists {config} layers but the archive has {layers}.',
  'err.archive.gzip': '{file} is compressed (gzip). Decompress it first (gunzip), then push the .tar.',
  'err.archive.notTar': '{file} is not a tar archive. Push a file made by `docker save` or an OCI archive.',
  'err.archive.damaged': '{file} is damaged at byte {pos} (bad tar header). Save the image again.',
  'err.archive.noSuchImage': '{file} has no image named {name}; it holds {images}.',
  'err.archive.whichImage':
    '{file} holds {count} images ({images}); say which one to push (the `image` option; `--image NAME` on the command line).',
  'err.probe.refused':
    "Nothing is listening at {where}. Check the IP address and port (the registry's default port is 31001), that the device is on, and that its registry is enabled.",
  'err.probe.unreachable':
    '{where} cannot be reached from this computer ({code}). Check the network connection to the device and the IP address.',
  'err.probe.reset':
    "{where} closed the connection during the TLS handshake. Check that this is the registry's port (default 31001), not another service.",
  'err.probe.notTls':
    "{where} answers, but not with TLS (plain HTTP or another protocol). Check the port: the device's registry speaks HTTPS on 31001.",
  'err.probe.cannotConnect': 'Cannot connect to {where}: {detail}. Check the address and port.',
  'err.probe.timeout': '{where} did not answer within {seconds} s. Check the IP address, port and firewall.',
  'err.probe.timeoutHttp': '{where} did not answer within {seconds} s. Check the network and the port.',
  'err.probe.noCert': "{where} sent no certificate. Check that this is the device's registry port.",
  'err.probe.at': 'https://{host}:{port} (at {ip})',
  'err.probe.notRegistry':
    "{where} answers HTTPS, but not like a container registry (GET /v2/ gave HTTP {status}{header}). Check the port: the device's registry listens on 31001.",
  'err.probe.noApiHeader': ', no Docker-Distribution-API-Version header',
  'err.probe.nameMismatch':
    'The registry\'s certificate does not name "{host}" ({detail}). Use the endpoint name the device shows, or regenerate the device\'s certificates for this name.',
  'err.probe.notYetValid':
    "The registry's certificate is not valid yet: this computer's clock ({now}) is behind the device's, or the other way round. Correct the time on both (automatic time sync) and retry.",
  'err.probe.expired':
    "The registry's certificate has expired. Renew the device's certificates on its local UI (or check this computer's clock), then retry.",
  'err.probe.untrusted':
    "The registry's certificate is not signed by the chosen CA ({code}). Choose the CA certificate of this device, or download it again from the device's local UI.",
  'err.probe.badCredentials':
    '{where} rejected the user {username} with this password (HTTP 401). Copy the registry info from the device again (Get-HcsKubernetesContainerRegistryInfo): the password may have changed or been cut short.',
  'err.info.cutOff':
    'The table was cut off ("{token}"). Run `Get-HcsKubernetesContainerRegistryInfo | Format-List` on the device and paste that.',
  'err.info.badEndpoint': '"{endpoint}" is not an endpoint of the form name:port.',
  'err.info.noIp': 'The pasted text has an Endpoint but no IPAddress. Paste the whole output.',
  'err.info.noEndpoint':
    "No registry endpoint (name:port) found in the pasted text. Paste the output of `Get-HcsKubernetesContainerRegistryInfo` from the device, or give the device's IP address instead.",
  'err.info.noIpAfter':
    "Found the endpoint {endpoint} but no IP address after it. Paste the whole output, or give the device's IP address instead.",

  'err.setup.noName':
    "The certificate at {where} names no host (its SAN has no DNS name). Paste the device's registry info (Get-HcsKubernetesContainerRegistryInfo), which names its endpoint.",
  'err.setup.noCaInChain':
    "The device at {where} sends only its server certificate, not its CA (\"{issuer}\", which issued it). Download that CA's certificate from the device's local UI and give that file as the device's CA certificate.",
  'err.setup.fingerprintMismatch':
    "The device's CA has SHA-256 fingerprint {actual}, not the {given} you gave. Check the fingerprint on the device itself; if they differ, do not trust this connection.",
  'err.setup.fingerprintUnconfirmed':
    "The device's CA (SHA-256 {fingerprint}) was read over the network and is not confirmed. Compare it with the fingerprint shown on the device, then pass it with --fingerprint (or confirm when asked).",
  'err.setup.noInput': 'Paste the output of Get-HcsKubernetesContainerRegistryInfo, or enter the device IP.',
  'err.setup.noDemo': 'The demo device is not running in this app.',
  'err.setup.deviceGone': 'Find the device again: its details are no longer here.',
  'err.setup.planGone': 'Show the changes again: that plan is no longer here.',
  'err.setup.badCaFile': '{name} is not a certificate file (CA files are a few kilobytes).',
  'warn.setup.caChanged':
    "The device {endpoint} now presents a different CA than when it was set up (was SHA-256 {was}, now {now}). If the device's certificates were not renewed on purpose, stop: someone may be intercepting the connection.",
  'warn.setup.notResolving':
    '{host} does not resolve to {ip} yet although the hosts file says so. A DNS cache, VPN client or proxy may override it: flush the DNS cache or restart, then retry `docker login`.',
  'warn.setup.dockerNotReady': 'The registry is set up, but Docker is not ready for `docker login`: {reason}',
  'err.k8s.deviceSecret':
    "A Secret named {name} would replace the one the device keeps in every namespace when applied. Use another name (ours is {own} by default), or ask explicitly to replace the device's own.",
  'err.app.noDevice':
    'No device is connected: set one up, or start the app with the demo device (`edge-registry serve --demo`).',
  'err.app.noDemo': 'The demo device is not running: start the app with it (`--demo`).',
  'err.app.badRepository':
    "'{name}' is not a repository name: use lower case letters and digits, with . _ - inside a part and / between parts.",
  'err.app.badTag':
    "'{name}' is not a tag: use up to 128 letters, digits, _ . and -, not starting with . or -.",
  'err.app.notSetUp':
    'This computer is not set up for {endpoint} yet, so Docker cannot reach it by name. Set it up first (Set up a device); a docker save .tar file can be pushed without setup.',

  'err.app.fleetUnknownDevice':
    "'{device}' is not a device this app knows with a kept password. Set it up again (Set up a device), then push again.",
  'err.app.fleetNoDevice': 'Choose at least one device to push to.',
  'err.app.loginNeeded':
    'The password for {endpoint} was not kept on this computer (it has no system keychain). Log in to the device again (Devices on this computer), then try again.',
  'err.app.loginRefused': '{endpoint} refused this password for {username}. Check it and try again.',
  'err.app.fleetNoSource':
    'Say what to push: a local image with a repository and tag, or a dropped .tar file.',

  'err.app.tagGone': '{ref} is no longer on the registry. Refresh the list.',
  'err.app.jobUnknown': 'That job has already finished or never existed.',
  'err.app.fileUnreadable': 'Cannot read {name}: drop a docker-save or OCI .tar file.',
  'err.app.uploadFailed': 'The file did not arrive completely ({detail}). Drop it again.',
  'err.app.fileGone': 'That dropped file is no longer available: drop it again.',
  'devices.title': 'Devices on this computer',
  'devices.choose': 'The device to work with',
  'devices.setUp': 'set up',
  'devices.notSetUp': 'not set up',
  'devices.loginKept': 'login kept',
  'devices.noLogin': 'no login kept',
  'devices.lastOk': 'last check: no problem',
  'devices.lastFailed': 'last check: a check failed',
  'devices.check': 'Check {name}',
  'devices.checkShort': 'Check',
  'devices.checking': 'Checking…',
  'devices.forget': 'Undo the setup of {name}',
  'devices.fix': 'Fix: {fix}',
  'devices.report': 'Check of {endpoint}',
  'devices.loginNeeded': 'log in to use it',
  'devices.logIn': 'Log in…',
  'devices.logInTo': 'Log in to {name}',
  'login.title': 'Log in to {endpoint}',
  'login.intro':
    'The password of {username} was not kept on this computer (it has no system keychain). Enter it to work with the device again: the device checks it first.',
  'login.password': 'Password',
  'login.run': 'Log in',
  'login.checking': 'Checking…',
  // The doctor (electron/device/doctor.ts): one line per check, then the one fix.
  'doctor.check.name': 'Name',
  'doctor.check.port': 'Port',
  'doctor.check.certificate': 'Certificate dates',
  'doctor.check.chain': 'Certificate chain',
  'doctor.check.os-trust': 'Trust on this computer',
  'doctor.check.credentials': 'Login',
  'doctor.check.delete': 'Deleting images',
  'doctor.check.space': 'Free space',
  'doctor.check.engine': "Docker's trust",
  'doctor.verdict.ok': 'OK',
  'doctor.verdict.warn': 'Warning',
  'doctor.verdict.fail': 'Failed',
  'doctor.verdict.skipped': 'Not checked',
  'doctor.needs.failed': 'failed',
  'doctor.needs.skipped': 'was not checked',
  'doctor.skip.needs': 'Not checked: it needs “{check}”, which {verdict}.',
  'doctor.skip.noIp': 'Not checked: the address of {host} is not known.',
  'doctor.skip.noLogin': 'Not checked: no login is stored for this device.',
  'doctor.detail': '{detail}',
  'doctor.bytes': '{value} {unit}',
  'doctor.name.isIp': 'The endpoint is the address {host} itself: there is no name to resolve.',
  'doctor.name.ok': "{host} resolves to the device's address {ip} (its first line in {file} says so).",
  'doctor.name.dns': "{host} resolves to the device's address {ip} (through DNS).",
  'doctor.name.noRecord':
    "{host} resolves to {ip}, but this computer has no record of the device's address to compare with.",
  'doctor.name.none': '{host} does not resolve on this computer.',
  'doctor.name.noEntry': '{host} does not resolve on this computer: {file} has no line for it.',
  'doctor.name.otherFirst':
    "The first line for {host} in {file} maps it to {other}, not to the device's address {ip} (“{line}”).",
  'doctor.name.notUsed':
    '{file} maps {host} to {ip}, but the name does not resolve to it (a DNS cache, VPN client or proxy overrides the file).',
  'doctor.name.dnsOther': "{host} resolves to {got}, not to the device's address {ip}.",
  'doctor.port.ok': '{where} accepts connections.',
  'doctor.port.refused': 'Nothing listens at {where} (connection refused).',
  'doctor.port.timeout': '{where} did not answer within {seconds} s.',
  'doctor.port.unreachable': '{where} cannot be reached from this computer ({code}).',
  'doctor.cert.ok':
    'Every certificate the registry sends is valid now (the first ends {date}); the clocks agree.',
  'doctor.cert.okNoDate':
    'Every certificate the registry sends is valid now (the first ends {date}); the registry sent no time to compare clocks with.',
  'doctor.cert.expired': 'The certificate “{subject}” expired on {date}.',
  'doctor.cert.notYet': 'The certificate “{subject}” is not valid until {date}.',
  'doctor.cert.clock':
    "The certificate “{subject}” is not valid by this computer's clock ({now}), though it is by the registry's ({theirs}): this computer's clock is wrong.",
  'doctor.cert.skew':
    "This computer's clock ({now}) and the registry's ({theirs}) differ by {seconds} s: certificates and logins fail when the difference grows.",
  'doctor.cert.soon': 'The certificate “{subject}” ends on {date}, within 30 days.',
  'doctor.chain.pinned':
    "The registry's certificate is for this name and signed by the CA pinned at setup (SHA-256 {fingerprint}).",
  'doctor.chain.notPinned':
    "The registry's certificate verifies with the CA “{subject}” (SHA-256 {fingerprint}), but no fingerprint was pinned for this device at setup.",
  'doctor.chain.pinMismatch':
    'The registry does not present the CA pinned at setup (SHA-256 {pinned}): it sends “{subject}” (SHA-256 {sent}).',
  'doctor.chain.noCa':
    'No CA certificate is known on this computer for {endpoint}, so its certificate cannot be verified.',
  'doctor.os.ok': 'The CA “{subject}” is in the system trust store ({store}).',
  'doctor.os.missing': 'The CA “{subject}” is not in the system trust store ({store}).',
  'doctor.os.noBundle': 'Not checked: this system has no trust store the app knows.',
  'doctor.login.ok': 'The registry accepts the stored login of {username}.',
  'doctor.login.none': 'No login is stored for {endpoint}.',
  'doctor.login.refused': '{endpoint} refuses the stored password of {username}.',
  'doctor.delete.ok': 'The registry accepts deletes.',
  'doctor.delete.disabled': 'The registry refuses every delete (HTTP 405): deleting is turned off on it.',
  'doctor.delete.denied': 'The registry does not let {username} delete.',
  'doctor.delete.unknown':
    'The registry answered a test delete with HTTP {status}: whether deletes work is not known.',
  'doctor.space.ok': '{free} free ({used} used).',
  'doctor.space.used': '{used} used; the registry does not say how much more fits.',
  'doctor.space.low': 'Only {free} free ({used} used): pushes will soon be refused.',
  'doctor.space.readOnly': "The registry's storage is read-only: pushes and deletes are refused.",
  'doctor.space.inodes': "The registry's disk has no free inodes left: pushes are refused.",
  'doctor.space.notReported': 'Not checked: this registry does not report its free space.',
  'doctor.engine.noDocker': 'Not checked: Docker does not answer ({reason}). Start Docker and check again.',
  'doctor.fix.setup':
    'Set the device up on this computer, which pins its CA: `edge-registry setup --endpoint {endpoint} --ip {ip}` (or Set up a device in the app).',
  'doctor.fix.setupIp':
    'Set the device up by its IP address (Get-HcsKubernetesContainerRegistryInfo on the device shows it): in the app, Set up a device; on the command line, `edge-registry setup --help` shows the form with `--endpoint {endpoint}` and `--ip`.',
  'doctor.fix.setupAgain':
    'Run setup again: `edge-registry setup --endpoint {endpoint} --ip {ip}` (or Set up a device in the app).',
  'doctor.fix.dns':
    'Flush the DNS cache (or turn off the VPN client or proxy that answers for the name), then check again.',
  'doctor.fix.registryOn':
    "Check that the device is on, that its registry is enabled, and that the port is the registry's (31001 on the device).",
  'doctor.fix.network':
    'Check the network path to {ip}: the device is on, the cable or VPN is up, no firewall blocks the port.',
  'doctor.fix.port': "Check that the port is the registry's (31001 on the device), not another service.",
  'doctor.fix.clock': 'Turn on automatic time sync on this computer (and on the device), then check again.',
  'doctor.fix.renew':
    "Renew the device's certificates on its local UI, then run setup again with the new CA.",
  'doctor.fix.certName':
    'Use the endpoint name the device shows (Get-HcsKubernetesContainerRegistryInfo), or regenerate its certificates for this name.',
  'doctor.fix.caChanged':
    "If the device's certificates were renewed, compare the new CA's fingerprint with the one on the device and run setup again for {endpoint}; otherwise do not use this connection.",
  'doctor.fix.login':
    "Log in: `edge-registry login {endpoint} -u {username} --password-stdin`, with the device's password on standard input.",
  'doctor.fix.loginAgain':
    "Log in again with the device's current password (Get-HcsKubernetesContainerRegistryInfo shows it): `edge-registry login {endpoint} -u {username} --password-stdin`.",
  'doctor.fix.enableDelete':
    "Turn deleting on in the registry's configuration (Distribution: `storage.delete.enabled: true`, or `REGISTRY_STORAGE_DELETE_ENABLED=true`) and restart it.",
  'doctor.fix.deleteRights':
    "Ask the registry's administrator to let {username} delete, or log in as a user who may.",
  'doctor.fix.space':
    'Delete images you no longer need and reclaim the space (`edge-registry gc` on the demo device), or give the registry more room.',
  'doctor.fix.engineCa':
    'Run setup again (it puts the CA where Docker reads it, and restarts Docker Desktop where needed); with Docker Desktop, restart it.',
  'doctor.fix.engine': 'Check that Docker works (`docker info`), then check again.',
  'doctor.fix.retry': 'Check again; if it happens again, report it with this message.',
  // A call whose argument does not fit its method's schema (shared/api.ts apiMethods): a bug of the
  // window's code or a window of another version. {field} is err.api.field or err.api.wholeArgument.
  'err.api.badArgument':
    '{method}: {field} {problem}. The window sent a call this version of the app does not take: reload the window, and update the app if it happens again.',
  'err.api.field': '{name}',
  'err.api.wholeArgument': 'the argument',
  'err.api.arg.missing': 'is missing',
  'err.api.arg.unknown': 'is not an argument of this method',
  'err.api.arg.invalid': 'has a value this method does not take',
  'err.api.arg.type': 'must be {expected}',
  'err.api.type.string': 'a string',
  'err.api.type.stringOrNull': 'a string or null',
  'err.api.type.number': 'a number',
  'err.api.type.numberOrNull': 'a number or null',
  'err.api.type.boolean': 'true or false',
  'err.api.type.array': 'a list',
  'err.api.type.object': 'an object',
  'err.api.type.oneOf': 'one of {values}',
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
