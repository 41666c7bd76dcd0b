"""Hostile HTML for the body sanitizer, grouped by OWASP's filter-evasion classes.

Each vector, if a browser ever ran it, calls `window.__xss__(N)` where N is the vector's index
in `VECTORS`, so a browser test can name the one that got through. The groups are written
with `§` standing for that call (`onerror=§` becomes `onerror=__xss__(17)`); a few vectors
whose payload itself is encoded (entities, base64, percent-encoding) are functions of N.
Vectors that only ran in old browsers (vbscript:, expression(), -moz-binding, behavior:,
conditional comments) still carry the call, so a regression is visible wherever it runs.

`LEGITIMATE` is the opposite: a rich Russian body, as CKEditor sends it, whose markup and
typography must survive cleaning.
"""

import base64
from collections.abc import Callable

Template = str | Callable[[int], str]


def call(n: int) -> str:
    return f"__xss__({n})"


def decimal_entities(text: str, zeros: int = 0, semicolon: bool = True) -> str:
    end = ";" if semicolon else ""
    return "".join(f"&#{ord(c):0{zeros + 1}d}{end}" for c in text)


def hex_entities(text: str, semicolon: bool = True, x: str = "x") -> str:
    end = ";" if semicolon else ""
    return "".join(f"&#{x}{ord(c):X}{end}" for c in text)


def percent(text: str) -> str:
    return "".join(f"%{b:02X}" for b in text.encode())


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# Script tags: case games, nesting for filters that strip once, broken or odd closing tags,
# `<script/x>` (a slash where the space was), `<<script>`, and script sources from data:.
SCRIPT_TAGS: list[Template] = [
    "<script>§</script>",
    "<SCRIPT>§</SCRIPT>",
    "<ScRiPt>§</sCrIpT>",
    "<script/x>§</script>",
    "<script\n>§</script\n>",
    "<script type=text/javascript>§</script >",
    '<script type="module">§</script foo="bar">',
    "<<script>§//<</script>",
    "<scr<script>ipt>§</scr</script>ipt>",
    "<script><script>§</script></script>",
    "<script>§</script",
    "<script>§<!--</script>",
    '<script a=">" src="data:text/javascript,§"></script>',
    "<SCRIPT SRC=data:,§></SCRIPT>",
    "<script/src=data:,§></script>",
    "<p>Абзац<script>§</script> и дальше</p>",
]

# Event handlers on many elements, mostly ones that fire without any user action: load and
# error events, autofocus + onfocus, <details open> ontoggle, marquee, srcdoc documents.
EVENT_HANDLERS: list[Template] = [
    "<img src=x onerror=§>",
    '<img src="x" onerror="§">',
    "<IMG SRC=x ONERROR=§>",
    "<img src=x oNeRrOr=§>",
    '<img src=x onerror="javascript:§">',
    '<img srcset=",,,x" onerror=§>',
    "<image src=x onerror=§>",
    "<input type=image src=x onerror=§>",
    "<body onload=§>",
    "<body onpageshow=§>",
    "<svg onload=§>",
    "<details open ontoggle=§><summary>Подробнее</summary></details>",
    "<details ontoggle=§ open>x</details>",
    "<video src=x onerror=§></video>",
    "<video><source onerror=§></video>",
    "<audio src=x onerror=§></audio>",
    "<input autofocus onfocus=§>",
    "<select autofocus onfocus=§></select>",
    "<textarea autofocus onfocus=§></textarea>",
    "<button autofocus onfocus=§>x</button>",
    "<div contenteditable autofocus onfocus=§>x</div>",
    "<marquee onstart=§>бегущая строка</marquee>",
    "<marquee loop=1 width=0 onfinish=§>x</marquee>",
    '<iframe srcdoc="<script>§</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=§&gt;"></iframe>',
    "<iframe onload=§></iframe>",
    "<p onclick=§ onmouseover=§>наведите</p>",
    '<a href="https://example.kz/" onfocus=§ autofocus>ссылка</a>',
]

