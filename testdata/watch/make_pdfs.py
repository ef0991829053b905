"""Makes the two Japanese PDF fixtures of the watch tests (fictional text, written for leakwatch).

ja_ttf.pdf: IPAGothic embedded as a subset with a ToUnicode map (like Word or Acrobat output).
ja_cid.pdf: the non-embedded CID font HeiseiKakuGo-W5 with UniJIS-UCS2-H and no ToUnicode
(like older government PDFs), which pdf-extract panics on.

Run: python3 -m venv v && v/bin/pip install reportlab==5.1.0 && v/bin/python make_pdfs.py
(needs Debian's fonts-ipafont-gothic for the first).
"""
from reportlab.pdfgen import canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

LINES = [
    "2026年4月8日",
    "株式会社みずほし精工",
    "当社サーバーへの不正アクセスによる個人情報漏えいのお詫び",
    "当社は2026年4月2日、社内サーバーが第三者による不正アクセスを受け、",
    "お取引先様の氏名及びメールアドレス約1,200件が外部に流出した可能性が",
    "あることを確認いたしました。関係する皆様に深くお詫び申し上げます。",
]


def make(path, font):
    c = canvas.Canvas(path, invariant=1)
    c.setFont(font, 11)
    y = 800
    for line in LINES:
        c.drawString(50, y, line)
        y -= 20
    c.showPage()
    c.save()


pdfmetrics.registerFont(TTFont("IPAGothic", "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"))
make("ja_ttf.pdf", "IPAGothic")
pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
make("ja_cid.pdf", "HeiseiKakuGo-W5")
