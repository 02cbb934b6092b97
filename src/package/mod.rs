//! `zhiyin package`: the built site as a reproducible zip for a USB stick (or any folder,
//! or any static web server), or one SCORM 1.2 zip per course for an LMS.
//! The user's guide is docs/package.md.
//!
//! Steps: check the output folder can be written and the courses named exist (before any
//! build) → build into a work folder inside the output folder → write every zip there under
//! a temporary name → rename them all into place. On any failure the work folder goes and
//! nothing partial is left behind.

mod archive;
pub mod scorm;
pub mod sw;

use crate::diagnostics::{did_you_mean, render_all, Diagnostic};
use crate::{config, BuildOptions};
use archive::{Data, Entry};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// The short guide at the top of the offline zip.
pub const README_NAME: &str = "使用说明.txt";

#[derive(Debug, Clone)]
pub struct PackageOptions {
    /// The site folder (holds site.toml and content/).
    pub root: PathBuf,
    /// Folder the zips are written into (created when missing).
    pub out: PathBuf,
    /// SCORM 1.2 zips, one per course, instead of the offline zip.
    pub scorm: bool,
    /// Courses to package with `scorm` (folder names under content/courses/, or the course
    /// page's output path); all when empty.
    pub courses: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PackageSummary {
    /// The zips written, in order.
    pub zips: Vec<PathBuf>,
    /// Files of the site inside each zip.
    pub files: usize,
    pub pages: usize,
    /// The build's warnings.
    pub warnings: Vec<Diagnostic>,
}

/// A course as the command line names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Course {
    /// Its folder name under content/courses/ (`zujian`).
    pub slug: String,
    /// Output path of the course page (`courses/zujian/index.html`).
    pub key: String,
    pub title: String,
}

#[derive(Debug)]
pub enum PackageError {
    /// Content errors, or an output folder that cannot be written: exit status 1.
    Diagnostics(Vec<Diagnostic>),
    /// Courses named that the site does not have: a usage error, exit status 2.
    UnknownCourses {
        unknown: Vec<String>,
        available: Vec<Course>,
    },
    /// Courses named without `--scorm`: a usage error, exit status 2.
    CoursesWithoutScorm,
}

impl PackageError {
    /// The exit status the CLI returns: 2 for usage errors, 1 for the rest.
    pub fn exit_code(&self) -> u8 {
        match self {
            PackageError::Diagnostics(_) => 1,
            PackageError::UnknownCourses { .. } | PackageError::CoursesWithoutScorm => 2,
        }
    }
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageError::Diagnostics(d) => write!(f, "{}", render_all(d)),
            PackageError::CoursesWithoutScorm => writeln!(
                f,
                "error: courses can only be named with --scorm\n  usage: zhiyin package --scorm [COURSE...]"
            ),
            PackageError::UnknownCourses { unknown, available } => {
                for name in unknown {
                    write!(f, "error: no course named `{name}`")?;
                    let slugs: Vec<&str> = available.iter().map(|c| c.slug.as_str()).collect();
                    match did_you_mean(name, &slugs) {
                        Some(s) => writeln!(f, " (did you mean `{s}`?)")?,
                        None => writeln!(f)?,
                    }
                }
                if available.is_empty() {
                    writeln!(f, "  this site has no courses (content/courses/<course>/_index.md)")?;
                } else {
                    writeln!(f, "  available courses:")?;
                    let width = available
                        .iter()
                        .map(|c| c.slug.chars().count())
                        .max()
                        .unwrap_or(0);
                    for c in available {
                        let pad = width - c.slug.chars().count();
                        writeln!(f, "    {}{}  {}", c.slug, " ".repeat(pad), c.title)?;
                    }
                }
                writeln!(
                    f,
                    "  usage: zhiyin package --scorm [COURSE...]   (no course: every course)"
                )
            }
        }
    }
}

impl std::error::Error for PackageError {}

