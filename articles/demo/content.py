"""Demo newsroom content, written for this project (facts from story-shape.md).

Pure data, no Django imports: `manage.py load_demo` turns it into sections, tags,
authors, photos and articles. All text was written fresh for the demo; the quotes
in STORY are paraphrases of the expert's points, not a transcript.
"""

SECTIONS = [  # slug, name in ru / kk / en, position in the menu
    {"slug": "economy", "ru": "Экономика", "kk": "Экономика", "en": "Economy", "position": 1},
    {"slug": "politics", "ru": "Политика", "kk": "Саясат", "en": "Politics", "position": 2},
    {"slug": "society", "ru": "Общество", "kk": "Қоғам", "en": "Society", "position": 3},
    {"slug": "world", "ru": "В мире", "kk": "Әлем", "en": "World", "position": 4},
]

TAGS = [  # slug, name in ru / kk / en
    {"slug": "central-asia", "ru": "Центральная Азия", "kk": "Орталық Азия", "en": "Central Asia"},
    {"slug": "kazakhstan", "ru": "Казахстан", "kk": "Қазақстан", "en": "Kazakhstan"},
    {"slug": "uzbekistan", "ru": "Узбекистан", "kk": "Өзбекстан", "en": "Uzbekistan"},
    {"slug": "investment", "ru": "Инвестиции", "kk": "Инвестиция", "en": "Investment"},
    {"slug": "industry", "ru": "Промышленность", "kk": "Өнеркәсіп", "en": "Industry"},
    {"slug": "tourism", "ru": "Туризм", "kk": "Туризм", "en": "Tourism"},
    {
        "slug": "agriculture",
        "ru": "Сельское хозяйство",
        "kk": "Ауыл шаруашылығы",
        "en": "Agriculture",
    },
    {"slug": "transport", "ru": "Транспорт", "kk": "Көлік", "en": "Transport"},
]

AUTHORS = [  # agency staff; `key` is what bylines refer to; position and bio per language
    {
        "key": "iskakova",
        "name": "Данира Искакова",
        "name_latin": "Danira Iskakova",
        "title": {"ru": "Корреспондент", "kk": "Тілші", "en": "Correspondent"},
        "bio": {
            "ru": "Пишет об экономике, промышленности и связях стран Центральной Азии. "
            "Готовит материалы с комментариями экспертов и аналитиков.",
            "kk": "Экономика, өнеркәсіп және Орталық Азия елдерінің байланыстары туралы жазады. "
            "Сарапшылар мен талдаушылардың пікірлерімен материалдар әзірлейді.",
            "en": "Writes about the economy, industry and ties between the countries of "
            "Central Asia, with comment from experts and analysts.",
        },
    },
    {
        "key": "zhaksylykov",
        "name": "Арман Жаксылыков",
        "name_latin": "Arman Zhaksylykov",
        "title": {"ru": "Фотокорреспондент", "kk": "Фототілші", "en": "Photojournalist"},
        "bio": {
            "ru": "Снимает новости регионов, сельское хозяйство и городскую жизнь. "
            "Много ездит по Казахстану вместе с корреспондентами агентства.",
            "kk": "Өңірлер жаңалықтарын, ауыл шаруашылығы мен қала өмірін түсіреді. "
            "Агенттік тілшілерімен бірге Қазақстанды жиі аралайды.",
            "en": "Photographs regional news, farming and city life, and travels across "
            "Kazakhstan with the agency's correspondents.",
        },
    },
    {
        "key": "nurlankyzy",
        "name": "Айгерим Нурланкызы",
        "name_latin": "Aigerim Nurlankyzy",
        "title": {"ru": "Переводчик", "kk": "Аудармашы", "en": "Translator"},
        "bio": {
            "ru": "Готовит казахскую и английскую версии материалов агентства. "
            "Также пишет заметки о школах и образовании.",
            "kk": "Агенттік материалдарының қазақ және ағылшын тіліндегі нұсқаларын дайындайды. "
            "Мектептер мен білім беру туралы да жазады.",
            "en": "Prepares the Kazakh and English versions of the agency's pieces, and "
            "writes about schools and education.",
        },
    },
    {
        "key": "belova",
        "name": "Ольга Белова",
        "name_latin": "Olga Belova",
        # The Russian desk's editor: her page in other languages shows no position or bio
        # (what the desk's "missing languages" column points out).
        "title": {"ru": "Выпускающий редактор", "en": "Duty editor"},
        "bio": {
            "ru": "Отвечает за выпуск новостей на русском языке. "
            "Следит за точностью цифр, имён и дат в материалах ленты.",
        },
    },
]

