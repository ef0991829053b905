//! Work per document is linear in its length — in time and in memory.
//!
//! Each pathological input (one long line of legal forms, of brackets, of dates,
//! of numbers, of anaphora …) is extracted at two sizes, eight times apart. Linear
//! work grows about eight times; quadratic work grows sixty-four times. The peak
//! heap is read from a tracking allocator, so a look-back that copies a longer
//! string for every match shows up here before it shows up as a killed process.

use std::time::{Duration, Instant};

use leakwatch_extract::{Options, extract_text};
use peak_alloc::PeakAlloc;

#[global_allocator]
static PEAK: PeakAlloc = PeakAlloc;

/// Bytes of the small input; the large one is eight times longer.
const SMALL: usize = 40 * 1024;
const FACTOR: usize = 8;

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

/// (peak heap above the starting point, the fastest of two runs).
fn cost(text: &str) -> (usize, Duration) {
    let opts = Options::new("2024-06-01".parse().expect("date"));
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..2 {
        let base = PEAK.current_usage();
        PEAK.reset_peak_usage();
        let t = Instant::now();
        let out = extract_text(text, &opts, None);
        best = best.min(t.elapsed());
        peak = peak.max(PEAK.peak_usage().saturating_sub(base));
        drop(out);
    }
    (peak, best)
}

/// The allocator's peak is process-wide: the tests of this file measure one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn assert_linear(name: &str, unit: &str) {
    let _guard = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let small = repeat_to(unit, SMALL);
    let large = repeat_to(unit, SMALL * FACTOR);
    let (mem_s, time_s) = cost(&small);
    let (mem_l, time_l) = cost(&large);
    let mem_ratio = mem_l as f64 / mem_s.max(1) as f64;
    // Timer resolution and noise dominate tiny runs: compare from 2 ms up.
    let floor = Duration::from_millis(2);
    let time_ratio = time_l.max(floor).as_secs_f64() / time_s.max(floor).as_secs_f64();
    eprintln!(
        "{name}: {} KiB → peak {} KiB, {:?}; {} KiB → peak {} KiB, {:?} (memory ×{mem_ratio:.1}, time ×{time_ratio:.1})",
        small.len() / 1024,
        mem_s / 1024,
        time_s,
        large.len() / 1024,
        mem_l / 1024,
        time_l
    );
    // Linear is ×8; quadratic would be ×64.
    assert!(
        mem_ratio < 20.0,
        "{name}: peak memory grew ×{mem_ratio:.1} for ×{FACTOR} input"
    );
    assert!(
        time_ratio < 24.0,
        "{name}: time grew ×{time_ratio:.1} for ×{FACTOR} input"
    );
    // And in absolute terms: a few hundred bytes of working memory per input byte at most.
    assert!(
        mem_l < large.len() * 400,
        "{name}: peak {} MiB for {} KiB of input",
        mem_l >> 20,
        large.len() >> 10
    );
}

#[test]
fn one_long_line_of_legal_forms() {
    assert_linear("株式会社…", "株式会社");
    assert_linear("(株)…", "(株)");
    assert_linear("株式会社X…", "株式会社サンプル");
    assert_linear("…ホールディングス", "サンプルホールディングス");
    assert_linear("…委員会", "規制委員会");
}

#[test]
fn one_long_line_of_brackets() {
    assert_linear("「…", "「");
    assert_linear("「」…", "「株式会社」");
    assert_linear("(…", "(");
    assert_linear("【】…", "【第2報】");
}

#[test]
fn one_long_line_of_dates() {
    assert_linear("dates", "2024年5月12日");
    assert_linear("slash dates", "5/12、");
    assert_linear("relative dates", "同日、翌々日、昨年10月");
    assert_linear("era dates", "令和6年4月1日(月)");
}

#[test]
fn one_long_line_of_numbers() {
    assert_linear("counts", "1,234件");
    assert_linear("digits", "1234567890");
    assert_linear("kanji numerals", "三万二千百件");
    assert_linear("money", "96百万円");
}

#[test]
fn one_long_line_of_anaphora() {
    assert_linear("同社", "同社");
    assert_linear("同社は", "同社は不正アクセスを受け、");
    assert_linear("当社", "当社の子会社の");
}

#[test]
fn one_sentence_of_disclosure_words() {
    assert_linear(
        "no full stop",
        "株式会社サンプルは不正アクセスにより顧客のメールアドレス120件が流出したと発表し",
    );
    assert_linear("many lines", "株式会社サンプル\n");
    assert_linear("headings", "1.経緯\n");
    assert_linear("bullets", "・株式会社サンプル(2024年5月)\n");
}
