//! report.html: one self-contained page (inline CSS, inline SVG charts, no script, no
//! external resource), zh-CN. Every piece of learner text is escaped.

use super::canonical::js_number;
use super::export::Status;
use super::report::{
    now_cst, status_label, Cohort, Learner, QuestionStats, ReportSummary, NOTHING_SENT,
};
use super::time::date_cst;
use std::fmt::Write;

pub(super) use crate::escape::html as esc;

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

const STYLE: &str = "
:root{--ok:#1a7f37;--mid:#bf8700;--no:#8c959f;--miss:#cf222e;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0}
*{box-sizing:border-box}
body{margin:0;padding:1.5rem;font-family:system-ui,-apple-system,\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",sans-serif;color:var(--fg);line-height:1.6;max-width:78rem;margin:0 auto}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.meta{color:var(--muted);margin:0}.notice{border-left:4px solid var(--mid);background:#fff8e5;padding:.5rem .75rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}.wrap{overflow-x:auto}
.st-completed{color:var(--ok);font-weight:600}.st-in_progress{color:var(--mid)}.st-not_started{color:var(--no)}.st-missing{color:var(--miss)}
.flag{color:var(--miss);font-size:.85rem}svg{max-width:100%;height:auto;display:block}svg text{font-size:13px;fill:#1f2328}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;vertical-align:-.1rem}
ul.problems li{margin:.25rem 0}code{font-size:.85rem;word-break:break-all}
@media print{body{padding:0}th{position:static}}
";

const COLOURS: [(&str, &str); 4] = [
    ("completed", "#1a7f37"),
    ("in_progress", "#d4a72c"),
    ("not_started", "#afb8c1"),
    ("missing", "#ff8182"),
];

pub(super) fn render(c: &Cohort, s: &ReportSummary) -> String {
    let mut h = String::new();
    let title = if c.site_title.is_empty() {
        "学习情况汇总".to_string()
    } else {
        format!("{} · 学习情况汇总", c.site_title)
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );
    let sent = c.learners.iter().filter(|l| !l.sent_nothing()).count();
    let _ = writeln!(
        h,
        "<p class=\"meta\">网站 {} · 生成于 {}（北京时间）· {} 位学员 · 读取 {} 个导出文件{}{}</p>",
        esc(if c.site_id.is_empty() {
            "—"
        } else {
            &c.site_id
        }),
        now_cst(),
        sent,
        s.files,
        if s.missing > 0 {
            format!(" · 名单中 {} 人未提交", s.missing)
        } else {
            String::new()
        },
        if s.skipped.is_empty() {
            String::new()
        } else {
            format!(" · <strong>跳过 {} 个文件</strong>", s.skipped.len())
        },
    );
    h.push_str("<p class=\"notice\">数据来自学员自己导出的<strong>自我报告的学习记录</strong>。文件的校验码只能发现损坏和随手改动，不能证明记录真实；需要认定成绩时，请结合线下考核。日期为北京时间。</p>\n");

    h.push_str("<h2 id=\"courses\">各课程完成情况</h2>\n");
    legend(&mut h, c.has_roster);
    course_chart(&mut h, c);
    course_table(&mut h, c);

    h.push_str("<h2 id=\"learners\">学员 × 课程</h2>\n");
    learner_table(&mut h, c);

    if c.has_roster {
        let missing: Vec<&Learner> = c.learners.iter().filter(|l| l.sent_nothing()).collect();
        let _ = writeln!(
            h,
            "<h2 id=\"missing\">未提交学习记录（{} 人）</h2>",
            missing.len()
        );
        if missing.is_empty() {
            h.push_str("<p>名单上的学员都已提交。</p>\n");
        } else {
            h.push_str("<div class=\"wrap\"><table><thead><tr><th>学员编号</th><th>姓名</th><th>所属中心</th></tr></thead><tbody>\n");
            for l in missing {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&l.code),
                    esc(&l.name),
                    esc(&l.centre)
                );
            }
            h.push_str("</tbody></table></div>\n");
        }
    }

    h.push_str("<h2 id=\"questions\">每题正确率</h2>\n");
    question_charts(&mut h, c);

    if !s.flags.is_empty() {
        let _ = writeln!(
            h,
            "<h2 id=\"flags\">需要核对（{} 条）</h2>\n<ul class=\"problems\">",
            s.flags.len()
        );
        for f in &s.flags {
            let _ = writeln!(h, "<li>{}</li>", esc(f));
        }
        h.push_str("</ul>\n");
    }
    if !s.skipped.is_empty() {
        let _ = writeln!(
            h,
            "<h2 id=\"skipped\">跳过的文件（{} 个）</h2>\n<ul class=\"problems\">",
            s.skipped.len()
        );
        for k in &s.skipped {
            let _ = writeln!(h, "<li><code>{}</code></li>", esc(&k.to_string()));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn legend(h: &mut String, roster: bool) {
    h.push_str("<p class=\"legend\">");
    for (i, (key, colour)) in COLOURS.iter().enumerate() {
        if i == 3 && !roster {
            break;
        }
        let label = if *key == "missing" {
            NOTHING_SENT
        } else {
            status_of(key)
        };
        let _ = write!(
            h,
            "<span><i style=\"background:{colour}\"></i>{label}</span>"
        );
    }
    h.push_str("</p>\n");
}

fn status_of(key: &str) -> &'static str {
    match key {
        "completed" => status_label(Status::Completed),
        "in_progress" => status_label(Status::InProgress),
        _ => status_label(Status::NotStarted),
    }
}

/// Counts per course: completed, in progress, not started, sent nothing; mean score.
fn counts(c: &Cohort, key: &str) -> ([usize; 4], Option<f64>) {
    let mut n = [0; 4];
    let (mut sum, mut scored) = (0.0, 0);
    for l in &c.learners {
        if l.sent_nothing() {
            n[3] += 1;
            continue;
        }
        match l.outcomes.get(key) {
            Some(o) => {
                n[match o.status {
                    Status::Completed => 0,
                    Status::InProgress => 1,
                    Status::NotStarted => 2,
                }] += 1;
                if let Some(s) = o.score {
                    sum += s;
                    scored += 1;
                }
            }
            None => n[2] += 1,
        }
    }
    (
        n,
        (scored > 0).then(|| (sum / scored as f64 * 10.0).round() / 10.0),
    )
}

fn course_chart(h: &mut String, c: &Cohort) {
    if c.courses.is_empty() {
        h.push_str("<p>没有可用的学习记录。</p>\n");
        return;
    }
    let (label_w, bar_w, row_h) = (210.0, 430.0, 34.0);
    let width = label_w + bar_w + 130.0;
    let height = row_h * c.courses.len() as f64 + 8.0;
    let _ = writeln!(
        h,
        "<svg role=\"img\" aria-label=\"各课程完成人数\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">"
    );
    for (i, course) in c.courses.iter().enumerate() {
        let (n, mean) = counts(c, &course.key);
        let total: usize = n.iter().sum();
        let y = i as f64 * row_h + 4.0;
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            label_w - 8.0,
            y + 19.0,
            esc(&course.title),
            esc(&short(&course.title, 14))
        );
        let mut x = label_w;
        for (k, (key, colour)) in COLOURS.iter().enumerate() {
            if n[k] == 0 || total == 0 {
                continue;
            }
            let w = bar_w * n[k] as f64 / total as f64;
            let label = if *key == "missing" {
                NOTHING_SENT
            } else {
                status_of(key)
            };
            let _ = writeln!(
                h,
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"26\" fill=\"{colour}\"><title>{label} {} 人</title></rect>",
                n[k]
            );
            if w >= 22.0 {
                let _ = writeln!(
                    h,
                    "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    x + w / 2.0,
                    y + 18.0,
                    n[k]
                );
            }
            x += w;
        }
        let right = match mean {
            Some(m) => format!("平均 {} 分", js_number(m)),
            None => "暂无成绩".into(),
        };
        let _ = writeln!(
            h,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            label_w + bar_w + 8.0,
            y + 18.0,
            right
        );
    }
    h.push_str("</svg>\n");
}

fn course_table(h: &mut String, c: &Cohort) {
    if c.courses.is_empty() {
        return;
    }
    h.push_str("<div class=\"wrap\"><table><thead><tr><th>课程</th><th>已完成</th><th>学习中</th><th>未开始</th>");
    if c.has_roster {
        h.push_str("<th>未提交</th>");
    }
    h.push_str("<th>平均分</th></tr></thead><tbody>\n");
    for course in &c.courses {
        let (n, mean) = counts(c, &course.key);
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            esc(&course.title),
            n[0],
            n[1],
            n[2]
        );
        if c.has_roster {
            let _ = write!(h, "<td>{}</td>", n[3]);
        }
        let _ = writeln!(
            h,
            "<td>{}</td></tr>",
            mean.map(js_number).unwrap_or_else(|| "—".into())
        );
    }
    h.push_str("</tbody></table></div>\n");
}

fn learner_table(h: &mut String, c: &Cohort) {
    if c.learners.is_empty() {
        h.push_str("<p>没有学员。</p>\n");
        return;
    }
    h.push_str(
        "<div class=\"wrap\"><table><thead><tr><th>学员编号</th><th>姓名</th><th>所属中心</th>",
    );
    for course in &c.courses {
        let _ = write!(
            h,
            "<th title=\"{}\">{}</th>",
            esc(&course.title),
            esc(&short(&course.title, 10))
        );
    }
    h.push_str("<th>最近学习</th><th>备注</th></tr></thead><tbody>\n");
    for l in &c.learners {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            esc(&l.code),
            esc(&l.name),
            esc(&l.centre)
        );
        for course in &c.courses {
            if l.sent_nothing() {
                let _ = write!(h, "<td class=\"st-missing\">{NOTHING_SENT}</td>");
                continue;
            }
            match l.outcomes.get(&course.key) {
                Some(o) => {
                    let class = match o.status {
                        Status::Completed => "completed",
                        Status::InProgress => "in_progress",
                        Status::NotStarted => "not_started",
                    };
                    let detail = match o.status {
                        Status::Completed => format!(
                            " {}{}",
                            o.score
                                .map(|s| format!("{} 分 ", js_number(s)))
                                .unwrap_or_default(),
                            o.completed.as_deref().map(date_cst).unwrap_or_default()
                        ),
                        Status::InProgress => format!(
                            " {}/{} 课 · {}/{} 测验",
                            o.lessons_read, o.lessons, o.quizzes_passed, o.quizzes
                        ),
                        Status::NotStarted => String::new(),
                    };
                    let _ = write!(
                        h,
                        "<td class=\"st-{class}\">{}{}</td>",
                        status_label(o.status),
                        esc(&detail)
                    );
                }
                None => h.push_str("<td class=\"st-not_started\">未开始</td>"),
            }
        }
        let last = l.last_activity.as_deref().map(date_cst).unwrap_or_default();
        let flags: Vec<String> = l.flags.iter().map(|f| esc(f)).collect();
        let _ = writeln!(
            h,
            "<td>{}</td><td class=\"flag\">{}</td></tr>",
            esc(&last),
            flags.join("<br>")
        );
    }
    h.push_str("</tbody></table></div>\n");
}

