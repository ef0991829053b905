//! What pages show, made ready for the templates: labels in Japanese, dates
//! and numbers formatted, links built, evidence cut into highlighted segments.
//! Templates only print these strings (escaped) and loop over these lists.

use leakwatch_model::{Cause, DataKind, PartialDate, SourceType};
use leakwatch_store::{IncidentSummary, StoredFact};

/// `unauthorized_access` → `不正アクセス`; unknown names as they are.
pub fn cause_label(s: &str) -> String {
    s.parse::<Cause>()
        .map_or_else(|_| s.to_owned(), |c| c.label_ja().to_owned())
}

/// `credit_card` → `クレジットカード情報` and so on.
pub fn data_label(s: &str) -> String {
    s.parse::<DataKind>()
        .map_or_else(|_| s.to_owned(), |c| c.label_ja().to_owned())
}

/// `press_release` → `プレスリリース` and so on.
pub fn source_label(s: &str) -> String {
    s.parse::<SourceType>()
        .map_or_else(|_| s.to_owned(), |c| c.label_ja().to_owned())
}

/// `late_disclosure` → `公表の遅れ` and so on.
pub fn flag_label(s: &str) -> String {
    s.parse::<leakwatch_model::FlagCode>()
        .map_or_else(|_| s.to_owned(), |c| c.label_ja().to_owned())
}

/// A facet value for people.
pub fn facet_label(facet: &str, value: &str) -> String {
    match facet {
        "cause" => cause_label(value),
        "data" => data_label(value),
        "source" => source_label(value),
        "flag" => flag_label(value),
        "year" => format!("{value}年"),
        _ => value.to_owned(),
    }
}

/// The Japanese name of a facet.
pub fn facet_title(facet: &str) -> &'static str {
    match facet {
        "cause" => "原因",
        "data" => "情報の種類",
        "year" => "年",
        "org" => "組織",
        "group" => "グループ",
        "source" => "情報源",
        "flag" => "注意点",
        "since" => "公表日(以降)",
        "until" => "公表日(以前)",
        "q" => "キーワード",
        _ => "条件",
    }
}

/// `2025年3月4日`, `2025年3月`.
pub fn date(d: Option<PartialDate>) -> String {
    match d {
        Some(PartialDate {
            year,
            month,
            day: Some(day),
        }) => format!("{year}年{month}月{day}日"),
        Some(PartialDate { year, month, .. }) => format!("{year}年{month}月"),
        None => String::new(),
    }
}

pub use leakwatch_report::thousands;

/// `320000000` → `3億2,000万円`.
pub fn yen(n: u64) -> String {
    let oku = n / 100_000_000;
    let man = n % 100_000_000 / 10_000;
    let rest = n % 10_000;
    let mut out = String::new();
    if oku > 0 {
        out.push_str(&format!("{}億", thousands(oku)));
    }
    if man > 0 {
        out.push_str(&format!("{}万", thousands(man)));
    }
    if rest > 0 || out.is_empty() {
        out.push_str(&thousands(rest));
    }
    out.push('円');
    out
}

