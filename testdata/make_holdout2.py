"""Writes testdata/holdout2: the second held-out set, written after holdout/ had been
used to find general gaps. Texts in leakwatch's own words; everything is fictional."""
import json, os
OUT = os.path.join(os.path.dirname(__file__), "holdout2")
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

case("g01-news-printer-ransomware", "2025-10-11", "news", """
印刷会社にランサムウェア攻撃、預かった個人情報150万件流出か
2025年10月11日

印刷会社の東和プリント株式会社（大阪市）は10日、社内のサーバーがランサムウェアに感染し、取引先の自治体や企業から預かっていた個人情報約150万件が流出した可能性があると発表した。
同社によると、9月下旬に攻撃を受け、10月1日に業務システムが使えなくなったことで被害に気付いた。流出した可能性があるのは、通知書の印刷などのために預かっていた住民や顧客の氏名と住所。
同社は警察に被害を相談し、個人情報保護委員会にも報告した。
""", [inc("東和プリント株式会社", "malware", aliases=["東和プリント", "同社"],
          counts=[(1500000, "件")], data=["name", "address"],
          occurred="2025-09", detected="2025-10-01", disclosed="2025-10-10")])

case("g02-td-phishing-subsidiary", "2025-06-30", "timely_disclosure", """
2025年6月30日
各位
会社名 アサヒナ・ホールディングス株式会社
（コード番号：9998 東証プライム）

当社子会社における個人情報流出の可能性に関するお知らせ

当社の100％子会社である株式会社ミライ保険サービス（以下「MHS」）において、従業員がフィッシングメールに記載されたリンク先で認証情報を入力したことにより、第三者がMHSのメールアカウントに不正にログインし、メールに含まれていた顧客情報約3,400件が閲覧された可能性があることが判明いたしましたので、お知らせいたします。
MHSは2025年6月12日に不審なログインを検知し、直ちにパスワードの変更等の措置を講じました。6月13日には個人情報保護委員会へ報告しております。
なお、本件が当社の連結業績に与える影響は軽微であると見込んでおります。
""", [inc("株式会社ミライ保険サービス", "phishing", aliases=["ミライ保険サービス", "MHS"],
          parent="アサヒナ・ホールディングス株式会社",
          counts=[(3400, "件")], data=["customer_records"],
          detected="2025-06-12", disclosed="2025-06-30", regulator_reported="2025-06-13",
          related=[{"name": "アサヒナ・ホールディングス株式会社", "role": "parent", "parent": None}])])

case("g03-univ-lost-papers", "2025-12-02", "press_release", """
令和7年12月2日
国立大学法人東都大学

学生の個人情報を含む書類の紛失について

このたび、本学の教員が学生の個人情報を含む書類を紛失する事案が発生いたしました。関係する学生の皆様に多大なご迷惑とご心配をおかけし、心よりお詫び申し上げます。

令和7年11月21日(金)、本学教員が帰宅途中の電車内に、授業の資料を入れた封筒を置き忘れました。封筒には、履修学生87名の氏名、学籍番号及び成績を記載した一覧表が含まれていました。翌22日に教員が紛失に気付き、鉄道会社及び警察に届け出ましたが、現時点で発見には至っておりません。
対象の学生には、個別に経緯の説明と謝罪を行っております。
""", [inc("国立大学法人東都大学", "loss_theft", aliases=["東都大学", "本学"],
          counts=[(87, "名")], data=["name", "other"],
          occurred="2025-11-21", detected="2025-11-22", disclosed="2025-12-02")])

case("g04-blog-cloud-exposure", "2025-06-05", "blog", """
旅行予約サイトの設定不備で予約者情報が公開状態に

旅行会社のエムズ旅行株式会社が6月3日、同社の予約システムで利用していたクラウドストレージが誰でも閲覧できる状態になっていたと公表しました。
公表によると、2022年12月から2025年5月28日までの間、予約者約6,200人分の氏名、生年月日、パスポート番号などを含むファイルが外部から閲覧可能な状態にありました。5月27日に外部の調査者から指摘を受け、翌日にアクセス制限を設定したとのことです。
不正な閲覧の有無は調査中としています。クラウドの公開設定の誤りは何度も繰り返されている典型的な事故で、設定の定期的な点検が欠かせません。
""", [inc("エムズ旅行株式会社", "system_defect", aliases=["エムズ旅行", "同社"],
          counts=[(6200, "人")], data=["name", "birthdate", "other"],
          occurred="2022-12", detected="2025-05-27", disclosed="2025-06-03")])

case("g05-pref-fax-repeat", "2025-02-07", "regulator", """
報道提供資料
令和7年2月7日
南海県 福祉保健部

ファクシミリの誤送信による個人情報の漏えいについて

本県の出先機関において、個人情報を含む書類をファクシミリで誤送信する事案が発生しました。関係者の皆様に深くお詫び申し上げます。

1 概要
令和7年2月4日、南海県中部福祉事務所の職員が、申請者3名分の氏名、住所及び電話番号が記載された書類を、関係機関へ送信する際に番号を誤り、無関係の事業所へファクシミリで送信しました。同日、受信した事業所からの連絡により誤送信が判明しました。

2 対応
受信した事業所に書類の廃棄を依頼し、廃棄されたことを確認しました。対象の申請者には経緯を説明し謝罪しました。
本県では昨年11月にもファクシミリの誤送信が発生しており、再発防止策として、送信前の番号の複数人確認を改めて徹底します。
""", [inc("南海県", "misdelivery", aliases=["本県", "南海県中部福祉事務所"],
          counts=[(3, "名")], data=["name", "address", "phone"],
          occurred="2025-02-04", detected="2025-02-04", disclosed="2025-02-07"),
      inc("南海県", "misdelivery", aliases=["本県"], occurred="2024-11",
          notes="the earlier mis-sent fax the release mentions")])

case("g06-pr-ec-skimming", "2025-06-20", "press_release", """
2025年6月20日
株式会社ベルフラワー

弊社が運営する「ベルフラワー公式オンラインストア」への不正アクセスによる個人情報漏えいに関するお詫びとお知らせ

このたび、弊社が運営する「ベルフラワー公式オンラインストア」（以下「本サイト」）におきまして、第三者による不正アクセスを受け、お客様のクレジットカード情報2,981件が漏えいした可能性があることが判明いたしました。お客様に多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。

1．経緯
2025年3月3日、一部のクレジットカード会社から、本サイトを利用したお客様のクレジットカード情報の漏えい懸念について連絡を受け、同日、本サイトでのカード決済を停止いたしました。
同時に、第三者調査機関による調査を開始し、5月30日に調査が完了いたしました。その結果、本サイトのシステムの脆弱性を突いた決済画面の改ざんが行われたことが原因と判明いたしました。
また、弊社は3月5日に個人情報保護委員会に報告し、所轄警察署にも被害を届け出ております。

2．漏えいした可能性のある情報
2024年8月19日～2025年3月3日の期間に本サイトでクレジットカード決済を行ったお客様2,981名のカード名義人名、クレジットカード番号、有効期限、セキュリティコード
なお、一部のお客様において不正利用の被害が発生していることを確認しております。
""", [inc("株式会社ベルフラワー", "unauthorized_access", aliases=["ベルフラワー", "弊社"],
          counts=[(2981, "件"), (2981, "名")], data=["card_holder", "credit_card_number", "card_expiry", "card_security_code"],
          occurred="2024-08-19", detected="2025-03-03", disclosed="2025-06-20", regulator_reported="2025-03-05",
          secondary_damage=True)])
