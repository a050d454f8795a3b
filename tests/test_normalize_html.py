"""sanitize_html (including OWASP filter-evasion vectors), html_to_markdown, html_to_text."""


import pytest
from conftest import shared_file

from jobcrawl.normalize.html import html_to_text, sanitize_html
from jobcrawl.normalize.markdown import html_to_markdown


# OWASP XSS filter evasion cheat sheet style vectors, plus mutation-XSS classics.
XSS_VECTORS = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
    "<a href=\"jav&#x0A;ascript:alert('XSS');\">x</a>",
    "<a href=\" &#14;  javascript:alert('XSS');\">x</a>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<iframe src=\"javascript:alert('XSS');\"></iframe>",
    "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">x</TD></TABLE>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<p title=\"</p><script>alert(1)</script>\">ok</p>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">hex</a>",
    "<a href=\"java\0script:alert(1)\">nul</a>",
    "<base href=\"javascript:alert('XSS');//\">",
    "<xmp><script>alert(1)</script></xmp>",
    "<template><script>alert(1)</script></template>",
]

FORBIDDEN = ("<script", "onerror", "javascript:", "onload", "<iframe", "data:text", "vbscript:", "onmouseover",
             "ontoggle", "<svg", "<math", "<style", "<object", "<embed", "expression(", "<meta", "<link", "<base",
             "<form", "<frame", "<input", "<img", "style=")


def test_enough_vectors():
    assert len(XSS_VECTORS) >= 25


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_is_neutralized(vector):
    for html in (vector, f"<p>Intro</p>{vector}<p>Outro</p>", f"<div><ul><li>{vector}</li></ul></div>"):
        out = (sanitize_html(html) or "").lower()
        for bad in FORBIDDEN:
            assert bad not in out, (vector, out)
        md = (html_to_markdown(sanitize_html(html)) or "").lower()
        assert "javascript:" not in md and "data:text" not in md and "vbscript:" not in md, (vector, md)


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<p>Hello <b>world</b></p>", "<p>Hello <b>world</b></p>"),
        ("<p style='color:red' class='x' id='y' onclick='z()'>Hi</p>", "<p>Hi</p>"),
        ("<h2>About</h2><ul><li>One</li><li>Two</li></ul>", "<h2>About</h2><ul><li>One</li><li>Two</li></ul>"),
        ('<a href="https://example.com/apply" target="_blank">Apply</a>',
         '<a href="https://example.com/apply" rel="nofollow noopener">Apply</a>'),
        ('<a href="mailto:jobs@example.com">Mail</a>', '<a href="mailto:jobs@example.com" rel="nofollow noopener">Mail</a>'),
        ("<table><tr><td colspan='2'>x</td></tr></table>", '<table><tbody><tr><td colspan="2">x</td></tr></tbody></table>'),
        ("<div><script>alert(1)</script>Text</div>", "<div>Text</div>"),
        ("<style>p{}</style><p>Text</p>", "<p>Text</p>"),
        ("<p>a<!-- comment -->b</p>", "<p>ab</p>"),
        ("<font color=red>Legacy</font> <center>x</center>", "Legacy x"),
        ("<img src='https://example.com/logo.png'> Logo", "Logo"),
        ("&lt;p&gt;Escaped &lt;b&gt;twice&lt;/b&gt;&lt;/p&gt;", "<p>Escaped <b>twice</b></p>"),  # JSON-LD double escaping
        ("Plain text, no tags", "Plain text, no tags"),
        ("<p> &nbsp; </p>", None),
        ("<script>only</script>", None),
        ("", None),
        (None, None),
    ],
)
def test_sanitize_html(html, expected):
    assert sanitize_html(html) == expected


def test_relative_links():
    html = '<a href="/apply?id=1">Apply</a>'
    assert sanitize_html(html, base_url="https://jobs.example.com/job/1") == (
        '<a href="https://jobs.example.com/apply?id=1" rel="nofollow noopener">Apply</a>'
    )
    assert sanitize_html(html) == '<a rel="nofollow noopener">Apply</a>'  # nowhere to resolve it: dropped
    assert "href" not in sanitize_html(html, base_url="javascript:alert(1)//")


@pytest.mark.parametrize(
    "html, md",
    [
        ("<p>Hello <b>world</b></p><p>Second <i>para</i></p>", "Hello **world**\n\nSecond *para*"),
        ("<h2>What you'll do</h2><ul><li>Build</li><li>Ship</li></ul>", "## What you'll do\n\n- Build\n- Ship"),
        ("<ol><li>One</li><li>Two</li></ol>", "1. One\n2. Two"),
        ("<ol start='3'><li>Three</li></ol>", "3. Three"),
        ("<ul><li>Outer<ul><li>Inner</li></ul></li><li>Next</li></ul>", "- Outer\n    - Inner\n- Next"),
        ('<p>See <a href="https://x.com/a b">the site</a>.</p>', "See [the site](https://x.com/a%20b)."),
        ("<p>Line<br>break</p>", "Line  \nbreak"),
        ("<p>snake_case and *stars* and <code>a_b</code></p>", "snake\\_case and \\*stars\\* and `a_b`"),
        ("<pre>code\n  indented</pre>", "```\ncode\n  indented\n```"),
        ("<blockquote><p>Quote</p></blockquote>", "> Quote"),
        ("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>", "| A | B |\n| --- | --- |\n| 1 | 2 |"),
        ("<p><strong>Location: </strong>Remote</p>", "**Location:** Remote"),
        ("<div>a</div><div>b</div>", "a\n\nb"),
        ("<p>a &lt;tag&gt; here</p>", "a \\<tag> here"),
        ("<p>  </p>", None),
        (None, None),
    ],
)
def test_html_to_markdown(html, md):
    assert html_to_markdown(html) == md


@pytest.mark.parametrize(
    "html, text",
    [
        ("<p>Hello <b>world</b></p><p>Second</p>", "Hello world\nSecond"),
        ("<ul><li>One</li><li>Two</li></ul>", "One\nTwo"),
        ("<p>a&nbsp;&nbsp;b</p>", "a b"),
        ("<script>x()</script><p>Shown</p>", "Shown"),
        ("", None),
        (None, None),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text
    if html and "<script" not in html:
        assert html_to_text(sanitize_html(html), sanitized=True) == text


def _real_description() -> str:
    path = shared_file("realpages/indeed/talynt-indeed-canonical-engmgr-austin.html")
    from lxml import html as lxml_html

    doc = lxml_html.fromstring(path.read_bytes())
    return lxml_html.tostring(doc.get_element_by_id("jobDescriptionText"), encoding="unicode")


def test_real_indeed_description():
    clean = sanitize_html(_real_description())
    assert clean and "<ul>" in clean and "class=" not in clean
    md = html_to_markdown(clean)
    assert "- Manage and lead a distributed team of engineers\n- Hire, coach" in md
    assert "**Location:** This job is open to applicants in all timezones" in md
    text = html_to_text(clean, sanitized=True)
    assert "Manage and lead a distributed team of engineers\nHire, coach" in text