PHOTOS = [  # `colors` and `label` draw a generated gradient image
    {
        "key": "rysmambetov",
        "caption": {
            "ru": "Финансист Расул Рысмамбетов",
            "kk": "Қаржыгер Расул Рысмамбетов",
            "en": "Financier Rassul Rysmambetov",
        },
        "credit": {
            "ru": "facebook.com/rassul.rysmambetov",
            "kk": "facebook.com/rassul.rysmambetov",
            "en": "facebook.com/rassul.rysmambetov",
        },
        "alt": {
            "ru": "Портретный снимок: Расул Рысмамбетов говорит, слегка повернувшись к собеседнику",
            "kk": "Портрет: Расул Рысмамбетов әңгімелесушісіне сәл бұрылып сөйлеп тұр",
            "en": "Portrait of Rassul Rysmambetov speaking, turned slightly towards his listener",
        },
        "colors": ("#1f4e79", "#f2c14e"),
        "label": "Р. Рысмамбетов",
    },
    {
        "key": "videolink",
        "caption": {
            "ru": "Церемония запуска совместных казахстанско-узбекских проектов",
            "kk": "Бірлескен қазақ-өзбек жобаларын іске қосу рәсімі",
            "en": "The ceremony launching joint Kazakh-Uzbek projects",
        },
        "credit": {
            "ru": "пресс-служба Акорды",
            "kk": "Ақорданың баспасөз қызметі",
            "en": "Akorda press service",
        },
        "alt": {
            "ru": "Большой экран с изображением участников церемонии, подключённых по видеосвязи",
            "kk": "Бейнебайланыс арқылы қосылған рәсім қатысушылары көрсетілген үлкен экран",
            "en": "A large screen showing the ceremony's participants joined by video link",
        },
        "colors": ("#0b3d2e", "#5fb49c"),
        "label": "Видеосвязь",
    },
    {
        "key": "harvest",
        "caption": {"ru": "Уборка пшеницы в Костанайской области"},
        "credit": {"ru": "Арман Жаксылыков"},
        "alt": {"ru": "Комбайн убирает пшеницу на широком поле под пасмурным небом"},
        "colors": ("#8a5a00", "#f4d35e"),
        "label": "Урожай",
    },
    {
        "key": "park",
        "caption": {"ru": "Обновлённый сквер в Караганде"},
        "credit": {"ru": "Арман Жаксылыков"},
        "alt": {
            "ru": "Аллея с новыми фонарями и скамейками, вдоль которой высажены молодые деревья"
        },
        "colors": ("#2d6a4f", "#b7e4c7"),
        "label": "Сквер",
    },
    {
        "key": "hearings",
        "caption": {"ru": "Публичные слушания по бюджету Астаны"},
        "credit": {"ru": "пресс-служба маслихата Астаны"},
        "alt": {"ru": "Зал заседаний, в котором жители слушают выступающего у трибуны"},
        "colors": ("#3a0ca3", "#a3c4f3"),
        "label": "Бюджет-2026",
    },
    {
        "key": "robotics",
        "caption": {"kk": "Шымкенттегі мектепте робототехника сабағы"},
        "credit": {"kk": "Арман Жаксылыков"},
        "alt": {"kk": "Оқушылар үстел басында кішкентай роботты жинап отыр"},
        "colors": ("#d1495b", "#edae49"),
        "label": "Робототехника",
    },
    {
        "key": "container-train",
        "caption": {"kk": "Алматы – Ташкент бағытындағы контейнерлік пойыз"},
        "credit": {"kk": "Арман Жаксылыков"},
        "alt": {"kk": "Контейнерлер тиелген жүк пойызы станциядан шығып барады"},
        "colors": ("#264653", "#e76f51"),
        "label": "Алматы – Ташкент",
    },
    {
        "key": "turkistan",
        "caption": {"en": "Visitors in the historic centre of Turkistan"},
        "credit": {"en": "Arman Zhaksylykov"},
        "alt": {"en": "Tourists walking towards a large domed mausoleum on a sunny autumn day"},
        "colors": ("#006d77", "#ffddd2"),
        "label": "Turkistan",
    },
    {
        "key": "checkpoint",
        "caption": {"en": "A checkpoint on the Kazakh-Kyrgyz border"},
        "credit": {"en": "Arman Zhaksylykov"},
        "alt": {"en": "A queue of lorries and cars waiting at a road border crossing"},
        "colors": ("#495057", "#adb5bd"),
        "label": "Border",
    },
    {
        "key": "design-expo",
        "caption": {"ru": "Работы участников выставки молодых дизайнеров"},
        "credit": {"ru": "организаторы выставки"},
        "alt": {"ru": "Светлый выставочный зал с предметами интерьера и плакатами на стенах"},
        "colors": ("#7b2cbf", "#ffb3c6"),
        "label": "Дизайн",
    },
]