/// A search snippet as HTML: the passage escaped, its marked ranges in `<mark>`.
/// The only HTML made from document text outside askama's escaping; it goes
/// through `|safe` in the list template.
pub fn snippet_html(s: &leakwatch_search::Snippet) -> String {
    let mut out = String::with_capacity(s.fragment.len() + 16 * s.marks.len());
    let mut at = 0;
    for &(start, end) in &s.marks {
        let (Some(before), Some(word)) = (s.fragment.get(at..start), s.fragment.get(start..end))
        else {
            continue;
        };
        escape_into(&mut out, before);
        out.push_str("<mark>");
        escape_into(&mut out, word);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(&mut out, s.fragment.get(at..).unwrap_or(""));
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `/orgs/<name>` with the name percent-encoded.
pub fn org_url(name: &str) -> String {
    format!("/orgs/{}", encode(name))
}

/// Percent-encodes a path segment or query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An incident as a row of a list.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    pub org: String,
    pub org_url: String,
    pub parent: String,
    pub parent_url: String,
    pub cause: String,
    pub data: String,
    pub disclosed: String,
    pub records: String,
    pub loss: String,
    pub harm: bool,
    /// Days from detection (or occurrence) to disclosure, when both are days.
    pub lag: String,
    /// Escaped here (see [`snippet_html`]); `<mark>` around the words.
    pub snippet_html: String,
}

impl Row {
    pub fn new(s: &IncidentSummary, snippet_html: String) -> Row {
        let parent = s.parent.clone().unwrap_or_default();
        Row {
            id: s.id,
            org_url: org_url(&s.organization),
            org: s.organization.clone(),
            parent_url: if parent.is_empty() {
                String::new()
            } else {
                org_url(&parent)
            },
            parent,
            cause: s.cause.map(|c| c.label_ja().to_owned()).unwrap_or_default(),
            data: s
                .data
                .iter()
                .map(|d| d.label_ja())
                .collect::<Vec<_>>()
                .join("・"),
            disclosed: date(s.disclosed.or(s.occurred)),
            records: s
                .counts
                .iter()
                .max_by_key(|c| c.value)
                .map(|c| format!("{}{}", thousands(c.value), c.unit))
                .unwrap_or_default(),
            loss: s.loss_jpy.map(yen).unwrap_or_default(),
            harm: s.secondary_damage,
            lag: s
                .disclosure_lag()
                .map(|d| format!("{d}日"))
                .unwrap_or_default(),
            snippet_html,
        }
    }
}

/// A piece of a document's text, highlighted when a fact came from it.
#[derive(Debug, Clone)]
pub struct Segment {
    pub text: String,
    /// `f<n>`: the anchor of the first fact quoting it; empty when plain.
    pub anchor: String,
    /// The facts it is evidence of (`原因: 不正アクセス`).
    pub label: String,
}

/// Cuts `body` at the spans of `facts` (indices into the page's fact list):
/// overlapping spans become one highlight with every label.
pub fn segments(body: &str, facts: &[(usize, &StoredFact)]) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize, usize, String)> = facts
        .iter()
        .filter(|(_, f)| f.start < f.end && body.get(f.start..f.end).is_some())
        .map(|(i, f)| {
            (
                f.start,
                f.end,
                *i,
                format!("{}: {}", field_label(&f.field), f.value),
            )
        })
        .collect();
    spans.sort();
    let mut out = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while i < spans.len() {
        let (start, mut end, first, _) = spans[i];
        let mut labels = Vec::new();
        while i < spans.len() && spans[i].0 < end.max(start + 1) {
            end = end.max(spans[i].1);
            if !labels.contains(&spans[i].3) {
                labels.push(spans[i].3.clone());
            }
            i += 1;
        }
        let start = start.max(at);
        if start > at {
            out.push(Segment {
                text: body[at..start].to_owned(),
                anchor: String::new(),
                label: String::new(),
            });
        }
        if end > start {
            out.push(Segment {
                text: body[start..end].to_owned(),
                anchor: format!("f{first}"),
                label: labels.join(" / "),
            });
        }
        at = at.max(end);
    }
    if at < body.len() {
        out.push(Segment {
            text: body[at..].to_owned(),
            anchor: String::new(),
            label: String::new(),
        });
    }
    out
}

/// A fact's field for people.
pub fn field_label(field: &str) -> String {
    match field {
        "organization" => "組織",
        "parent" => "親会社",
        "cause" => "原因",
        "counts" => "件数",
        "data" => "情報の種類",
        "occurred" => "発生",
        "detected" => "検知",
        "identified" => "特定",
        "disclosed" => "公表",
        "regulator_reported" => "個人情報保護委員会への報告",
        "loss_jpy" => "損失額",
        "secondary_damage" => "二次被害",
        "sensitive_data" => "要配慮個人情報",
        "related" => "関係先",
        "responses" => "対応",
        "channel" => "公表経路",
        "aliases" => "別名",
        "cause_detail" => "原因の詳細",
        "report_number" => "報の番号",
        "role" => "役割",
        other => other,
    }
    .to_owned()
}

/// The role of a document in an incident, for people.
pub fn role_label(role: leakwatch_model::DocumentRole) -> &'static str {
    role.label_ja()
}

