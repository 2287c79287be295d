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

  'unit.B': 'Б',
  'unit.KiB': 'КиБ',
  'unit.MiB': 'МиБ',
  'unit.GiB': 'ГиБ',
  'unit.TiB': 'ТиБ',

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
  'storageSettings.badSize': 'Введите размер, например 10 ГиБ или 500 МиБ.',
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
  'repos.sortByTag': 'Сортировать по тегу (r1, r2, r10)',
  'repos.sortByDate': 'Сортировать по дате, сначала новые',

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
  'repos.loadingTags': 'Читаем теги…',
  'repos.readingMore': 'Читаем остальные теги… пока {count}',
  'repos.sortByDateTooMany':
    'Сортировка по дате доступна, если тегов не больше {max}: сузьте список фильтром.',
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
    'Docker не сможет отправлять образы в {endpoint}, пока этот компьютер не настроен (запись hosts, доверенный ЦС). Файлу .tar из docker save настройка не нужна: перетащите его в это окно.',
  'images.setUpNow': 'Настроить',
  'images.empty': 'В Docker здесь нет образов.',
  'images.push': 'Отправить',
  'images.alsoPushTo': 'Также отправить на',
  'images.pushTo': 'Отправить {image} в {endpoint}',
  'images.repository': 'Репозиторий',
  'images.tag': 'Тег',
  'images.start': 'Отправить',
  'images.badRepository':
    'Имя репозитория — строчные латинские буквы и цифры, с . _ - внутри части и / между частями (например, team/web-app).',
  'images.badTag': 'Тег — до 128 латинских букв, цифр, _ . и -, не с . или - в начале (например, v1.2).',
  'images.tags': 'Теги',
  'images.noTags': 'без тега',
  'images.untag': 'Удалить тег {tag} из локального Docker',
  'images.untagLast': 'Последний тег: удалить образ?',
  'images.untagLastYes': 'Удалить',
  'images.untagLastNo': 'Оставить',
  'images.untagged': 'Тег {tag} удалён; у образа остались другие теги.',
  'images.untaggedImage': 'Тег {tag} удалён вместе с образом (других тегов у него не было).',
  'images.pushNeedsSetup': 'Настроить для отправки',

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
  'setup.badPort': 'Порт — число от 1 до 65535 (реестр устройства обычно слушает порт 31001).',
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
  'setup.confirmFingerprint': 'Отпечаток сверен с тем, что показывает устройство: они совпадают.',
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
  'forget.logout': 'Также выйти: удалить вход в {endpoint}, который хранит Docker (как `docker logout`)',

  'yaml.title': 'YAML для Kubernetes: {ref}',
  'yaml.namespace': 'Пространство имён',
  'yaml.secret': 'Секрет для загрузки образов',
  'yaml.kind': 'Тип',
  'yaml.withSecret': 'Добавить секрет для загрузки образов (если в кластере его ещё нет)',
  'yaml.secretWarning':
    'Секрет содержит пароль реестра: примените его через kubectl и не сохраняйте в репозиторий.',
  'yaml.pullPolicy': 'Политика загрузки образа',
  'yaml.deviceSecret':
    'Устройство уже хранит секрет {name} в каждом пространстве имён; наш секрет с таким именем заменит его. Выберите другое имя (по умолчанию наш называется {own}) или отметьте пункт ниже, чтобы заменить его намеренно.',
  'yaml.overwriteDeviceSecret':
    'Назвать его {name} и заменить собственный секрет устройства в этом пространстве имён',
  'yaml.overwriteWarning':
    'Применение этого YAML заменит секрет {name}, созданный устройством. Поды в этом пространстве имён будут загружать образы с паролем из этого YAML: если пароль на устройстве изменится, загрузка не сработает, пока вы не примените новый.',
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
  'plan.restartService': 'Перезапустить службу Docker Engine (запустить, если она остановлена)',
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
  'job.setupDoneNoDocker':
    'Сделано: этот компьютер настроен для {endpoint} (запись hosts, доверенный ЦС). Не сделано: Docker не запущен, поэтому он пока не может войти в реестр устройства и отправлять образы. Дальше: запустите Docker и отправьте образ.',

  'job.forgetDone': 'Настройки для {endpoint} на этом компьютере больше нет.',
  'job.forgetDoneLoggedOut':
    'Настройки для {endpoint} на этом компьютере больше нет, и Docker больше не хранит для него вход.',
  'job.pushed': 'Отправлено: {refs}.',
  'job.pushedDigest': 'Отправлено: {ref} ({digest}…).',
  'job.withNotes': '{message} {notes}',
  'job.docker.restarting': 'Ждём, пока Docker снова запустится после перезапуска…',
  'job.docker.waiting': 'Ждём запуска Docker (попытка {attempt})…',
  'job.docker.answers': 'Docker отвечает (попытка {attempt}).',

  'err.docker.notRunning':
    'Docker установлен, но не запущен (нет сокета движка: {where}). Запустите Docker Desktop или службу docker (`sudo systemctl start docker`) и повторите попытку.',
  'err.docker.notInstalled':
    'Docker на этом компьютере не установлен. Установите Docker Desktop (или Docker Engine в Linux) либо отправляйте архивы образов без Docker: перетащите их в окно приложения или отправьте их из командной строки (как — покажет `edge-registry push --help`).',
  'err.docker.noPermission':
    'Нет доступа к сокету Docker {where}. Добавьте своего пользователя в группу docker (`sudo usermod -aG docker $USER`, затем войдите в систему заново) или запустите приложение от имени администратора.',
  'err.docker.notAnswering':
    'Docker не отвечает ({where}: {code}). Запустите Docker Desktop или службу docker, дождитесь готовности и повторите попытку.',
  'err.docker.noImage':
    'Локального образа {image} нет. Проверьте имя командой `edge-registry ls` или `docker images` либо сначала соберите или скачайте образ.',
  'err.docker.tagFailed': 'Docker не смог назначить образу {source} тег {target}: «{detail}».',
  'err.docker.untagFailed': 'Docker не смог удалить тег {ref}: «{detail}».',
  'err.docker.notATag': '{ref} — не тег локального образа. Обновите список локальных образов.',
  'err.docker.inUse':
    'Docker не удаляет {ref}: это последний тег образа, и образ использует контейнер («{detail}»). Сначала удалите контейнер (`docker rm`), затем повторите попытку.',
  'err.push.noImage':
    'Docker ответил: «{detail}». Проверьте имя командой `edge-registry ls` или `docker images` и отправьте снова.',
  'err.push.unauthorized':
    '{registry} отклонил учётные данные при отправке («{detail}»). Выполните `edge-registry login {registry}` с верными именем пользователя и паролем и отправьте снова.',
  'err.push.quota':
    '{registry} отклонил отправку: квота хранилища исчерпана («{detail}»). Удалите ненужные образы (`edge-registry rm`) или увеличьте квоту и отправьте снова.',
  'err.push.denied':
    '{registry} запретил отправку («{detail}»). Попросите администратора реестра дать вам право на отправку.',
  'err.push.tls':
    'Docker не доверяет сертификату {registry} («{detail}»). Подключите устройство (настройка передаёт Docker ЦС в certs.d/{registry}/ca.crt) и отправьте снова.',
  'err.push.noSuchHost':
    'Docker не находит {host} («{detail}»): на этом компьютере ещё нет записи hosts для устройства. Подключите устройство на этом компьютере и отправьте снова.',
  'err.push.unreachable':
    'Docker не может связаться с реестром {registry} («{detail}»). Проверьте, что устройство включено и доступно по сети, и отправьте снова; уже полученные слои сохраняются.',
  'err.push.failed': 'Отправка в {registry} не удалась: «{detail}».',
  'err.push.startFailed': 'Docker не смог начать отправку {ref}: «{detail}».',
  'err.push.cancelled': 'Отправка {ref} отменена; уже полученные слои остаются в реестре.',
  'err.push.cancelledEarly': 'Отправка отменена.',
  'err.push.noDigest': 'Docker закончил отправку {ref}, но не сообщил дайджест.',
  'err.registry.said': ' (ответ реестра: «{detail}»)',
  'err.registry.unauthorized':
    '{registry} отклонил учётные данные (действие: {action}, 401){said}. Проверьте имя пользователя и пароль и снова выполните `edge-registry login {registry}`.',
  'err.registry.quota':
    '{registry} отказал (действие: {action}): квота хранилища исчерпана{said}. Удалите ненужные образы (`edge-registry rm`) или увеличьте квоту и повторите попытку.',
  'err.registry.denied':
    '{registry} запретил действие «{action}» для {where} ({status}){said}. Попросите доступ у администратора реестра или войдите как пользователь, у которого он есть.',
  'err.registry.deleteDisabled':
    'Удаление в этом реестре отключено ({registry} ответил `405 UNSUPPORTED`). Попросите администратора включить удаление (Distribution: `storage.delete.enabled: true`).',
  'err.registry.unsupported':
    '{registry} не поддерживает действие «{action}» (`{status} UNSUPPORTED`){said}.',
  'err.registry.notFound':
    '{where} в реестре не найден ({code}). Проверьте репозиторий и тег командой `edge-registry ls {list}`.',
  'err.registry.rateLimited':
    '{registry} ограничивает частоту запросов (429). Подождите минуту и повторите попытку.',
  'err.registry.failed': '{registry}: действие «{action}» для {where} не удалось, HTTP {status}{code}{said}.',
  'err.registry.cancelled': 'Операция с {registry} отменена.',
  'err.registry.tls':
    'Сертификату TLS {registry} нет доверия ({code}). Доверьтесь ЦС устройства (подключите устройство или укажите `--ca FILE`) и повторите попытку.',
  'err.registry.unreachable':
    'Не удаётся связаться с реестром {registry} ({reason}). Проверьте, что он работает и что имя разрешается (запись hosts), и повторите попытку.',
  'err.registry.action.request': 'запрос',
  'err.registry.action.login': 'вход',
  'err.registry.action.token': 'вход (запрос токена)',
  'err.registry.action.catalog': 'список репозиториев',
  'err.registry.action.tags': 'список тегов',
  'err.registry.action.manifest': 'чтение манифеста',
  'err.registry.action.config': 'чтение конфигурации образа',
  'err.registry.action.checkLayer': 'проверка слоя',
  'err.registry.action.pushLayer': 'отправка слоя',
  'err.registry.action.pushManifest': 'отправка манифеста',
  'err.registry.action.delete': 'удаление',
  'err.registry.action.usage': 'чтение занятого места',
  'err.registry.needLogin':
    '{registry} требует учётные данные. Выполните `edge-registry login {registry}` (команда спросит имя пользователя и пароль) и повторите попытку.',
  'err.registry.uploadStatus':
    '{registry} не сообщил, сколько данных загрузки дошло (HTTP {status}){said}. Отправьте образ ещё раз: дошедшие слои сохранены.',
  'err.registry.siblings':
    '{registry} не может удалить только тег {ref}: удаление его манифеста {digest} удалит и теги {tags}. Подтвердите удаление их всех (`edge-registry rm --all-tags`).',
  'err.registry.badRedirect':
    '{registry} перенаправил клиента на адрес {protocol}; переходы допускаются только по HTTP и HTTPS.',
  'err.registry.insecureRedirect':
    '{registry} перенаправил клиента с HTTPS на незашифрованный HTTP ({origin}); отказано, как это делает Docker: данные реестра и учётные данные передавались бы без шифрования. Проверьте настройки реестра (его внешний адрес или прокси перед ним).',
  'err.registry.digestMismatch': '{registry} прислал манифест, дайджест которого не совпадает с {reference}.',
  'err.registry.manifestNotJson': '{registry} прислал манифест не в формате JSON.',
  'err.registry.noRealm': '{registry} запросил токен «Bearer», не указав адрес его выдачи («realm»).',
  'err.registry.insecureRealm':
    '{registry} запросил учётные данные по адресу {origin} ({how}); отказано: они передавались бы без шифрования. Проверьте настройки службы токенов реестра.',
  'err.registry.realm.http': 'незашифрованный HTTP',
  'err.registry.realm.notHttps': 'не HTTPS',
  'err.registry.tokenNotJson': 'Сервер токенов {registry} ответил не в формате JSON.',
  'err.registry.noToken': 'Сервер токенов {registry} не выдал токен.',
  'err.archive.tooLarge': '{file}: {name} слишком велик для файла JSON.',
  'err.archive.notJson': '{file}: {name} — некорректный JSON. Сохраните образ заново.',
  'err.archive.lacks': 'В {file} нет {name}. Сохраните образ заново.',
  'err.archive.noImage':
    'В {file} нет образа (ни manifest.json, ни index.json формата OCI). Отправьте файл, созданный командой `docker save` или `skopeo copy ... oci-archive:FILE`.',
  'err.archive.emptyIndex': '{file}: в index.json не указано ни одного образа.',
  'err.archive.emptyManifest': '{file}: в manifest.json не указано ни одного образа.',
  'err.archive.layerCount': '{file}: в конфигурации {image} указано слоёв: {config}, а в архиве их {layers}.',
  'err.archive.gzip': '{file} сжат (`gzip`). Сначала распакуйте его (`gunzip`), затем отправьте файл .tar.',
  'err.archive.notTar':
    '{file} — не архив .tar. Отправьте файл, созданный командой `docker save`, или архив OCI.',
  'err.archive.damaged': '{file} повреждён на байте {pos} (неверный заголовок .tar). Сохраните образ заново.',
  'err.archive.noSuchImage': 'В {file} нет образа с именем {name}; в нём есть: {images}.',
  'err.archive.whichImage':
    'В {file} несколько образов ({count}: {images}); укажите, какой отправить (параметр `image`; в командной строке `--image NAME`).',
  'err.probe.refused':
    'По адресу {where} никто не отвечает. Проверьте IP-адрес и порт (порт реестра по умолчанию — 31001), что устройство включено и что реестр на нём включён.',
  'err.probe.unreachable':
    '{where} недоступен с этого компьютера ({code}). Проверьте сетевое подключение к устройству и IP-адрес.',
  'err.probe.reset':
    '{where} закрыл соединение при согласовании TLS. Проверьте, что это порт реестра (по умолчанию 31001), а не другой службы.',
  'err.probe.notTls':
    '{where} отвечает, но не по TLS (простой HTTP или другой протокол). Проверьте порт: реестр устройства работает по HTTPS на порту 31001.',
  'err.probe.cannotConnect': 'Не удаётся подключиться к {where}: «{detail}». Проверьте адрес и порт.',
  'err.probe.timeout': '{where} не ответил за {seconds} с. Проверьте IP-адрес, порт и межсетевой экран.',
  'err.probe.timeoutHttp': '{where} не ответил за {seconds} с. Проверьте сеть и порт.',
  'err.probe.noCert': '{where} не прислал сертификат. Проверьте, что это порт реестра устройства.',
  'err.probe.at': 'https://{host}:{port} (адрес {ip})',
  'err.probe.notRegistry':
    '{where} отвечает по HTTPS, но не как реестр контейнеров (`GET /v2/` вернул HTTP {status}{header}). Проверьте порт: реестр устройства слушает порт 31001.',
  'err.probe.noApiHeader': ', без заголовка `Docker-Distribution-API-Version`',
  'err.probe.nameMismatch':
    'Сертификат реестра не содержит имени «{host}» («{detail}»). Используйте имя (Endpoint), которое показывает устройство, или перевыпустите сертификаты устройства для этого имени.',
  'err.probe.notYetValid':
    'Сертификат реестра ещё не действителен: часы этого компьютера ({now}) отстают от часов устройства или наоборот. Исправьте время на обоих (автоматическая синхронизация) и повторите попытку.',
  'err.probe.expired':
    'Срок действия сертификата реестра истёк. Обновите сертификаты в локальном веб-интерфейсе устройства (или проверьте часы этого компьютера) и повторите попытку.',
  'err.probe.untrusted':
    'Сертификат реестра подписан не выбранным ЦС ({code}). Выберите сертификат ЦС этого устройства или скачайте его заново в локальном веб-интерфейсе устройства.',
  'err.probe.badCredentials':
    '{where} не принял пользователя «{username}» с этим паролем (HTTP 401). Скопируйте сведения о реестре с устройства заново (Get-HcsKubernetesContainerRegistryInfo): пароль мог измениться или скопироваться не полностью.',
  'err.info.cutOff':
    'Таблица обрезана («{token}»). Выполните на устройстве `Get-HcsKubernetesContainerRegistryInfo | Format-List` и вставьте результат.',
  'err.info.badEndpoint': '«{endpoint}» — не адрес вида `имя:порт`.',
  'err.info.noIp': 'Во вставленном тексте есть Endpoint, но нет `IPAddress`. Вставьте вывод целиком.',
  'err.info.noEndpoint':
    'Во вставленном тексте не найден адрес реестра (`имя:порт`). Вставьте вывод `Get-HcsKubernetesContainerRegistryInfo` с устройства или укажите вместо этого IP-адрес устройства.',
  'err.info.noIpAfter':
    'Найден адрес {endpoint}, но после него нет IP-адреса. Вставьте вывод целиком или укажите IP-адрес устройства.',

  'err.setup.noName':
    'Сертификат на {where} не называет имени узла (в SAN нет DNS-имени). Вставьте сведения о реестре устройства (Get-HcsKubernetesContainerRegistryInfo): в них есть его адрес (Endpoint).',
  'err.setup.noCaInChain':
    'Устройство на {where} присылает только сертификат сервера, без своего ЦС («{issuer}», который его выпустил). Скачайте сертификат этого ЦС в локальном веб-интерфейсе устройства и выберите этот файл как сертификат ЦС устройства.',
  'err.setup.fingerprintMismatch':
    'У ЦС устройства отпечаток SHA-256 {actual}, а не указанный вами {given}. Сверьте отпечаток на самом устройстве; если они различаются, не доверяйте этому подключению.',
  'err.setup.fingerprintUnconfirmed':
    'ЦС устройства (SHA-256 {fingerprint}) получен по сети и не подтверждён. Сверьте его с отпечатком на устройстве и подтвердите.',
  'err.setup.noInput': 'Вставьте вывод Get-HcsKubernetesContainerRegistryInfo или введите IP устройства.',
  'err.setup.noDemo': 'Демо-устройство в этом приложении не запущено.',
  'err.setup.deviceGone': 'Найдите устройство снова: его сведения больше не хранятся.',
  'err.setup.planGone': 'Покажите изменения снова: этого плана больше нет.',
  'err.setup.badCaFile': '{name} — не файл сертификата (файлы ЦС — несколько килобайт).',
  'warn.setup.caChanged':
    'Устройство {endpoint} теперь предъявляет другой ЦС, чем при настройке (был SHA-256 {was}, теперь {now}). Если сертификаты устройства не обновляли намеренно, остановитесь: возможно, кто-то перехватывает соединение.',
  'warn.setup.notResolving':
    '{host} пока не разрешается в {ip}, хотя так записано в файле hosts. Это может перекрывать кэш DNS, клиент VPN или прокси: очистите кэш DNS или перезагрузите компьютер, затем повторите `docker login`.',
  'warn.setup.dockerNotReady': 'Реестр настроен, но Docker не готов к `docker login`: {reason}',
  'err.k8s.deviceSecret':
    'Секрет с именем {name} при применении заменит тот, который устройство хранит в каждом пространстве имён. Выберите другое имя (по умолчанию наш называется {own}) или явно укажите, что собственный секрет устройства нужно заменить.',
  'err.app.noDevice':
    'Устройство не подключено: подключите его или запустите приложение с демо-устройством (`edge-registry serve --demo`).',
  'err.app.noDemo': 'Демо-устройство не запущено: запустите приложение с ним (`--demo`).',
  'err.app.badRepository':
    '«{name}» — не имя репозитория: используйте строчные латинские буквы и цифры, . _ - внутри части и / между частями.',
  'err.app.badTag': '«{name}» — не тег: до 128 латинских букв, цифр, _ . и -, не с . или - в начале.',
  'err.app.notSetUp':
    'Этот компьютер ещё не настроен для {endpoint}, поэтому Docker не может обратиться к нему по имени. Сначала настройте его («Подключить устройство»); файл .tar из docker save можно отправить без настройки.',

  'err.app.fleetUnknownDevice':
    'Приложение не знает устройство «{device}» или не хранит его пароль. Настройте его снова («Подключить устройство») и повторите отправку.',
  'err.app.fleetNoDevice': 'Выберите хотя бы одно устройство для отправки.',
  'err.app.loginNeeded':
    'Пароль для {endpoint} не сохранён на этом компьютере (здесь нет системного хранилища ключей). Снова войдите на устройство («Устройства на этом компьютере») и повторите.',
  'err.app.loginRefused':
    'Устройство {endpoint} не приняло этот пароль пользователя {username}. Проверьте его и повторите.',
  'err.app.fleetNoSource':
    'Укажите, что отправить: локальный образ с репозиторием и тегом или перетащенный файл .tar.',

  'err.app.tagGone': '{ref} больше нет в реестре. Обновите список.',
  'err.app.jobUnknown': 'Эта задача уже завершилась или не существовала.',
  'err.app.fileUnreadable':
    'Не удаётся прочитать {name}: перетащите файл .tar, созданный docker save, или архив OCI.',
  'err.app.uploadFailed': 'Файл передан не полностью («{detail}»). Перетащите его снова.',
  'err.app.fileGone': 'Перетащенный файл больше недоступен: перетащите его снова.',
  'devices.title': 'Устройства на этом компьютере',
  'devices.choose': 'Устройство для работы',
  'devices.setUp': 'настроено',
  'devices.notSetUp': 'не настроено',
  'devices.loginKept': 'вход сохранён',
  'devices.noLogin': 'вход не сохранён',
  'devices.lastOk': 'последняя проверка: всё в порядке',
  'devices.lastFailed': 'последняя проверка: есть ошибки',
  'devices.check': 'Проверить {name}',
  'devices.checkShort': 'Проверить',
  'devices.checking': 'Проверка…',
  'devices.forget': 'Отменить настройку {name}',
  'devices.fix': 'Что сделать: {fix}',
  'devices.report': 'Проверка {endpoint}',
  'devices.loginNeeded': 'войдите, чтобы работать с ним',
  'devices.logIn': 'Войти…',
  'devices.logInTo': 'Войти на {name}',
  'login.title': 'Вход на {endpoint}',
  'login.intro':
    'Пароль пользователя {username} не сохранён на этом компьютере (здесь нет системного хранилища ключей). Введите его, чтобы снова работать с устройством: устройство сначала проверит его.',
  'login.password': 'Пароль',
  'login.run': 'Войти',
  'login.checking': 'Проверка…',
  // Доктор (electron/device/doctor.ts).
  'doctor.check.name': 'Имя',
  'doctor.check.port': 'Порт',
  'doctor.check.certificate': 'Сроки сертификатов',
  'doctor.check.chain': 'Цепочка сертификатов',
  'doctor.check.os-trust': 'Доверие на этом компьютере',
  'doctor.check.credentials': 'Вход',
  'doctor.check.delete': 'Удаление образов',
  'doctor.check.space': 'Свободное место',
  'doctor.check.engine': 'Доверие Docker',
  'doctor.verdict.ok': 'В порядке',
  'doctor.verdict.warn': 'Предупреждение',
  'doctor.verdict.fail': 'Ошибка',
  'doctor.verdict.skipped': 'Не проверено',
  'doctor.needs.failed': 'не прошла',
  'doctor.needs.skipped': 'не выполнялась',
  'doctor.skip.needs': 'Не проверено: сначала должна пройти проверка «{check}», а она {verdict}.',
  'doctor.skip.noIp': 'Не проверено: адрес {host} неизвестен.',
  'doctor.skip.noLogin': 'Не проверено: для этого устройства не сохранён вход.',
  'doctor.detail': '{detail}',
  'doctor.bytes': '{value} {unit}',
  'doctor.name.isIp': 'Конечная точка — сам адрес {host}: разрешать нечего.',
  'doctor.name.ok':
    'Имя {host} разрешается в адрес устройства {ip} (так говорит первая строка для него в {file}).',
  'doctor.name.dns': 'Имя {host} разрешается в адрес устройства {ip} (через DNS).',
  'doctor.name.noRecord':
    'Имя {host} разрешается в {ip}, но на этом компьютере нет записи об адресе устройства, чтобы сравнить.',
  'doctor.name.none': 'Имя {host} не разрешается на этом компьютере.',
  'doctor.name.noEntry': 'Имя {host} не разрешается на этом компьютере: в {file} нет строки для него.',
  'doctor.name.otherFirst':
    'Первая строка для {host} в {file} указывает на {other}, а не на адрес устройства {ip} («{line}»).',
  'doctor.name.notUsed':
    'В {file} имя {host} указывает на {ip}, но разрешается не в этот адрес (файл перекрывает кэш DNS, VPN-клиент или прокси).',
  'doctor.name.dnsOther': 'Имя {host} разрешается в {got}, а не в адрес устройства {ip}.',
  'doctor.port.ok': '{where} принимает подключения.',
  'doctor.port.refused': 'По адресу {where} никто не слушает (в подключении отказано).',
  'doctor.port.timeout': '{where} не ответил за {seconds} с.',
  'doctor.port.unreachable': '{where} недоступен с этого компьютера ({code}).',
  'doctor.cert.ok':
    'Все сертификаты, которые присылает реестр, сейчас действительны (первый истекает {date}); часы совпадают.',
  'doctor.cert.okNoDate':
    'Все сертификаты, которые присылает реестр, сейчас действительны (первый истекает {date}); реестр не сообщил своё время, сравнить часы нельзя.',
  'doctor.cert.expired': 'Срок действия сертификата «{subject}» истёк {date}.',
  'doctor.cert.notYet': 'Сертификат «{subject}» действителен только с {date}.',
  'doctor.cert.clock':
    'Сертификат «{subject}» недействителен по часам этого компьютера ({now}), хотя действителен по часам реестра ({theirs}): часы этого компьютера идут неверно.',
  'doctor.cert.skew':
    'Часы этого компьютера ({now}) и реестра ({theirs}) расходятся на {seconds} с: при большем расхождении перестают работать сертификаты и вход.',
  'doctor.cert.soon': 'Срок действия сертификата «{subject}» истекает {date}, меньше чем через 30 дней.',
  'doctor.chain.pinned':
    'Сертификат реестра выдан на это имя и подписан ЦС, закреплённым при настройке (SHA-256 {fingerprint}).',
  'doctor.chain.notPinned':
    'Сертификат реестра проверяется ЦС «{subject}» (SHA-256 {fingerprint}), но отпечаток для этого устройства при настройке не закреплялся.',
  'doctor.chain.pinMismatch':
    'Реестр предъявляет не тот ЦС, что закреплён при настройке (SHA-256 {pinned}): он присылает «{subject}» (SHA-256 {sent}).',
  'doctor.chain.noCa':
    'На этом компьютере нет сертификата ЦС для {endpoint}, поэтому его сертификат проверить нельзя.',
  'doctor.os.ok': 'ЦС «{subject}» есть в системном хранилище доверенных сертификатов ({store}).',
  'doctor.os.missing': 'ЦС «{subject}» нет в системном хранилище доверенных сертификатов ({store}).',
  'doctor.os.noBundle':
    'Не проверено: в этой системе нет известного приложению хранилища доверенных сертификатов.',
  'doctor.login.ok': 'Реестр принимает сохранённый вход пользователя {username}.',
  'doctor.login.none': 'Для {endpoint} не сохранён вход.',
  'doctor.login.refused': '{endpoint} не принимает сохранённый пароль пользователя {username}.',
  'doctor.delete.ok': 'Реестр разрешает удаление.',
  'doctor.delete.disabled': 'Реестр отклоняет любое удаление (HTTP 405): удаление в нём выключено.',
  'doctor.delete.denied': 'Реестр не разрешает пользователю {username} удалять.',
  'doctor.delete.unknown':
    'На пробное удаление реестр ответил HTTP {status}: неизвестно, работает ли удаление.',
  'doctor.space.ok': 'Свободно {free} (занято {used}).',
  'doctor.space.used': 'Занято {used}; сколько ещё поместится, реестр не сообщает.',
  'doctor.space.low':
    'Свободно всего {free} (занято {used}): скоро реестр начнёт отклонять отправку образов.',
  'doctor.space.readOnly':
    'Хранилище реестра доступно только для чтения: отправка и удаление образов отклоняются.',
  'doctor.space.inodes': 'На диске реестра закончились индексные дескрипторы: отправка образов отклоняется.',
  'doctor.space.notReported': 'Не проверено: этот реестр не сообщает, сколько у него свободного места.',
  'doctor.engine.noDocker':
    'Не проверено: Docker не отвечает ({reason}). Запустите Docker и проверьте снова.',
  'doctor.fix.setup':
    'Настройте устройство на этом компьютере, чтобы закрепить его ЦС: `edge-registry setup --endpoint {endpoint} --ip {ip}` (или «Настроить устройство» в приложении).',
  'doctor.fix.setupIp':
    'Настройте устройство по его IP-адресу (его показывает Get-HcsKubernetesContainerRegistryInfo на устройстве): в приложении — «Настроить устройство»; в командной строке форму с `--endpoint {endpoint}` и `--ip` показывает `edge-registry setup --help`.',
  'doctor.fix.setupAgain':
    'Запустите настройку снова: `edge-registry setup --endpoint {endpoint} --ip {ip}` (или «Настроить устройство» в приложении).',
  'doctor.fix.dns':
    'Очистите кэш DNS (или отключите VPN-клиент или прокси, который отвечает за это имя) и проверьте снова.',
  'doctor.fix.registryOn':
    'Проверьте, что устройство включено, реестр на нём включён и порт — это порт реестра (на устройстве 31001).',
  'doctor.fix.network':
    'Проверьте сетевой путь до {ip}: устройство включено, кабель или VPN подключены, межсетевой экран не закрывает порт.',
  'doctor.fix.port': 'Проверьте, что это порт реестра (на устройстве 31001), а не другой службы.',
  'doctor.fix.clock':
    'Включите автоматическую синхронизацию времени на этом компьютере (и на устройстве) и проверьте снова.',
  'doctor.fix.renew':
    'Обновите сертификаты устройства в его локальном веб-интерфейсе и снова запустите настройку с новым ЦС.',
  'doctor.fix.certName':
    'Используйте имя конечной точки, которое показывает устройство (Get-HcsKubernetesContainerRegistryInfo), или перевыпустите его сертификаты для этого имени.',
  'doctor.fix.caChanged':
    'Если сертификаты устройства обновляли, сравните отпечаток нового ЦС с отпечатком на самом устройстве и снова запустите настройку для {endpoint}; иначе не пользуйтесь этим подключением.',
  'doctor.fix.login':
    'Войдите: `edge-registry login {endpoint} -u {username} --password-stdin`, передав пароль устройства на стандартный ввод.',
  'doctor.fix.loginAgain':
    'Войдите снова с текущим паролем устройства (его показывает Get-HcsKubernetesContainerRegistryInfo): `edge-registry login {endpoint} -u {username} --password-stdin`.',
  'doctor.fix.enableDelete':
    'Включите удаление в настройках реестра (Distribution: `storage.delete.enabled: true` или `REGISTRY_STORAGE_DELETE_ENABLED=true`) и перезапустите его.',
  'doctor.fix.deleteRights':
    'Попросите администратора реестра разрешить пользователю {username} удалять или войдите под пользователем, которому это разрешено.',
  'doctor.fix.space':
    'Удалите ненужные образы и освободите место (на демо-устройстве — `edge-registry gc`) или выделите реестру больше места.',
  'doctor.fix.engineCa':
    'Запустите настройку снова (она кладёт ЦС туда, где его читает Docker, и при необходимости перезапускает Docker Desktop); с Docker Desktop — перезапустите его.',
  'doctor.fix.engine': 'Проверьте, что Docker работает (`docker info`), и проверьте снова.',
  'doctor.fix.retry': 'Проверьте снова; если ошибка повторится, сообщите о ней с этим текстом.',
  'err.api.badArgument':
    '{method}: {field} {problem}. Окно отправило вызов, который эта версия приложения не принимает: перезагрузите окно, а если ошибка повторится, обновите приложение.',
  'err.api.field': 'поле {name}',
  'err.api.wholeArgument': 'значение аргумента',
  'err.api.arg.missing': 'отсутствует',
  'err.api.arg.unknown': 'не является аргументом этого метода',
  'err.api.arg.invalid': 'имеет значение, которое этот метод не принимает',
  'err.api.arg.type': 'должно быть {expected}',
  'err.api.type.string': 'строкой',
  'err.api.type.stringOrNull': 'строкой или `null`',
  'err.api.type.number': 'числом',
  'err.api.type.numberOrNull': 'числом или `null`',
  'err.api.type.boolean': 'значением `true` или `false`',
  'err.api.type.array': 'списком',
  'err.api.type.object': 'объектом',
  'err.api.type.oneOf': 'одним из значений: {values}',
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