/// `assets/site-data.js` of a build, the part a package needs.
#[derive(Debug, Clone, Deserialize)]
pub struct SiteData {
    pub id: String,
    pub build: String,
    pub title: String,
    pub version: String,
    #[serde(default)]
    pub courses: Vec<SiteCourse>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SiteCourse {
    pub key: String,
    pub title: String,
}

/// The course's folder name: `courses/zujian/index.html` → `zujian`.
fn slug_of(key: &str) -> String {
    let dir = key.strip_suffix("/index.html").unwrap_or(key);
    dir.rsplit('/').next().unwrap_or(dir).to_string()
}

/// The courses of the site at `root`, in course order (reads the content; renders nothing).
/// `None` when the site does not load: the build then reports why.
pub fn courses(root: &Path) -> Option<Vec<Course>> {
    let config = config::load(root).ok()?;
    let (site, _) = crate::content::load::load(root, config).ok()?;
    let (structure, _) = crate::content::structure::resolve(&site);
    Some(
        structure
            .courses
            .iter()
            .map(|&c| Course {
                slug: slug_of(&site.pages[c].output),
                key: site.pages[c].output.clone(),
                title: site.pages[c].front.title.clone(),
            })
            .collect(),
    )
}

/// Picks the courses named (by folder name, output path or title); all when none named.
pub fn select_courses(available: &[Course], names: &[String]) -> Result<Vec<Course>, PackageError> {
    if names.is_empty() {
        return Ok(available.to_vec());
    }
    let mut chosen: Vec<Course> = Vec::new();
    let mut unknown = Vec::new();
    for name in names {
        let n = name.trim().trim_end_matches('/');
        let found = available.iter().find(|c| {
            c.slug == n
                || c.key == n
                || c.title == n
                || format!("courses/{}", c.slug) == n
                || format!("content/courses/{}", c.slug) == n
        });
        match found {
            Some(c) if !chosen.contains(c) => chosen.push(c.clone()),
            Some(_) => {}
            None => unknown.push(name.clone()),
        }
    }
    if unknown.is_empty() {
        Ok(chosen)
    } else {
        Err(PackageError::UnknownCourses {
            unknown,
            available: available.to_vec(),
        })
    }
}

/// The work folder inside the output folder; removed when dropped.
struct WorkDir(PathBuf);

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn out_error(path: &Path, what: &str, e: std::io::Error) -> PackageError {
    PackageError::Diagnostics(vec![Diagnostic::error(path, 1, 1, format!("{what}: {e}"))
        .with_hint(
            "choose another --out folder, or check its permissions and free space",
        )])
}

/// Builds the site and writes the zips. See the module documentation.
pub fn package(opts: &PackageOptions) -> Result<PackageSummary, PackageError> {
    if !opts.scorm && !opts.courses.is_empty() {
        return Err(PackageError::CoursesWithoutScorm);
    }
    // Unknown courses are found before anything is built or written.
    let selected = if opts.scorm {
        courses(&opts.root)
            .map(|available| select_courses(&available, &opts.courses))
            .transpose()?
    } else {
        None
    };

    let out = if opts.out.is_absolute() {
        opts.out.clone()
    } else {
        std::env::current_dir()
            .map_err(|e| out_error(&opts.out, "cannot find the current folder", e))?
            .join(&opts.out)
    };
    std::fs::create_dir_all(&out)
        .map_err(|e| out_error(&opts.out, "cannot create the output folder", e))?;
    let work = WorkDir(out.join(format!(".zhiyin-package-{}", std::process::id())));
    if work.0.exists() {
        let _ = std::fs::remove_dir_all(&work.0);
    }
    std::fs::create_dir(&work.0)
        .map_err(|e| out_error(&opts.out, "cannot write in the output folder", e))?;

    let site_dir = work.0.join("site");
    let summary = crate::build(&BuildOptions {
        root: opts.root.clone(),
        out: site_dir.clone(),
        on_page: None,
    })
    .map_err(PackageError::Diagnostics)?;

    let data = read_site_data(&site_dir)?;
    let files = sw::output_files(&site_dir)
        .map_err(|e| out_error(&site_dir, "cannot list the built site", e))?;
    let files: Vec<String> = files
        .into_iter()
        .chain(std::iter::once(sw::OUTPUT.to_string()))
        .filter(|f| site_dir.join(f).is_file())
        .collect();

    // Every zip is written under a temporary name first, then all are renamed together.
    let mut pending: Vec<(PathBuf, PathBuf)> = Vec::new();
    if opts.scorm {
        let chosen = match selected {
            Some(c) => c,
            // The pre-check could not load the site, yet the build succeeded: use its data.
            None => select_courses(
                &data
                    .courses
                    .iter()
                    .map(|c| Course {
                        slug: slug_of(&c.key),
                        key: c.key.clone(),
                        title: c.title.clone(),
                    })
                    .collect::<Vec<_>>(),
                &opts.courses,
            )?,
        };
        if chosen.is_empty() {
            return Err(PackageError::UnknownCourses {
                unknown: Vec::new(),
                available: Vec::new(),
            });
        }
        for reserved in [scorm::MANIFEST, scorm::LAUNCH_PAGE] {
            if files.iter().any(|f| f == reserved) {
                return Err(PackageError::Diagnostics(vec![Diagnostic::error(
                    &opts.root,
                    1,
                    1,
                    format!(
                        "the site has a file {reserved}, which a SCORM package needs for itself"
                    ),
                )
                .with_hint("rename that page or attachment")]));
            }
        }
        // The pages with the runtime's script tag, made once for every course.
        let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
        for f in files.iter().filter(|f| f.ends_with(".html")) {
            let html = std::fs::read_to_string(site_dir.join(f))
                .map_err(|e| out_error(&site_dir.join(f), "cannot read the built page", e))?;
            pages.push((f.clone(), scorm::inject_script(&html, f).into_bytes()));
        }
        for course in &chosen {
            let info = data
                .courses
                .iter()
                .find(|c| c.key == course.key)
                .cloned()
                .unwrap_or_else(|| SiteCourse {
                    key: course.key.clone(),
                    title: course.title.clone(),
                });
            let mut listed: Vec<String> = files.clone();
            listed.push(scorm::LAUNCH_PAGE.to_string());
            listed.sort();
            let mut entries: Vec<Entry> = files
                .iter()
                .filter(|f| !f.ends_with(".html"))
                .map(|f| Entry {
                    name: f.clone(),
                    data: Data::File(site_dir.join(f)),
                })
                .collect();
            entries.extend(
                pages
                    .iter()
                    .map(|(f, b)| Entry::bytes(f.clone(), b.clone())),
            );
            entries.push(Entry::bytes(
                scorm::LAUNCH_PAGE,
                scorm::launch_page(&data, &info),
            ));
            entries.push(Entry::bytes(
                scorm::MANIFEST,
                scorm::manifest(&data, course, &info, &listed),
            ));
            let name = format!(
                "{}-{}-{}-scorm12.zip",
                data.id,
                data.version,
                file_safe(&course.slug)
            );
            pending.push(write_pending(&work.0, &out, &name, entries)?);
        }
    } else {
        let mut entries: Vec<Entry> = files
            .iter()
            .map(|f| Entry {
                name: f.clone(),
                data: Data::File(site_dir.join(f)),
            })
            .collect();
        entries.push(Entry::bytes(README_NAME, readme(&data)));
        let name = format!("{}-{}.zip", data.id, file_safe(&data.version));
        pending.push(write_pending(&work.0, &out, &name, entries)?);
    }

    let mut done: Vec<PathBuf> = Vec::new();
    for (tmp, dest) in &pending {
        if let Err(e) = std::fs::rename(tmp, dest) {
            for d in &done {
                let _ = std::fs::remove_file(d);
            }
            return Err(out_error(dest, "cannot write the zip", e));
        }
        done.push(dest.clone());
    }
    Ok(PackageSummary {
        zips: done,
        files: files.len(),
        pages: summary.pages,
        warnings: summary.warnings,
    })
}

fn write_pending(
    work: &Path,
    out: &Path,
    name: &str,
    entries: Vec<Entry>,
) -> Result<(PathBuf, PathBuf), PackageError> {
    let tmp = work.join(format!("{name}.partial"));
    archive::write_zip(&tmp, entries)
        .map_err(|e| out_error(&out.join(name), "cannot write the zip", e))?;
    Ok((tmp, out.join(name)))
}

/// A name part safe in a file name on Windows too.
fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect()
}

