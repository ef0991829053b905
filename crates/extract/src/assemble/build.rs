//! A draft read into an incident: cause, counts, data, dates, cost, harm, parties.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use leakwatch_model::{
    Cause, Channel, Count, DataKind, Evidence, Incident, PartialDate, ResponseFact, ResponseKind,
    SourceType,
};
use regex::Regex;

use crate::date::{find_dates, sort_key};
use crate::facts;
use crate::orgs as org;
use crate::vocab::{Role, VOCAB};

use crate::assemble::*;

/// A heading over a list of data: `2 保存されていた情報`, `対象となる項目`, `■記載内容`.
/// A count right next to a records word: `900万件の顧客情報`, `会員情報約2万件`,
/// `顧客情報(約149万件)`.
static COUNT_BEFORE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[\d,]*(?:万|億)?(?:件|名|人)(?:分)?の$").expect("pattern"));
static COUNT_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:約|最大|計)?(?:\d[\d,]*|[一二三四五六七八九十百千]+)(?:万|億)?(?:件|名|人)")
        .expect("pattern")
});

fn counted_records(text: &str, start: usize, end: usize) -> bool {
    let before = &text[crate::assemble::floor_boundary(text, start.saturating_sub(24))..start];
    let after = &text[end..crate::assemble::floor_boundary(text, end + 24)];
    COUNT_BEFORE_RE.is_match(before) || COUNT_AFTER_RE.is_match(after)
}

/// A moment later the same day: `2分後`, `直後`, `同日中`.
/// Systems that stop working: whoever runs them knows at once.
static OUTAGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"障害が(?:発生|起き)|使えなく|見られなく|利用できなく|起動しなく|つながらなく|停止し|ダウンし")
        .expect("pattern")
});

pub(crate) static SAME_DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{1,3}分後|\d{1,2}時間後|数分後|数時間後|直後|同日中|当日中|その日のうちに")
        .expect("pattern")
});

/// What customers did on a site during an exposure window.
pub(crate) static EXPOSURE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"購入|決済|注文|入力|ご利用|利用された").expect("pattern"));

pub(crate) static DATA_HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:情報|項目|内容|データ)(?:の(?:種類|範囲|内容|項目))?[:)】]?$").expect("pattern")
});

pub(crate) static LEAK_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"漏洩|漏えい|流出|外部に出|映り込").expect("pattern"));

pub(crate) static OWN_SITE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ホームページ|ウェブサイト|Webサイト|WEBサイト|公式サイト|当社サイト|自社サイト")
        .expect("pattern")
});

pub(crate) static TIMELY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"適時開示").expect("pattern"));

/// The cause of a set of sentences: the class with the highest cue weight.
pub(crate) fn decide_cause(
    doc: &Doc<'_>,
    sentences: &[usize],
) -> Option<(Cause, f32, Vec<facts::CauseFact>)> {
    let mut score: BTreeMap<Cause, u32> = BTreeMap::new();
    let mut cues = Vec::new();
    for &k in sentences {
        for c in &doc.causes[k] {
            *score.entry(c.cause).or_default() += c.weight;
            cues.push(c.clone());
        }
    }
    let total: u32 = score.values().sum();
    // Ties go to the more specific class: the order of Cause::ALL puts them first.
    let (cause, best) = Cause::ALL
        .iter()
        .filter_map(|c| score.get(c).map(|s| (*c, *s)))
        .max_by(|a, b| {
            a.1.cmp(&b.1).then_with(|| {
                let pa = Cause::ALL.iter().position(|x| *x == a.0);
                let pb = Cause::ALL.iter().position(|x| *x == b.0);
                pb.cmp(&pa)
            })
        })?;
    if best == 0 {
        return None;
    }
    let conf = best as f32 / total.max(1) as f32;
    cues.retain(|c| c.cause == cause);
    Some((cause, conf, cues))
}

