"""Writes testdata/holdout: cases written after the extractor's rules, scored as they are.

These texts were written for leakwatch in its own words; every organisation and event
is fictional. They are never tuned against: a rule change that helps here must be a
rule about Japanese disclosure language in general, and the figure is reported as is.
"""
import json, os
OUT = os.path.join(os.path.dirname(__file__), "holdout")
def inc(org, cause, **kw):
    d = {"organization": org, "aliases": kw.pop("aliases", []), "parent": kw.pop("parent", None), "cause": cause,
         "counts": [{"value": v, "unit": u} for v, u in kw.pop("counts", [])], "data": kw.pop("data", []),
         "occurred": None, "detected": None, "disclosed": None, "regulator_reported": None, "loss_jpy": None,
         "secondary_damage": False}
    d.update(kw)
    return d
def case(name, published, source, text, incidents):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        f.write(text.strip() + "\n")
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump({"published": published, "source": source, "incidents": incidents}, f, ensure_ascii=False, indent=2)

case("h01-pr-ransomware", "2025-09-19", "press_release", """
2025年9月19日
北斗精機株式会社

ランサムウェア被害による情報流出の可能性について（お詫び）

平素より格別のご高配を賜り、厚く御礼申し上げます。
当社のファイルサーバーが2025年9月2日(火)未明にランサムウェアによる攻撃を受け、保存されていたデータの一部が暗号化される被害が発生しました。
当社は同日朝に社内システムの異常を把握し、直ちにネットワークを遮断いたしました。
外部専門機関による調査の結果、取引先の会社名、ご担当者様の氏名、電話番号、メールアドレスを含む約2,300件の情報、ならびに従業員410名の情報が外部に持ち出された可能性があることが分かりました。
本件につきましては、9月5日に個人情報保護委員会へ報告するとともに、所轄の警察署に相談しております。
現時点で、情報が不正に利用された事実は確認されておりません。
関係者の皆様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。
""", [inc("北斗精機株式会社", "malware", aliases=["北斗精機", "当社"],
          counts=[(2300, "件"), (410, "名")], data=["company", "name", "phone", "email"],
          occurred="2025-09-02", detected="2025-09-02", disclosed="2025-09-19", regulator_reported="2025-09-05")])

case("h02-td-special-loss", "2025-05-14", "timely_disclosure", """
2025年5月14日
各 位
会社名 ユニバーサル食品ホールディングス株式会社
代表者名 代表取締役社長 山辺 太一
（コード番号 9999 東証スタンダード）

特別損失の計上に関するお知らせ

当社の連結子会社であるユニバ通販株式会社（以下「ユニバ通販」）が運営する通信販売サイトにおいて、第三者による不正アクセスを受け、決済画面が改ざんされていたことが判明した件について、2025年3月10日に公表いたしました。
ユニバ通販は、2025年2月7日にカード会社からの連絡を受けて調査を開始し、2024年11月5日から2025年2月7日までの期間にサイトで入力されたクレジットカード情報（カード番号、有効期限、セキュリティコード）最大3,812件が流出したおそれがあることを確認しております。また、一部のカードについて不正利用の被害が報告されております。
これに伴い、調査費用、お客様への補償費用等として、2026年3月期第1四半期連結会計期間において特別損失120百万円を計上いたします。
""", [inc("ユニバ通販株式会社", "unauthorized_access", aliases=["ユニバ通販"], parent="ユニバーサル食品ホールディングス株式会社",
          counts=[(3812, "件")], data=["credit_card_number", "card_expiry", "card_security_code"],
          occurred="2024-11-05", detected="2025-02-07", disclosed="2025-03-10", loss_jpy=120000000,
          secondary_damage=True,
          related=[{"name": "ユニバーサル食品ホールディングス株式会社", "role": "parent", "parent": None}])])

case("h03-city-usb", "2025-11-06", "regulator", """
報道発表資料
令和7年11月6日
北浜市 教育委員会事務局

個人情報を含むUSBメモリの紛失について

このたび、市立小学校の教員が、児童の個人情報を保存したUSBメモリを紛失する事案が発生しました。
関係する児童及び保護者の皆様に深くお詫び申し上げます。

1 概要
令和7年10月28日(火)、教員が業務のため私物の鞄にUSBメモリを入れて帰宅する途中、立ち寄った店舗で鞄ごと置き忘れました。10月30日、校内で当該USBメモリが見当たらないことに気付き、紛失が判明しました。現在も発見に至っておりません。

2 保存されていた情報
児童128名分の氏名、住所、生年月日

3 今後の対応
対象となる児童の保護者に対し、個別に説明と謝罪を行っております。学外への記録媒体の持ち出しに関するルールを改めて徹底します。
""", [inc("北浜市", "loss_theft", aliases=["北浜市教育委員会"],
          counts=[(128, "名")], data=["name", "address", "birthdate"],
          occurred="2025-10-28", detected="2025-10-30", disclosed="2025-11-06")])

case("h04-news-misconfig", "2025-07-03", "news", """
オンライン講座の受講者情報、約1万9千人分が閲覧可能に　ラーニングゲート
2025年7月3日 10時00分

オンライン講座を運営する株式会社ラーニングゲート（東京都）は2日、クラウドストレージの設定に誤りがあり、受講者約1万9千人分の氏名とメールアドレスが、外部から閲覧できる状態になっていたと発表した。
同社によると、2023年4月にストレージを設定した際、公開範囲の指定を誤ったという。今年6月20日に外部の研究者から指摘を受けて発覚し、同日中に設定を修正した。
現時点で情報の悪用は確認されていないという。同社は個人情報保護委員会に報告済みとしている。
""", [inc("株式会社ラーニングゲート", "system_defect", aliases=["ラーニングゲート", "同社"],
          counts=[(19000, "人")], data=["name", "email"],
          occurred="2023-04", detected="2025-06-20", disclosed="2025-07-02")])