fn read_site_data(site_dir: &Path) -> Result<SiteData, PackageError> {
    let path = site_dir.join("assets").join("site-data.js");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| out_error(&path, "cannot read the built site data", e))?;
    let json = text
        .trim()
        .strip_prefix("window.ZHIYIN_SITE =")
        .map(|s| s.trim().trim_end_matches(';'))
        .unwrap_or("");
    serde_json::from_str(json).map_err(|e| {
        PackageError::Diagnostics(vec![Diagnostic::error(
            "assets/site-data.js",
            1,
            1,
            format!("the built site data cannot be read: {e}"),
        )
        .with_hint(
            "a theme that overrides site-data.js must keep `window.ZHIYIN_SITE = {...};`",
        )])
    })
}

/// 使用说明.txt: UTF-8 with a byte-order mark and CRLF line ends, so Windows Notepad shows it.
pub fn readme(site: &SiteData) -> Vec<u8> {
    let text = format!(
        "{title}\r\n版本 {version}\r\n\r\n\
怎样打开\r\n\
1. 先把整个压缩包解压到电脑或U盘上的一个文件夹（在压缩包上点右键，选“全部解压缩”）。\r\n\
   不要在压缩包里直接双击打开网页，那样搜索、测验和学习记录都用不了。\r\n\
2. 打开解压出来的文件夹，双击 index.html，网站就会在浏览器里打开。\r\n\
   建议用较新的 Edge、Chrome、Firefox 或 360 浏览器（极速模式）。\r\n\
3. 不需要联网：全部页面、搜索和测验都在这个文件夹里。\r\n\
\r\n\
学习记录\r\n\
- 学习进度和测验成绩只保存在这台电脑的这个浏览器里，不会上传。\r\n\
- 多人共用一台电脑时，请在页面右上角选择或新建自己的学习者档案。\r\n\
- 换电脑或换浏览器前，请在“我的学习”页面导出学习记录，到新电脑上再导入。\r\n\
- 清除浏览器数据会删除学习记录，请先导出。\r\n\
\r\n\
放到内网服务器上\r\n\
把解压出来的全部文件复制到网站服务器的任意目录即可，不需要任何设置。\r\n\
通过 http 或 https 访问过一次以后，断网也能继续使用。\r\n\
\r\n\
文件夹里的东西\r\n\
- index.html   首页，从这里开始\r\n\
- search.html  搜索\r\n\
- progress.html  我的学习（进度、证书、导出）\r\n\
- assets\\      网站用到的样式、脚本和搜索索引，请不要删除\r\n\
\r\n\
网站编号 {id} · 构建 {build}\r\n",
        title = site.title,
        version = site.version,
        id = site.id,
        build = site.build,
    );
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(slug: &str, title: &str) -> Course {
        Course {
            slug: slug.into(),
            key: format!("courses/{slug}/index.html"),
            title: title.into(),
        }
    }

    #[test]
    fn courses_are_found_by_folder_path_or_title() {
        let all = vec![c("zujian", "小区党支部的组建"), c("fuquan", "赋权")];
        let pick = |names: &[&str]| {
            select_courses(
                &all,
                &names.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(pick(&[]).unwrap().len(), 2);
        assert_eq!(pick(&["fuquan"]).unwrap()[0].slug, "fuquan");
        assert_eq!(pick(&["courses/zujian/"]).unwrap()[0].slug, "zujian");
        assert_eq!(pick(&["小区党支部的组建"]).unwrap()[0].slug, "zujian");
        let err = pick(&["zujan", "nope"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(
            text.contains("no course named `zujan` (did you mean `zujian`?)"),
            "{text}"
        );
        assert!(text.contains("no course named `nope`"));
        assert!(text.contains("zujian  小区党支部的组建"), "{text}");
        assert!(text.contains("fuquan  赋权"), "{text}");
    }

    #[test]
    fn readme_has_a_bom_and_crlf_only() {
        let site = SiteData {
            id: "x".into(),
            build: "b".into(),
            title: "标题".into(),
            version: "1.0".into(),
            courses: Vec::new(),
        };
        let bytes = readme(&site);
        assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(text.starts_with("标题\r\n"));
    }

    #[test]
    fn course_slugs_come_from_the_folder() {
        assert_eq!(slug_of("courses/zujian/index.html"), "zujian");
        assert_eq!(slug_of("courses/组建/index.html"), "组建");
    }
}
