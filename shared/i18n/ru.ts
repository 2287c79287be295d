// Russian UI strings; typed against the English catalog, so a missing key fails to compile.
import type { Catalog } from './en.js';

export const ru: Catalog = {
  'app.title': 'Edge Registry Companion',
  'app.loading': 'Запуск…',
  'app.backendError': 'Серверная часть приложения не ответила: {message}',
  'app.retry': 'Повторить',
  'lang.label': 'Язык',
  'notice.dismiss': 'Скрыть',
  'modal.close': 'Закрыть',

  'nav.registry': 'Реестр',
  'nav.images': 'Локальные образы',
  'nav.setup': 'Подключить устройство',

  'device.demo': 'Демо-устройство',
  'device.real': 'Устройство',
  'device.title': 'Реестр контейнеров',
  'device.subtitle': 'Как его показывает Get-HcsKubernetesContainerRegistryInfo',
  'device.endpoint': 'Адрес (Endpoint)',
  'device.ip': 'IP-адрес',
  'device.username': 'Имя пользователя',
  'device.password': 'Пароль',
  'device.fingerprint': 'Отпечаток ЦС (SHA-256)',
  'device.caPath': 'Сертификат ЦС',
  'device.docker': 'Docker на этом компьютере',
  'device.dockerReady': 'Настроен: push и pull по имени',
  'device.dockerNotReady': 'Ещё не настроен (нет записи hosts или доверенного ЦС)',
  'device.reveal': 'Показать',
  'device.hide': 'Скрыть',
  'device.unavailable': 'Устройства пока нет: подключите его или запустите приложение с демо-устройством.',
  'device.demoHint': 'Демо-устройство — это реестр, встроенный в приложение: здесь всё работает без сети.',

  'device.setUpDocker': 'Настроить Docker на этом компьютере →',
  'device.useDemo': 'Перейти на демо-устройство',
  'device.portTaken': 'Порт {usual} на этом компьютере занят: демо-устройство работает на порту {port}.',
  'device.copyEndpoint': 'Копировать адрес',
  'device.copyUsername': 'Копировать имя пользователя',
  'device.copyPassword': 'Копировать пароль',
  'device.copyFingerprint': 'Копировать отпечаток ЦС',
  'device.copyCaPath': 'Копировать путь к сертификату ЦС',

  'copy.copy': 'Копировать',
  'copy.copied': 'Скопировано',
  'copy.failed': 'Не удалось скопировать',

  'storage.title': 'Хранилище',
  'storage.used': 'занято {used}',
  'storage.ofQuota': 'занято {used} из {quota}',
  'storage.noQuota': 'без квоты',
  'storage.free': 'свободно {size}',
  'storage.full':
    'Места не осталось: загрузки отклоняются, пока вы не удалите образы и не освободите место (или не увеличите квоту, или не освободите место на диске).',
  'storage.readOnly':
    'Хранилище устройства доступно только для чтения (после ошибок диска или так подключено): образы можно скачивать, но загрузка и удаление отклоняются, пока диск не проверят и он снова не станет доступен для записи.',
  'storage.noInodes':
    'Места для новых файлов не осталось: на диске кончились записи файлов (inode), хотя байты свободны. Загрузки отклоняются, пока вы не удалите образы и не освободите место или не удалите файлы на диске.',
  'storage.reclaimable': 'можно освободить {size}',
  'storage.reclaim': 'Освободить место',
  'storage.reclaiming': 'Освобождаем…',
  'storage.reclaimed': 'Освобождено {size} (блобов: {blobs}).',
  'storage.nothing': 'Освобождать нечего.',
  'storage.nothingYet': 'Пока освобождать нечего.',
  'storage.keptRecent':
    '{size}, не нужные ни одному образу, были отправлены в последний час: они сохраняются на случай, если отправка ещё их использует; освободите место снова через час.',
  'storage.settings': 'Настройки',
  'storage.nightlyAt': 'Место также освобождается само каждую ночь в {time}.',
  'storage.onRequest': 'Место освобождается только по вашей команде.',

  'storageSettings.title': 'Настройки хранилища демо-устройства',
  'storageSettings.limit': 'Ограничить хранилище до',
  'storageSettings.quota': 'Квота хранилища',
  'storageSettings.quotaHint':
    'Отправка, которая превысила бы квоту, отклоняется с понятной ошибкой, как на заполненном устройстве.',
  'storageSettings.badSize': 'Введите размер, например 10 GiB или 500 MB.',
  'storageSettings.belowUsed':
    'Уже занято {used}: отправки будут отклоняться, пока вы не удалите образы и не освободите место.',
  'storageSettings.nightly': 'Освобождать место само каждую ночь в',
  'storageSettings.time': 'Время ночного освобождения места',
  'storageSettings.nightlyHint':
    'Местное время. Отправки во время работы продолжаются. Если устройство в это время не работает (приложение закрыто, компьютер выключен), место освободится при следующем запуске.',
  'storageSettings.badTime': 'Введите время, например 03:00.',
  'storageSettings.cancel': 'Отмена',
  'storageSettings.save': 'Сохранить',
  'storageSettings.saving': 'Сохраняем…',
  'storageSettings.saved': 'Настройки хранилища сохранены.',

  'repos.title': 'Репозитории',
  'repos.refresh': 'Обновить',
  'repos.empty': 'В реестре пока нет образов.',
  'repos.emptyHint': 'Отправьте локальный образ или перетащите файл docker save .tar в это окно.',
  'repos.emptyHintNoDocker':
    'Перетащите файл docker save .tar в это окно или отправьте образ в {endpoint} через docker или skopeo.',
  'repos.tags.one': '{count} тег',
  'repos.tags.few': '{count} тега',
  'repos.tags.many': '{count} тегов',
  'repos.tags.other': '{count} тега',
  'repos.tag': 'Тег',
  'repos.digest': 'Дайджест',
  'repos.size': 'Размер',
  'repos.created': 'Создан',
  'repos.actions': 'Действия',
  'repos.delete': 'Удалить',
  'repos.yaml': 'YAML для Kubernetes',
  'repos.copyRef': 'Копировать ссылку',
  'repos.filter': 'Фильтр',
  'repos.noMatches': 'Нет репозиториев, подходящих под «{filter}».',
  'repos.copyRefOf': 'Копировать ссылку {ref}',
  'repos.yamlOf': 'YAML для Kubernetes: {ref}',
  'repos.deleteOf': 'Удалить {ref}',
  'repos.pushTar': 'Отправить файл .tar…',
  'repos.deletingIn': 'Удаление через {seconds} с',
  'repos.deletingNow': 'Удаление…',
  'repos.undo': 'Отменить',
  'repos.undoOf': 'Отменить удаление {ref}',

  'delete.title': 'Удалить {ref}?',
  'delete.manifest':
    'Этот реестр удаляет по дайджесту: образ {digest} удаляется вместе со всеми тегами, которые на него указывают:',
  'delete.space': 'Место вернётся, когда вы нажмёте «Освободить место».',
  'delete.spaceApp':
    'Место, которое занимает только этот образ, освобождается сразу (слой, отправленный за последний час, — когда вы освободите место).',
  'delete.spaceFreed': 'Освобождено {size}.',
  'delete.spaceNightly': 'Устройство освободит место при ночной очистке.',
  'delete.tags': 'Удаляемые теги',
  'delete.confirm': 'Удалить',
  'delete.cancel': 'Отмена',
  'delete.done': 'Удалено: {refs}.',

  'images.title': 'Локальные образы Docker',
  'images.notSetUp':
    'Docker не сможет отправлять образы в {endpoint}, пока этот компьютер не настроен (запись hosts, доверенный ЦС).',
  'images.setUpNow': 'Настроить',
  'images.empty': 'В Docker здесь нет образов.',
  'images.push': 'Отправить',
  'images.pushTo': 'Отправить {image} в {endpoint}',
  'images.repository': 'Репозиторий',
  'images.tag': 'Тег',
  'images.start': 'Отправить',
  'images.badRepository':
    'Имя репозитория — строчные латинские буквы и цифры, с . _ - внутри части и / между частями (например, team/web-app).',
  'images.badTag': 'Тег — до 128 латинских букв, цифр, _ . и -, не с . или - в начале (например, v1.2).',
  'images.id': 'ID образа',

  'drop.title': 'Отпустите, чтобы отправить',
  'drop.hint': 'Перетащите файл docker save или OCI .tar, чтобы отправить его в {endpoint}.',
  'drop.uploading': 'Передаём {name}…',
  'drop.notTar':
    '{name} — не файл .tar: сохраните образ командой `docker save -o image.tar IMAGE` и перетащите его.',
  'drop.unsupported': 'Отправка файлов в этой версии недоступна.',
  'drop.choose': 'Файлы .tar из docker save или OCI',

  'jobs.push': 'Отправка {subject}',
  'jobs.push-tarball': 'Отправка {subject}',
  'jobs.setup': 'Настройка {subject}',
  'jobs.forget': 'Отмена настройки {subject}',
  'jobs.gc': 'Освобождение места',
  'jobs.title': 'Задачи',
  'jobs.layer': 'Слой {id}',
  'jobs.bytes': '{done} из {total}',
  'jobs.speed': '{size}/с',
  'jobs.left': 'осталось {time}',
  'jobs.seconds': '{s} с',
  'jobs.minutes': '{m} мин {s} с',
  'jobs.hours': '{h} ч {m} мин',
  'jobs.cancel': 'Отменить',
  'jobs.dismiss': 'Скрыть',
  'jobs.done': 'Готово',
  'jobs.failed': 'Ошибка',
  'jobs.cancelled': 'Отменено',
  'jobs.layer.waiting': 'Ожидание',
  'jobs.layer.checking': 'Проверка',
  'jobs.layer.retrying': 'Возобновление',
  'jobs.layer.pushing': 'Отправка',
  'jobs.layer.exists': 'Уже есть',
  'jobs.layer.pushed': 'Отправлен',
  'jobs.layer.mounted': 'Подключён',
  'jobs.layer.cancelled': 'Отменён',
  'jobs.layer.stopped': 'Не отправлен',

  'setup.title': 'Подключить устройство',
  'setup.intro':
    'Вставьте вывод Get-HcsKubernetesContainerRegistryInfo с устройства или введите его IP. Приложение покажет все изменения на этом компьютере до того, как их внесёт.',
  'setup.paste': 'Сведения о реестре (вставьте)',
  'setup.pastePlaceholder':
    'Endpoint                                     IPAddress    Username     Password\n--------                                     ---------    --------     --------\necr.dbe-hw6h1t2.microsoftdatabox.com:31001   10.128.44.40 ase-ecr-user …',
  'setup.or': 'или',
  'setup.ip': 'IP устройства',
  'setup.port': 'Порт',
  'setup.discover': 'Найти устройство',
  'setup.discovering': 'Подключение…',
  'setup.useDemo': 'Использовать демо-устройство',
  'setup.caFile': 'Сертификат ЦС устройства (необязательно)',
  'setup.caFileHint':
    'Только если устройство не присылает свой ЦС: скачайте сертификат в локальном веб-интерфейсе устройства (.cer, .crt или .pem) и выберите его здесь.',
  'setup.caFileClear': 'Убрать',
  'setup.caFileChoose': 'Выбрать файл…',
  'setup.caFileNone': 'Нет: устройство присылает свой ЦС',
  'setup.caFileTooBig':
    '{name} слишком велик для сертификата (файлы ЦС — несколько килобайт): выберите файл ЦС, который даёт устройство.',
  'setup.found': 'Найдено: {endpoint} по адресу {ip}',
  'setup.cert': 'Сертификат',
  'setup.subject': 'Субъект',
  'setup.issuer': 'Издатель',
  'setup.validUntil': 'Действителен до',
  'setup.fingerprint': 'Отпечаток SHA-256',
  'setup.thumbprint': 'Отпечаток SHA-1',
  'setup.confirmFingerprint': 'Я сравнил этот отпечаток с тем, что показывает устройство: они совпадают.',
  'setup.plan': 'Показать изменения',
  'setup.planTitle': 'Изменения на этом компьютере',
  'setup.planIntro':
    'Шаги выполняются с одним запросом прав администратора. Уже выполненные шаги пропускаются.',
  'setup.stepDone': 'уже сделано',
  'setup.commands': 'Команды',
  'setup.files': 'Записываемые файлы',
  'setup.run': 'Внести изменения',
  'setup.started': 'Выполняется: ход работы показан выше',
  'setup.finished': 'Готово: изменения внесены',
  'setup.planAgain': 'Показать изменения снова',
  'setup.elevation': 'Права администратора будут запрошены один раз.',

  'forget.open': 'Отменить…',
  'forget.title': 'Отменить настройку {endpoint} на этом компьютере?',
  'forget.intro':
    'Эти шаги удаляют ровно то, что добавила настройка: запись hosts, доверенный ЦС и папку сертификатов Docker. Больше ничего не меняется.',
  'forget.run': 'Отменить изменения',

  'yaml.title': 'YAML для Kubernetes: {ref}',
  'yaml.namespace': 'Пространство имён',
  'yaml.secret': 'Секрет для загрузки образов',
  'yaml.kind': 'Тип',
  'yaml.withSecret': 'Добавить секрет для загрузки образов (если в кластере его ещё нет)',
  'yaml.secretWarning':
    'Секрет содержит пароль реестра: примените его через kubectl и не сохраняйте в репозиторий.',
  'yaml.copy': 'Копировать YAML',
  'yaml.close': 'Закрыть',
  'yaml.code': 'YAML',
  'yaml.badNamespace':
    'Имя пространства имён — до 63 строчных латинских букв, цифр и дефисов; первый и последний символ — буква или цифра (например, edge-apps).',
  'yaml.badSecret':
    'Имя секрета — до 253 строчных латинских букв, цифр, дефисов и точек; каждая часть между точками начинается и заканчивается буквой или цифрой (например, ase-ecr-credentials).',

  'plan.hostsAdd': 'Сопоставить {host} с {ip} в файле hosts',
  'plan.hostsAdd.why':
    'Docker должен обращаться к реестру по имени из его сертификата ({host}); имени устройства нет в DNS.',
  'plan.hostsRemove': 'Удалить {host} из файла hosts',
  'plan.hostsRemove.why': 'Эту запись приложение добавило при настройке устройства.',
  'plan.restartDesktop': 'Перезапустить Docker Desktop',
  'plan.restartDesktop.why':
    'Docker Desktop копирует корневые сертификаты ОС в свой движок только при запуске.',
  'plan.previousCa.why': 'Устройство теперь предъявляет другой ЦС; старому больше не следует доверять.',
  'plan.winRemovePrevious':
    'Удалить прежний ЦС устройства (отпечаток {thumb}) из корневого хранилища Windows',
  'plan.winTrust': 'Доверять ЦС устройства (отпечаток {thumb}) в корневом хранилище Windows',
  'plan.winTrust.why': 'Docker и Windows должны доверять сертификату реестра, подписанному этим ЦС.',
  'plan.macRemovePrevious': 'Удалить прежний ЦС устройства (SHA-1 {thumb}) из связки ключей «Система»',
  'plan.macTrust':
    'Доверять ЦС устройства (SHA-1 {thumb}) как корневому для TLS: на этом шаге macOS запросит пароль администратора',
  'plan.macTrust.why':
    'Docker Desktop и macOS должны доверять сертификату реестра, подписанному этим ЦС. Начиная с macOS 11 такое доверие может подтвердить только человек в собственном окне macOS; скрипт с правами администратора получит отказ.',
  'plan.macKeychainAdd': 'Добавить ЦС устройства (SHA-1 {thumb}) в связку ключей «Система»',
  'plan.macKeychainAdd.why': 'macOS ищет ЦС, подписавший сертификат реестра, в связке ключей «Система».',
  'plan.macDistrustPrevious':
    'Снять доверие с прежнего ЦС устройства (SHA-1 {thumb}): на этом шаге macOS запросит пароль администратора',
  'plan.macDistrust':
    'Снять доверие с ЦС устройства (SHA-1 {thumb}): на этом шаге macOS запросит пароль администратора',
  'plan.macDistrust.why':
    'Настройка сделала этот ЦС доверенным. Удаление сертификата из связки ключей не снимает доверие; этот шаг снимает и его.',
  'plan.note.macDialog':
    'macOS запросит пароль администратора дважды: один раз для изменений с правами администратора и ещё раз, в собственном окне, для доверия ЦС (начиная с macOS 11 скрипт не может его подтвердить).',
  'plan.restartDesktopMac.why':
    'Docker Desktop читает доверенные ЦС из связки ключей «Система» только при запуске: его закрывают и, когда он закроется, снова запускают из {app}.',
  'plan.linuxTrust': 'Доверять ЦС устройства в системном хранилище ({file})',
  'plan.linuxTrust.why':
    'Другие программы (curl, skopeo, podman) проверяют системное хранилище; Docker читает certs.d (ниже).',
  'plan.dockerCerts': 'Передать Docker ЦС устройства для {endpoint}',
  'plan.dockerCerts.why':
    'Docker берёт ЦС реестра из {dir} и читает его при каждом подключении: перезапуск не нужен.',
  'plan.untrust.why': 'Его добавила настройка; больше ничто не должно доверять этому устройству.',
  'plan.winUntrust': 'Удалить ЦС устройства (отпечаток {thumb}) из корневого хранилища Windows',
  'plan.macUntrust': 'Удалить ЦС устройства (SHA-1 {thumb}) из связки ключей «Система»',
  'plan.linuxUntrust': 'Удалить ЦС устройства из системного хранилища ({file})',
  'plan.dockerCertsRemove': 'Удалить файл ЦС для Docker для {endpoint}',
  'plan.dockerCertsRemove.why': 'Его добавила настройка.',
  'plan.restartService': 'Перезапустить службу Docker Engine',
  'plan.restartService.why': 'Docker Engine читает доверенные ЦС при запуске.',
  'plan.note.noEngine':
    'На этом компьютере не найден Docker. Запись в hosts и доверие всё равно будут настроены; установите или запустите Docker (и снова выполните настройку, чтобы Docker тоже получил ЦС) перед `docker login`.',
  'plan.note.otherPlatform':
    'Этот план составлен для {platform} на {here} для проверки: он предполагает {engine} и файл hosts без этой записи, его временная папка — пример, и все шаги в нём показаны как предстоящие.',
  'plan.failed':
    'Шаг «{title}» не выполнен: {detail}. Всё, что после него, не изменялось; устраните причину (или выполните этот шаг вручную: {files}) и снова запустите настройку — сделанное она пропустит.',
  'plan.failed.noDetails': 'подробностей нет',
  'plan.failed.seePlan': 'см. план',
  'plan.elevation.declined':
    'Вы отклонили запрос прав администратора, поэтому ничего не изменено. Запустите настройку снова и подтвердите запрос или выполните команды плана сами.',
  'plan.elevation.policy':
    'Политика выполнения PowerShell на этом компьютере ({policy}, задана групповой политикой) не даёт запустить сценарий настройки, поэтому ничего не изменено. Попросите ИТ-отдел разрешить его или выполните команды плана сами в PowerShell от имени администратора.',
  'plan.elevation.languageMode':
    'PowerShell на этом компьютере работает в режиме {mode} (AppLocker или Windows Defender Application Control), который блокирует сценарий настройки, поэтому ничего не изменено. Обратитесь в ИТ-отдел или выполните команды плана сами в PowerShell от имени администратора.',
  'plan.elevation.failedWin':
    'Запрос прав администратора не смог выполнить план ({detail}). Ничего не изменено; запустите приложение или команду от имени администратора или выполните команды плана вручную.',
  'plan.elevation.failedSudo':
    'Запрос прав администратора не смог выполнить план ({detail}). Ничего не изменено; запустите приложение или команду с правами администратора (sudo) или выполните команды плана вручную.',
  'plan.elevation.badTemp':
    'В пути временной папки {dir} есть символы, которые запрос прав администратора не может передать; укажите в TMPDIR простой путь и повторите.',
  'job.step.done': '{title}: готово',
  'job.step.skipped': '{title}: уже сделано',
  'job.step.failed': '{title}: ошибка',
  'job.step.not-run': '{title}: не выполнялось',
  'job.step.pending': '{title}: предстоит',
  'job.setupDone': '{endpoint} настроен: docker login {endpoint} теперь работает.',
  'job.forgetDone': 'Настройки для {endpoint} на этом компьютере больше нет.',
  'job.pushed': 'Отправлено: {refs}.',
  'job.pushedDigest': 'Отправлено: {ref} ({digest}…).',
  'job.withNotes': '{message} {notes}',
  'job.docker.restarting': 'Ждём, пока Docker снова запустится после перезапуска…',
  'job.docker.waiting': 'Ждём запуска Docker (попытка {attempt})…',
  'job.docker.answers': 'Docker отвечает (попытка {attempt}).',

  'engineTrust.ok': 'Docker доверяет {registry} и принимает вход.',
  'engineTrust.okNoLogin': 'Docker доверяет сертификату {registry}.',
  'engineTrust.unknownAuthority':
    'Docker не доверяет {registry}: сертификат подписан ЦС, который Docker не знает ({detail}). Docker Desktop читает доверенные ЦС только при запуске: перезапустите его (или снова запустите настройку — она его перезапустит). Docker Engine читает certs.d/{registry}/ca.crt: снова запустите настройку.',
  'engineTrust.nameMismatch':
    'Docker не доверяет {registry}: сертификат выдан для другого имени ({detail}). Используйте имя конечной точки, которое показывает устройство, или перевыпустите сертификаты устройства для этого имени.',
  'engineTrust.expired':
    'Docker не доверяет {registry}: срок действия сертификата истёк или ещё не начался ({detail}). Проверьте часы этого компьютера или обновите сертификаты устройства.',
  'engineTrust.tls': 'Docker не смог установить защищённое соединение с {registry} ({detail}).',
  'engineTrust.http':
    'Docker ждал HTTPS от {registry}, а реестр отвечает по обычному HTTP ({detail}). Проверьте порт: реестр принимает TLS на том порту, который показывает устройство.',
  'engineTrust.unreachable':
    'Docker не может связаться с {registry} ({detail}). Проверьте, что имя разрешается на этом компьютере (запись в hosts) и устройство доступно.',
  'engineTrust.credentials':
    'Docker доверяет {registry}, но реестр не принял имя пользователя или пароль ({detail}).',
  'engineTrust.engine': 'Docker не смог проверить {registry}: {detail}',
  'engineTrust.noDocker': 'Docker не запущен, поэтому нельзя проверить, доверяет ли он {registry}.',
  'engineTrust.notSetUp': 'Ещё не настроен (нет записи hosts или доверенного ЦС)',
  'job.setupDoneUntrusted': 'Изменения для {endpoint} внесены, но {reason}',

  'common.close': 'Закрыть',
  'common.loading': 'Загрузка…',
  'common.error': 'Что-то пошло не так',
};