# The earlier, related story; STORY links to it through "{earlier_url}".
EARLIER = {
    "ru": {
        "headline": "Токаев и Мирзиёев по видеосвязи дали старт совместным "
        "казахстанско-узбекским проектам",
        "lead": "Президенты Казахстана и Узбекистана по видеосвязи приняли участие "
        "в церемонии, на которой были запущены совместные проекты двух стран. Главы "
        "государств подключились к мероприятию дистанционно.",
        "body": "<p>Касым-Жомарт Токаев и Шавкат Мирзиёев подключились к церемонии "
        "дистанционно, в формате видеоконференции.</p>"
        "<p>Запуск совместных проектов стал очередным шагом в экономическом "
        "сотрудничестве Казахстана и Узбекистана. В последние годы две страны "
        "расширяют взаимодействие в промышленности, торговле, транспорте и "
        "энергетике, а товарооборот между ними растёт.</p>"
        "<p>Запуск проектов по видеосвязи позволил провести церемонию одновременно для "
        "участников в обеих странах. Подробнее о самих проектах агентство расскажет в "
        "следующих материалах.</p>",
        "dateline": "Астана",
        "source": "По информации пресс-службы Акорды",
        "photo": "videolink",
        "caption": "",
        "section": "politics",
        "tags": ["kazakhstan", "uzbekistan", "central-asia"],
        "bylines": [("iskakova", "author"), ("belova", "editor")],
        "published_at": "2025-11-15T12:10:00+05:00",
    },
    "kk": {
        "headline": "Тоқаев пен Мирзиёев бейнебайланыс арқылы бірлескен "
        "қазақ-өзбек жобаларына бастау берді",
        "lead": "Қазақстан мен Өзбекстан президенттері екі елдің бірлескен жобаларын "
        "іске қосу рәсіміне бейнебайланыс арқылы қатысты. Мемлекет басшылары "
        "іс-шараға қашықтан қосылды.",
        "body": "<p>Қасым-Жомарт Тоқаев пен Шавкат Мирзиёев рәсімге "
        "бейнеконференция форматында қосылды.</p>"
        "<p>Бірлескен жобалардың іске қосылуы Қазақстан мен Өзбекстан арасындағы "
        "экономикалық ынтымақтастықтағы кезекті қадам болды. Соңғы жылдары екі ел "
        "өнеркәсіп, сауда, көлік және энергетика салаларындағы байланысын кеңейтіп "
        "келеді, өзара тауар айналымы да өсіп келеді.</p>"
        "<p>Бейнебайланыс рәсімді екі елдегі қатысушылар үшін бір мезгілде өткізуге "
        "мүмкіндік берді. Жобалардың өзі туралы толығырақ ақпаратты агенттік алдағы "
        "материалдарда жариялайды.</p>",
        "dateline": "Астана",
        "source": "Ақорданың баспасөз қызметінің мәліметі бойынша",
        "photo": "videolink",
        "section": "politics",
        "tags": ["kazakhstan", "uzbekistan", "central-asia"],
        "bylines": [("iskakova", "author"), ("nurlankyzy", "translator")],
        "published_at": "2025-11-15T12:40:00+05:00",
    },
    "en": {
        "headline": "Tokayev and Mirziyoyev join by video link as joint Kazakh-Uzbek "
        "projects are launched",
        "lead": "The Presidents of Kazakhstan and Uzbekistan took part by video link "
        "in a ceremony launching joint projects of the two countries. Both heads of state "
        "joined the event remotely.",
        "body": "<p>Kassym-Jomart Tokayev and Shavkat Mirziyoyev joined the ceremony "
        "remotely, by video conference.</p>"
        "<p>The launch is another step in economic cooperation between Kazakhstan "
        "and Uzbekistan. In recent years the two countries have been expanding ties "
        "in industry, trade, transport and energy, and trade between them has been "
        "growing.</p>"
        "<p>The video link allowed the ceremony to be held at the same time for "
        "participants in both countries. The agency will report more about the projects "
        "themselves in follow-up stories.</p>",
        "dateline": "Astana",
        "source": "According to the Akorda press service",
        "photo": "videolink",
        "section": "politics",
        "tags": ["kazakhstan", "uzbekistan", "central-asia"],
        "bylines": [("iskakova", "author"), ("nurlankyzy", "translator")],
        "published_at": "2025-11-15T13:05:00+05:00",
    },
}