fn question_charts(h: &mut String, c: &Cohort) {
    if c.questions.is_empty() {
        h.push_str("<p>还没有测验作答记录。</p>\n");
        return;
    }
    let mut groups: Vec<(&str, Vec<&QuestionStats>)> = Vec::new();
    for q in &c.questions {
        match groups.last_mut() {
            Some((course, list)) if *course == q.course => list.push(q),
            _ => groups.push((&q.course, vec![q])),
        }
    }
    for (course, list) in groups {
        let title = c
            .courses
            .iter()
            .find(|x| x.key == course)
            .map(|x| x.title.as_str())
            .unwrap_or(course);
        let _ = writeln!(h, "<h3>{}</h3>", esc(title));
        let (label_w, bar_w, row_h) = (240.0, 360.0, 24.0);
        let width = label_w + bar_w + 150.0;
        let height = row_h * list.len() as f64 + 6.0;
        let _ = writeln!(
            h,
            "<svg role=\"img\" aria-label=\"{}：每题正确率\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">",
            esc(title)
        );
        for (i, q) in list.iter().enumerate() {
            let y = i as f64 * row_h + 3.0;
            let lesson = c
                .lesson_titles
                .get(&q.page)
                .map(|t| short(t, 10))
                .unwrap_or_else(|| short(&q.page, 16));
            let label = match q.position {
                Some(p) => format!("{lesson} 第 {p} 题"),
                None => format!("{lesson} {}", q.question),
            };
            let rate = q.rate();
            let colour = if rate < 60.0 {
                "#ff8182"
            } else if rate < 80.0 {
                "#d4a72c"
            } else {
                "#1a7f37"
            };
            let _ = writeln!(
                h,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{} {} {}</title>{}</text>",
                label_w - 8.0,
                y + 14.0,
                esc(&q.page),
                esc(&q.quiz),
                esc(&q.question),
                esc(&label)
            );
            let _ = writeln!(h, "<rect x=\"{label_w}\" y=\"{y}\" width=\"{bar_w}\" height=\"18\" fill=\"#eaeef2\"></rect>");
            let _ = writeln!(
                h,
                "<rect x=\"{label_w}\" y=\"{y}\" width=\"{:.1}\" height=\"18\" fill=\"{colour}\"><title>{:.1}%</title></rect>",
                bar_w * rate / 100.0,
                rate
            );
            let _ = writeln!(
                h,
                "<text x=\"{}\" y=\"{}\">{:.0}%（{}/{}，{} 人）</text>",
                label_w + bar_w + 8.0,
                y + 14.0,
                rate,
                q.correct,
                q.answers,
                q.learners.len()
            );
        }
        h.push_str("</svg>\n");
    }
}