/// The finer cause descriptions (`cause_detail`) in Japanese; an unknown one as it is.
pub fn cause_detail_label(code: &str) -> String {
    const LABELS: &[(&str, &str)] = &[
        ("account_takeover", "アカウントの乗っ取り"),
        ("broadcast", "一斉送信"),
        ("bug", "プログラムの不具合"),
        ("credential_stuffing", "パスワードリスト攻撃"),
        ("data_sold", "情報の売却"),
        ("data_theft_by_staff", "従業員による持ち出し"),
        ("emotet", "Emotet感染"),
        ("exposure", "閲覧可能な状態"),
        ("fake_site", "偽サイト"),
        ("file_sharing_virus", "ファイル共有ソフトのウイルス"),
        ("former_employee", "元従業員"),
        ("impersonation", "なりすまし"),
        ("lost", "紛失"),
        ("malware", "マルウェア"),
        ("misconfiguration", "設定の誤り"),
        ("payment_form_tampering", "決済画面の改ざん"),
        ("phishing_site", "フィッシングサイト"),
        ("published_by_mistake", "誤った公開"),
        ("ransomware", "ランサムウェア"),
        ("sms_phishing", "SMSフィッシング"),
        ("spoofed_mail", "なりすましメール"),
        ("sql_injection", "SQLインジェクション"),
        ("stolen", "盗難"),
        ("tampering", "改ざん"),
        ("targeted_mail", "標的型メール"),
        ("to_instead_of_bcc", "BCCではなくTO・CCで送信"),
        ("vulnerability_exploit", "脆弱性の悪用"),
        ("wrong_address", "宛先の誤り"),
        ("wrong_attachment", "添付ファイルの誤り"),
        ("wrong_enclosure", "同封物の誤り"),
        ("wrong_recipient", "送付先の誤り"),
        ("wrongly_discarded", "誤廃棄"),
        ("xss", "クロスサイトスクリプティング"),
    ];
    LABELS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| code.to_owned(), |(_, l)| (*l).to_owned())
}

/// A fact's value for people: vocabulary codes as their Japanese labels.
pub fn fact_value_label(field: &str, value: &str) -> String {
    use leakwatch_model::{PartyRole, ResponseKind};
    match field {
        "cause" => cause_label(value),
        "data" => data_label(value),
        "cause_detail" => cause_detail_label(value),
        "responses" | "response" => value
            .parse::<ResponseKind>()
            .map_or_else(|_| value.to_owned(), |k| k.label_ja().to_owned()),
        "channel" => value
            .parse::<leakwatch_model::Channel>()
            .map_or_else(|_| value.to_owned(), |k| k.label_ja().to_owned()),
        "role" => value
            .parse::<PartyRole>()
            .map_or_else(|_| value.to_owned(), |k| k.label_ja().to_owned()),
        "secondary_damage" => match value {
            "true" => "あり".to_owned(),
            "false" => "なし".to_owned(),
            _ => value.to_owned(),
        },
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(start: usize, end: usize, field: &str) -> StoredFact {
        StoredFact {
            field: field.into(),
            value: "v".into(),
            document_id: 1,
            start,
            end,
            quote: String::new(),
        }
    }

    #[test]
    fn segments_cover_the_text_once_and_merge_overlaps() {
        let body = "当社は不正アクセスを受けました。";
        let a = fact(9, 27, "cause");
        let b = fact(9, 15, "organization");
        let c = fact(200, 300, "counts");
        let segs = segments(body, &[(0, &a), (1, &b), (2, &c)]);
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, body);
        let marked: Vec<&Segment> = segs.iter().filter(|s| !s.anchor.is_empty()).collect();
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].text, "不正アクセス");
        assert!(marked[0].label.contains("原因") && marked[0].label.contains("組織"));
    }

    #[test]
    fn snippets_are_escaped_and_marked() {
        let s = leakwatch_search::mark_words(
            "株式会社フードネットの<b>カード</b>情報",
            &["カード".to_owned()],
        );
        assert_eq!(
            snippet_html(&s),
            "株式会社フードネットの&lt;b&gt;<mark>カード</mark>&lt;/b&gt;情報"
        );
    }

    #[test]
    fn numbers_read_as_japanese() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(yen(320_000_000), "3億2,000万円");
        assert_eq!(yen(15_000), "1万5,000円");
        assert_eq!(encode("日東 A/B"), "%E6%97%A5%E6%9D%B1%20A%2FB");
    }
}
