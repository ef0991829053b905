//! Generated disclosure documents, for load tests and benchmarks.
//!
//! Realistic in shape, fictional in substance: organisations built from name
//! parts, some of them subsidiaries of a holding company; incidents of every
//! cause; and the documents real incidents produce over time — the first お詫び,
//! a 第2報, the parent's special-loss notice, a news article, a regulator's
//! release, blog round-ups. All wording is leakwatch's own. Deterministic for a
//! given seed, and every document's text is unique.

use chrono::{Duration, NaiveDate};

/// A small deterministic generator (SplitMix64): reproducible corpora need no more.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const HEADS: [&str; 24] = [
    "北斗",
    "青葉",
    "東和",
    "南海",
    "朝日野",
    "若葉",
    "白浜",
    "大和田",
    "中央",
    "桜台",
    "光陽",
    "三峰",
    "西都",
    "緑川",
    "東雲",
    "日進",
    "高嶺",
    "星野",
    "浜松町",
    "富岳",
    "瑞穂",
    "天城",
    "黒潮",
    "秋津",
];
const TAILS: [&str; 16] = [
    "精機",
    "商事",
    "物産",
    "システム",
    "フーズ",
    "電機",
    "不動産",
    "証券",
    "建設",
    "印刷",
    "通販",
    "トラベル",
    "ソフト",
    "メディカル",
    "ホーム",
    "ネット",
];
const KATAKANA: [&str; 12] = [
    "ミライ",
    "アルファ",
    "クレスト",
    "ノヴァ",
    "エスト",
    "リンクス",
    "ベルテ",
    "コスモ",
    "アクア",
    "ソレイユ",
    "グラン",
    "テラ",
];
/// Middle words: with heads and tails, some seven thousand company names.
const MIDDLES: [&str; 12] = [
    "",
    "中央",
    "第一",
    "日本",
    "総合",
    "アド",
    "テクノ",
    "ライフ",
    "国際",
    "サン",
    "エコ",
    "ワールド",
];
const BODIES: [&str; 8] = [
    "北浜市",
    "南海県",
    "中央統計庁",
    "西都大学",
    "東雲市",
    "若葉町",
    "瑞穂県",
    "天城市",
];

/// One cause's wording: what happened (with `{d}` for its date), and its class.
struct CauseText {
    what: &'static str,
    title: &'static str,
}

const CAUSES: [CauseText; 8] = [
    CauseText {
        what: "{d}に当社ウェブサイトのサーバーが第三者による不正アクセスを受け、",
        title: "不正アクセスによる個人情報漏えいのお詫び",
    },
    CauseText {
        what: "{d}に社内サーバーがランサムウェアに感染し、ファイルが暗号化される被害が発生し、",
        title: "ランサムウェア被害に関するお知らせ",
    },
    CauseText {
        what: "{d}に従業員がフィッシングメールのリンク先でIDとパスワードを入力したことにより、メールアカウントが不正に利用され、",
        title: "フィッシングメールによる情報流出の可能性について",
    },
    CauseText {
        what: "{d}に担当者がお客様あてのメールを送信する際、宛先をBCCではなくTOに入力したため、",
        title: "メール誤送信に関するお詫び",
    },
    CauseText {
        what: "{d}に元従業員が在職中に顧客情報を不正に持ち出していたことが分かり、",
        title: "元従業員による顧客情報の持ち出しについて",
    },
    CauseText {
        what: "{d}に行ったシステム更新の不具合により、他のお客様の情報が閲覧可能な状態となり、",
        title: "システム不具合による情報表示に関するお詫び",
    },
    CauseText {
        what: "{d}に従業員が業務用のノートパソコンを電車内に置き忘れて紛失し、",
        title: "個人情報を含むパソコンの紛失について",
    },
    CauseText {
        what: "{d}に委託先の配送事業者で書類の誤廃棄が発生し、",
        title: "書類の誤廃棄に関するお知らせ",
    },
];

const DATA: [&str; 8] = [
    "氏名、メールアドレス",
    "氏名、住所、電話番号",
    "クレジットカード番号、有効期限、セキュリティコード",
    "氏名、生年月日、性別",
    "会社名、担当者氏名、電話番号",
    "ログインID、パスワード",
    "氏名、購入履歴",
    "氏名、住所、メールアドレス、電話番号",
];

const COUNTERS: [&str; 3] = ["件", "名", "人"];

fn jdate(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn md(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}月{}日", d.month(), d.day())
}

#[derive(Debug, Clone)]
struct Event {
    org: String,
    parent: Option<String>,
    cause: usize,
    occurred: NaiveDate,
    disclosed: NaiveDate,
    count: u64,
    unit: &'static str,
    data: &'static str,
}

/// A generated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthDoc {
    /// A file name for it.
    pub name: String,
    /// Its publication date.
    pub published: NaiveDate,
    /// Its text.
    pub text: String,
}

/// A stream of generated documents.
#[derive(Debug, Clone)]
pub struct Corpus {
    rng: Rng,
    serial: u64,
    day: NaiveDate,
    events: Vec<Event>,
}

impl Corpus {
    /// A corpus for `seed`, starting on 2020-01-06.
    pub fn new(seed: u64) -> Self {
        Corpus {
            rng: Rng(seed),
            serial: 0,
            day: NaiveDate::from_ymd_opt(2020, 1, 6).unwrap_or_default(),
            events: Vec::new(),
        }
    }

