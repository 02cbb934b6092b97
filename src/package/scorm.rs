//! SCORM 1.2: the manifest, the launch page (the SCO) and the runtime's script tag.
//!
//! One SCO per course. The LMS launches `scorm-launch.html`, which holds the LMS session
//! (LMSInitialize … LMSFinish) and shows the course in an iframe; the learner moves
//! between pages inside it without ending the session. Every page of the package gets
//! `assets/scorm.js`, which reports to the launch page (see themes/default/static/scorm.js).

use super::SiteData;
use super::{Course, SiteCourse};
use percent_encoding::utf8_percent_encode;

/// The SCO's launch page, at the package root.
pub const LAUNCH_PAGE: &str = "scorm-launch.html";
pub const MANIFEST: &str = "imsmanifest.xml";
/// The runtime, as the build writes it.
pub const SCRIPT: &str = "assets/scorm.js";

use crate::escape::URL_PATH as HREF;

/// A package path as a URL reference relative to the package root.
pub fn href(path: &str) -> String {
    utf8_percent_encode(path, HREF).to_string()
}

pub use crate::escape::xml as xml_escape;

/// An XML NCName from a course name: ASCII letters, digits, `-`, `_`, `.`; anything else
/// (a Chinese folder name) becomes a short hash so identifiers stay stable and valid.
fn ncname(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return s.to_string();
    }
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `imsmanifest.xml` (ADL SCORM 1.2, IMS CP 1.1.2): one organization, the course, with one
/// item launching one SCO resource that lists every file of the package (`files`, sorted,
/// without the manifest itself).
pub fn manifest(site: &SiteData, course: &Course, info: &SiteCourse, files: &[String]) -> String {
    let id = ncname(&course.slug);
    let title = xml_escape(&info.title);
    let mut xml = String::with_capacity(files.len() * 48 + 2048);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<manifest identifier=\"zhiyin-{site_id}-{id}\" version=\"{version}\"\n\
         \x20         xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n\
         \x20         xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"\n\
         \x20         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n\
         \x20         xsi:schemaLocation=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
         http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
         http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd\">\n",
        site_id = ncname(&site.id),
        version = xml_escape(&site.version),
    ));
    xml.push_str(
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n",
    );
    xml.push_str(&format!(
        "  <organizations default=\"ORG-{id}\">\n\
         \x20   <organization identifier=\"ORG-{id}\">\n\
         \x20     <title>{title}</title>\n\
         \x20     <item identifier=\"ITEM-{id}\" identifierref=\"RES-{id}\" isvisible=\"true\">\n\
         \x20       <title>{title}</title>\n\
         \x20     </item>\n\
         \x20   </organization>\n\
         \x20 </organizations>\n"
    ));
    xml.push_str(&format!(
        "  <resources>\n    <resource identifier=\"RES-{id}\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"{}\">\n",
        href(LAUNCH_PAGE)
    ));
    for f in files {
        xml.push_str(&format!(
            "      <file href=\"{}\"/>\n",
            xml_escape(&href(f))
        ));
    }
    xml.push_str("    </resource>\n  </resources>\n</manifest>\n");
    xml
}

/// The SCO: holds the LMS session and shows the course in an iframe (scorm.js, host role).
pub fn launch_page(site: &SiteData, info: &SiteCourse) -> String {
    let title = xml_escape(&format!("{} · {}", info.title, site.title));
    let course = xml_escape(&info.key);
    let start = xml_escape(&href(&info.key));
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <title>{title}</title>\n\
         <style>html,body{{margin:0;height:100%;overflow:hidden}}#scorm-content{{display:block;border:0;width:100%;height:100%}}</style>\n\
         </head>\n\
         <body data-site=\"{site_id}\" data-build=\"{build}\" data-page=\"{page}\" data-root=\"\" data-kind=\"scorm\" data-scorm-host data-scorm-course=\"{course}\">\n\
         <iframe id=\"scorm-content\" name=\"scorm-content\" title=\"{course_title}\"></iframe>\n\
         <noscript><p><a href=\"{start}\">打开课程：{course_title}</a></p></noscript>\n\
         <script src=\"assets/site.js\"></script>\n\
         <script src=\"assets/site-data.js\"></script>\n\
         <script src=\"{script}\" data-zhiyin-scorm></script>\n\
         </body>\n</html>\n",
        site_id = xml_escape(&site.id),
        build = xml_escape(&site.build),
        page = LAUNCH_PAGE,
        course_title = xml_escape(&info.title),
        script = SCRIPT,
    )
}

/// The runtime's script tag, added before the last `</body>` of a page at `rel_path`
/// (relative to the package root). Deferred, after the page's own scripts.
pub fn inject_script(html: &str, rel_path: &str) -> String {
    let depth = rel_path.matches('/').count();
    let tag = format!(
        "<script src=\"{}{SCRIPT}\" data-zhiyin-scorm defer></script>\n",
        "../".repeat(depth)
    );
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len());
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_body_end_with_the_right_depth() {
        let out = inject_script("<body><p>x</p></body>\n</html>", "courses/a/b.html");
        assert_eq!(
            out,
            "<body><p>x</p><script src=\"../../assets/scorm.js\" data-zhiyin-scorm defer></script>\n</body>\n</html>"
        );
        assert!(inject_script("<p>no body", "index.html").ends_with("defer></script>\n"));
    }

    #[test]
    fn hrefs_are_encoded_and_names_valid() {
        assert_eq!(
            href("assets/附件 1.pdf"),
            "assets/%E9%99%84%E4%BB%B6%201.pdf"
        );
        assert_eq!(href("courses/a-b_c.html"), "courses/a-b_c.html");
        assert_eq!(ncname("zujian"), "zujian");
        assert_eq!(ncname("组建").len(), 8);
    }
}
