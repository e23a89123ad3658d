//! Stances from cues: the nearest strong cue, later years, Traditional and mixed script.

use super::*;

#[test]
fn stance_from_the_nearest_strong_cue() {
    let t = "一、基本情况\n(二)制定计划、有序推进\n正文。\n二、重点工作完成情况\n三、存在的问题及下一步打算\n四、存在的困难和问题\n五、意见和建议\n六、2023年工作计划\n(一)巩固拓展脱贫攻坚成果\n()拟打造的特色亮点工作\n(三)下一步工作打算\n";
    let s = run(t);
    let st = |l| on_line(t, &s, l).stance;
    use Stance::{Actual, Target, Unknown};
    // A weak cue deep down does not override a strong one above.
    assert_eq!(st(3), Actual);
    assert_eq!(st(4), Actual); // 完成情况 (phrase) beats 重点工作 (top)
    assert_eq!(st(5), Target); // 下一步 (phrase) beats 问题 (weak)
    assert_eq!(st(6), Actual); // weak only: 问题 困难
    assert_eq!(st(7), Unknown);
    assert_eq!(st(9), Target); // 成果 is a topic at level 2
    assert_eq!(st(10), Target);
    // A phrase at level 2 counts.
    let s2 = run("一、2022年工作情况\n(三)下一步工作打算\n正文。\n");
    assert_eq!(s2.paragraphs[2].stance, Target);
    // Mixed strong cues: Unknown, and no fallback outwards.
    let s3 = run("XX局工作汇报\n一、2022年工作总结及2023年工作计划\n正文。\n");
    assert_eq!(s3.paragraphs[2].stance, Unknown);
}

#[test]
fn a_later_year_is_a_target() {
    use Stance::{Actual, Target};
    let t = "一、2022年主要工作\n正文,2022年完成投资。\n二、2023年主要工作\n力争2023年完成投资。\n";
    let s = run(t);
    assert_eq!((s.paragraphs[1].stance, s.paragraphs[3].stance), (Actual, Target));
    // The document's year: the earliest its headings name, not the body's most frequent.
    let t = "一、2022年度工作总结\n对2021年、2021年、2021年的资金开展审计。\n二、2023年重点工作\n正文。\n";
    let s = run(t);
    assert_eq!((s.paragraphs[1].stance, s.paragraphs[3].stance), (Actual, Target));
    // The title's year is the document's.
    let t = "XX局二〇二三年工作要点\n一、2023年主要任务\n2023年要完成的任务。2023年。\n二、2022年工作回顾\n2022年。\n";
    let s = run(t);
    assert_eq!((s.paragraphs[2].stance, s.paragraphs[4].stance), (Target, Actual));
}

#[test]
fn traditional_and_mixed_script_cues() {
    use Stance::{Actual, Target};
    let t = "一、工作總結\n正文。\n二、下一步工作計劃\n正文。\n三、今後打算\n正文。\n四、今后工作安排\n正文。\n";
    let s = run(t);
    assert_eq!(
        [2, 4, 6, 8].map(|l| on_line(t, &s, l).stance),
        [Actual, Target, Target, Target]
    );
}
