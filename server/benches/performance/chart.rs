//! The report's chart: one horizontal bar per measurement, its ratio to the raw tree-sitter parse
//! of the same files, on a log scale with a line at 1.

use plotters::prelude::*;
use std::error::Error;
use std::path::Path;

/// Where a sans-serif TrueType font usually is (Debian's fonts-dejavu-core, then others).
const FONTS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
];

fn color(group: &str) -> RGBColor {
    match group {
        "check" => RGBColor(52, 101, 164),
        "server" => RGBColor(115, 210, 22),
        "memory" => RGBColor(117, 80, 123),
        "edit" => RGBColor(245, 121, 0),
        _ => RGBColor(193, 125, 17),
    }
}

/// Draws `(label, group, ratio)` bars, the first on top.
pub fn draw(path: &Path, bars: &[(String, &str, f64)]) -> Result<(), Box<dyn Error>> {
    let font = FONTS
        .iter()
        .find_map(|f| std::fs::read(f).ok())
        .ok_or("no TrueType font found (Debian: apt install fonts-dejavu-core)")?;
    plotters::style::register_font("sans-serif", FontStyle::Normal, Box::leak(font.into_boxed_slice()))
        .map_err(|_| "the font could not be loaded")?;
    let n = bars.len();
    let root = BitMapBackend::new(path, (1500, 110 + 32 * n as u32)).into_drawing_area();
    root.fill(&WHITE)?;
    let ratios = bars.iter().map(|b| b.2);
    let (lo, hi) = (
        ratios.clone().fold(1.0, f64::min) / 2.0,
        ratios.fold(1.0, f64::max) * 2.5,
    );
    let row = |i: usize| n - 1 - i;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "dify-lsp: each measurement ÷ the raw tree-sitter parse of the same files",
            ("sans-serif", 24),
        )
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(700)
        .build_cartesian_2d((lo..hi).log_scale(), (0..n).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) if *i < n => bars[row(*i)].0.replace('`', ""),
            _ => String::new(),
        })
        .x_desc("ratio (log scale): below 1 is faster or smaller than parsing the files")
        .label_style(("sans-serif", 15))
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, group, ratio))| {
        let mut bar = Rectangle::new(
            [
                (lo, SegmentValue::Exact(row(i))),
                (*ratio, SegmentValue::Exact(row(i) + 1)),
            ],
            color(group).filled(),
        );
        bar.set_margin(5, 5, 0, 0);
        bar
    }))?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, _, ratio))| {
        Text::new(
            format!("{ratio:.2}×"),
            (*ratio * 1.04, SegmentValue::CenterOf(row(i))),
            ("sans-serif", 15),
        )
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, SegmentValue::Exact(0)), (1.0, SegmentValue::Last)],
        BLACK.stroke_width(2),
    )))?;
    root.present()?;
    Ok(())
}