pub(crate) fn build_incident(
    entry: &Entry<'_, '_>,
    p: &Principal,
    draft: &Draft,
    is_main: bool,
    mine: &[&DatedFact],
) -> Option<Incident> {
    let (doc, lo, hi, topic, report_number) = (
        entry.doc,
        entry.lo,
        entry.hi,
        &entry.topic,
        entry.report_number,
    );
    let text = doc.text();
    let cause = decide_cause(doc, &draft.sentences);
    let mut inc = Incident {
        organization: p.name.clone(),
        ..Incident::default()
    };
    let mut ev: Vec<Evidence> = Vec::new();
    ev.push(doc.evidence("organization", &p.name, p.start, p.end));
    ev.push(doc.evidence(
        "role",
        p.reason.describe(),
        p.reason_span.0,
        p.reason_span.1,
    ));
    inc.confidence.insert(
        "organization".into(),
        if p.reason == Reason::Headline {
            0.6
        } else {
            0.9
        },
    );

    if let Some((c, conf, cues)) = &cause {
        inc.cause = Some(*c);
        inc.confidence
            .insert("cause".into(), (*conf * 100.0).round() / 100.0);
        let mut details = BTreeSet::new();
        for cue in cues {
            if let Some(d) = &cue.detail {
                details.insert(d.clone());
            }
        }
        if let Some(first) = cues.iter().find(|c| c.weight > 0) {
            ev.push(doc.evidence("cause", c.as_str(), first.start, first.end));
        }
        inc.cause_detail = details.into_iter().collect();
    } else if !is_main {
        return None;
    } else if draft.sentences.iter().any(|&k| {
        let s = &doc.sentences[k];
        LEAK_RE.is_match(&text[s.start..s.end])
    }) {
        // Data leaked, and nothing says how: the gold format's `other`.
        inc.cause = Some(Cause::Other);
        inc.confidence.insert("cause".into(), 0.3);
    }

    // Which line each sentence is on, and whether it is about the principal.
    let about_principal = |k: usize| {
        let line = doc.sentences[k].line;
        draft.owner.is_some()
            || line < lo
            || line >= hi
            || topic.get(line - lo).is_none_or(|t| *t == p.key)
    };

    // Counts, data kinds, loss, harm, responses.
    let mut counts: BTreeSet<(u64, String)> = BTreeSet::new();
    let mut data: BTreeSet<DataKind> = BTreeSet::new();
    // Whether a count quantifies the records themselves (`約900万件の顧客情報`).
    let mut counted = false;
    let mut responses: BTreeMap<ResponseKind, Option<PartialDate>> = BTreeMap::new();
    let mut channel: BTreeSet<Channel> = BTreeSet::new();
    for &k in &draft.sentences {
        let s = &doc.sentences[k];
        let line_heading_before =
            (doc.sentences[k].line > lo) && doc.lines[doc.sentences[k].line - 1].heading && {
                let h = doc.line_text(doc.sentences[k].line - 1);
                EVENT_WORD_RE.is_match(h) || DATA_HEADING_RE.is_match(h.trim_end())
            };
        for c in facts::find_counts(text, s.start, s.end)
            .into_iter()
            .filter(|c| c.affected)
        {
            if counts.insert((c.value, c.unit.clone())) {
                ev.push(doc.evidence("counts", format!("{}{}", c.value, c.unit), c.start, c.end));
            }
        }
        for d in facts::find_data(text, s.start, s.end, line_heading_before) {
            if d.kind == DataKind::CustomerRecords && counted_records(text, d.start, d.end) {
                counted = true;
            }
            // A word inside an organisation's name is not data: 兵庫医科大学篠山病院.
            if doc
                .mentions_in(d.start, d.end)
                .iter()
                .chain(
                    doc.mentions
                        .iter()
                        .filter(|m| m.start <= d.start && d.end <= m.end),
                )
                .any(|m| m.kind.is_name())
            {
                continue;
            }
            if data.insert(d.kind) {
                ev.push(doc.evidence("data", d.kind.as_str(), d.start, d.end));
            }
        }
        if inc.loss_jpy.is_none()
            && let Some(m) = facts::find_losses(text, s.start, s.end).into_iter().next()
        {
            inc.loss_jpy = Some(m.yen);
            ev.push(doc.evidence("loss_jpy", m.yen.to_string(), m.start, m.end));
        }
        if !inc.secondary_damage
            && about_principal(k)
            && let Some((ms, me)) = facts::find_misuse(text, s.start, s.end)
        {
            inc.secondary_damage = true;
            ev.push(doc.evidence("secondary_damage", "true", ms, me));
        }
        if !inc.sensitive_data
            && about_principal(k)
            && let Some((ms, me)) = crate::sensitive::find_sensitive(text, s.start, s.end)
        {
            inc.sensitive_data = true;
            ev.push(doc.evidence("sensitive_data", "true", ms, me));
        }
        if about_principal(k) {
            for r in facts::find_responses(text, s.start, s.end) {
                responses.entry(r.kind).or_insert_with(|| {
                    ev.push(doc.evidence("responses", r.kind.as_str(), r.start, r.end));
                    None
                });
            }
        }
        let sentence = &text[s.start..s.end];
        let plain = doc.plain[k].as_str();
        if (plain.contains("公表") || plain.contains("掲載") || plain.contains("公開"))
            && OWN_SITE_RE.is_match(plain)
        {
            channel.insert(Channel::OwnWebsite);
        }
        if let Some(m) = TIMELY_RE.find(sentence) {
            let after: String = sentence[m.end()..].chars().take(12).collect();
            if ![
                "されて",
                "はおろか",
                "していません",
                "はありません",
                "はなく",
                "せず",
            ]
            .iter()
            .any(|n| after.contains(n))
            {
                channel.insert(Channel::TimelyDisclosure);
            }
        }
    }
    inc.counts = counts
        .into_iter()
        .map(|(value, unit)| Count { value, unit })
        .collect();
    // `顧客情報(氏名・住所…)`: where the kinds of the records are named, they are
    // the data; the records word alone stands for records of unnamed kinds.
    let personal = [
        DataKind::Name,
        DataKind::Email,
        DataKind::Phone,
        DataKind::Address,
        DataKind::Birthdate,
    ];
    if !counted
        && data.contains(&DataKind::CustomerRecords)
        && personal.iter().any(|k| data.contains(k))
    {
        data.remove(&DataKind::CustomerRecords);
        ev.retain(|e| !(e.field == "data" && e.value == DataKind::CustomerRecords.as_str()));
    }
    inc.data = data.into_iter().collect();

    // Dates of this draft.
    let pick = |role: Role, extra: &dyn Fn(&DatedFact) -> bool| -> Option<&DatedFact> {
        let cands: Vec<&&DatedFact> = mine.iter().filter(|f| f.role == role && extra(f)).collect();
        // A month that contains a stated day gives way to the day.
        let cands: Vec<&&DatedFact> = cands
            .iter()
            .filter(|f| {
                f.date.day.is_some()
                    || !cands
                        .iter()
                        .any(|g| g.date.day.is_some() && f.date.contains(&g.date))
            })
            .copied()
            .collect();
        cands.into_iter().min_by_key(|f| sort_key(&f.date)).copied()
    };
    let mut set_date = |field: &str, f: Option<&DatedFact>, conf: f32| -> Option<PartialDate> {
        let f = f?;
        ev.push(doc.evidence(field, f.date.to_string(), f.start, f.end));
        inc.confidence.insert(field.to_owned(), conf);
        Some(f.date)
    };
    let occurred_explicit = pick(Role::Occurred, &|_| true);
    let occurred_period = mine
        .iter()
        // A period that starts an event: its clause says what happened (`4月以降、不正
        // アクセスを受け`), not an opening time (`14日以降は…へ`).
        .filter(|f| {
            f.period_start
                && !bounds_whose_data(doc, f)
                // `本日より…ご連絡しております`: what starts on publication is the response.
                && f.date != published_day(doc)
                && f.role != Role::Disclosed
                && f.role != Role::Detected
                && (f.role != Role::None || {
                    let k = f.sentence;
                    doc.causes[k].iter().any(|c| c.weight > 0)
                        || EVENT_WORD_RE.is_match(&doc.plain[k])
                        || LEAK_RE.is_match(&doc.plain[k])
                        // A shop's exposure window: those who paid or typed in their
                        // details in that period (`…の期間に購入されたお客様のカード情報`).
                        || {
                            let s = &doc.sentences[k];
                            EXPOSURE_RE.is_match(&doc.plain[k])
                                && (!facts::find_data(text, s.start, s.end, false).is_empty()
                                    || doc.plain[k].contains("カード"))
                        }
                })
        })
        .min_by_key(|f| sort_key(&f.date))
        .copied();
    let occurred = match (occurred_explicit, occurred_period) {
        (Some(a), Some(b)) => Some(if sort_key(&b.date) < sort_key(&a.date) {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    };
    inc.occurred = set_date("occurred", occurred, 0.8);
    inc.detected = set_date("detected", pick(Role::Detected, &|_| true), 0.8);
    inc.identified = set_date("identified", pick(Role::Identified, &|_| true), 0.8);
    inc.regulator_reported = set_date(
        "regulator_reported",
        pick(Role::Reported, &|f| f.to_ppc),
        0.9,
    );
    let disclosed = pick(Role::Disclosed, &|f| !f.loss_notice && !f.follow_up);
    inc.disclosed = set_date("disclosed", disclosed, 0.8);
    // `送信の2分後、他の職員が気づきました`: found the same day it happened.
    if inc.detected.is_none()
        && let Some(occ) = inc.occurred.filter(|d| d.day.is_some())
        && let Some(&k) = draft.sentences.iter().find(|&&k| {
            let plain = doc.plain[k].as_str();
            SAME_DAY_RE.is_match(plain)
                && find_dates(plain).is_empty()
                && VOCAB
                    .roles
                    .find_iter(plain)
                    .any(|(_, _, r)| *r == Role::Detected)
        })
    {
        inc.detected = Some(occ);
        inc.confidence.insert("detected".into(), 0.6);
        let s = &doc.sentences[k];
        ev.push(doc.evidence("detected", occ.to_string(), s.start, s.end));
    }
    // `5月19日、電子カルテのシステムに障害が発生`: an outage is noticed as it happens.
    if inc.detected.is_none()
        && let Some(f) =
            occurred.filter(|f| f.date.day.is_some() && OUTAGE_RE.is_match(&doc.plain[f.sentence]))
    {
        inc.detected = Some(f.date);
        inc.confidence.insert("detected".into(), 0.6);
        ev.push(doc.evidence("detected", f.date.to_string(), f.start, f.end));
    }
    if inc.regulator_reported.is_some() {
        responses.insert(ResponseKind::RegulatorReport, inc.regulator_reported);
    }
    for f in mine {
        if f.investigation_done {
            responses.insert(ResponseKind::ForensicInvestigation, Some(f.date));
        }
    }
    // A first notice by the organisation (or its parent) discloses the incident on its own date:
    // the dated header of a notice, or the publication date of a press release.
    let notice_author = author(doc);
    let own_notice = notice_author.is_some_and(|(s, e)| {
        let a = doc.key(&text[s..e]);
        a == p.key || p.parent.as_ref().is_some_and(|(n, _, _)| doc.key(n) == a)
    });
    // A notice whose author is someone else (a regulator's release about a
    // firm) is not the organisation's own disclosure.
    // A section of the issuer's own report about one of its units (a school, a
    // branch) is the issuer disclosing it.
    let own_section = lo > 0 && p.reason == Reason::Headline && !regulator_issued(doc);
    let someone_elses = (notice_author.is_some() && !own_notice && !own_section)
        || regulator_issued(doc)
        || p.reason == Reason::Sanctioned;
    let notice_type = matches!(
        doc.ctx.source_type,
        Some(SourceType::PressRelease | SourceType::TimelyDisclosure | SourceType::Regulator)
    );
    if is_main
        && inc.disclosed.is_none()
        && report_number.is_none_or(|n| n <= 1)
        && (own_notice || (notice_type && !someone_elses))
        && !mine.iter().any(|f| f.loss_notice)
    {
        let date = header_date(doc).or_else(|| {
            notice_type.then(|| {
                let d = doc.ctx.published;
                PartialDate::ymd(
                    chrono::Datelike::year(&d),
                    chrono::Datelike::month(&d),
                    chrono::Datelike::day(&d),
                )
            })
        });
        if let Some(d) = date {
            inc.disclosed = Some(d);
            inc.confidence.insert("disclosed".into(), 0.6);
            if let Some((s, e)) = header_line(doc) {
                ev.push(doc.evidence("disclosed", d.to_string(), s, e));
            }
        }
    }
    if let Some(st) = doc.ctx.source_type {
        channel.insert(match st {
            SourceType::PressRelease => Channel::PressRelease,
            SourceType::TimelyDisclosure => Channel::TimelyDisclosure,
            SourceType::News => Channel::News,
            SourceType::Blog => Channel::Blog,
            SourceType::Regulator => Channel::RegulatorRelease,
        });
    }
    inc.responses = responses
        .into_iter()
        .map(|(kind, date)| ResponseFact { kind, date })
        .collect();
    inc.channel = channel.into_iter().collect();
    if is_main {
        inc.report_number = report_number.filter(|n| *n > 1);
    }

    if is_main {
        if let Some((name, s, e)) = &p.parent {
            inc.parent = Some(name.clone());
            ev.push(doc.evidence("parent", name, *s, *e));
        }
        for (r, s, e) in &p.related {
            ev.push(doc.evidence(
                "related",
                format!("{} ({})", r.name, r.role.as_str()),
                *s,
                *e,
            ));
            inc.related.push(r.clone());
        }
    } else {
        inc.parent = p.parent.as_ref().map(|(n, _, _)| n.clone());
        if let Some((s, e)) = draft.opened_by {
            ev.push(doc.evidence("segment", "another event", s, e));
        }
    }
    inc.aliases = aliases(doc, p, lo, hi);
    ev.sort_by_key(|e| (e.start, e.end));
    inc.evidence = ev;

    // A main draft with no cause, no data and no count is not an incident report.
    if is_main && inc.cause.is_none() && inc.data.is_empty() && inc.counts.is_empty() {
        let entry = &text[doc.lines[lo].start..doc.lines[hi - 1].end];
        if !EVENT_WORD_RE.is_match(entry) {
            return None;
        }
    }
    Some(inc)
}

/// Other names the entry uses for the principal.
pub(crate) fn aliases(doc: &Doc<'_>, p: &Principal, lo: usize, hi: usize) -> Vec<String> {
    let text = doc.text();
    let (t_lo, t_hi) = (doc.lines[lo].start, doc.lines[hi - 1].end);
    let mut out: BTreeSet<String> = BTreeSet::new();
    for m in doc.mentions_in(t_lo, t_hi) {
        if m.kind.is_name() && doc.key(&m.name) == p.key {
            out.insert(m.name.clone());
        }
    }
    let bare = org::bare_name(&p.name);
    if text[t_lo..t_hi].contains(&bare) {
        out.insert(bare);
    }
    let written = &text[p.start..p.end];
    out.insert(written.to_owned());
    // `医療法人社団青葉会 みずほ台病院`: the facility is known by its own name too.
    if let Some((_, facility)) = p.name.rsplit_once([' ', '\u{3000}'])
        && FACILITY_RE.is_match(facility)
    {
        out.insert(facility.to_owned());
    }
    out.remove(&p.name);
    out.into_iter().collect()
}

/// A facility a corporation runs, named after the corporation's name and a space.
static FACILITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Any}{2,}(?:病院|クリニック|医院|診療所|歯科|薬局|学校|学園|大学|保育園|幼稚園|こども園|センター|ホーム|施設)$")
        .expect("pattern")
});

