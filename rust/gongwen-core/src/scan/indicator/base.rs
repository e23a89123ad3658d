//! Comparison bases (the tables' `base` kind): where a base ends a metric (收入较2022年末增长:
//! the metric is 收入), and whether a year is a base (较2022年, 与2022年相比, 在2020年基础上),
//! which is no period of the figures.

use super::dates::skip_date;
use super::rules::IndicatorRules;
use super::words::starts_with;
use super::Scanner;

impl<'a> Scanner<'a> {
    /// Where a comparison base ends `t[s..e]`, if one does (the tables' `base` kind): a word in
    /// one (同比, 环比), or a mark (较, 比, 由) in the last 12 characters followed by a date or a
    /// period word to the end (较上年, 比2020年末, 较去年同期; 由2020年, the start of a change in
    /// 由2020年的350家增加到520家).
    pub(super) fn comparison_base(&self, t: &[char], s: usize, e: usize) -> Option<usize> {
        let r = self.rules;
        if let Some((n, _)) = r.base_rate.ending(t, e, s) {
            return Some(e - n);
        }
        // The last mark of the window before its end, the longest one ending there (a mark at
        // the end, 相比 of 与2022年相比, closes a base).
        let floor = s.max(e.saturating_sub(12));
        let (k, after) = (floor + 1..e)
            .rev()
            .find_map(|p| r.base_mark.ending(t, p, floor).map(|(n, _)| (p - n, p)))?;
        let date = skip_date(t, after, e);
        // The base may end with how the figure compares (比全省平均高0.4个百分点).
        let rest = &t[date..e];
        let named = |w: &[char]| r.base_period.map.contains_key(w);
        let compared = rest.len() > 1 && matches!(rest[rest.len() - 1], '高' | '低' | '快' | '慢' | '多' | '少');
        // 与 marks a base only before 相比 (与2022年相比, not 参与全区).
        if t[k..after] == ['与'] && !(rest.ends_with(&['相', '比']) || rest.ends_with(&['相', '较'])) {
            return None;
        }
        (date == e || named(rest) || (compared && named(&rest[..rest.len() - 1]))).then_some(k)
    }
}

/// Whether the year at `k..ye` (in a sentence from `s`) is the base of a comparison, which is
/// no period of the sentence's figures: after a base mark (较2022年, 比2020年) other than one
/// that starts a change (由2020年的350家增加到520家), between 与/同 and 相比 (与2022年相比), or
/// before 基础 or 为基数 (在2020年基础上翻一番, 以2020年为基数).
pub(super) fn base_year(t: &[char], k: usize, ye: usize, s: usize, r: &IndicatorRules) -> bool {
    let compared = |w: &[char]| (ye..(ye + 4).min(t.len())).any(|j| starts_with(&t[j..], w));
    let closed = compared(&['相', '比']) || compared(&['相', '较']);
    // 与 marks a base only before 相比, as in `Scanner::comparison_base` (2023年与2024年 are two
    // periods).
    if let Some((n, from)) = r.base_mark.ending(t, k, s) {
        if !*from && (t[k - n..k] != ['与'] || closed) {
            return true;
        }
    }
    // 在2020年基础上, 以2020年为基数
    if compared(&['基', '础']) || compared(&['为', '基', '数']) {
        return true;
    }
    k > s && matches!(t[k - 1], '同' | '和') && closed
}