# URLs with script schemes in every attribute that takes one (href, src, action, formaction,
# xlink:href, srcset, background, poster), spelled to slip past naive filters: mixed case,
# HTML decimal and hex entities with and without semicolons and with leading zeros, &colon;
# and &Tab;, tabs/newlines/NUL inside the scheme, leading spaces and control characters,
# percent-encoding, and data:text/html documents (plain and base64).
URL_SCHEMES: list[Template] = [
    '<a href="javascript:§">ссылка</a>',
    "<a href=javascript:§>ссылка</a>",
    '<a href="JaVaScRiPt:§">ссылка</a>',
    '<a href=" javascript:§">ссылка</a>',
    '<a href="\x01\x02 javascript:§">ссылка</a>',
    '<a href="\x0b\x0c\x1fjavascript:§">ссылка</a>',
    '<a href="java\tscript:§">ссылка</a>',
    '<a href="java\nscript:§">ссылка</a>',
    '<a href="java\rscript:§">ссылка</a>',
    '<a href="java\x00script:§">ссылка</a>',
    '<a href="jav&#x09;ascript:§">ссылка</a>',
    '<a href="jav&#x0A;ascript:§">ссылка</a>',
    '<a href="jav&#13;ascript:§">ссылка</a>',
    '<a href="jav&#9ascript:§">ссылка</a>',
    '<a href="jav&#x00;ascript:§">ссылка</a>',
    '<a href="java&Tab;script&NewLine;:§">ссылка</a>',
    '<a href="javascript&colon;§">ссылка</a>',
    '<a href="jAvAsCrIpT&colon;§">ссылка</a>',
    '<a href="javascript&#58;§">ссылка</a>',
    '<a href="javascript&#x3A§">ссылка</a>',
    '<a href="&#14;  javascript:§">ссылка</a>',
    lambda n: f'<a href="{decimal_entities("javascript:")}{call(n)}">ссылка</a>',
    lambda n: f'<a href="{decimal_entities(f"javascript:{call(n)}", 6, False)}">ссылка</a>',
    lambda n: f'<a href="{hex_entities("javascript:", semicolon=False)}{call(n)}">ссылка</a>',
    lambda n: f'<a href="{hex_entities("javascript:", x="X")}{call(n)}">ссылка</a>',
    lambda n: f'<a href="javascript:{percent(call(n))}">ссылка</a>',
    lambda n: f'<a href="{percent("javascript")}:{call(n)}">ссылка</a>',
    '<a href="javascript://%0A§">ссылка</a>',
    '<a href="vbscript:§">ссылка</a>',
    '<a href="VBScript:§">ссылка</a>',
    '<img src="vbscript:§">',
    '<a href="data:text/html,<script>§</script>">ссылка</a>',
    '<a href="DATA:text/html;charset=utf-8,%3Cscript%3E§%3C/script%3E">ссылка</a>',
    lambda n: f'<a href="data:text/html;base64,{b64(f"<script>{call(n)}</script>")}">ссылка</a>',
    '<img src="javascript:§">',
    '<img srcset="javascript:§ 1x">',
    "<picture><source srcset=javascript:§><img alt=x></picture>",
    '<iframe src="javascript:§"></iframe>',
    '<iframe src="data:text/html,<script>§</script>"></iframe>',
    lambda n: f'<iframe src="data:text/html;base64,{b64(f"<script>{call(n)}</script>")}"></iframe>',
    '<form action="javascript:§"><input type=submit value=go></form>',
    '<form><button formaction="javascript:§">go</button></form>',
    "<input type=submit formaction=javascript:§ value=go>",
    '<svg><a xlink:href="javascript:§"><text x=20 y=20>ссылка</text></a></svg>',
    '<table background="javascript:§"><tr><td>x</td></tr></table>',
    '<body background="javascript:§">',
    '<video poster="javascript:§"></video>',
]

