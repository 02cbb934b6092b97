//! The bundled curriculum: it builds cleanly and meets the minimums the curriculum issue sets
//! (guides, cases, courses, lessons, quiz questions, glossary terms, sources everywhere).

use std::path::Path;
use zhiyin::content::structure::{glossary_terms, resolve};
use zhiyin::content::{load, PageKind};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_site_builds_without_errors_or_warnings() {
    let out = tempfile::tempdir().unwrap();
    let opts = zhiyin::BuildOptions {
        root: repo().to_path_buf(),
        out: out.path().join("public"),
        on_page: None,
    };
    match zhiyin::build(&opts) {
        Ok(summary) => assert!(
            summary.warnings.is_empty(),
            "warnings: {:?}",
            summary.warnings
        ),
        Err(errors) => panic!("{}", zhiyin::diagnostics::render_all(&errors)),
    }
    let data = std::fs::read_to_string(out.path().join("public/assets/site-data.js")).unwrap();
    let json = data
        .trim()
        .strip_prefix("window.ZHIYIN_SITE = ")
        .unwrap()
        .trim_end_matches(';');
    let site: serde_json::Value = serde_json::from_str(json).unwrap();
    let courses = site["courses"].as_array().unwrap();
    assert!(courses.len() >= 6, "{} courses", courses.len());
    let lessons: Vec<&serde_json::Value> = courses
        .iter()
        .flat_map(|c| c["lessons"].as_array().unwrap())
        .collect();
    assert!(lessons.len() >= 24, "{} lessons", lessons.len());
    let mut questions = 0;
    for lesson in &lessons {
        let quizzes = lesson["quizzes"].as_array().unwrap();
        assert!(!quizzes.is_empty(), "lesson {} has no quiz", lesson["key"]);
        let n: u64 = quizzes
            .iter()
            .map(|q| q["questions"].as_u64().unwrap())
            .sum();
        assert!(
            n >= 5,
            "lesson {} has {n} questions (at least 5)",
            lesson["key"]
        );
        questions += n;
    }
    assert!(
        questions >= 120,
        "{questions} quiz questions in all (at least 120)"
    );
}

#[test]
fn minimum_counts_and_sources_everywhere() {
    let config = zhiyin::config::load(repo()).unwrap();
    let (site, errors) = load::load(repo(), config).unwrap();
    assert!(
        errors.is_empty(),
        "{}",
        zhiyin::diagnostics::render_all(&errors)
    );
    let (structure, errors) = resolve(&site);
    assert!(errors.is_empty());
    let in_section = |dir: &str| {
        site.pages
            .iter()
            .filter(|p| p.kind == PageKind::Page && p.source_path.starts_with(dir))
            .collect::<Vec<_>>()
    };
    let guides = in_section("guides/");
    let cases = in_section("cases/");
    assert!(guides.len() >= 10, "{} guides", guides.len());
    assert!(cases.len() >= 11, "{} cases", cases.len());
    let lessons: Vec<_> = site
        .pages
        .iter()
        .filter(|p| p.kind == PageKind::Lesson)
        .collect();
    for page in guides.iter().chain(&cases).chain(&lessons) {
        assert!(
            !page.front.sources.is_empty(),
            "{} names no sources",
            page.source_path
        );
    }
    for page in &lessons {
        assert!(
            page.body().contains("```quiz"),
            "{} has no quiz",
            page.source_path
        );
    }
    let glossary = structure.glossary.expect("content/glossary.md");
    let terms = glossary_terms(site.pages[glossary].body());
    assert!(terms.len() >= 40, "{} glossary terms", terms.len());
    for required in [
        "三驾马车",
        "两个覆盖",
        "一个关键",
        "应建尽建",
        "1+1+N",
        "六项权利",
        "民生微实事",
        "一支部一项目",
        "物业共治联盟",
        "红黑榜",
        "负面清单",
        "任前谈话",
        "重大事项报备",
        "五方联动",
        "房东理事会",
        "第一书记",
        "楼栋长",
        "分片包干",
    ] {
        assert!(
            terms.iter().any(|t| t.term == required),
            "glossary lacks {required}"
        );
    }
    for required in [
        "lanyi-garden",
        "haizhu-community",
        "xiandaicheng-huating",
        "shanglejie-landlords",
        "cuiweiyuan-five-parties",
        "chuangshiji-binhai",
        "haofang-xiandai",
        "longcheng-garden",
        "langqinyu",
        "gaoxinqu-building-leaders",
        "yuehai-subdistrict",
    ] {
        assert!(
            cases
                .iter()
                .any(|c| c.source_path == format!("cases/{required}.md")),
            "case {required} missing"
        );
    }
    assert!(
        site.pages.iter().any(|p| p.source_path == "about.md"),
        "about page"
    );
}