# The Central Asia story: three linked language versions.
STORY = {
    "ru": {
        "headline": "Финансист объяснил, чем центр «Центральная Азия» полезен простым казахстанцам",
        "lead": "16 ноября президенты Казахстана и Узбекистана запустили Международный центр "
        "промышленной кооперации «Центральная Азия». Финансист Расул Рысмамбетов рассказал, "
        "что новый проект даст обычным людям.",
        "body": "<p>О практической пользе нового центра финансист Расул Рысмамбетов "
        "рассказал в эфире телеканала «Jibek Joly». Эксперт отдельно остановился на том, "
        "что центр изменит в повседневной жизни. Его оценки приводит корреспондент "
        "нашего агентства.</p>"
        "<p>— Главная задача центра — привлекать инвестиции сообща. Зарубежный инвестор "
        "и так смотрит на Казахстан, Узбекистан и Кыргызстан как на единый регион: сырьё "
        "можно переработать по одну сторону границы, а готовую продукцию вернуть обратно. "
        "Центр должен направлять деньги именно в такие приграничные проекты, — считает "
        "Рысмамбетов.</p>"
        "<p>— Для людей это прежде всего удобство. Съездить в Ташкент станет проще, "
        "туризм оживится, а вслед за ним начнётся и рост. Узбекские овощи и фрукты будет "
        "легче купить у нас, а казахстанские товары — в Узбекистане, — добавил эксперт.</p>"
        "<p>— Мои знакомые из Узбекистана, побывав в Алматы, Астане и Уральске, говорят, "
        "что упустили там немало возможностей для бизнеса. Новый центр как раз поможет "
        "такие шансы не терять, — отметил Рысмамбетов.</p>"
        "<p>Напомним, ранее Касым-Жомарт Токаев и Шавкат Мирзиёев "
        '<a href="{earlier_url}">по видеосвязи приняли участие в церемонии запуска '
        "совместных казахстанско-узбекских проектов</a>.</p>",
        "dateline": "Астана",
        "source": "Телеканал «Jibek Joly»; передаёт корреспондент агентства",
        "photo": "rysmambetov",
        "caption": "",
        "section": "economy",
        "tags": ["central-asia", "uzbekistan", "investment", "industry"],
        "bylines": [("iskakova", "author")],
        "published_at": "2025-11-16T14:30:00+05:00",
    },
    "kk": {
        "headline": "Қаржыгер «Орталық Азия» орталығының қарапайым қазақстандықтарға "
        "берер пайдасын түсіндірді",
        "lead": "16 қарашада Қазақстан мен Өзбекстан президенттері «Орталық Азия» халықаралық "
        "өнеркәсіптік кооперация орталығын іске қосты. Қаржыгер Расул Рысмамбетов бұл "
        "жобаның қарапайым азаматтарға не беретінін түсіндірді.",
        "body": "<p>Жаңа орталықтың маңызы туралы экономист әрі қаржыгер Расул Рысмамбетов "
        "«Jibek Joly» телеарнасының эфирінде айтты. Сарапшы орталықтың инвесторлар мен "
        "кәсіпкерлерге ғана емес, қарапайым адамдардың күнделікті тұрмысына да тигізетін "
        "пайдасына ерекше тоқталды. Оның пікірін агенттігіміздің Астанадағы тілшісі "
        "жеткізеді.</p>"
        "<p>— Орталықтың басты мақсаты — инвестицияны бірлесіп тарту. Шетелдік "
        "инвесторлар Қазақстанды, Өзбекстанды және Қырғызстанды бір өңір ретінде "
        "қарастырады: шикізатты шекараның бір жағында өңдеп, дайын өнімді кері қайтаруға "
        "болады. Орталық қаржыны дәл осындай шекаралық жобаларға тартуы тиіс, — деді "
        "Рысмамбетов.</p>"
        "<p>— Қарапайым адамдар үшін бұл ең алдымен ыңғайлылық. Ташкентке бару жеңілдейді, "
        "туризм жанданады, соның арқасында экономика да өседі. Өзбекстанның көкөністері "
        "мен жемістерін бізде сатып алу оңай болады, ал қазақстандық тауарлар Өзбекстан "
        "дүкендеріне жол табады, — деді сарапшы.</p>"
        "<p>— Алматыға, Астанаға, Оралға келген өзбекстандық таныстарым сол қалалардағы "
        "іскерлік мүмкіндіктерді пайдаланбай қалғандарын жиі айтады. Жаңа орталық осындай "
        "мүмкіндіктерді жібермеуге көмектеседі, — деп атап өтті Рысмамбетов.</p>"
        "<p>Еске сала кетейік, бұған дейін Қасым-Жомарт Тоқаев пен Шавкат Мирзиёев "
        '<a href="{earlier_url}">бірлескен қазақ-өзбек жобаларын іске қосу рәсіміне '
        "бейнебайланыс арқылы қатысқан</a> болатын.</p>",
        "dateline": "Астана",
        "source": "«Jibek Joly» телеарнасы; агенттік тілшісінің хабарлауынша",
        "photo": "rysmambetov",
        "section": "economy",
        "tags": ["central-asia", "uzbekistan", "investment", "industry"],
        "bylines": [("iskakova", "author"), ("nurlankyzy", "translator")],
        "published_at": "2025-11-16T15:10:00+05:00",
    },
    "en": {
        "headline": "Financier explains how the “Central Asia” industrial centre helps "
        "ordinary Kazakhstanis",
        "lead": "On 16 November the Presidents of Kazakhstan and Uzbekistan launched the "
        "International Centre for Industrial Cooperation “Central Asia”. Financier Rassul "
        "Rysmambetov explained what the new centre offers ordinary people.",
        "body": "<p>Financier Rassul Rysmambetov spoke about the practical benefits of the "
        "new centre on the Jibek Joly TV channel, focusing on what it changes in everyday "
        "life. The agency’s correspondent relays his view.</p>"
        "<p>— The centre’s main purpose is to attract investment jointly. Foreign "
        "investors already see Kazakhstan, Uzbekistan and Kyrgyzstan as one region: raw "
        "materials can be processed on one side of the border and the finished goods "
        "brought back. The centre should channel money into exactly these cross-border "
        "projects, — said Rysmambetov.</p>"
        "<p>— For people, it mostly means convenience. Trips to Tashkent will become "
        "easier, tourism will pick up, and growth will follow. Uzbek vegetables and fruit "
        "will be easier to buy here, and Kazakh goods will be easier to find in "
        "Uzbekistan, — the expert added.</p>"
        "<p>— Friends from Uzbekistan who visit Almaty, Astana and Uralsk tell me they "
        "missed business opportunities there. The new centre should help people stop "
        "missing them, — Rysmambetov noted.</p>"
        "<p>Earlier, Kassym-Jomart Tokayev and Shavkat Mirziyoyev "
        '<a href="{earlier_url}">took part by video link in a ceremony launching joint '
        "Kazakh-Uzbek projects</a>.</p>",
        "dateline": "Astana",
        "source": "Jibek Joly TV channel, via the agency’s correspondent",
        "photo": "rysmambetov",
        "section": "economy",
        "tags": ["central-asia", "uzbekistan", "investment", "industry"],
        "bylines": [("iskakova", "author"), ("nurlankyzy", "translator")],
        "published_at": "2025-11-16T15:45:00+05:00",
    },
}