# SVG and MathML: their own scripts and events, <animate>/<set> rewriting href into a script
# URL, <use> pulling in a foreign document, foreignObject and the HTML integration points
# (desc, title, annotation-xml), and mglyph/mtext namespace confusion.
SVG_MATHML: list[Template] = [
    "<svg/onload=§>",
    "<svg><script>§</script></svg>",
    '<svg><script href="data:,§"/></svg>',
    "<svg><image href=x onerror=§ /></svg>",
    "<svg><animate onbegin=§ attributeName=x dur=1s />",
    "<svg><set onbegin=§ attributeName=x to=y />",
    "<svg><a><animate attributeName=href values=javascript:§ /><text x=20 y=20>x</text></a></svg>",
    "<svg><a><set attributeName=href to=javascript:§ /><text x=20 y=20>x</text></a></svg>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='x' onerror='§'/></svg>#x\"/></svg>",
    lambda n: (
        '<svg><use xlink:href="data:image/svg+xml;base64,'
        + b64(
            "<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
            f"<image href='x' onerror='{call(n)}'/></svg>"
        )
        + '#x"></use></svg>'
    ),
    "<svg><foreignObject><img src=x onerror=§></foreignObject></svg>",
    '<svg><foreignObject><iframe srcdoc="<script>§</script>"></iframe></foreignObject></svg>',
    "<svg><desc><img src=x onerror=§></desc></svg>",
    "<svg><title><img src=x onerror=§></title></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=§>",
    '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>'
    '<img src=x onerror=§>">',
    "<math><maction actiontype=statusline xlink:href=javascript:§>x</maction></math>",
    '<math href="javascript:§"><mi>x</mi></math>',
    "<math><annotation-xml encoding=text/html><img src=x onerror=§></annotation-xml></math>",
    '<svg><foreignObject><p><style><p title="</style><iframe onload=§>"></foreignObject>',
]

# Style and expressions: inline style attributes and <style> elements with IE expression(),
# Mozilla XBL -moz-binding, @import of script URLs, behavior: (HTC), CSS escapes, and the
# load/animation events a stylesheet can trigger.
STYLES: list[Template] = [
    '<p style="background:url(javascript:§)">x</p>',
    '<p style="width:expression(§)">x</p>',
    '<p style="x:ex/**/pression(§)">x</p>',
    '<p style="x:\\65xpression(§)">x</p>',
    '<p style="background-image:url(&#106;avascript:§)">x</p>',
    "<div style=\"-moz-binding:url('data:text/xml,<bindings xmlns=%22http://www.mozilla.org/"
    "xbl%22><binding id=%22x%22><implementation><constructor>§</constructor>"
    "</implementation></binding></bindings>#x')\">x</div>",
    '<xss style="behavior:url(#default#time2)" onbegin="§">x</xss>',
    '<style>@import "javascript:§";</style>',
    "<style>@import url(data:text/css,p{background:url(javascript:§)});</style>",
    '<style>p{background:url("javascript:§")}</style>',
    "<style>*{x:expression(§)}</style>",
    "<style>body{behavior:url(x.htc);-moz-binding:url(x.xml#§)}</style>",
    "<style onload=§></style>",
    '<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart=§>x</p>',
]