/// `2021年4月から今年1月までに受診した患者の情報`: a period that says whose data it
/// is (those who did something in it), not when anything happened to it. A shop's
/// exposure window (`…の期間に購入されたお客様`) is when the skimming ran, and stays.
fn bounds_whose_data(doc: &Doc<'_>, f: &DatedFact) -> bool {
    static WHOSE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^、。]{0,24}?(?:まで|の間|の期間)?に[^、。]{0,24}?(?:した|された|を受けた|していた|している)(?:患者|顧客|利用者|会員|生徒|学生|児童|受講者|受験者|申込者|お客様|方|人|者|[\p{Han}\p{Katakana}ー]{0,8}?(?:書|書類|票|用紙|伝票|記録|台帳|名簿))")
            .expect("pattern")
    });
    let plain = doc.plain[f.sentence].as_str();
    let from = f.end.saturating_sub(doc.sentences[f.sentence].start);
    plain.get(from..).is_some_and(|rest| {
        WHOSE_RE.is_match(rest) && !EXPOSURE_RE.is_match(rest.split('。').next().unwrap_or(rest))
    })
}

/// The publication date as a partial date.
fn published_day(doc: &Doc<'_>) -> PartialDate {
    let d = doc.ctx.published;
    PartialDate::ymd(
        chrono::Datelike::year(&d),
        chrono::Datelike::month(&d),
        chrono::Datelike::day(&d),
    )
}