# Short standalone pieces, each in one language. "scheduled" is published by the
# loader with a publication time of tomorrow; "draft" stays unpublished.
OTHER_ARTICLES = [
    {
        "language": "ru",
        "headline": "Аграрии Костанайской области завершили уборку зерновых",
        "lead": "В Костанайской области закончилась уборочная кампания: хозяйства региона "
        "собрали более 5 млн тонн зерна, сообщили в областном управлении сельского хозяйства.",
        "body": "<p>Средняя урожайность, по данным управления, составила около 13 центнеров "
        "с гектара. Основная часть урожая — пшеница, также убраны ячмень, овёс и "
        "масличные культуры.</p>"
        "<p>Сухая погода в сентябре позволила вести уборку почти без перерывов. Сейчас "
        "хозяйства сушат и подрабатывают зерно, а элеваторы принимают его по графику.</p>"
        "<p>Часть урожая планируется отправить на экспорт, в том числе по железной дороге "
        "в страны Центральной Азии.</p>",
        "section": "economy",
        "tags": ["agriculture", "kazakhstan"],
        "photo": "harvest",
        "bylines": [("iskakova", "author"), ("zhaksylykov", "photographer")],
        "dateline": "Костанай",
        "source": "",
        "published_at": "2025-11-10T10:15:00+05:00",
        "status": "published",
    },
    {
        "language": "ru",
        "headline": "В Караганде после реконструкции открылся сквер в микрорайоне Юго-Восток",
        "lead": "В Караганде завершили реконструкцию сквера в микрорайоне Юго-Восток: "
        "жителям вернули обновлённые аллеи, детскую площадку и новое освещение.",
        "body": "<p>В сквере заменили покрытие дорожек, поставили скамейки и фонари, "
        "обустроили детскую площадку. Высажено около 300 деревьев и кустарников, среди "
        "них берёзы, клёны и сирень.</p>"
        "<p>Для маломобильных горожан сделаны пандусы и тактильная плитка, у входа "
        "появилась велопарковка. Работы шли с весны и завершились в срок, сообщили в "
        "городском акимате.</p>"
        "<p>Предложить идеи для летних мероприятий в сквере жители могут через "
        "городской портал обращений.</p>",
        "section": "society",
        "tags": ["kazakhstan"],
        "photo": "park",
        "bylines": [("belova", "author"), ("zhaksylykov", "photographer")],
        "dateline": "Караганда",
        "source": "",
        "published_at": "2025-11-12T17:40:00+05:00",
        "status": "published",
    },
    {
        "language": "ru",
        "headline": "В маслихате Астаны обсудили с жителями проект бюджета на 2026 год",
        "lead": "В маслихате Астаны прошли публичные слушания по проекту городского бюджета "
        "на следующий год. Жители задали вопросы о школах, транспорте и ремонте дворов.",
        "body": "<p>Представители городских управлений рассказали о планируемых расходах "
        "на образование, здравоохранение, общественный транспорт и благоустройство.</p>"
        "<p>Больше всего вопросов касалось строительства новых школ и обновления "
        "автобусного парка. Все предложения, прозвучавшие на слушаниях, рассмотрят "
        "профильные комиссии маслихата.</p>"
        "<p>Жители также попросили чаще проводить такие встречи в районах города, "
        "а не только в здании маслихата. Окончательный вариант бюджета депутаты обсудят "
        "на сессии в декабре, после доработки документа с учётом замечаний.</p>",
        "section": "politics",
        "tags": ["kazakhstan"],
        "photo": "hearings",
        "bylines": [("iskakova", "author")],
        "dateline": "Астана",
        "source": "",
        "published_at": "2025-11-13T11:20:00+05:00",
        "status": "published",
    },
    {
        "language": "kk",
        "headline": "Шымкент мектептерінде оқушыларға арналған робототехника үйірмелері ашылды",
        "lead": "Шымкенттегі он екі мектепте 5–9-сынып оқушыларына арналған робототехника "
        "бағдарламасы басталды. Сабақтар тегін өтеді, оған қатысуға кез келген "
        "оқушы өтінім бере алады.",
        "body": "<p>Үйірмелер аптасына екі рет сабақтан тыс уақытта жұмыс істейді. Қалалық "
        "білім басқармасының мәліметінше, әр мектепке конструктор жинақтары мен "
        "ноутбуктер берілді.</p>"
        "<p>Сабақтарды арнайы курстан өткен информатика мен физика пәндерінің "
        "мұғалімдері жүргізеді. Оқушылар алдымен қарапайым механизмдер жинап, кейін "
        "оларды бағдарламалауды үйренеді.</p>"
        "<p>Ата-аналардың айтуынша, балалар үйірмеге үлкен қызығушылықпен барады. "
        "Оқу жылының соңында олар өз жобаларын қалалық көрмеде таныстырады. "
        "Бағдарлама сәтті болса, келесі жылы оны басқа мектептерге де енгізу "
        "жоспарлануда.</p>",
        "section": "society",
        "tags": ["kazakhstan"],
        "photo": "robotics",
        "bylines": [("nurlankyzy", "author"), ("zhaksylykov", "photographer")],
        "dateline": "Шымкент",
        "source": "",
        "published_at": "2025-11-11T09:30:00+05:00",
        "status": "published",
    },
    {
        "language": "kk",
        "headline": "Алматы мен Ташкент арасында жаңа контейнерлік жүк пойызы қатынай бастады",
        "lead": "Алматыдан Ташкентке тұрақты кестемен жүретін жаңа контейнерлік жүк пойызы "
        "алғашқы рейсіне аттанды. Жаңа бағыт екі ел арасындағы сауданы жеңілдетеді "
        "деп күтілуде.",
        "body": "<p>Пойыз аптасына бір рет жүреді, жолда шамамен екі тәулік болады. "
        "Алғашқы құрамға құрылыс материалдары, тұрмыстық техника және азық-түлік тиелген "
        "40 контейнер кірді.</p>"
        "<p>Логистика саласы өкілдерінің айтуынша, тұрақты кесте жүк жөнелтушілерге "
        "жеткізу мерзімін алдын ала жоспарлауға мүмкіндік береді. Кері бағытта пойыз "
        "өзбекстандық көкөніс, жеміс және тоқыма өнімдерін тасымалдайды.</p>"
        "<p>Сұраныс жоғары болса, болашақта рейстер санын аптасына екіге дейін көбейту "
        "қарастырылып жатыр. Жүк жөнелтушілер контейнерге орынды алдын ала брондай "
        "алады.</p>",
        "section": "economy",
        "tags": ["transport", "uzbekistan", "central-asia"],
        "photo": "container-train",
        "bylines": [("nurlankyzy", "author")],
        "dateline": "Алматы",
        "source": "",
        "published_at": "2025-11-14T16:05:00+05:00",
        "status": "published",
    },
    {
        "language": "en",
        "headline": "Turkistan region sees more visitors this autumn",
        "lead": "Hotels and guesthouses in Turkistan region welcomed noticeably more guests "
        "this autumn than a year ago, the regional tourism office says.",
        "body": "<p>In September and October the region registered about 15% more overnight "
        "guests than in the same period last year. Most came to see the historic centre "
        "of Turkistan and the Mausoleum of Khoja Ahmed Yasawi.</p>"
        "<p>The tourism office links the rise to extra trains from Almaty and Astana and "
        "to several new family-run guesthouses. Travellers from Uzbekistan were among the "
        "largest groups of foreign visitors.</p>"
        "<p>A winter programme of concerts and exhibitions is due to be published next "
        "month.</p>",
        "section": "society",
        "tags": ["tourism", "kazakhstan", "uzbekistan"],
        "photo": "turkistan",
        "bylines": [("iskakova", "author"), ("nurlankyzy", "translator")],
        "dateline": "Turkistan",
        "source": "",
        "published_at": "2025-11-09T13:00:00+05:00",
        "status": "published",
    },
    {
        "language": "en",
        "headline": "Kazakhstan and Kyrgyzstan discuss faster border crossings",
        "lead": "Officials from Kazakhstan and Kyrgyzstan met in Almaty to discuss how to "
        "modernise checkpoints on their shared border and cut waiting times.",
        "body": "<p>The working group reviewed plans to add lanes for lorries and cars and "
        "to introduce electronic queue booking at the busiest crossings. Both sides "
        "agreed to exchange traffic data to help plan the works.</p>"
        "<p>The delegations also discussed aligning veterinary and plant-health checks so "
        "that fruit and vegetables spend less time at the border. According to a "
        "statement after the meeting, the first stage of upgrades could begin next "
        "year.</p>"
        "<p>The group is due to meet again in the spring.</p>",
        "section": "world",
        "tags": ["central-asia", "kazakhstan", "transport"],
        "photo": "checkpoint",
        "bylines": [("belova", "author"), ("nurlankyzy", "translator")],
        "dateline": "Almaty",
        "source": "",
        "published_at": "2025-11-15T18:25:00+05:00",
        "status": "published",
    },
    {
        "language": "ru",
        "headline": "В Павлодаре до конца года заменят изношенные участки теплосетей",
        "lead": "Коммунальные службы Павлодара меняют изношенные трубы теплосетей в "
        "нескольких микрорайонах и рассчитывают закончить работы до конца года.",
        "body": "<p>Замена идёт на участках, где в прошлый отопительный сезон чаще всего "
        "случались порывы. Работы ведутся так, чтобы не отключать тепло в домах.</p>"
        "<p>Водителей просят учитывать временные ограничения движения возле раскопок. "
        "Схемы объезда публикуются на сайте городского акимата.</p>"
        "<p>В следующем году ремонт планируют продолжить на магистральных сетях "
        "в центре города, где трубы не менялись несколько десятилетий.</p>"
        "<p><em>Уточнить у пресс-службы протяжённость участков и сумму работ.</em></p>",
        "section": "society",
        "tags": ["kazakhstan"],
        "photo": None,
        "bylines": [("belova", "author")],
        "dateline": "Павлодар",
        "source": "",
        "published_at": None,
        "status": "draft",
    },
    {
        "language": "ru",
        "headline": "В Алматы покажут работы молодых дизайнеров из стран Центральной Азии",
        "lead": "В Алматы открывается выставка молодых дизайнеров из Казахстана, Узбекистана "
        "и Кыргызстана: в экспозиции — одежда, предметы интерьера и графика.",
        "body": "<p>Организаторы отобрали более 80 работ, присланных на открытый конкурс. "
        "Среди них — коллекции одежды из местных тканей, мебель и плакаты.</p>"
        "<p>Помимо выставки, в программе — лекции и мастер-классы для студентов "
        "творческих вузов. Вход для посетителей свободный. Участники конкурса — студенты "
        "и выпускники последних лет.</p>"
        "<p>Выставка продлится две недели. Лучшие работы по итогам голосования "
        "посетителей затем покажут в Ташкенте и Бишкеке. Расписание лекций опубликовано "
        "на сайте организаторов.</p>",
        "section": "society",
        "tags": ["central-asia", "uzbekistan"],
        "photo": "design-expo",
        "bylines": [("iskakova", "author"), ("belova", "editor")],
        "dateline": "Алматы",
        "source": "",
        "published_at": None,
        "status": "scheduled",
    },
]