# Broken and malformed markup: unclosed quotes, attributes without spaces or separated by
# "/" or control characters, backticks, comments that end early (`<!-->`), CDATA, IE
# conditional comments, processing instructions and bogus end tags.
MALFORMED: list[Template] = [
    '<img """><script>§</script>">',
    '<img src="x onerror=§>',
    "<img src='x' onerror='§'",
    '<img src="x"onerror="§">',
    "<img/src=x/onerror=§>",
    "<img\tsrc=x\tonerror=§>",
    "<img\nsrc=x\nonerror=§>",
    "<img\x0csrc=x\x0conerror=§>",
    "<img src=`x` onerror=§>",
    "<img src=x onerror=§//",
    "<!--><script>§</script>-->",
    "<!---><script>§</script>-->",
    '<!--<img src="--><img src=x onerror=§//">',
    "<![CDATA[<script>§</script>]]>",
    "<svg><![CDATA[</svg><img src=x onerror=§>]]></svg>",
    "<!--[if gte IE 4]><script>§</script><![endif]-->",
    "<![if !IE]><script>§</script><![endif]>",
    '<? foo="><script>§</script>">',
    '</a foo="><script>§</script>">',
    "<img src=x o\x00nerror=§>",
]

# Mutation XSS: markup a sanitizer parses one way and the browser re-parses another, mostly
# raw-text and RCDATA containers (noscript, title, textarea, template, xmp, noembed,
# noframes, iframe) with a closing tag hidden in an attribute, foreign content that turns
# <style> into markup, and entities that must stay text. <plaintext> swallows the rest of
# the document, so it comes last.
MUTATION: list[Template] = [
    '<noscript><p title="</noscript><img src=x onerror=§>">',
    "<noscript><style></noscript><img src=x onerror=§>",
    '<title><a title="</title><img src=x onerror=§>">',
    '<textarea><img title="</textarea><img src=x onerror=§>"></textarea>',
    "<template><img src=x onerror=§></template>",
    "<template><script>§</script></template>",
    '<template shadowrootmode="open"><img src=x onerror=§></template>',
    '<xmp><p title="</xmp><img src=x onerror=§>">',
    '<noembed><p title="</noembed><img src=x onerror=§>">',
    '<noframes><p title="</noframes><img src=x onerror=§>">',
    '<iframe><p title="</iframe><img src=x onerror=§>">',
    "<svg><style><img src=x onerror=§>",
    '<svg></p><style><a id="</style><img src=1 onerror=§>">',
    "<math><style><img src=x onerror=§></style></math>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=§>",
    "<select><style></select><img src=x onerror=§></style>",
    '<p title="&lt;/p&gt;&lt;img src=x onerror=§&gt;">x</p>',
    '<a href="https://example.kz/" title="&quot;&gt;&lt;img src=x onerror=§&gt;">x</a>',
    "<p>&lt;img src=x onerror=§&gt;</p>",
    "<p>&amp;lt;script&amp;gt;§&amp;lt;/script&amp;gt;</p>",
    "<plaintext><img src=x onerror=§>",
]

# Elements that change the page around them or embed other documents: base, meta refresh
# and charset, link, object/embed/applet, form/button/isindex, frameset/frame, iframe,
# declarative templates and portal.
EMBEDDING: list[Template] = [
    '<base href="javascript:§//">',
    '<base href="data:text/html,<script>§</script>//">',
    '<meta http-equiv="refresh" content="0;url=javascript:§">',
    lambda n: (
        '<meta http-equiv="refresh" content="0;url=data:text/html;base64,'
        f'{b64(f"<script>{call(n)}</script>")}">'
    ),
    '<meta charset="x-imap4-modified-utf7">&ADw-script&AD4-§&ADw-/script&AD4-',
    '<link rel="stylesheet" href="javascript:§">',
    "<link rel=stylesheet href=x onerror=§>",
    '<link rel="import" href="data:text/html,<script>§</script>">',
    '<object data="javascript:§"></object>',
    '<object data="data:text/html,<script>§</script>"></object>',
    "<object data=x onerror=§></object>",
    '<object type="text/x-scriptlet" data=x><param name=url value="javascript:§"></object>',
    '<embed src="javascript:§">',
    '<embed src="data:text/html,<script>§</script>">',
    "<embed src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='§'/>\">",
    '<applet code="javascript:§"></applet>',
    '<form id=f></form><button form=f formaction="javascript:§">go</button>',
    "<isindex type=image src=1 onerror=§>",
    '<isindex action="javascript:§" type=submit>',
    "<keygen autofocus onfocus=§>",
    "<frameset onload=§><frame src=x></frameset>",
    '<frameset><frame src="javascript:§"></frameset>',
    '<iframe src="https://example.kz/" onload=§></iframe>',
    '<portal src="javascript:§"></portal>',
    "<portal src=x onload=§></portal>",
    '<bgsound src="javascript:§">',
]

