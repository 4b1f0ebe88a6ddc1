"""Realistic report documents built from the shipped reports, for the format and admin tests and the formats
benchmark: a two-column A3 newspaper page (text layer, CJK font), the same page as a scan (image only), a Word
file and a web page with site navigation and footer."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

from corpus.models import Article

# reportlab embeds TrueType outlines only (Noto CJK is CFF): WenQuanYi Micro Hei from Debian fonts-wqy-microhei
CJK_TTF = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
A3 = (842.0, 1191.0)
MARGIN = 40.0
GUTTER = 24.0
BODY_SIZE = 10.5
LEADING = 15.5
MASTHEAD = ("重庆日报", "2025年6月12日 星期四 第3版 科技新闻")
PAGE_NUMBER = "3"


def pick_articles(articles: list[Article], n: int = 2, budget: int = 1300) -> list[Article]:
    """n articles from different files, each cut to whole paragraphs within budget characters (one A3
    page holds two such articles in two columns)."""
    picked: list[Article] = []
    for a in articles:
        if any(p.source == a.source for p in picked) or len(a.paragraphs) < 3:
            continue
        kept, total = [], 0
        for p in a.paragraphs:
            if total + len(p.text) > budget:
                break
            kept.append(p)
            total += len(p.text)
        if len(kept) >= 3:
            picked.append(a.model_copy(update={"paragraphs": kept}))
        if len(picked) == n:
            break
    return picked


def similarity(a: str, b: str) -> float:
    """Character similarity, blind to whitespace (paragraph joins are layout, not text)."""
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _wrap(text: str, font: str, size: float, width: float, indent: float = 0.0) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, cur = [], ""
    avail = width - indent
    for ch in text:
        if stringWidth(cur + ch, font, size) > avail and cur:
            lines.append(cur)
            cur, avail = "", width
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def newspaper_pdf(articles: list[Article], layout: str = "stacked") -> bytes:
    """One A3 page: masthead with date line and 版次, then the articles, then the page number. stacked: each
    article with its headline across the page and its body in two columns (first-line indents), a photo with
    caption in the first article. side: the articles side by side, each in a column of its own under its
    headline."""
    from reportlab.lib.colors import Color
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CJK", str(CJK_TTF), subfontIndex=0))
    buf = io.BytesIO()
    width, height = A3
    c = canvas.Canvas(buf, pagesize=A3)
    c.setTitle("重庆日报 第3版")
    y = MARGIN + 36  # distances from the top; reportlab's y runs upwards
    c.setFont("CJK", 36)
    c.drawCentredString(width / 2, height - y, MASTHEAD[0])
    y += 24
    c.setFont("CJK", 10)
    c.drawString(MARGIN, height - y, MASTHEAD[1])
    y += 10
    c.line(MARGIN, height - y, width - MARGIN, height - y)
    col_w = (width - 2 * MARGIN - GUTTER) / 2
    if layout == "side":
        _side_by_side(c, articles, y, col_w)
    else:
        for n, article in enumerate(articles):
            y += 34
            kicker, _, main = article.title.rpartition(" ")
            if kicker:
                c.setFont("CJK", 14)
                c.drawCentredString(width / 2, height - y, kicker)
                y += 30
            c.setFont("CJK", 24)
            c.drawCentredString(width / 2, height - y, main)
            y += 30
            lines: list[tuple[str, float]] = []  # (text, indent)
            for p in article.paragraphs:
                for i, line in enumerate(_wrap(p.text, "CJK", BODY_SIZE, col_w, 2 * BODY_SIZE)):
                    lines.append((line, 2 * BODY_SIZE if i == 0 else 0.0))
            per_col = (len(lines) + 1) // 2
            photo = n == 0
            col_top = y
            for col in range(2):
                x = MARGIN + col * (col_w + GUTTER)
                yy = col_top
                if photo and col == 1:  # a photo at the head of the second column, its caption under it
                    c.setFillColor(Color(0.8, 0.8, 0.8))
                    c.rect(x, height - (yy + 110), col_w, 110, fill=1, stroke=0)
                    c.setFillColor(Color(0, 0, 0))
                    c.setFont("CJK", 8.5)
                    c.drawString(x, height - (yy + 124), "图为大会现场。记者 谢智强 摄/视觉重庆")
                    yy += 124 + 2 * LEADING
                c.setFont("CJK", BODY_SIZE)
                for text, indent in lines[col * per_col : (col + 1) * per_col]:
                    yy += LEADING
                    c.drawString(x + indent, height - yy, text)
                y = max(y, yy)
            y += 16
            c.line(MARGIN, height - y, width - MARGIN, height - y)
    c.setFont("CJK", 10)
    c.drawCentredString(width / 2, MARGIN / 2 + 4, PAGE_NUMBER)
    c.showPage()
    c.save()
    return buf.getvalue()


def _side_by_side(c, articles: list[Article], y: float, col_w: float) -> None:
    height = A3[1]
    for col, article in enumerate(articles[:2]):
        x = MARGIN + col * (col_w + GUTTER)
        yy = y + 20
        for part, size in zip(article.title.rsplit(" ", 1), (14, 22) if " " in article.title else (22,)):
            c.setFont("CJK", size)
            for line in _wrap(part, "CJK", size, col_w):
                yy += size * 1.3
                c.drawString(x, height - yy, line)
        yy += 20
        c.setFont("CJK", BODY_SIZE)
        for p in article.paragraphs:
            for i, line in enumerate(_wrap(p.text, "CJK", BODY_SIZE, col_w, 2 * BODY_SIZE)):
                yy += LEADING
                c.drawString(x + (2 * BODY_SIZE if i == 0 else 0.0), height - yy, line)


def scanned_pdf(pdf: bytes, dpi: int = 300) -> bytes:
    """The same page(s) as images only, as a scanner would make them."""
    import pypdfium2 as pdfium

    from corpus.pdf import PDFIUM

    with PDFIUM:  # a test's server may be reading a PDF at the same time
        doc = pdfium.PdfDocument(pdf)
        images = [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
        doc.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def word_docx(articles: list[Article]) -> bytes:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "重庆日报 · 科技新闻"  # page furniture, not the article
    document.sections[0].footer.paragraphs[0].text = "第 3 页"
    for a in articles:
        document.add_heading(a.title, level=1)
        for p in a.paragraphs:
            document.add_paragraph(p.text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def web_page(article: Article) -> bytes:
    nav = "".join(
        f'<li><a href="/{k}/">{v}</a></li>'
        for k, v in [("", "首页"), ("news", "要闻"), ("tech", "科技"), ("about", "关于我们")]
    )
    body = "".join(f"<p>{p.text}</p>" for p in article.paragraphs)
    html = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{article.title}_重庆日报网</title>
<meta property="og:title" content="{article.title}">
<meta property="article:published_time" content="2025-06-12T08:00:00+08:00"></head>
<body>
<header class="site-header"><div class="logo">重庆日报网</div><nav><ul>{nav}</ul></nav>
<form class="search"><input name="q" placeholder="搜索"></form></header>
<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/tech/">科技</a> &gt; 正文</div>
<main><article><h1>{article.title}</h1><div class="meta">来源：重庆日报 发布时间：2025-06-12 08:00</div>
<div class="content">{body}</div></article>
<aside class="related"><h3>相关阅读</h3><ul><li><a href="/a1">重庆举办科技活动周</a></li><li><a href="/a2">川渝联合发布创新成果</a></li></ul></aside></main>
<footer><p>版权所有 © 重庆日报报业集团 渝ICP备00000000号</p><p><a href="/contact">联系我们</a> | <a href="/map">网站地图</a></p></footer>
</body></html>"""
    return html.encode("utf-8")
