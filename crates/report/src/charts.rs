//! Charts drawn as SVG (plotters' SVG backend: text is `<text>`, escaped, so
//! no fonts, scripts or network are needed): the dashboard's and the report's.

use leakwatch_model::Cause;
use plotters::prelude::*;

use crate::thousands;

const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
];

const FONT: &str = "sans-serif";

fn empty(message: &str) -> String {
    format!(
        r#"<p class="empty">{}</p>"#,
        message.replace('&', "&amp;").replace('<', "&lt;")
    )
}

/// Stacked bars: incidents per month, one colour per cause.
pub fn per_month(series: &[(String, Vec<(String, u64)>)]) -> String {
    let mut months: Vec<&str> = series
        .iter()
        .flat_map(|(_, m)| m.iter().map(|(k, _)| k.as_str()))
        .collect();
    months.sort_unstable();
    months.dedup();
    // The last three years at most: older months crowd the axis.
    if months.len() > 36 {
        months.drain(..months.len() - 36);
    }
    if months.is_empty() {
        return empty("まだインシデントがありません");
    }
    let mut stacks = vec![0u64; months.len()];
    let mut bars: Vec<(usize, u64, u64, usize)> = Vec::new();
    for (ci, (_, m)) in series.iter().enumerate() {
        for (k, n) in m {
            if let Ok(x) = months.binary_search(&k.as_str()) {
                bars.push((x, stacks[x], stacks[x] + n, ci));
                stacks[x] += n;
            }
        }
    }
    let top = stacks.iter().copied().max().unwrap_or(1).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 300)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            let mut chart = ChartBuilder::on(&root)
                .margin(8)
                .x_label_area_size(36)
                .y_label_area_size(40)
                .build_cartesian_2d(0..months.len(), 0..top + top / 10 + 1)?;
            let labels = months.clone();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(12)
                .x_label_formatter(&|x| labels.get(*x).map(|s| (*s).to_owned()).unwrap_or_default())
                .label_style((FONT, 11))
                .draw()?;
            for (ci, (cause, _)) in series.iter().enumerate() {
                let color = PALETTE[ci % PALETTE.len()];
                chart
                    .draw_series(bars.iter().filter(|b| b.3 == ci).map(|&(x, lo, hi, _)| {
                        Rectangle::new([(x, lo), (x + 1, hi)], color.filled())
                    }))?
                    .label(
                        cause
                            .parse::<Cause>()
                            .map_or_else(|_| cause.clone(), |c| c.label_ja().to_owned()),
                    )
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled())
                    });
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK.mix(0.3))
                .label_font((FONT, 11))
                .draw()?;
            root.present()?;
            Ok(())
        };
        if let Err(e) = draw() {
            tracing::warn!(error = %e, "chart failed");
        }
    }
    svg
}

/// Horizontal bars with a label and a value on each.
pub fn bars(items: &[(String, u64)], unit: &str) -> String {
    if items.is_empty() {
        return empty("データがありません");
    }
    let top = items.iter().map(|i| i.1).max().unwrap_or(1).max(1);
    let height = 24 * items.len() as u32 + 16;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, height)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            let mut chart = ChartBuilder::on(&root)
                .margin(8)
                .build_cartesian_2d(0f64..1.0, 0..items.len())?;
            for (i, (label, value)) in items.iter().enumerate() {
                let y = items.len() - 1 - i;
                let w = 0.55 * *value as f64 / top as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.4, y), (0.4 + w.max(0.002), y + 1)],
                    PALETTE[0].mix(0.8).filled(),
                )))?;
                let short: String = label.chars().take(22).collect();
                chart.draw_series(std::iter::once(Text::new(
                    short,
                    (0.0, y + 1),
                    (FONT, 13).into_font(),
                )))?;
                chart.draw_series(std::iter::once(Text::new(
                    format!("{}{unit}", thousands(*value)),
                    (0.41 + w, y + 1),
                    (FONT, 12).into_font(),
                )))?;
            }
            root.present()?;
            Ok(())
        };
        if let Err(e) = draw() {
            tracing::warn!(error = %e, "chart failed");
        }
    }
    svg
}

/// The disclosure lag, in buckets of days.
pub fn lag_buckets(lags: &[i64]) -> Vec<(String, u64)> {
    let edges: [(i64, i64, &str); 7] = [
        (i64::MIN, 0, "当日以前"),
        (1, 7, "1〜7日"),
        (8, 30, "8〜30日"),
        (31, 90, "31〜90日"),
        (91, 180, "91〜180日"),
        (181, 365, "181〜365日"),
        (366, i64::MAX, "1年超"),
    ];
    edges
        .iter()
        .map(|&(lo, hi, label)| {
            (
                label.to_owned(),
                lags.iter().filter(|&&d| d >= lo && d <= hi).count() as u64,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_with_escaped_labels() {
        let svg = bars(&[("<script>悪".into(), 3), ("株式会社A".into(), 1)], "件");
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        let svg = per_month(&[(
            "misdelivery".into(),
            vec![("2025-01".into(), 2), ("2025-03".into(), 1)],
        )]);
        assert!(svg.contains("誤送信"), "{svg}");
        assert!(per_month(&[]).contains("まだ"));
        let b = lag_buckets(&[0, 3, 45, 400]);
        assert_eq!(b.iter().map(|x| x.1).sum::<u64>(), 4);
    }
}