# Polyglots: one string that breaks out of many contexts (attribute, script, style, title,
# textarea, comment) at once.
POLYGLOTS: list[Template] = [
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=§ )//%0D%0A%0d%0a//</stYle/</titLe/"
    "</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=§//>\\x3e",
    "javascript:\"/*'/*`/*--></noscript></title></textarea></style></template></noembed>"
    '</script><html " onmouseover=/*&lt;svg/*/onload=§//>',
    "'\"--></style></script><script>§</script>",
    '"><img src=x onerror=§><"',
    "'><svg/onload=§>'",
    '" onfocus=§ autofocus x="',
]

GROUPS: dict[str, list[Template]] = {
    "script tags": SCRIPT_TAGS,
    "event handlers": EVENT_HANDLERS,
    "script URLs and encodings": URL_SCHEMES,
    "SVG and MathML": SVG_MATHML,
    "style and expressions": STYLES,
    "malformed markup": MALFORMED,
    "embedding and page-changing elements": EMBEDDING,
    "polyglots": POLYGLOTS,
    "mutation XSS": MUTATION,
}


def _build() -> tuple[list[str], dict[str, range]]:
    vectors: list[str] = []
    classes: dict[str, range] = {}
    for name, templates in GROUPS.items():
        start = len(vectors)
        for template in templates:
            n = len(vectors)
            if callable(template):
                vectors.append(template(n))
            else:
                vectors.append(template.replace("§", call(n)))
        classes[name] = range(start, len(vectors))
    return vectors, classes


VECTORS: list[str]
CLASSES: dict[str, range]  # the indices of each group in VECTORS
VECTORS, CLASSES = _build()

LEGITIMATE = """\
<h2>Центр «Центральная Азия»: что он даст казахстанцам</h2>
<p>Президенты Казахстана и Узбекистана запустили Международный центр промышленной \
кооперации — первый такой проект на границе двух стран.</p>
<p>— Главное — вместе привлекать инвестиции, — считает экономист Расул Рысмамбетов. \
Подробности — на <a href="https://kazinform.example/news/centr-ca" title="Казинформ">сайте \
агентства</a>, вопросы — по адресу <a href="mailto:desk@newsroom.example">desk@newsroom.example\
</a>.</p>
<h3>Что уже известно</h3>
<ul>
<li>Площадь центра — <strong>200 гектаров</strong>;</li>
<li>режим <em>безвизового</em> пребывания до 15 суток.</li>
</ul>
<ol start="2">
<li>Первая очередь — в 2026 году.</li>
<li>Вторая — позже.</li>
</ol>
<figure><img src="/media/uploads/2025/11/astana-border.jpg" alt="Пограничный пункт «Атамекен» \
на рассвете" width="640" height="360"><figcaption>Пункт пропуска «Атамекен». Фото: \
пресс-служба</figcaption></figure>
<h4>Товарооборот, млрд долларов</h4>
<table><caption>Казахстан — Узбекистан</caption><thead><tr><th scope="col">Год</th>\
<th scope="col">Оборот</th></tr></thead><tbody><tr><td>2024</td><td>4,4</td></tr>\
<tr><td>2025</td><td>5,1</td></tr></tbody></table>
<blockquote><p>«Это шанс для малого бизнеса обеих стран», — сказал министр.</p></blockquote>
<p>Текст подготовлен по материалам телеканала «Jibek Joly».</p>
"""