    fn org_name(&mut self) -> (String, Option<String>) {
        let r = &mut self.rng;
        if r.chance(10) {
            return (r.pick(&BODIES).to_owned(), None);
        }
        let head = if r.chance(40) {
            r.pick(&KATAKANA)
        } else {
            r.pick(&HEADS)
        };
        let base = format!("{head}{}{}", r.pick(&MIDDLES), r.pick(&TAILS));
        let name = if r.chance(50) {
            format!("株式会社{base}")
        } else {
            format!("{base}株式会社")
        };
        // A quarter are subsidiaries of the holding company of their name.
        let parent = r
            .chance(25)
            .then(|| format!("{head}ホールディングス株式会社"));
        (name, parent)
    }

    fn new_event(&mut self) -> Event {
        let (org, parent) = self.org_name();
        let r = &mut self.rng;
        let cause = r.below(CAUSES.len());
        let occurred = self.day - Duration::days(r.below(120) as i64 + 3);
        Event {
            org,
            parent,
            cause,
            occurred,
            disclosed: self.day,
            count: [12, 86, 430, 1_520, 2_981, 12_000, 45_120, 150_000][r.below(8)]
                + r.below(900) as u64,
            unit: r.pick(&COUNTERS),
            data: r.pick(&DATA),
        }
    }

    fn first_notice(&mut self, e: &Event) -> String {
        let c = &CAUSES[e.cause];
        let what = c.what.replace("{d}", &jdate(e.occurred));
        let detected = e.occurred + Duration::days(self.rng.below(20) as i64 + 1);
        let ppc = detected + Duration::days(self.rng.below(5) as i64 + 1);
        let subsidiary = e
            .parent
            .as_ref()
            .map(|p| format!("当社は{p}の子会社です。"))
            .unwrap_or_default();
        format!(
            "{}\n{}\n\n{}\n\n平素より格別のご高配を賜り、厚く御礼申し上げます。\n当社において、{what}お客様の{}{}{}が外部に流出した可能性があることが判明いたしました。\n当社は{}に異常を把握し、{}に個人情報保護委員会へ報告いたしました。{subsidiary}\n現時点で、情報の不正利用は確認されておりません。お客様には多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。\n(受付番号 {})\n",
            jdate(e.disclosed),
            e.org,
            c.title,
            e.data,
            e.count,
            e.unit,
            md(detected),
            md(ppc),
            self.serial
        )
    }

    fn second_report(&mut self, e: &Event) -> String {
        let c = &CAUSES[e.cause];
        format!(
            "{}\n{}\n\n【第2報】{}\n\n{}にお知らせした事案について、外部専門機関による調査が完了しましたのでご報告いたします。\n調査の結果、{}に発生した事案により、お客様の{}{}{}が流出したことを確認いたしました。対象のお客様には個別にご連絡しております。\n(受付番号 {})\n",
            jdate(self.day),
            e.org,
            c.title,
            jdate(e.disclosed),
            jdate(e.occurred),
            e.data,
            e.count + 17,
            e.unit,
            self.serial
        )
    }

    fn loss_notice(&mut self, e: &Event, parent: &str) -> String {
        let amount = 10 + self.rng.below(300);
        format!(
            "{}\n各 位\n会社名 {parent}\n\n特別損失の計上に関するお知らせ\n\n当社の連結子会社である{}において、{}に発生した情報流出の件について、調査費用及びお客様対応費用として、特別損失{amount}百万円を計上いたします。\n(受付番号 {})\n",
            jdate(self.day),
            e.org,
            jdate(e.occurred),
            self.serial
        )
    }

    fn news(&mut self, e: &Event) -> String {
        let short = e.org.replace("株式会社", "");
        format!(
            "{}で個人情報流出の可能性\n{}\n\n{}は{}、{}の{}{}が流出した可能性があると発表した。{}に問題が起きたという。同社は個人情報保護委員会に報告した。(記事番号 {})\n",
            short,
            jdate(self.day),
            e.org,
            md(e.disclosed),
            e.data,
            e.count,
            e.unit,
            md(e.occurred),
            self.serial
        )
    }

    /// The next document.
    pub fn next_doc(&mut self) -> SynthDoc {
        self.serial += 1;
        if self.serial.is_multiple_of(7) {
            self.day += Duration::days(1);
        }
        let roll = self.rng.below(100);
        let old = (!self.events.is_empty()).then(|| {
            let n = self.events.len();
            let k = n - 1 - self.rng.below(n.min(50));
            self.events[k].clone()
        });
        let (kind, text) = match (roll, old) {
            (0..=14, Some(e)) => ("report2", self.second_report(&e)),
            (15..=22, Some(e)) if e.parent.is_some() => {
                let p = e.parent.clone().unwrap_or_default();
                ("loss", self.loss_notice(&e, &p))
            }
            (23..=34, Some(e)) => ("news", self.news(&e)),
            _ => {
                let e = self.new_event();
                let t = self.first_notice(&e);
                self.events.push(e);
                if self.events.len() > 500 {
                    self.events.drain(..250);
                }
                ("notice", t)
            }
        };
        SynthDoc {
            name: format!("{:07}-{kind}.txt", self.serial),
            published: self.day,
            text,
        }
    }
}

impl Iterator for Corpus {
    type Item = SynthDoc;
    fn next(&mut self) -> Option<SynthDoc> {
        Some(self.next_doc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_unique_and_varied() {
        let a: Vec<SynthDoc> = Corpus::new(7).take(500).collect();
        let b: Vec<SynthDoc> = Corpus::new(7).take(500).collect();
        assert_eq!(a, b);
        let texts: std::collections::HashSet<&str> = a.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts.len(), 500);
        for kind in ["notice", "report2", "loss", "news"] {
            assert!(
                a.iter().any(|d| d.name.ends_with(&format!("{kind}.txt"))),
                "{kind}"
            );
        }
    }
}
