//! A bar chart drawn on the server as SVG, so it costs no JavaScript and nothing in the WASM:
//! a title, the axes with their labels, ticks at round values, a bar per period, and the same
//! figures as a table behind a disclosure, for screen readers and for copying.

use leptos::prelude::*;

const WIDTH: i64 = 640;
const HEIGHT: i64 = 220;
const LEFT: i64 = 88;
const RIGHT: i64 = 8;
const TOP: i64 = 12;
const BOTTOM: i64 = 44;

/// The smallest round value (1, 2 or 5 times a power of ten) at or above `max`.
pub fn round_ceiling(max: i64) -> i64 {
    if max <= 0 {
        return 1;
    }
    let mut power = 1i64;
    loop {
        for step in [1, 2, 5] {
            let value = step * power;
            if value >= max {
                return value;
            }
        }
        power = match power.checked_mul(10) {
            Some(next) => next,
            None => return max,
        };
    }
}

/// One period of a chart: its label under the axis and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
}

/// A bar chart of `bars` (negative values drawn as zero), `show` writing each value.
#[component]
pub fn BarChart(
    title: String,
    x_label: String,
    y_label: String,
    bars: Vec<Bar>,
    show: fn(i64) -> String,
    #[prop(into)] testid: String,
    table_label: String,
) -> impl IntoView {
    let top = round_ceiling(bars.iter().map(|bar| bar.value).max().unwrap_or(0));
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let count = i64::try_from(bars.len().max(1)).unwrap_or(1);
    let slot = plot_w / count;
    let y = move |value: i64| TOP + plot_h - value.clamp(0, top) * plot_h / top;
    let ticks = [0, top / 2, top]
        .into_iter()
        .map(|tick| {
            let at = y(tick);
            view! {
                <line x1=LEFT y1=at x2=WIDTH - RIGHT y2=at class="stroke-slate-200" />
                <text x=LEFT - 6 y=at + 4 text-anchor="end" class="fill-slate-500 text-[11px]">{show(tick)}</text>
            }
        })
        .collect_view();
    let columns = bars
        .iter()
        .enumerate()
        .map(|(n, bar)| {
            let x = LEFT + i64::try_from(n).unwrap_or(0) * slot;
            let top_y = y(bar.value);
            view! {
                <rect x=x + slot / 6 y=top_y width=slot * 2 / 3 height=TOP + plot_h - top_y class="fill-indigo-500">
                    <title>{format!("{}: {}", bar.label, show(bar.value))}</title>
                </rect>
                <text x=x + slot / 2 y=HEIGHT - BOTTOM + 16 text-anchor="middle" class="fill-slate-600 text-[11px]">{bar.label.clone()}</text>
            }
        })
        .collect_view();
    let rows = bars
        .iter()
        .map(|bar| view! {
            <tr class="border-t border-slate-100"><th scope="row" class="px-3 py-1 font-normal">{bar.label.clone()}</th><td class="px-3 py-1 text-right whitespace-nowrap">{show(bar.value)}</td></tr>
        })
        .collect_view();
    let aria = title.clone();
    view! {
        <figure class="mt-4 rounded-lg border border-slate-200 bg-white p-4" data-chart=testid>
            <figcaption class="font-semibold">{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="mt-2 w-full max-w-2xl" role="img" aria-label=aria>
                <title>{title}</title>
                {ticks}
                <line x1=LEFT y1=TOP x2=LEFT y2=TOP + plot_h class="stroke-slate-400" />
                <line x1=LEFT y1=TOP + plot_h x2=WIDTH - RIGHT y2=TOP + plot_h class="stroke-slate-400" />
                {columns}
                <text x=LEFT + plot_w / 2 y=HEIGHT - 6 text-anchor="middle" class="fill-slate-700 text-xs">{x_label.clone()}</text>
                <text x=14 y=TOP + plot_h / 2 text-anchor="middle" transform=format!("rotate(-90 14 {})", TOP + plot_h / 2) class="fill-slate-700 text-xs">{y_label.clone()}</text>
            </svg>
            <details class="mt-2 text-sm">
                <summary class="cursor-pointer text-indigo-700">{table_label}</summary>
                <table class="mt-1 text-left">
                    <thead class="text-slate-500"><tr><th scope="col" class="px-3 py-1">{x_label}</th><th scope="col" class="px-3 py-1 text-right">{y_label}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::round_ceiling;

    #[test]
    fn the_axis_ends_at_the_next_round_value() {
        let ends: Vec<i64> = [0, 1, 3, 7, 10, 11, 499, 501, 8_400, 123_456]
            .into_iter()
            .map(round_ceiling)
            .collect();
        assert_eq!(ends, [1, 1, 5, 10, 10, 20, 500, 1_000, 10_000, 200_000]);
    }
}