case("h05-blog-mixed", "2025-08-25", "blog", """
今週気になったセキュリティニュースまとめ（8月第4週）

■ 財団職員のメールアカウントが乗っ取られ迷惑メール送信
公益財団法人みどり文化振興財団は8月19日、職員1名が受信したなりすましメールに記載されたリンクから偽のログインページにアクセスし、メールアカウントのIDとパスワードを入力してしまったと公表した。アカウントは8月15日に第三者に不正利用され、約5,000通の迷惑メールが送信された。財団は8月16日に異常に気付き、パスワードを変更した。

■ 元社員が顧客情報を持ち出し　東光不動産
東光不動産株式会社は8月21日、退職した元社員が在職中に顧客情報約8千件を私物のスマートフォンで撮影し、転職先の同業他社に渡していたと発表した。情報には顧客の氏名、住所、電話番号が含まれる。転職先からの連絡で7月下旬に発覚したという。同社は警察に相談している。
""", [inc("公益財団法人みどり文化振興財団", "phishing", aliases=["みどり文化振興財団", "財団"],
          counts=[(5000, "通")], data=["credentials"],
          occurred="2025-08-15", detected="2025-08-16", disclosed="2025-08-19",
          unscored=["counts"], notes="5,000 mails were sent from the account: a quantity of harm, arguably not of records"),
      inc("東光不動産株式会社", "insider", aliases=["東光不動産", "同社"],
          counts=[(8000, "件")], data=["name", "address", "phone"],
          detected="2025-07", disclosed="2025-08-21")])

case("h06-pr-cc-second-report", "2025-01-24", "press_release", """
2025年1月24日
株式会社アルファ人材

【第2報】メール誤送信によるメールアドレス流出についてのお詫び

2025年1月16日にお知らせいたしました、当社からの一斉メール送信におけるメールアドレスの流出について、調査の結果をご報告いたします。

1．経緯
2025年1月15日(水)午後、当社担当者が登録者の皆様へセミナーのご案内をお送りする際、本来BCCに入力すべきアドレスを誤ってCCに入力して送信いたしました。送信直後に受信者の方からのご指摘により判明いたしました。

2．流出した情報
ご案内をお送りした登録者212名のメールアドレス（一部、氏名を含むもの）

3．対応
同日中に受信者の皆様へ削除のお願いをお送りし、1月17日に個人情報保護委員会へ報告いたしました。今後はメール配信システムを利用し、再発防止に努めます。
""", [inc("株式会社アルファ人材", "misdelivery", aliases=["アルファ人材", "当社"],
          counts=[(212, "名")], data=["email", "name"],
          occurred="2025-01-15", detected="2025-01-15", disclosed="2025-01-16", regulator_reported="2025-01-17")])

case("h07-agency-attachment", "2025-11-19", "regulator", """
令和7年11月19日
中央統計庁

調査協力事業者の個人情報を含むファイルの誤送付について

中央統計庁において、統計調査に関するご連絡の際、誤ったファイルを添付して送信する事案が発生しました。関係者の皆様に多大なご迷惑をおかけしたことを深くお詫び申し上げます。

令和7年11月12日、当庁職員が、ある調査協力事業者あてのメールに、別の事業者43社の担当者氏名と電話番号を記載した一覧表を誤って添付して送信しました。翌日、受信した事業者からの連絡により誤りが判明しました。
当該事業者にはファイルの削除を依頼し、削除した旨の回答を得ております。対象となる事業者には個別にご説明とお詫びを行っています。
""", [inc("中央統計庁", "misdelivery", aliases=["当庁"],
          counts=[(43, "社")], data=["name", "phone"],
          occurred="2025-11-12", detected="2025-11-13", disclosed="2025-11-19")])

case("h08-pr-asp-provider", "2025-04-04", "press_release", """
2025年4月4日
クラウド予約システム株式会社

当社予約管理サービスへの不正アクセスに関するお知らせとお詫び

当社が提供する予約管理サービス「ヨヤクラウド」のサーバーに対し、2025年3月24日から3月27日にかけて、外部の第三者による不正アクセスが行われたことが判明いたしました。
3月27日に監視システムが通常と異なる通信を検知し、調査を開始いたしました。本サービスを導入されている事業者3社のお客様の予約情報（氏名、電話番号、メールアドレス）最大45,120件が閲覧された可能性がございます。
当社は3月28日に個人情報保護委員会へ速報を行いました。導入事業者様とも連携し、対象となるお客様へ順次ご連絡しております。
サービスをご利用の皆様に多大なるご迷惑をおかけしましたことを深くお詫び申し上げます。
""", [inc("クラウド予約システム株式会社", "unauthorized_access", aliases=["クラウド予約システム", "当社"],
          counts=[(45120, "件"), (3, "社")], data=["name", "phone", "email"],
          occurred="2025-03-24", detected="2025-03-27", disclosed="2025-04-04", regulator_reported="2025-03-28",
          unscored=["counts"], notes="3社 is the number of customer firms; an analyst may or may not count it")])
